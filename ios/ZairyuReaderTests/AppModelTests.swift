import Combine
import UIKit
import XCTest
import ZairyuCore
import ZairyuKit
@testable import ZairyuReader

/// The app's flow on the simulator (no NFC): number entry → read on the demo card → result →
/// back, and the error paths, all driven through `AppModel` as the views drive it.
@MainActor
final class AppModelTests: XCTestCase {
    private var model: AppModel!

    override func setUp() async throws {
        model = AppModel(nfcSourceFactory: { FailingSource(code: "nfc_unavailable") })
        // The start screen's "residence card", as a user reaches these screens.
        model.choose(.residenceCard)
    }

    /// Waits until the read in progress has ended. The timeout only stops a hung test.
    private func waitForReadToEnd() async {
        let ended = expectation(description: "read ended")
        var token: AnyCancellable?
        token = model.$isReading.dropFirst().filter { !$0 }.first().sink { _ in ended.fulfill() }
        await fulfillment(of: [ended], timeout: 60)
        token?.cancel()
    }

    private var residence: SoftCardProfile {
        DemoCard.profiles().first { $0.name == "residence" }!
    }

    private func profile(_ name: String) -> SoftCardProfile {
        DemoCard.profiles().first { $0.name == name }!
    }

    func testFieldShowsTheCoresNormalisedTextAndNextFollowsItsVerdict() {
        model.edit("ab12#")
        XCTAssertEqual(model.field, "AB12#")
        XCTAssertEqual(model.feedback?.error?.en, "Character 5 must be a letter A-Z or a digit 0-9")
        XCTAssertEqual(model.feedback?.errorPosition, 5)
        XCTAssertFalse(model.canProceed)

        model.edit("ab12345678cd")
        XCTAssertEqual(model.field, "AB12345678CD")
        XCTAssertNil(model.feedback?.error)
        XCTAssertTrue(model.canProceed)

        model.edit("")
        XCTAssertNil(model.feedback?.error, "an empty field is not scolded")
        XCTAssertFalse(model.canProceed)
    }

    func testProceedingNeedsAValidNumber() {
        model.edit("AB1234567")
        model.proceedToReading()
        XCTAssertEqual(model.screen, .entry)
        model.edit("AB12345678CD")
        model.proceedToReading()
        XCTAssertEqual(model.screen, .reading)
    }

    func testScanFillsTheFieldAndAsksForACheck() {
        model.applyScan(number: "AB12345678CD", corrected: [3, 11])
        XCTAssertEqual(model.field, "AB12345678CD")
        XCTAssertEqual(model.scanCheck, AppModel.ScanCheck(corrected: [3, 11]))
        model.edit("AB12345678CE")
        XCTAssertNil(model.scanCheck, "a hand correction replaces the scan")
    }

    func testDemoReadShowsTheResultAndLeavingClearsEverything() async {
        model.startDemo(residence)
        XCTAssertEqual(model.field, "AB12345678CD")
        model.proceedToReading()
        model.startRead()
        await waitForReadToEnd()

        XCTAssertEqual(model.screen, .result)
        XCTAssertNil(model.alert)
        let screen = try! XCTUnwrap(model.shown).screen
        XCTAssertEqual(screen.headline.kind, .normal)
        XCTAssertEqual(screen.indicators.map(\.accessibility.en), [
            "Tamper check: Passed. Signature matches the data (signature layout: raw hash)",
            "Issuer check: Passed (TEST root). Issued under the trusted root “Zairyu Reader TEST root (software card)” (TEST root)",
        ])
        XCTAssertNotNil(screen.testAnchorNotice, "a demo pass is always marked as a TEST pass")
        XCTAssertEqual(model.progress?.step, .done)
        XCTAssertTrue(model.holdsCardData)

        model.returnToTop()
        XCTAssertEqual(model.screen, .entry)
        XCTAssertNil(model.shown)
        XCTAssertEqual(model.field, "")
        XCTAssertNil(model.progress)
        XCTAssertFalse(model.holdsCardData)
    }

    func testWrongNumberAlertsAndKeepsTheNumberForCorrection() async {
        model.startDemo(residence)
        model.edit("AB12345678CE")
        model.proceedToReading()
        model.startRead()
        await waitForReadToEnd()

        XCTAssertEqual(model.alert?.code, "wrong_card_number")
        XCTAssertEqual(model.alert?.title.en, "Wrong card number")
        XCTAssertEqual(model.alert?.actions, [.reEnterNumber])
        model.perform(.reEnterNumber) { _ in XCTFail("nothing to open") }
        XCTAssertNil(model.alert)
        XCTAssertEqual(model.screen, .entry)
        XCTAssertEqual(model.field, "AB12345678CE")
    }

    func testCardPulledAwayOffersRetryAndTheOfficeLink() async {
        model.startDemo(profile("pulled-away"))
        model.proceedToReading()
        model.startRead()
        await waitForReadToEnd()

        XCTAssertEqual(model.alert?.code, "card_lost")
        XCTAssertEqual(model.alert?.actions, [
            .retry,
            .openUrl(url: "https://www.moj.go.jp/isa/about/region/index.html", label: CoreText(ja: "相談窓口", en: "Consultation offices")),
            .close,
        ])
        XCTAssertEqual(model.screen, .reading, "retry stays on the reading screen")
        var opened: URL?
        model.perform(.openUrl(url: "https://www.moj.go.jp/isa/about/region/index.html", label: CoreText(ja: "相談窓口", en: "Consultation offices"))) { opened = $0 }
        XCTAssertEqual(opened?.absoluteString, "https://www.moj.go.jp/isa/about/region/index.html")
    }

