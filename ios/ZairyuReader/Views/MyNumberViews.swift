import SwiftUI
import ZairyuCore
import ZairyuKit

/// The My Number screens, one per phase of `MyNumberMachine`. They render the core's texts and
/// hand the user's taps to `MyNumberModel`; none of them decides anything about the card.
struct MyNumberRootView: View {
    @ObservedObject var model: MyNumberModel
    let onExit: () -> Void
    @Environment(\.scenePhase) private var scenePhase

    var body: some View {
        Group {
            if let fixed = model.fixed {
                switch model.phase {
                case .menu:
                    MyNumberMenuView(model: model, menu: fixed.menu, onExit: onExit)
                case .inPersonEntry:
                    InPersonEntryView(model: model, screen: fixed.inPerson)
                case .readingStatus, .checking:
                    MyNumberReadingView(model: model, hold: fixed.hold)
                case let .pinEntry(target):
                    PinEntryView(model: model, target: target, matchFields: fixed.matchFields)
                case let .blocked(_, kind):
                    PinBlockedView(model: model, kind: kind)
                case .result:
                    if let shown = model.shown {
                        MyNumberResultView(model: model, shown: shown)
                    }
                }
            } else {
                Text(core: ErrorCatalogue.info(code: "internal").message)
                    .padding()
            }
        }
        .privacyShield(holdsCardData: model.holdsSensitiveData)
        .myNumberAlert(model)
        .onChange(of: scenePhase) { phase in
            if phase == .background {
                model.enteredBackground()
            }
        }
    }
}

/// The four checks, what each needs, and the operator setting for the 個人番号.
struct MyNumberMenuView: View {
    @ObservedObject var model: MyNumberModel
    let menu: MyNumberMenu
    let onExit: () -> Void
    @State private var showsDemoPicker = false

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                SwiftUI.Button(action: onExit) {
                    Label("start.back", systemImage: "chevron.backward")
                }
                .accessibilityIdentifier("mynumber.backToStart")
                if let demo = model.demo {
                    DemoBanner(profile: demo.profile) { model.endDemo() }
                }
                BilingualHeading(text: menu.title, level: .screen)
                Text(core: menu.intro)
                    .font(.body)
                    .foregroundStyle(.secondary)
                ForEach(Array(menu.items.enumerated()), id: \.offset) { _, item in
                    SwiftUI.Button {
                        model.choose(item.check)
                    } label: {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(core: item.label)
                                .font(.headline)
                            Text(core: item.detail)
                                .font(.callout)
                            Text(core: item.needs)
                                .font(.caption)
                                .foregroundStyle(.secondary)
                        }
                        .multilineTextAlignment(.leading)
                        .frame(maxWidth: .infinity, alignment: .leading)
                        .padding()
                        .background(Color.accentColor.opacity(0.1), in: RoundedRectangle(cornerRadius: 12))
                    }
                    .buttonStyle(.plain)
                    .accessibilityElement(children: .combine)
                    .accessibilityIdentifier("mynumber.check.\(MyNumberIDs.check(item.check))")
                }
                Toggle(isOn: $model.showsIndividualNumber) {
                    Text(core: menu.individualNumberSetting)
                        .font(.callout)
                }
                .accessibilityIdentifier("mynumber.individualNumberSetting")
                if model.demo == nil {
                    SwiftUI.Button("demo.open") { showsDemoPicker = true }
                        .font(.callout)
                        .accessibilityIdentifier("mynumber.demo")
                }
            }
            .padding()
        }
        .sheet(isPresented: $showsDemoPicker) {
            DemoPickerView(profiles: DemoMyNumberCard.profiles()) { profile in
                showsDemoPicker = false
                model.startDemo(profile)
            }
        }
    }
}

/// Stable accessibility identifiers for the UI tests.
enum MyNumberIDs {
    static func check(_ check: MyNumberCheck) -> String {
        switch check {
        case .inPerson: return "inPerson"
        case .pinCheck: return "pinCheck"
        case .auth: return "auth"
        case .signature: return "signature"
        }
    }
}

