import SwiftUI

/// The number with some characters marked: the one the core's validation points at, or the ones
/// its OCR clean-up repaired. Marks are shown by weight and underline as well as colour, and
/// VoiceOver reads the positions out, so colour is never the only signal.
struct NumberHighlight: View {
    let number: String
    /// 1-based positions.
    let marked: Set<Int>

    var body: some View {
        Text(attributed)
            .accessibilityLabel(accessibilityText)
    }

    private var attributed: AttributedString {
        var out = AttributedString()
        for (index, character) in number.enumerated() {
            var piece = AttributedString(String(character))
            if marked.contains(index + 1) {
                piece.foregroundColor = Color.orange
                piece.underlineStyle = Text.LineStyle.single
                piece.inlinePresentationIntent = .stronglyEmphasized
            }
            out.append(piece)
        }
        return out
    }

    private var accessibilityText: String {
        let spelled = number.map(String.init).joined(separator: " ")
        guard !marked.isEmpty else { return spelled }
        let positions = marked.sorted().map(String.init).joined(separator: ", ")
        return spelled + ". " + String(format: String(localized: "entry.checkPositions %@"), positions)
    }
}
