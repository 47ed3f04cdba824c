import SwiftUI
import ZairyuCore
import ZairyuKit

/// What the About screen shows, read from the bundle's `About` folder (written by
/// scripts/gen-about.py): the privacy policy in the display language and the open-source notices.
/// Loaded off the main thread when the screen opens, never kept anywhere else.
struct AboutContent: Sendable {
    static let folder = "About"

    let policy: String?
    let notices: OpenSourceNotices?

    static func load(bundle: Bundle = .main, language: DisplayLanguage = .current) -> AboutContent {
        let policyURL = bundle.url(forResource: "privacy-policy.\(language.rawValue)", withExtension: "txt", subdirectory: folder)
        let noticesURL = bundle.url(forResource: "notices", withExtension: "json", subdirectory: folder)
        let policy = policyURL.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
        let notices = noticesURL.flatMap { try? Data(contentsOf: $0) }.flatMap { try? OpenSourceNotices.parse($0) }
        return AboutContent(policy: policy, notices: notices)
    }
}

/// About (store requirement for an app handling identity documents): the statement that the app
/// is not ISA's, the privacy policy, the open-source notices of exactly what the iOS app ships,
/// and the version.
struct AboutView: View {
    let onClose: () -> Void

    @State private var content: AboutContent? = nil

    var body: some View {
        NavigationStack {
            List {
                SwiftUI.Section {
                    Text("about.notAffiliated")
                        .font(.callout.bold())
                        .accessibilityIdentifier("about.notAffiliated")
                }
                SwiftUI.Section {
                    NavigationLink {
                        PolicyView(loaded: content != nil, text: content?.policy)
                    } label: {
                        Label("about.privacyPolicy", systemImage: "hand.raised")
                    }
                    .accessibilityIdentifier("about.privacyPolicy")
                    NavigationLink {
                        NoticesView(loaded: content != nil, notices: content?.notices)
                    } label: {
                        Label("about.notices", systemImage: "doc.text")
                    }
                    .accessibilityIdentifier("about.notices")
                }
                SwiftUI.Section {
                    HStack {
                        Text("app.name")
                        Spacer()
                        Text(verbatim: FooterView.version)
                            .foregroundStyle(.secondary)
                    }
                    .accessibilityElement(children: .combine)
                }
            }
            .navigationTitle(Text("about.title"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .confirmationAction) {
                    SwiftUI.Button("common.close", action: onClose)
                        .accessibilityIdentifier("about.close")
                }
            }
        }
        .task {
            let language = DisplayLanguage.current
            content = await Task.detached(priority: .userInitiated) { AboutContent.load(language: language) }.value
        }
    }
}

private struct PolicyView: View {
    let loaded: Bool
    let text: String?

    var body: some View {
        ScrollView {
            Group {
                if let text {
                    Text(verbatim: text)
                } else if !loaded {
                    ProgressView()
                } else {
                    Text("about.missing")
                        .foregroundStyle(.secondary)
                }
            }
            .font(.callout)
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding()
            .textSelection(.enabled)
        }
        .navigationTitle(Text("about.privacyPolicy"))
        .navigationBarTitleDisplayMode(.inline)
        .accessibilityIdentifier("about.policyText")
    }
}

private struct NoticesView: View {
    let loaded: Bool
    let notices: OpenSourceNotices?

    var body: some View {
        List {
            SwiftUI.Section {
                Text("about.notices.intro")
                    .font(.callout)
            }
            if let notices {
                SwiftUI.Section {
                    ForEach(notices.shippedOnIOS) { component in
                        NavigationLink {
                            LicenceTextView(component: component, texts: notices.texts(for: component))
                        } label: {
                            VStack(alignment: .leading, spacing: 2) {
                                Text(verbatim: "\(component.name) \(component.version)")
                                Text(verbatim: component.license)
                                    .font(.caption)
                                    .foregroundStyle(.secondary)
                            }
                        }
                        .accessibilityIdentifier("about.component.\(component.name)")
                    }
                }
            } else if !loaded {
                ProgressView()
            } else {
                Text("about.missing")
                    .foregroundStyle(.secondary)
            }
        }
        .navigationTitle(Text("about.notices"))
        .navigationBarTitleDisplayMode(.inline)
    }
}

private struct LicenceTextView: View {
    let component: OpenSourceNotices.Component
    let texts: [OpenSourceNotices.LicenceText]

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Text(verbatim: component.license)
                    .font(.headline)
                if let url = URL(string: component.url), url.scheme == "https" {
                    Link(destination: url) {
                        Text(verbatim: component.url)
                            .font(.footnote)
                    }
                }
                ForEach(texts) { entry in
                    VStack(alignment: .leading, spacing: 6) {
                        Text(verbatim: entry.id)
                            .font(.subheadline.bold())
                        Text(verbatim: entry.text)
                            .font(.system(.caption, design: .monospaced))
                            .textSelection(.enabled)
                    }
                }
            }
            .frame(maxWidth: .infinity, alignment: .leading)
            .padding()
        }
        .navigationTitle(Text(verbatim: "\(component.name) \(component.version)"))
        .navigationBarTitleDisplayMode(.inline)
    }
}
