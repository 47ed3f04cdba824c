import SwiftUI
import UIKit
import ZairyuCore
import ZairyuKit

/// The My Number screens' state. Every decision of the flow is `MyNumberMachine`'s (ZairyuKit,
/// tested there); every text, input check and verdict is the core's. This type carries out the
/// machine's effects — sessions, wiping the PIN, alerts — and holds what the screens show for as
/// long as they show it.
@MainActor
final class MyNumberModel: ObservableObject {
    /// The core's fixed texts for these screens, loaded once.
    struct Fixed {
        let menu: MyNumberMenu
        let inPerson: InPersonEntryScreen
        let matchFields: MatchFieldsScreen
        let hold: HoldInstructions
    }

    /// A finished check and the screen the core made of it. Dropping it frees the card's data.
    struct Shown {
        let result: MyNumberResult
        let screen: MyNumberScreen
    }

    /// The optional fields typed to compare with the card (PIN and signature checks).
    struct MatchDraft: Equatable {
        var name = ""
        var birthDate = ""
        var address = ""

        var input: MatchInput? {
            func value(_ text: String) -> String? {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.isEmpty ? nil : trimmed
            }
            let input = MatchInput(name: value(name), birthDate: value(birthDate), address: value(address))
            return input.name == nil && input.birthDate == nil && input.address == nil ? nil : input
        }
    }

    let fixed: Fixed?

    @Published private(set) var machine = MyNumberMachine()
    @Published private(set) var isBusy = false
    /// Operator setting (off by default, never stored): read the 個人番号 in the PIN check.
    @Published var showsIndividualNumber = false
    // In-person entry.
    @Published var birthDate = ""
    @Published var expiryYear = ""
    @Published var securityCode = ""
    @Published private(set) var inPersonProblem: CollationProblem? = nil
    // PIN entry: the SecureField's text, emptied as soon as its bytes are copied out.
    @Published var pinText = ""
    @Published private(set) var pinProblem: CoreText? = nil
    @Published private(set) var pinScreen: PinEntryScreen? = nil
    @Published var match = MatchDraft()
    /// Tap 2 met another counter than the PIN screen showed: nothing was sent, and the screen
    /// says so above the new count.
    @Published private(set) var counterChanged = false
    // Result.
    @Published private(set) var shown: Shown? = nil
    @Published private(set) var revealed = false
    @Published var alert: ErrorInfo? = nil
    @Published private(set) var demo: DemoMyNumberCard? = nil

    private let secret = SecretBytes()
    private var source: MyNumberSource?
    private var pinSource: OneShotPinSource?
    private var lastError: ZairyuError?
    private let nfcSourceFactory: () -> MyNumberSource
    /// Counts calls; an outcome of a call the user has left is dropped.
    private var callID = 0

    init(nfcSourceFactory: @escaping () -> MyNumberSource = { NFCMyNumberSession() }) {
        self.nfcSourceFactory = nfcSourceFactory
        if let menu = try? myNumberMenu(),
           let inPerson = try? inPersonEntryScreen(),
           let matchFields = try? matchFieldsScreen(),
           let hold = try? holdInstructions(platform: .ios) {
            fixed = Fixed(menu: menu, inPerson: inPerson, matchFields: matchFields, hold: hold)
        } else {
            fixed = nil
        }
    }

    var phase: MyNumberMachine.Phase { machine.phase }

    // MARK: Demo

    func startDemo(_ profile: SoftCardProfile) {
        do {
            demo = try DemoMyNumberCard(profile: profile)
        } catch {
            show(ErrorCatalogue.info(for: error))
        }
    }

    func endDemo() {
        leaveAll()
        demo = nil
    }

    // MARK: Menu

    func choose(_ check: MyNumberCheck) {
        apply(.choose(check))
    }

    /// Back from the current screen (the menu itself is left by the app model).
    func back() {
        apply(.back)
    }

    /// Everything dropped: the app leaves the My Number screens.
    func leaveAll() {
        while machine.phase != .menu {
            apply(.back)
        }
        birthDate = ""
        expiryYear = ""
        securityCode = ""
        inPersonProblem = nil
        match = MatchDraft()
        wipePin()
    }

    // MARK: In-person check

    /// Fields the camera read and the core's scanner found stable.
    func applyFaceScan(_ scan: CardFaceScan) {
        if let value = scan.birthDate { birthDate = value }
        if let value = scan.expiryYear { expiryYear = value }
        if let value = scan.securityCode { securityCode = value }
        inPersonProblem = nil
    }

    func submitInPerson() {
        do {
            inPersonProblem = try checkCollationInput(birthDate: birthDate, expiryYear: expiryYear, securityCode: securityCode)
        } catch {
            show(ErrorCatalogue.info(for: error))
            return
        }
        guard inPersonProblem == nil else { return }
        apply(.submitInPerson)
    }

    // MARK: PIN

    func confirmLastTry() {
        apply(.confirmLastTry)
    }

    /// The PIN screen's "check" (tap 2): the typed text moves into `SecretBytes` and the field
    /// empties at once; the core checks the input's form, then the session runs.
    func submitPin() {
        guard case let .pinEntry(target) = machine.phase, target.canSubmit else { return }
        secret.set(pinText)
        pinText = ""
        do {
            pinProblem = try secret.withData { try checkPinInput(kind: target.kind, pin: $0) }
        } catch {
            secret.wipe()
            show(ErrorCatalogue.info(for: error))
            return
        }
        if pinProblem != nil {
            secret.wipe()
            return
        }
        apply(.submitPin)
    }

