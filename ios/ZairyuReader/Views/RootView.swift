import SwiftUI
import ZairyuCore
import ZairyuKit

/// Switches between the three screens and puts the error alert and the privacy shield over them.
struct RootView: View {
    @EnvironmentObject private var model: AppModel

    var body: some View {
        Group {
            if let fixed = model.fixed {
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
