import SwiftUI
import ZairyuCore
import ZairyuKit

/// Errors as alerts (product.md §9, iOS column): the core's title, message and tips, its stable
/// error code (which the user can quote to a help desk, as the official apps show theirs), and
/// its buttons in its order. Only the labels of the fixed actions and the code line are the app's
/// own text; a link action carries the core's label and URL.
struct ErrorAlert: ViewModifier {
    @ObservedObject var model: AppModel
    @Environment(\.openURL) private var openURL

    func body(content: Content) -> some View {
        content.alert(
            model.alert?.title.localized ?? "",
            isPresented: Binding(get: { model.alert != nil }, set: { if !$0 { model.alert = nil } }),
            presenting: model.alert
        ) { info in
            ForEach(Array(info.actions.enumerated()), id: \.offset) { _, action in
                SwiftUI.Button(role: Self.role(action)) {
                    model.perform(action) { openURL($0) }
                } label: {
                    Text(verbatim: Self.label(action))
                }
            }
        } message: { info in
            Text(verbatim: message(info))
        }
    }

    private func message(_ info: ErrorInfo) -> String {
        Self.message(info, codeLine: String(format: String(localized: "error.code %@"), info.code))
    }

    /// The message, the tips, then the code line, a blank line apart.
    static func message(_ info: ErrorInfo, codeLine: String) -> String {
        (([info.message] + info.tips).map(\.localized) + [codeLine]).joined(separator: "\n\n")
    }

    static func label(_ action: ErrorAction) -> String {
        switch action {
        case .retry: return String(localized: "error.action.retry")
        case .reEnterNumber: return String(localized: "error.action.reEnterNumber")
        case .openNfcSettings, .openAppSettings: return String(localized: "error.action.openSettings")
        case let .openUrl(_, label): return label.localized
        case .returnToTop: return String(localized: "error.action.returnToTop")
        case .close: return String(localized: "common.close")
        }
    }

    static func role(_ action: ErrorAction) -> ButtonRole? {
        if case .close = action {
            return .cancel
        }
        return nil
    }
}

extension View {
    func errorAlert(_ model: AppModel) -> some View {
        modifier(ErrorAlert(model: model))
    }
}
