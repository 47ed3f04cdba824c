import SwiftUI
import UIKit

/// The card-number field: a `UITextField` that always shows the core's normalised text, without
/// breaking input methods.
///
/// Why not SwiftUI's `TextField`: a binding whose setter changes the value (lower → upper case,
/// full → half width) is not reliably shown by it, and rewriting the text while an input method
/// is composing (Japanese kana → full-width letters, `markedTextRange` set) cancels the
/// composition. Here the edit reaches the model only once nothing is marked, and the model's
/// normalised text is written back only then, keeping the caret's distance from the end.
struct NumberTextField: UIViewRepresentable {
    let text: String
    let placeholder: String
    let accessibilityLabel: String
    let onEdit: (String) -> Void
    let onSubmit: () -> Void

    func makeCoordinator() -> Coordinator {
        Coordinator(onEdit: onEdit, onSubmit: onSubmit)
    }

    func makeUIView(context: Context) -> UITextField {
        let field = UITextField()
        field.placeholder = placeholder
        // Monospaced, scaled with Dynamic Type like the title3 style around it.
        field.font = UIFontMetrics(forTextStyle: .title3).scaledFont(for: UIFont.monospacedSystemFont(ofSize: 20, weight: .regular))
        field.adjustsFontForContentSizeCategory = true
        field.autocapitalizationType = .allCharacters
        field.autocorrectionType = .no
        field.spellCheckingType = .no
        field.smartQuotesType = .no
        field.smartDashesType = .no
        field.smartInsertDeleteType = .no
        field.keyboardType = .asciiCapable
        field.returnKeyType = .next
        field.textContentType = nil
        field.clearButtonMode = .never
        field.accessibilityLabel = accessibilityLabel
        field.accessibilityIdentifier = "entry.field"
        field.delegate = context.coordinator
        field.addTarget(context.coordinator, action: #selector(Coordinator.editingChanged(_:)), for: .editingChanged)
        field.setContentHuggingPriority(.defaultLow, for: .horizontal)
        field.setContentCompressionResistancePriority(.defaultLow, for: .horizontal)
        field.text = text
        return field
    }

    func updateUIView(_ field: UITextField, context: Context) {
        context.coordinator.onEdit = onEdit
        context.coordinator.onSubmit = onSubmit
        field.placeholder = placeholder
        field.accessibilityLabel = accessibilityLabel
        Coordinator.show(text, in: field)
    }

    @MainActor
    final class Coordinator: NSObject, UITextFieldDelegate {
        var onEdit: (String) -> Void
        var onSubmit: () -> Void

        init(onEdit: @escaping (String) -> Void, onSubmit: @escaping () -> Void) {
            self.onEdit = onEdit
            self.onSubmit = onSubmit
        }

        /// Every change of the text. While an input method composes, the text is not final and
        /// is left alone; the edit goes to the model when the composition is committed.
        @objc func editingChanged(_ field: UITextField) {
            guard field.markedTextRange == nil else { return }
            onEdit(field.text ?? "")
        }

        func textFieldShouldReturn(_ field: UITextField) -> Bool {
            onSubmit()
            return false
        }

        /// Writes the model's text into the field unless it already shows it or a composition is
        /// under way; the caret keeps its distance from the end (normalising changes characters,
        /// rarely their number).
        static func show(_ text: String, in field: UITextField) {
            guard field.markedTextRange == nil, field.text != text else { return }
            var fromEnd = 0
            if let selection = field.selectedTextRange {
                fromEnd = field.offset(from: selection.end, to: field.endOfDocument)
            }
            field.text = text
            if let caret = field.position(from: field.endOfDocument, offset: -min(fromEnd, (text as NSString).length)) {
                field.selectedTextRange = field.textRange(from: caret, to: caret)
            }
        }
    }
}
