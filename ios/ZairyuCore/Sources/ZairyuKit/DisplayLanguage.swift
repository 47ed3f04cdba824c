import Foundation
import ZairyuCore

/// Which half of the core's bilingual texts the app shows.
///
/// Why it follows the app bundle's resolved localisation rather than the device language: the app's
/// own strings come from the same resolution, so a screen never mixes a Japanese core message with
/// an English button (e.g. a German device gets English for both, since the app has no German).
public enum DisplayLanguage: String, Sendable, CaseIterable {
    case ja
    case en

    /// The language the running app resolved from its localisations.
    public static var current: DisplayLanguage {
        resolve(Bundle.main.preferredLocalizations)
    }

    /// Japanese for any `ja` variant first in the list, English otherwise.
    public static func resolve(_ preferredLocalizations: [String]) -> DisplayLanguage {
        guard let first = preferredLocalizations.first?.lowercased() else { return .en }
        return first == "ja" || first.hasPrefix("ja-") || first.hasPrefix("ja_") ? .ja : .en
    }
}

extension ZairyuCore.Text {
    /// The text in `language`; the core always fills both halves.
    public func string(in language: DisplayLanguage = .current) -> String {
        switch language {
        case .ja: return ja
        case .en: return en
        }
    }
}