/// The in-person check's inputs: birth date, expiry year, security code — typed, or read by the
/// camera (the core's `CardFaceScanner` decides when a field is stable) — then one tap.
struct InPersonEntryView: View {
    @ObservedObject var model: MyNumberModel
    let screen: InPersonEntryScreen
    @State private var showsCamera = false
    @State private var cameraFailure: ErrorInfo? = nil

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                BackButton { model.back() }
                if let demo = model.demo {
                    DemoBanner(profile: demo.profile)
                    DemoHint(values: demo.profile.credentials.map { [$0.birthDate, $0.expiryYear, $0.securityCode] } ?? [])
                }
                BilingualHeading(text: screen.title, level: .screen)
                Text(core: screen.instruction)
                    .font(.body)
                field(screen.birthDateLabel, hint: screen.birthDateHint, text: $model.birthDate, id: "inPerson.birthDate", keyboard: .numbersAndPunctuation)
                problem(for: .birthDate)
                field(screen.expiryYearLabel, hint: screen.expiryYearHint, text: $model.expiryYear, id: "inPerson.expiryYear", keyboard: .numberPad)
                problem(for: .expiryYear)
                field(screen.securityCodeLabel, hint: screen.securityCodeHint, text: $model.securityCode, id: "inPerson.securityCode", keyboard: .numberPad)
                problem(for: .securityCode)
                SwiftUI.Button {
                    showsCamera = true
                } label: {
                    Label { Text(core: screen.scanButton) } icon: { Image(systemName: "camera") }
                }
                .accessibilityIdentifier("inPerson.camera")
                if case .inPersonEntry(lastTryPending: true, lastTryConfirmed: let confirmed) = model.phase {
                    LastTryConfirmation(text: nil, confirmed: confirmed) { model.confirmLastTry() }
                }
                SwiftUI.Button {
                    model.submitInPerson()
                } label: {
                    Text(core: screen.readButton)
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
                .disabled(model.isBusy)
                .accessibilityIdentifier("inPerson.read")
            }
            .padding()
        }
        .fullScreenCover(isPresented: $showsCamera, onDismiss: showCameraFailure) {
            CardFaceScanView(
                instruction: screen.scanInstruction,
                onUse: { scan in
                    showsCamera = false
                    model.applyFaceScan(scan)
                },
                onError: { info in
                    cameraFailure = info
                    showsCamera = false
                },
                onClose: { showsCamera = false }
            )
        }
    }

    private func showCameraFailure() {
        guard let info = cameraFailure else { return }
        cameraFailure = nil
        model.show(info)
    }

    private func field(_ label: CoreText, hint: CoreText, text: Binding<String>, id: String, keyboard: UIKeyboardType) -> some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(core: label)
                .font(.headline)
            TextField(hint.localized, text: text)
                .keyboardType(keyboard)
                .textContentType(nil)
                .autocorrectionDisabled(true)
                .textInputAutocapitalization(.never)
                .font(.body.monospacedDigit())
                .padding(10)
                .overlay(RoundedRectangle(cornerRadius: 8).stroke(Color.secondary.opacity(0.5), lineWidth: 1))
                .privacySensitive()
                .accessibilityLabel(label.localized)
                .accessibilityIdentifier(id)
        }
    }

    @ViewBuilder
    private func problem(for field: CollationField) -> some View {
        if let problem = model.inPersonProblem, problem.field == field {
            Label { Text(core: problem.text) } icon: { Image(systemName: "exclamationmark.circle") }
                .foregroundStyle(.red)
                .font(.callout)
                .accessibilityIdentifier("inPerson.problem")
        }
    }
}

/// Tap 1 and tap 2: where to hold the card while the NFC sheet (or, in the demo, the software
/// card) works. Leaving stops the session.
struct MyNumberReadingView: View {
    @ObservedObject var model: MyNumberModel
    let hold: HoldInstructions
    @ScaledMetric(relativeTo: .largeTitle) private var pictureSize: CGFloat = 64

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                if let demo = model.demo {
                    DemoBanner(profile: demo.profile)
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
                if model.isBusy {
                    ProgressView()
                        .frame(maxWidth: .infinity)
                        .accessibilityIdentifier("mynumber.busy")
                }
                SwiftUI.Button {
                    model.back()
                } label: {
                    Text("reading.back")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.bordered)
                .accessibilityIdentifier("mynumber.reading.back")
            }
            .padding()
        }
    }
}

