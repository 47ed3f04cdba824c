import SwiftUI
import ZairyuCore
import ZairyuKit

/// The start screen: "residence card" or "My Number card", in the core's words and order
/// (`start_screen()`). A specified card (07/08) is read through the residence-card choice; the
/// help carousel's third page shows where its number is printed.
struct StartView: View {
    @EnvironmentObject private var model: AppModel
    let start: StartScreen

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                if !model.configuration.hasTrustAnchors {
                    NoticeBox(text: Text("trust.missing"), systemImage: "exclamationmark.shield")
                        .accessibilityIdentifier("start.trustMissing")
                }
                BilingualHeading(text: start.title, level: .screen)
                ForEach(Array(start.options.enumerated()), id: \.offset) { _, option in
                    SwiftUI.Button {
                        model.choose(option.choice)
                    } label: {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(core: option.label)
                                .font(.title3.bold())
                            Text(core: option.detail)
                                .font(.callout)
                                .foregroundStyle(.secondary)
                                .multilineTextAlignment(.leading)
                        }
                        .frame(maxWidth: .infinity, alignment: .leading)
                        .padding()
                        .background(Color.accentColor.opacity(0.1), in: RoundedRectangle(cornerRadius: 12))
                    }
                    .buttonStyle(.plain)
                    .accessibilityElement(children: .combine)
                    .accessibilityIdentifier(Self.identifier(option.choice))
                }
                FooterView()
            }
            .padding()
        }
    }

    static func identifier(_ choice: StartChoice) -> String {
        switch choice {
        case .residenceCard: return "start.residence"
        case .myNumberCard: return "start.myNumber"
        }
    }
}
