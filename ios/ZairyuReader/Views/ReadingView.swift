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
                BilingualHeading(text: hold.title, level: .screen)
                ForEach(Array(hold.steps.enumerated()), id: \.offset) { index, step in
                    HStack(alignment: .firstTextBaseline, spacing: 8) {
                        Text("\(index + 1).")
                            .font(.body.monospacedDigit())
                        Text(core: step)
                    }
                    .accessibilityElement(children: .combine)
                }
                HoldPicture(height: pictureSize * 3)
                    .frame(maxWidth: .infinity)
                    .accessibilityElement(children: .ignore)
                    .accessibilityLabel(Text("reading.picture"))
                    .accessibilityIdentifier("reading.picture")
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

/// Where to hold the card, as a picture (product.md §6, iOS: the NFC area is at the top of the
/// back of the iPhone): the back of a phone with the card (the shared card drawing) laid over its
/// upper part, and the radio waves between them. Drawn from SF Symbols and the asset catalogue's
/// card, so it follows Dynamic Type and dark mode like the rest of the screen.
struct HoldPicture: View {
    let height: CGFloat

    var body: some View {
        ZStack(alignment: .top) {
            Image(systemName: "iphone.rear.camera")
                .resizable()
                .scaledToFit()
                .frame(height: height)
                .foregroundStyle(.secondary)
            Image("CardGen1")
                .resizable()
                .scaledToFit()
                .frame(width: height * 0.62)
                .shadow(radius: 2)
                .rotationEffect(.degrees(-8))
                .offset(x: height * 0.12, y: height * 0.06)
            Image(systemName: "wave.3.right")
                .font(.system(size: height * 0.14, weight: .semibold))
                .foregroundStyle(Color.accentColor)
                .rotationEffect(.degrees(-90))
                .offset(x: -height * 0.2, y: -height * 0.02)
        }
        .frame(height: height * 1.05, alignment: .top)
    }
}