/// The PIN screen between tap 1 and tap 2: the card's counter as just read, the lock warning
/// and the unlock note in the manuals' words, the last-try confirmation, the optional match
/// fields, and a secure field that the model empties on submit, on leaving and in the background.
struct PinEntryView: View {
    @ObservedObject var model: MyNumberModel
    let target: MyNumberMachine.PinTarget
    let matchFields: MatchFieldsScreen
    @FocusState private var focused: Bool

    init(model: MyNumberModel, target: MyNumberMachine.PinTarget, matchFields: MatchFieldsScreen) {
        _model = ObservedObject(wrappedValue: model)
        self.target = target
        self.matchFields = matchFields
    }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                BackButton { model.back() }
                if let demo = model.demo {
                    DemoBanner(profile: demo.profile)
                    DemoHint(values: demo.profile.credentials.map { [Self.demoSecret(target.kind, $0)] } ?? [])
                }
                if let screen = model.pinScreen {
                    BilingualHeading(text: screen.title, level: .screen)
                    Text(core: screen.instruction)
                    if model.counterChanged {
                        NoticeBox(text: Text("mynumber.counterChanged"), systemImage: "arrow.triangle.2.circlepath")
                            .accessibilityIdentifier("pin.counterChanged")
                    }
                    Text(core: screen.triesLeft)
                        .font(.title3.bold())
                        .accessibilityIdentifier("pin.triesLeft")
                    Label { Text(core: screen.lockWarning) } icon: { Image(systemName: "lock.trianglebadge.exclamationmark") }
                        .font(.callout)
                        .accessibilityIdentifier("pin.lockWarning")
                    Text(core: screen.unlockNote)
                        .font(.footnote)
                        .foregroundStyle(.secondary)
                    SecureField(String(localized: "mynumber.pin.placeholder"), text: $model.pinText)
                        .keyboardType(screen.digitsOnly ? .numberPad : .asciiCapable)
                        .textContentType(nil)
                        .autocorrectionDisabled(true)
                        .textInputAutocapitalization(.never)
                        .focused($focused)
                        .submitLabel(.done)
                        .onSubmit { model.submitPin() }
                        .onChange(of: model.pinText) { text in
                            // No longer than the card takes; the core checks the rest on submit.
                            if text.count > Int(screen.maxLength) {
                                model.pinText = String(text.prefix(Int(screen.maxLength)))
                            }
                        }
                        .padding(12)
                        .overlay(RoundedRectangle(cornerRadius: 8).stroke(Color.secondary.opacity(0.5), lineWidth: 1))
                        .accessibilityLabel(screen.title.localized)
                        .accessibilityIdentifier("pin.field")
                    if let problem = model.pinProblem {
                        Label { Text(core: problem) } icon: { Image(systemName: "exclamationmark.circle") }
                            .foregroundStyle(.red)
                            .font(.callout)
                            .accessibilityIdentifier("pin.problem")
                    }
                    if target.lastTry {
                        LastTryConfirmation(text: screen.lastTryConfirmation, confirmed: target.confirmed) { model.confirmLastTry() }
                    }
                }
                if target.check != .auth {
                    MatchFieldsView(screen: matchFields, draft: $model.match)
                }
                SwiftUI.Button {
                    focused = false
                    model.submitPin()
                } label: {
                    Text("mynumber.pin.submit")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
                .disabled(!target.canSubmit || model.pinText.isEmpty || model.isBusy)
                .accessibilityIdentifier("pin.submit")
            }
            .padding()
        }
        .onDisappear { model.pinText = "" }
    }

    /// The demo card's PIN for `kind`, shown on the demo screen only (TEST credentials).
    static func demoSecret(_ kind: PinKind, _ credentials: DemoCredentials) -> String {
        switch kind {
        case .inputHelper: return credentials.inputHelperPin
        case .auth: return credentials.authPin
        case .signature: return credentials.signaturePassword
        case .collationB: return credentials.birthDate
        }
    }
}