    func testTamperedCardIsAbnormal() async {
        model.startDemo(profile("tampered"))
        model.proceedToReading()
        model.startRead()
        await waitForReadToEnd()
        let screen = try! XCTUnwrap(model.shown).screen
        XCTAssertEqual(screen.headline.kind, .abnormal)
        XCTAssertEqual(screen.indicators.map(\.state), [.failed, .passed])
    }

    func testNFCUnavailableIsTheCatalogueDialog() async {
        model.edit("AB12345678CD")
        model.proceedToReading()
        model.startRead()
        await waitForReadToEnd()
        XCTAssertEqual(model.alert?.code, "nfc_unavailable")
        XCTAssertEqual(model.alert?.title.en, "NFC is not available on this phone")
    }

    func testInternalErrorReturnsToStart() {
        model.edit("AB12345678CD")
        model.proceedToReading()
        model.show(ErrorCatalogue.info(code: "internal"))
        XCTAssertEqual(model.screen, .entry)
        XCTAssertEqual(model.alert?.actions, [.returnToTop])
    }

    func testCancelledReadShowsNothing() {
        model.show(ErrorCatalogue.info(code: "cancelled"))
        XCTAssertNil(model.alert)
    }

    func testALateOutcomeAfterTheUserBackedOutIsIgnored() async {
        let source = ManualSource()
        model = AppModel(nfcSourceFactory: { source })
        model.edit("AB12345678CD")
        model.proceedToReading()
        model.startRead()
        XCTAssertTrue(model.isReading)
        model.cancelRead()
        XCTAssertFalse(model.isReading)
        XCTAssertEqual(model.screen, .entry)
        XCTAssertEqual(source.cancels, 1)

        // The read the user left ends anyway, with an error and then progress.
        source.finish(.failure(ErrorCatalogue.info(code: "card_lost")))
        source.progress(ProgressEvent(step: .readingFrontImage, fraction: 0.5, text: CoreText(ja: "", en: "")))
        // A second read, whose end is awaited: the main actor runs the first read's callbacks
        // before it, in order.
        model.proceedToReading()
        model.startRead()
        source.finish(.failure(ErrorCatalogue.info(code: "wrong_card_number")))
        await waitForReadToEnd()
        XCTAssertEqual(model.alert?.code, "wrong_card_number", "only the current read's outcome is shown")
        XCTAssertNil(model.progress, "the left read's progress is not shown")
    }

    func testErrorAlertsEndWithTheStableCode() {
        let info = ErrorCatalogue.info(code: "card_lost")
        let message = ErrorAlert.message(info, codeLine: "Error code: card_lost")
        XCTAssertTrue(message.hasPrefix(info.message.localized))
        XCTAssertTrue(message.hasSuffix("\n\nError code: card_lost"))
        XCTAssertEqual(message.components(separatedBy: "\n\n").count, 2 + info.tips.count)
    }

    func testNumberFieldHandsEditsOverAndShowsTheNormalisedText() {
        let field = UITextField()
        var edits: [String] = []
        let coordinator = NumberTextField.Coordinator(onEdit: { edits.append($0) }, onSubmit: {})
        field.text = "ab12"
        coordinator.editingChanged(field)
        XCTAssertEqual(edits, ["ab12"])
        model.edit(edits[0])
        NumberTextField.Coordinator.show(model.field, in: field)
        XCTAssertEqual(field.text, "AB12")
        model.edit("ＡＢ１２")
        NumberTextField.Coordinator.show(model.field, in: field)
        XCTAssertEqual(field.text, "AB12", "full width is shown half width")
    }

    func testOnlyHttpsLinksAreOpened() {
        var opened: [URL] = []
        model.perform(.openUrl(url: "http://example.com/", label: CoreText(ja: "x", en: "x"))) { opened.append($0) }
        model.perform(.openUrl(url: "javascript:alert(1)", label: CoreText(ja: "x", en: "x"))) { opened.append($0) }
        XCTAssertEqual(opened, [])
    }
}

/// A card source that fails at once with a catalogue code (the NFC reader on a simulator).
final class FailingSource: CardSource {
    let code: String

    init(code: String) {
        self.code = code
    }

    func begin(
        number: String,
        options: ReadOptions,
        onProgress: @escaping @Sendable (ProgressEvent) -> Void,
        onFinish: @escaping @Sendable (ReadOutcome) -> Void
    ) {
        let info = ErrorCatalogue.info(code: code)
        DispatchQueue.global().async { onFinish(.failure(info)) }
    }

    func cancel() {}
}

/// A card source the test drives by hand: it keeps the callbacks of its latest read.
final class ManualSource: CardSource, @unchecked Sendable {
    private var onProgress: (@Sendable (ProgressEvent) -> Void)?
    private var onFinish: (@Sendable (ReadOutcome) -> Void)?
    private(set) var cancels = 0

    func begin(
        number: String,
        options: ReadOptions,
        onProgress: @escaping @Sendable (ProgressEvent) -> Void,
        onFinish: @escaping @Sendable (ReadOutcome) -> Void
    ) {
        self.onProgress = onProgress
        self.onFinish = onFinish
    }

    func cancel() {
        cancels += 1
    }

    func progress(_ event: ProgressEvent) {
        onProgress?(event)
    }

    func finish(_ outcome: ReadOutcome) {
        onFinish?(outcome)
    }
}
