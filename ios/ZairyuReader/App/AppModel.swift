import SwiftUI
import UIKit
import ZairyuCore
import ZairyuKit

/// The app's navigation and the state of the current read. It decides nothing about cards: every
/// text, verdict, validation and error comes from the core; this type only moves between screens
/// and holds what the screens show, for as long as they show it.
@MainActor
final class AppModel: ObservableObject {
    enum Screen: Equatable {
        case entry
        case reading
        case result
    }

    /// Which card the user chose on the start screen (`start_screen()`).
    enum Mode: Equatable {
        case start
        /// The residence-card flow (number entry → reading → result); specified cards (07/08)
        /// read as residence cards go through it unchanged.
        case residence
        /// The My Number checks (`MyNumberModel`).
        case myNumber
    }

    /// The core's fixed screen contents, loaded once.
    struct Fixed {
        let entry: NumberEntryScreen
        let hold: HoldInstructions
        let carousel: Carousel
        let done: CoreText
    }

    /// A finished read and the screen the core made of it. Dropping it frees the card's data in
    /// the core; nothing of it is ever written anywhere.
    struct Shown {
        let read: ReadResult
        let screen: ResultScreen
    }

    /// After a camera scan: the number must be checked against the card before it is used.
    struct ScanCheck: Equatable {
        /// 1-based characters OCR repaired, from the core's scanner.
        let corrected: [UInt32]
    }

    let fixed: Fixed?
    let configuration: AppConfiguration
    /// The start screen's texts; `nil` only if the core cannot be called.
    let start: StartScreen?
    let myNumber: MyNumberModel

    @Published private(set) var mode: Mode = .start

    @Published private(set) var screen: Screen = .entry
    @Published private(set) var field = ""
    @Published private(set) var feedback: NumberFeedback? = nil
    @Published private(set) var scanCheck: ScanCheck? = nil
    @Published private(set) var progress: ProgressEvent? = nil
    @Published private(set) var isReading = false
    @Published private(set) var shown: Shown? = nil
    @Published private(set) var demoProfile: SoftCardProfile? = nil
    @Published var alert: ErrorInfo? = nil

    private var source: CardSource?
    private let nfcSourceFactory: () -> CardSource
    /// Counts reads; callbacks carry the id of their read and are dropped when it is not current.
    private var readID = 0
    /// The screen's bar gets a new step always, small moves within a step only every 5 %.
    private var throttle = ProgressThrottle()

    init(
        configuration: AppConfiguration = .main,
        nfcSourceFactory: @escaping () -> CardSource = { NFCCardReader() },
        myNumber: MyNumberModel? = nil
    ) {
        self.configuration = configuration
        self.nfcSourceFactory = nfcSourceFactory
        self.myNumber = myNumber ?? MyNumberModel()
        start = try? startScreen()
        if let entry = try? numberEntry(),
           let hold = try? holdInstructions(platform: .ios),
           let carousel = try? helpCarousel(),
           let done = try? stepText(step: .done) {
            fixed = Fixed(entry: entry, hold: hold, carousel: carousel, done: done)
        } else {
            fixed = nil
        }
        feedback = try? numberFeedback(input: "")
    }

    // MARK: Start screen

    func choose(_ choice: StartChoice) {
        switch choice {
        case .residenceCard: mode = .residence
        case .myNumberCard: mode = .myNumber
        }
    }

    /// Back to the start screen: whatever either flow holds is dropped.
    func backToStart() {
        if mode == .residence {
            returnToTop()
            demoProfile = nil
        } else if mode == .myNumber {
            myNumber.leaveAll()
        }
        mode = .start
    }

    // MARK: Number entry

    /// After every edit: the core normalises (half-width upper case) and validates; the field
    /// shows its normalised text and "next" follows its verdict.
    func edit(_ text: String) {
        guard let feedback = try? numberFeedback(input: text) else {
            show(ErrorCatalogue.info(code: "internal"))
            return
        }
        self.feedback = feedback
        if field != feedback.normalized {
            field = feedback.normalized
        }
        scanCheck = nil
    }

    /// A number the camera read and the user confirmed: filled in, with the repaired characters
    /// marked and the core's reminder to compare it with the card.
    func applyScan(number: String, corrected: [UInt32]) {
        edit(number)
        scanCheck = ScanCheck(corrected: corrected)
    }

