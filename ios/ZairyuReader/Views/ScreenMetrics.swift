import UIKit

/// The screen the app's window is on, found through its window scene: `UIScreen.main` is
/// deprecated since iOS 16 (the deployment floor), and a scene's screen is the one it shows on.
@MainActor
enum ScreenMetrics {
    private static var screen: UIScreen? {
        let scenes = UIApplication.shared.connectedScenes.compactMap { $0 as? UIWindowScene }
        return (scenes.first { $0.activationState == .foregroundActive } ?? scenes.first)?.screen
    }

    /// The screen's width in points (an iPhone's if no scene is connected yet).
    static var width: CGFloat {
        screen?.bounds.width ?? 390
    }

    /// True while the screen is recorded, mirrored or shared.
    static var isCaptured: Bool {
        screen?.isCaptured ?? false
    }
}
