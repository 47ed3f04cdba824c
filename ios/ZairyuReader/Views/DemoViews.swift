import SwiftUI
import ZairyuCore
import ZairyuKit

/// The label every demo screen carries: the data comes from the core's software card, never from
/// a real card, and its checks pass only against TEST roots.
struct DemoBanner: View {
    let profile: SoftCardProfile
    var onExit: (() -> Void)?

    var body: some View {
        HStack(alignment: .firstTextBaseline) {
            Image(systemName: "theatermasks")
            VStack(alignment: .leading, spacing: 2) {
                Text("demo.banner.title")
                    .font(.headline)
                Text(String(format: String(localized: "demo.banner.profile %@"), profile.name))
                    .font(.caption)
            }
            Spacer()
            if let onExit {
                SwiftUI.Button("demo.exit", action: onExit)
                    .font(.callout.bold())
                    .accessibilityIdentifier("demo.exit")
            }
        }
        .padding(10)
        .foregroundStyle(.black)
        .background(Color.yellow, in: RoundedRectangle(cornerRadius: 8))
        .accessibilityElement(children: .contain)
        .accessibilityIdentifier("demo.banner")
    }
}

/// Picks the software-card profile for the demo; the core lists them (`residence` first).
struct DemoPickerView: View {
    let onPick: (SoftCardProfile) -> Void
    @Environment(\.dismiss) private var dismiss
    private let profiles: [SoftCardProfile]

    /// `profiles`: every profile (the residence flow), or the My Number and specified ones.
    init(profiles: [SoftCardProfile] = DemoCard.profiles(), onPick: @escaping (SoftCardProfile) -> Void) {
        self.profiles = profiles
        self.onPick = onPick
    }

    var body: some View {
        NavigationStack {
            List {
                SwiftUI.Section {
                    Text("demo.explanation")
                        .font(.callout)
                }
                ForEach(profiles, id: \.name) { profile in
                    SwiftUI.Button {
                        onPick(profile)
                    } label: {
                        VStack(alignment: .leading, spacing: 2) {
                            Text(verbatim: profile.name)
                                .font(.body.monospaced())
                            // Developer English from the core's profile table.
                            Text(verbatim: profile.description)
                                .font(.caption)
                                .foregroundStyle(.secondary)
                        }
                    }
                    .accessibilityIdentifier("demo.profile.\(profile.name)")
                }
            }
            .navigationTitle(Text("demo.title"))
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    SwiftUI.Button("common.close") { dismiss() }
                }
            }
        }
    }
}
