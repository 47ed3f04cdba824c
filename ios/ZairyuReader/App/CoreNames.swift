import SwiftUI
import ZairyuCore
import ZairyuKit

// The generated bindings export records named `Text`, `Button` and `Section`, as SwiftUI does.
// A declaration in this module wins over both imports, so inside the app `Text` is SwiftUI's and
// the core's presentation records go by the aliases below. SwiftUI's `Button` and `Section` are
// always spelled `SwiftUI.Button` and `SwiftUI.Section`.
typealias Text = SwiftUI.Text
typealias CoreText = ZairyuCore.Text
typealias CoreButton = ZairyuCore.Button
typealias CoreSection = ZairyuCore.Section

extension SwiftUI.Text {
    /// A text the core supplies, in the app's display language, shown verbatim (never looked up
    /// in the app's string tables).
    init(core: CoreText) {
        self.init(verbatim: core.string())
    }
}

extension CoreText {
    /// The text in the app's display language, for accessibility labels and alerts.
    var localized: String {
        string()
    }
}
