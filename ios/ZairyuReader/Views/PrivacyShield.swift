import SwiftUI
import UIKit

/// Covers card data whenever it could be seen outside the app: when the app is not active (the
/// app switcher's snapshot is taken then) and while the screen is recorded or mirrored. iOS
/// cannot block screenshots; this is the part an app can do. Presented sheets sit above the root
/// view's overlay, so each sheet that shows card data applies the shield itself.
struct PrivacyShield: ViewModifier {
    /// Whether the covered view shows card data at all.
    let holdsCardData: Bool
    @Environment(\.scenePhase) private var scenePhase
    @State private var captured = ScreenMetrics.isCaptured
    @ScaledMetric(relativeTo: .largeTitle) private var iconSize: CGFloat = 48

    func body(content: Content) -> some View {
        content
            .overlay {
                if holdsCardData && (scenePhase != .active || captured) {
                    ZStack {
                        Rectangle().fill(.ultraThickMaterial)
                        VStack(spacing: 12) {
                            Image(systemName: "lock.shield")
                                .font(.system(size: iconSize))
                                .accessibilityHidden(true)
                            Text("privacy.hidden")
                                .font(.headline)
                                .multilineTextAlignment(.center)
                        }
                        .padding()
                    }
                    .ignoresSafeArea()
                    .accessibilityIdentifier("privacy.shield")
                }
            }
            .onReceive(NotificationCenter.default.publisher(for: UIScreen.capturedDidChangeNotification)) { note in
                captured = (note.object as? UIScreen)?.isCaptured ?? ScreenMetrics.isCaptured
            }
    }
}

extension View {
    func privacyShield(holdsCardData: Bool = true) -> some View {
        modifier(PrivacyShield(holdsCardData: holdsCardData))
    }
}