    /// The app went to the background on the PIN screen: the typed PIN goes. (Not on merely
    /// inactive: CoreNFC's sheet makes the scene inactive during tap 2.)
    func enteredBackground() {
        if case .pinEntry = machine.phase {
            wipePin()
        }
    }

    // MARK: Result

    /// The operator tapped the masked 個人番号.
    func revealIndividualNumber() {
        guard let shown, !revealed else { return }
        do {
            let screen = try shown.result.screen(matched: match.input, revealIndividualNumber: true)
            self.shown = Shown(result: shown.result, screen: screen)
            revealed = true
        } catch {
            show(ErrorCatalogue.info(for: error))
        }
    }

    /// True while a screen shows card data or a typed secret: the privacy shield covers it.
    var holdsSensitiveData: Bool {
        switch machine.phase {
        case .pinEntry, .result, .checking: return true
        case .inPersonEntry: return !(birthDate.isEmpty && expiryYear.isEmpty && securityCode.isEmpty)
        case .menu, .readingStatus, .blocked: return false
        }
    }

    // MARK: Errors

    /// Shows a catalogue entry (nothing for a cancel); an entry that returns to the start goes
    /// back to the menu with everything dropped.
    func show(_ info: ErrorInfo) {
        if info.returnsToStart {
            leaveAll()
        }
        if info.dialog {
            alert = info
        }
    }

    // MARK: The machine

    private func apply(_ event: MyNumberMachine.Event) {
        counterChanged = false
        let effects = machine.handle(event)
        for effect in effects {
            perform(effect)
        }
        refreshPinScreen()
    }

    private func perform(_ effect: MyNumberMachine.Effect) {
        switch effect {
        case .readStatus:
            run(.status, options: options(allowLastTry: false, check: nil))
        case let .runCheck(check, allowLastTry, expectedTriesLeft):
            if check == .inPerson {
                run(.inPerson(birthDate: birthDate, expiryYear: expiryYear, securityCode: securityCode),
                    options: options(allowLastTry: allowLastTry, check: check))
                return
            }
            guard let kind = MyNumberMachine.pinKind(for: check), let expectedTriesLeft else { return }
            let pinSource = OneShotPinSource(secret: secret.take(), kind: kind, expectedTriesLeft: expectedTriesLeft)
            self.pinSource = pinSource
            guard let task = MyNumberTask.check(check, pin: pinSource) else { return }
            run(task, options: options(allowLastTry: allowLastTry, check: check))
        case .stopSession:
            source?.cancel()
            source = nil
            callID += 1
            isBusy = false
        case .wipePin:
            wipePin()
        case let .showError(code):
            if let lastError, lastError.code == code {
                show(lastError.info)
            } else {
                show(ErrorCatalogue.info(code: code))
            }
        case .dropResult:
            shown = nil
            revealed = false
            match = MatchDraft()
        }
    }

    private func options(allowLastTry: Bool, check: MyNumberCheck?) -> MyNumberOptions {
        MyNumberOptions(
            allowLastTry: allowLastTry,
            // Only the PIN check reads it, and only when the operator turned it on.
            readIndividualNumber: showsIndividualNumber && check == .pinCheck
        )
    }

    private func run(_ task: MyNumberTask, options: MyNumberOptions) {
        callID += 1
        let id = callID
        isBusy = true
        lastError = nil
        let source: MyNumberSource = demo.map { DemoMyNumberSource(demo: $0) } ?? nfcSourceFactory()
        self.source = source
        source.run(task, options: options) { [weak self] outcome in
            Task { @MainActor [weak self] in self?.finished(outcome, call: id) }
        }
    }

    private func finished(_ outcome: MyNumberCallOutcome, call id: Int) {
        guard id == callID, isBusy else { return }
        isBusy = false
        source = nil
        let stale = pinSource?.staleCounter
        pinSource = nil
        switch outcome {
        case let .success(.status(status)):
            apply(.statusRead(pins: status.pins, signatureCertificate: status.signatureCertificate))
        case let .success(.result(result)):
            do {
                let screen = try result.screen(matched: match.input, revealIndividualNumber: false)
                shown = Shown(result: result, screen: screen)
                revealed = false
                apply(.checkSucceeded)
            } catch {
                lastError = error as? ZairyuError
                apply(.failed(code: (error as? ZairyuError)?.code ?? "internal", triesLeft: nil))
            }
        case let .failure(error):
            lastError = error
            if error.code == "cancelled", let stale {
                apply(.counterChanged(triesLeft: stale))
                counterChanged = true
            } else {
                apply(.failed(code: error.code, triesLeft: error.triesLeft))
            }
        }
    }

    private func wipePin() {
        secret.wipe()
        pinText = ""
        pinProblem = nil
    }

    private func refreshPinScreen() {
        switch machine.phase {
        case let .pinEntry(target):
            pinScreen = try? pinEntryScreen(kind: target.kind, triesLeft: target.triesLeft)
        case let .blocked(_, kind):
            pinScreen = try? pinEntryScreen(kind: kind, triesLeft: 0)
        default:
            pinScreen = nil
        }
    }
}