/// The last-try warning and the explicit confirmation the core requires before it spends it.
struct LastTryConfirmation: View {
    let text: CoreText?
    let confirmed: Bool
    let onConfirm: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            if let text {
                Label { Text(core: text) } icon: { Image(systemName: "exclamationmark.triangle.fill") }
                    .foregroundStyle(.orange)
                    .font(.callout.bold())
            }
            if confirmed {
                Label("mynumber.lastTry.confirmed", systemImage: "checkmark.circle")
                    .font(.callout)
                    .accessibilityIdentifier("lastTry.confirmed")
            } else {
                SwiftUI.Button(role: .destructive, action: onConfirm) {
                    Text("mynumber.lastTry.confirm")
                }
                .buttonStyle(.bordered)
                .accessibilityIdentifier("lastTry.confirm")
            }
        }
        .padding(10)
        .background(Color.orange.opacity(0.12), in: RoundedRectangle(cornerRadius: 8))
    }
}

/// The optional fields compared with the card (name, birth date, address); the result shows the
/// core's per-field outcome.
struct MatchFieldsView: View {
    let screen: MatchFieldsScreen
    @Binding var draft: MyNumberModel.MatchDraft

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            BilingualHeading(text: screen.title, level: .section)
            Text(core: screen.intro)
                .font(.footnote)
                .foregroundStyle(.secondary)
            entry(screen.nameLabel, text: $draft.name, id: "match.name")
            entry(screen.birthDateLabel, text: $draft.birthDate, id: "match.birthDate")
            entry(screen.addressLabel, text: $draft.address, id: "match.address")
        }
        .padding()
        .background(Color.secondary.opacity(0.06), in: RoundedRectangle(cornerRadius: 12))
    }

    private func entry(_ label: CoreText, text: Binding<String>, id: String) -> some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(core: label)
                .font(.caption)
                .foregroundStyle(.secondary)
            TextField(label.localized, text: text)
                .textContentType(nil)
                .autocorrectionDisabled(true)
                .privacySensitive()
                .accessibilityIdentifier(id)
        }
    }
}

/// A blocked PIN: no entry; where to go, in the core's words.
struct PinBlockedView: View {
    @ObservedObject var model: MyNumberModel
    let kind: PinKind

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                BackButton { model.back() }
                if let screen = model.pinScreen {
                    BilingualHeading(text: screen.title, level: .screen)
                    Label { Text(core: screen.triesLeft) } icon: { Image(systemName: "lock.fill") }
                        .font(.title3.bold())
                        .foregroundStyle(.red)
                        .accessibilityIdentifier("pin.blocked")
                    Text(core: screen.unlockNote)
                        .font(.body)
                        .accessibilityIdentifier("pin.unlockNote")
                }
            }
            .padding()
        }
    }
}

/// A finished check (product.md for the in-person and JPKI checks): title, TEST notice, verdict
/// headline, indicators, images (photo, name, address; the photo opens the zoom viewer), rows,
/// the masked 個人番号, the mismatch sentence, the revocation note.
struct MyNumberResultView: View {
    @ObservedObject var model: MyNumberModel
    let shown: MyNumberModel.Shown
    @State private var zoomed: MyNumberImage? = nil

