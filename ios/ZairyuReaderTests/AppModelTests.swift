import Combine
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
