import SwiftUI
import ZairyuCore
import ZairyuKit

/// STEP 1: the card number (product.md §3). The field shows the core's normalised text after
/// every edit, its error or warning, and "next" is enabled exactly when the core says so. The
/// camera button (lower left) scans the number; "?" (lower right) opens the position help.
struct NumberEntryView: View {
    @EnvironmentObject private var model: AppModel
    let entry: NumberEntryScreen
    let carousel: Carousel

    @State private var showsHelp = false
    @State private var showsCamera = false
    @State private var showsDemoPicker = false
    /// A camera failure, shown by the model once the camera screen has closed.
    @State private var cameraFailure: ErrorInfo? = nil

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                SwiftUI.Button {
                    model.backToStart()
                } label: {
                    Label("start.back", systemImage: "chevron.backward")
                }
                .accessibilityIdentifier("entry.backToStart")
                if let profile = model.demoProfile {
                    DemoBanner(profile: profile) { model.endDemo() }
                }
                if !model.configuration.hasTrustAnchors && model.demoProfile == nil {
                    NoticeBox(text: Text("trust.missing"), systemImage: "exclamationmark.shield")
                        .accessibilityIdentifier("entry.trustMissing")
                }
                BilingualHeading(text: entry.title, level: .screen)
                Text(core: entry.subtitle)
                    .font(.body)
                    .foregroundStyle(.secondary)
                Text(core: entry.step1Prompt)
                    .font(.headline)
                Text(core: entry.hint)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                field
                feedbackLines
                HStack {
                    SwiftUI.Button {
                        showsCamera = true
                    } label: {
                        Label { Text(core: entry.cameraButton.label) } icon: { Image(systemName: "camera") }
                    }
                    .accessibilityLabel(entry.cameraButton.accessibility.localized)
                    .accessibilityIdentifier("entry.camera")
                    Spacer()
                    SwiftUI.Button {
                        showsHelp = true
                    } label: {
                        Image(systemName: "questionmark.circle")
                            .font(.title2)
                    }
                    .accessibilityLabel(entry.helpButton.accessibility.localized)
                    .accessibilityIdentifier("entry.help")
                }
                SwiftUI.Button {
                    model.proceedToReading()
                } label: {
                    Text(core: entry.nextButton.label)
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
                .disabled(!model.canProceed)
                .accessibilityLabel(entry.nextButton.accessibility.localized)
                .accessibilityIdentifier("entry.next")
                if model.demoProfile == nil {
                    SwiftUI.Button("demo.open") { showsDemoPicker = true }
                        .font(.callout)
                        .accessibilityIdentifier("entry.demo")
                }
                FooterView()
            }
            .padding()
        }
        .sheet(isPresented: $showsHelp) {
            HelpCarouselView(carousel: carousel) { showsHelp = false }
        }
        .fullScreenCover(isPresented: $showsCamera, onDismiss: showCameraFailure) {
            CameraScanView(
                guidance: entry.cameraGuidance,
                confirmation: entry.scanConfirmation,
                onUse: { number, corrected in
                    showsCamera = false
                    model.applyScan(number: number, corrected: corrected)
                },
                onError: { info in
                    cameraFailure = info
                    showsCamera = false
                },
                onClose: { showsCamera = false }
            )
        }
        .sheet(isPresented: $showsDemoPicker) {
            DemoPickerView { profile in
                showsDemoPicker = false
                model.startDemo(profile)
            }
        }
    }

    /// The alert goes up only after the cover has gone: raised while it closes, it is dropped.
    private func showCameraFailure() {
        guard let info = cameraFailure else { return }
        cameraFailure = nil
        model.show(info)
    }

    private var field: some View {
        HStack {
            NumberTextField(
                text: model.field,
                placeholder: entry.hint.localized,
                accessibilityLabel: entry.step1Prompt.localized,
                onEdit: { model.edit($0) },
                onSubmit: { model.proceedToReading() }
            )
            .frame(minHeight: 32)
            if !model.field.isEmpty {
                SwiftUI.Button {
                    model.edit("")
                } label: {
                    Image(systemName: "xmark.circle.fill")
                        .foregroundStyle(.secondary)
                }
                .accessibilityLabel(entry.clearButton.accessibility.localized)
                .accessibilityIdentifier("entry.clear")
            }
        }
        .padding(12)
        .overlay(RoundedRectangle(cornerRadius: 8).stroke(borderColor, lineWidth: 1))
    }

    private var borderColor: Color {
        model.feedback?.error != nil ? .red : Color.secondary.opacity(0.5)
    }

    @ViewBuilder
    private var feedbackLines: some View {
        if let feedback = model.feedback {
            if let error = feedback.error {
                Label { Text(core: error) } icon: { Image(systemName: "exclamationmark.circle") }
                    .foregroundStyle(.red)
                    .font(.callout)
                    .accessibilityIdentifier("entry.error")
                if let position = feedback.errorPosition {
                    NumberHighlight(number: feedback.normalized, marked: [Int(position)])
                        .font(.system(.body, design: .monospaced))
                }
            }
            if let warning = feedback.warning {
                Label { Text(core: warning) } icon: { Image(systemName: "exclamationmark.triangle") }
                    .foregroundStyle(.orange)
                    .font(.callout)
                    .accessibilityIdentifier("entry.warning")
            }
        }
        if let check = model.scanCheck {
            VStack(alignment: .leading, spacing: 6) {
                Text(core: entry.scanConfirmation)
                    .font(.callout)
                NumberHighlight(number: model.field, marked: Set(check.corrected.map(Int.init)))
                    .font(.system(.title3, design: .monospaced))
            }
            .padding(10)
            .background(Color.yellow.opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
            .accessibilityElement(children: .combine)
            .accessibilityIdentifier("entry.scanCheck")
        }
    }
}

/// A boxed notice with an icon; used for app-level warnings.
struct NoticeBox: View {
    let text: Text
    let systemImage: String

    var body: some View {
        Label { text } icon: { Image(systemName: systemImage) }
            .font(.callout)
            .padding(10)
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(Color.orange.opacity(0.15), in: RoundedRectangle(cornerRadius: 8))
            .accessibilityElement(children: .combine)
    }
}

/// App name, version, the statement that the app is not ISA's, and About (privacy policy and
/// open-source notices; product.md §3 footer).
struct FooterView: View {
    @State private var showsAbout = false

    var body: some View {
        VStack(spacing: 4) {
            Text("app.name")
                .font(.footnote.bold())
            Text(String(format: String(localized: "app.version %@"), Self.version))
                .font(.footnote)
            Text("about.notAffiliated")
                .font(.caption2)
                .multilineTextAlignment(.center)
            SwiftUI.Button("about.title") { showsAbout = true }
                .font(.footnote)
                .accessibilityIdentifier("footer.about")
        }
        .frame(maxWidth: .infinity)
        .foregroundStyle(.secondary)
        .padding(.top, 24)
        .sheet(isPresented: $showsAbout) {
            AboutView { showsAbout = false }
        }
    }

    static var version: String {
        let info = Bundle.main.infoDictionary
        let short = info?["CFBundleShortVersionString"] as? String ?? "?"
        let build = info?["CFBundleVersion"] as? String ?? "?"
        return "\(short) (\(build))"
    }
}