    private var screen: MyNumberScreen { shown.screen }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                if let demo = model.demo {
                    DemoBanner(profile: demo.profile)
                }
                BilingualHeading(text: screen.title, level: .screen)
                Text(core: screen.kindText)
                    .font(.callout)
                    .foregroundStyle(.secondary)
                if let notice = screen.testAnchorNotice {
                    NoticeBox(text: Text(core: notice), systemImage: "testtube.2")
                        .accessibilityIdentifier("mnresult.testNotice")
                }
                MyNumberHeadline(verdict: screen.verdict, text: screen.headline)
                ForEach(Array(screen.indicators.enumerated()), id: \.offset) { index, indicator in
                    MnIndicatorView(indicator: indicator)
                        .accessibilityIdentifier("mnresult.indicator.\(index)")
                }
                if let mismatch = screen.mismatch {
                    NoticeBox(text: Text(core: mismatch), systemImage: "person.crop.circle.badge.exclamationmark")
                        .accessibilityIdentifier("mnresult.mismatch")
                }
                if let note = screen.revocationNote {
                    Label { Text(core: note) } icon: { Image(systemName: "info.circle") }
                        .font(.callout)
                        .accessibilityIdentifier("mnresult.revocationNote")
                }
                ForEach(Array(screen.images.enumerated()), id: \.offset) { _, image in
                    MyNumberImageTile(result: shown.result, image: image) { zoomed = image }
                }
                VStack(alignment: .leading, spacing: 10) {
                    ForEach(Array(screen.rows.enumerated()), id: \.offset) { _, row in
                        RowView(row: row)
                    }
                    if let number = screen.individualNumber {
                        IndividualNumberView(row: number) { model.revealIndividualNumber() }
                    }
                }
                .padding()
                .frame(maxWidth: .infinity, alignment: .leading)
                .background(Color.secondary.opacity(0.06), in: RoundedRectangle(cornerRadius: 12))
                SwiftUI.Button {
                    model.back()
                } label: {
                    Text("mynumber.result.done")
                        .frame(maxWidth: .infinity)
                }
                .buttonStyle(.borderedProminent)
                .controlSize(.large)
                .accessibilityIdentifier("mnresult.done")
            }
            .padding()
        }
        .fullScreenCover(item: Binding(get: { zoomed.map(MyNumberZoomTarget.init) }, set: { zoomed = $0?.image })) { target in
            ZoomViewer(myNumber: shown.result, image: target.image, accessibility: MyNumberImageTile.label(target.image)) { zoomed = nil }
        }
    }
}

struct MyNumberZoomTarget: Identifiable {
    let image: MyNumberImage
    var id: String { "\(image)" }
}

struct MyNumberHeadline: View {
    let verdict: Verdict
    let text: CoreText

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 10) {
            Image(systemName: symbol)
                .foregroundStyle(color)
                .font(.title2)
                .accessibilityHidden(true)
            Text(core: text)
                .font(.title3.bold())
                .accessibilityIdentifier("mnresult.headline")
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(color.opacity(0.12), in: RoundedRectangle(cornerRadius: 12))
    }

    private var symbol: String {
        switch verdict {
        case .normal: return "checkmark.seal.fill"
        case .abnormal: return "exclamationmark.octagon.fill"
        case .youngHolder: return "info.circle.fill"
        }
    }

    private var color: Color {
        switch verdict {
        case .normal: return .green
        case .abnormal: return .red
        case .youngHolder: return .blue
        }
    }
}

/// One verification line: its own icon and the core's words (never colour alone).
struct MnIndicatorView: View {
    let indicator: MnIndicator

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 10) {
            Image(systemName: symbol)
                .foregroundStyle(color)
                .accessibilityHidden(true)
            VStack(alignment: .leading, spacing: 2) {
                Text(core: indicator.label)
                    .font(.subheadline.bold())
                Text(core: indicator.text)
                    .font(.callout)
            }
        }
        .frame(maxWidth: .infinity, alignment: .leading)
        .accessibilityElement(children: .combine)
    }

    private var symbol: String {
        switch indicator.state {
        case .ok, .valid: return "checkmark.circle.fill"
        case .failed, .expired, .notYetValid: return "xmark.circle.fill"
        case .absent: return "minus.circle"
        }
    }

    private var color: Color {
        switch indicator.state {
        case .ok, .valid: return .green
        case .failed, .expired, .notYetValid: return .red
        case .absent: return .gray
        }
    }
}

/// The 個人番号, masked until the operator taps it (only present when the setting is on).
struct IndividualNumberView: View {
    let row: IndividualNumberRow
    let onReveal: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(core: row.label)
                .font(.caption)
                .foregroundStyle(.secondary)
            if row.revealed {
                Text(verbatim: row.value)
                    .font(.body.monospacedDigit())
                    .privacySensitive()
                    .accessibilityIdentifier("mnresult.individualNumber")
            } else {
                SwiftUI.Button(action: onReveal) {
                    HStack {
                        Text(verbatim: row.value)
                            .font(.body.monospacedDigit())
                        Text("mynumber.individualNumber.reveal")
                            .font(.caption)
                    }
                }
                .accessibilityIdentifier("mnresult.individualNumber.masked")
            }
        }
    }
}

