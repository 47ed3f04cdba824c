import SwiftUI
import ZairyuCore
import ZairyuKit

/// Switches between the start screen, the residence-card screens and the My Number screens, and
/// puts the error alert and the privacy shield over them (the My Number screens carry their own,
/// as their model is a separate object).
struct RootView: View {
    @EnvironmentObject private var model: AppModel

    var body: some View {
        Group {
            if model.mode == .start, let start = model.start {
                StartView(start: start)
            } else if model.mode == .myNumber {
                MyNumberRootView(model: model.myNumber) { model.backToStart() }
            } else if let fixed = model.fixed {
                switch model.screen {
                case .entry:
                    NumberEntryView(entry: fixed.entry, carousel: fixed.carousel)
                case .reading:
                    ReadingView(hold: fixed.hold)
                case .result:
                    if let shown = model.shown {
                        ResultView(shown: shown)
                    }
                }
            } else {
                // The core could not produce even its fixed texts: nothing can work.
                VStack(spacing: 12) {
                    Image(systemName: "exclamationmark.triangle")
                        .font(.largeTitle)
                        .accessibilityHidden(true)
                    Text(core: ErrorCatalogue.info(code: "internal").message)
                        .multilineTextAlignment(.center)
                }
                .padding()
            }
        }
        .privacyShield(holdsCardData: model.holdsCardData)
        .errorAlert(model)
    }
}
