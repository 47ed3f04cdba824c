import SwiftUI
import ZairyuCore
import ZairyuKit

/// A title or heading in both languages, as the official apps show them (product.md §3: bilingual
/// Japanese/English labels throughout): the display language's text, and the other language's
/// under it in a smaller, secondary style. VoiceOver reads the display language only, as one
/// header (a voice reading the other language with the wrong pronunciation helps no one).
struct BilingualHeading: View {
    enum Level {
        /// A screen's title.
        case screen
        /// A section of the result.
        case section
        /// An indicator's label (centred, small).
        case label
    }

    let text: CoreText
    var level: Level = .screen
    var language: DisplayLanguage = .current

    /// The two lines: the display language first, the other second (`nil` when the core gives
    /// the same text for both, e.g. a symbol).
    nonisolated static func lines(_ text: CoreText, in language: DisplayLanguage) -> (primary: String, secondary: String?) {
        let primary = text.string(in: language)
        let other = text.string(in: language == .ja ? .en : .ja)
        return (primary, other == primary || other.isEmpty ? nil : other)
    }

    var body: some View {
        let lines = Self.lines(text, in: language)
        VStack(alignment: level == .label ? .center : .leading, spacing: 2) {
            Text(verbatim: lines.primary)
                .font(primaryFont)
            if let secondary = lines.secondary {
                Text(verbatim: secondary)
                    .font(secondaryFont)
                    .foregroundStyle(.secondary)
            }
        }
        .multilineTextAlignment(level == .label ? .center : .leading)
        .accessibilityElement(children: .ignore)
        .accessibilityLabel(Text(verbatim: lines.primary))
        .accessibilityAddTraits(.isHeader)
    }

    private var primaryFont: Font {
        switch level {
        case .screen: return .largeTitle.bold()
        case .section: return .title3.bold()
        case .label: return .subheadline.bold()
        }
    }

    private var secondaryFont: Font {
        switch level {
        case .screen: return .headline
        case .section: return .subheadline
        case .label: return .caption2
        }
    }
}