    var canProceed: Bool {
        feedback?.canProceed ?? false
    }

    func proceedToReading() {
        guard canProceed else { return }
        progress = nil
        screen = .reading
    }

    // MARK: Demo

    /// Demo mode: reads go to the software card with `profile`, and its number is filled in.
    func startDemo(_ profile: SoftCardProfile) {
        demoProfile = profile
        edit(profile.cardNumber)
    }

    func endDemo() {
        demoProfile = nil
        returnToTop()
    }

    // MARK: Reading

    func startRead() {
        guard let feedback, feedback.canProceed, !isReading else { return }
        isReading = true
        progress = nil
        throttle = ProgressThrottle()
        readID += 1
        let id = readID
        let source: CardSource = demoProfile.map { DemoCardSource(profile: $0.name) } ?? nfcSourceFactory()
        self.source = source
        var options = ReadOptions()
        if demoProfile == nil, let dir = configuration.trustAnchorDirectory {
            options.productionTrustDir = dir.path
        }
        // The callbacks come from the reading thread or the NFC queue. Each hops to the main actor
        // in a task that captures the model weakly itself (a task capturing the closure's own
        // `weak var self` is an error in Swift 6), and carries the read's id, so a callback from a
        // read the user has left changes nothing.
        source.begin(
            number: feedback.normalized,
            options: options,
            onProgress: { [weak self] event in
                Task { @MainActor [weak self] in self?.progressed(event, read: id) }
            },
            onFinish: { [weak self] outcome in
                Task { @MainActor [weak self] in self?.finish(outcome, read: id) }
            }
        )
    }

    /// Leaving the reading screen stops a read in progress; whatever it still reports is ignored.
    func cancelRead() {
        source?.cancel()
        source = nil
        readID += 1
        isReading = false
        progress = nil
        screen = .entry
    }

    private func progressed(_ event: ProgressEvent, read id: Int) {
        guard id == readID, throttle.admit(event) else { return }
        progress = event
    }

    private func finish(_ outcome: ReadOutcome, read id: Int) {
        // A late outcome of a read the user backed out of: dropped (a result frees its card data).
        guard id == readID, isReading else { return }
        isReading = false
        source = nil
        switch outcome {
        case let .success(read):
            do {
                shown = Shown(read: read, screen: try read.resultScreen())
                scanCheck = nil
                screen = .result
            } catch {
                show(ErrorCatalogue.info(for: error))
            }
        case let .failure(info):
            show(info)
        }
    }

    // MARK: Errors

    /// Shows a catalogue entry as an alert (nothing for a cancelled read). An entry that returns
    /// to the start does so at once, whatever the user then presses.
    func show(_ info: ErrorInfo) {
        if info.returnsToStart {
            returnToTop()
        }
        if info.dialog {
            alert = info
        }
    }

    /// What an alert button does; the buttons and their order come from the core.
    func perform(_ action: ErrorAction, open: (URL) -> Void) {
        alert = nil
        switch action {
        case .retry:
            if screen == .reading {
                startRead()
            }
        case .reEnterNumber:
            screen = .entry
        case .openNfcSettings, .openAppSettings:
            // iOS has no NFC switch of its own; the app's page in Settings is the nearest place.
            if let url = URL(string: UIApplication.openSettingsURLString) {
                open(url)
            }
        case let .openUrl(url, _):
            if let url = URL(string: url), url.scheme == "https" {
                open(url)
            }
        case .returnToTop:
            returnToTop()
        case .close:
            break
        }
    }

    // MARK: Leaving the result

    /// Back to number entry with nothing kept: the result (and with it the card's data and
    /// images in the core) is dropped and the number cleared (product.md §12).
    func returnToTop() {
        source?.cancel()
        source = nil
        readID += 1
        isReading = false
        shown = nil
        progress = nil
        scanCheck = nil
        field = ""
        feedback = try? numberFeedback(input: "")
        screen = .entry
    }

    /// True while a screen shows card data: the privacy shield covers it whenever the app is
    /// not active or the screen is being captured.
    var holdsCardData: Bool {
        switch mode {
        case .start: return false
        case .residence: return screen == .result || (screen == .entry && !field.isEmpty)
        case .myNumber: return myNumber.holdsSensitiveData
        }
    }
}