/// One image of the card face as PNG from the core; the photo opens the zoom viewer. Pixels live
/// only in this view's state.
struct MyNumberImageTile: View {
    let result: MyNumberResult
    let image: MyNumberImage
    let onZoom: () -> Void

    @State private var picture: UIImage? = nil
    @Environment(\.displayScale) private var displayScale

    /// The app's own label for each image (the core names the images by enum only).
    static func label(_ image: MyNumberImage) -> String {
        switch image {
        case .photo: return String(localized: "mynumber.image.photo")
        case .nameImage: return String(localized: "mynumber.image.name")
        case .addressImage: return String(localized: "mynumber.image.address")
        }
    }

    var body: some View {
        Group {
            if let picture {
                SwiftUI.Button(action: onZoom) {
                    Image(uiImage: picture)
                        .resizable()
                        .scaledToFit()
                        .frame(maxWidth: image == .photo ? 200 : .infinity)
                }
                .buttonStyle(.plain)
                .accessibilityLabel(Self.label(image))
                .accessibilityAddTraits(.isImage)
                .accessibilityIdentifier("mnresult.image.\(image)")
            } else {
                ProgressView()
                    .frame(maxWidth: .infinity, minHeight: 60)
            }
        }
        .frame(maxWidth: .infinity)
        .privacySensitive()
        .task { await load() }
    }

    @MainActor
    private func load() async {
        guard picture == nil else { return }
        let side = UInt32(max(1, ScreenMetrics.width * displayScale))
        let result = self.result
        let image = self.image
        let png = await Task.detached(priority: .userInitiated) {
            try? result.imagePng(which: image, maxWidth: side, maxHeight: side)
        }.value
        if let data = png {
            picture = UIImage(data: data)
        }
    }
}

/// The demo's TEST values, shown so a tester knows what to type (never on a real card).
struct DemoHint: View {
    let values: [String]

    var body: some View {
        if !values.isEmpty {
            Text(String(format: String(localized: "demo.hint %@"), values.joined(separator: " / ")))
                .font(.caption.monospaced())
                .foregroundStyle(.secondary)
                .accessibilityIdentifier("demo.hint")
        }
    }
}

struct BackButton: View {
    let action: () -> Void

    var body: some View {
        SwiftUI.Button(action: action) {
            Label("common.back", systemImage: "chevron.backward")
        }
        .accessibilityIdentifier("common.back")
    }
}

/// The My Number model's alerts, like `ErrorAlert`: the core's texts, code line and buttons.
struct MyNumberErrorAlert: ViewModifier {
    @ObservedObject var model: MyNumberModel
    @Environment(\.openURL) private var openURL

    func body(content: Content) -> some View {
        content.alert(
            model.alert?.title.localized ?? "",
            isPresented: Binding(get: { model.alert != nil }, set: { if !$0 { model.alert = nil } }),
            presenting: model.alert
        ) { info in
            ForEach(Array(info.actions.enumerated()), id: \.offset) { _, action in
                SwiftUI.Button(role: ErrorAlert.role(action)) {
                    perform(action)
                } label: {
                    Text(verbatim: ErrorAlert.label(action))
                }
            }
        } message: { info in
            Text(verbatim: ErrorAlert.message(info, codeLine: String(format: String(localized: "error.code %@"), info.code)))
        }
    }

    /// "Try again" never repeats a check by itself: the user taps again on the screen shown.
    private func perform(_ action: ErrorAction) {
        model.alert = nil
        switch action {
        case let .openUrl(url, _):
            if let url = URL(string: url), url.scheme == "https" {
                openURL(url)
            }
        case .openNfcSettings, .openAppSettings:
            if let url = URL(string: UIApplication.openSettingsURLString) {
                openURL(url)
            }
        case .returnToTop:
            model.leaveAll()
        case .retry, .reEnterNumber, .close:
            break
        }
    }
}

extension View {
    func myNumberAlert(_ model: MyNumberModel) -> some View {
        modifier(MyNumberErrorAlert(model: model))
    }
}
