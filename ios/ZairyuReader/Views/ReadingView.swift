import SwiftUI
import ZairyuCore
import ZairyuKit

/// The reading screen (product.md §6, iOS): how to hold the card, the start button, then the
/// core's step text and a progress bar while the chip is read. On a phone the system NFC sheet
/// shows the same progress; in demo mode this screen is the only place it appears.
struct ReadingView: View {
    @EnvironmentObject private var model: AppModel
    let hold: HoldInstructions
    @ScaledMetric(relativeTo: .largeTitle) private var pictureSize: CGFloat = 64

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                if let profile = model.demoProfile {
                    DemoBanner(profile: profile)
                }
                Text(core: hold.title)
                    .font(.largeTitle.bold())
                    .accessibilityAddTraits(.isHeader)
                ForEach(Array(hold.steps.enumerated()), id: \.offset) { index, step in
                    HStack(alignment: .firstTextBaseline, spacing: 8) {
                        Text("\(index + 1).")
                            .font(.body.monospacedDigit())
                        Text(core: step)
                    }
                    .accessibilityElement(children: .combine)
                }
                Image(systemName: "iphone.radiowaves.left.and.right")
                    .font(.system(size: pictureSize))
                    .frame(maxWidth: .infinity)
                    .foregroundStyle(Color.accentColor)
                    .accessibilityHidden(true)
                if model.isReading || model.progress != nil {
                    progressBlock
                }
                if let start = hold.startButton {
                    SwiftUI.Button {
                        model.startRead()
                    } label: {
                        Text(core: start)
                            .frame(maxWidth: .infinity)
                    }
                    .buttonStyle(.borderedProminent)
                    .controlSize(.large)
                    .disabled(model.isReading)
                    .accessibilityIdentifier("reading.start")
                }
                SwiftUI.Button {
                    model.cancelRead()
                } label: {
                    Text("reading.back")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.bordered)
                .accessibilityIdentifier("reading.back")
            }
            .padding()
        }
    }

    private var progressBlock: some View {
        VStack(alignment: .leading, spacing: 8) {
            ProgressView(value: Double(model.progress?.fraction ?? 0))
                .accessibilityIdentifier("reading.progress")
            if let progress = model.progress {
                Text(core: progress.text)
                    .font(.callout)
                    .accessibilityIdentifier("reading.step")
            }
        }
        .accessibilityElement(children: .combine)
    }
}
