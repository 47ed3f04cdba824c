import Combine
import UIKit
import XCTest
import ZairyuCore
import ZairyuKit
@testable import ZairyuReader

/// The My Number screens' model driven as the views drive it, on the demo's software card: the
/// start screen's choice, both taps of the PIN check, the field emptied at once, wrong PIN and
/// last try, blocked, the in-person check, the masked 個人番号, leaving.
@MainActor
final class MyNumberModelTests: XCTestCase {
    private var app: AppModel!
    private var model: MyNumberModel { app.myNumber }

    override func setUp() async throws {
        app = AppModel(
            nfcSourceFactory: { FailingSource(code: "nfc_unavailable") },
            myNumber: MyNumberModel(nfcSourceFactory: { FailingMyNumberSource(code: "nfc_unavailable") })
        )
    }

    private func profile(_ name: String) -> SoftCardProfile {
        DemoCard.profiles().first { $0.name == name }!
    }

    /// The demo card's TEST credentials, from the core's profile table.
    private var credentials: DemoCredentials {
        profile("mynumber-complete").credentials!
    }

    /// Waits until the call in progress has ended. The timeout only stops a hung test.
    private func waitForCall() async {
        guard model.isBusy else { return }
        let ended = expectation(description: "call ended")
        var token: AnyCancellable?
        token = model.$isBusy.dropFirst().filter { !$0 }.first().sink { _ in ended.fulfill() }
        await fulfillment(of: [ended], timeout: 60)
        token?.cancel()
    }

    private func pinTarget() -> MyNumberMachine.PinTarget? {
        if case let .pinEntry(target) = model.phase { return target }
        return nil
    }

    func testStartScreenOffersBothCardsAndLeadsToEachFlow() {
        XCTAssertEqual(app.mode, .start)
        XCTAssertEqual(app.start?.options.map(\.choice), [.residenceCard, .myNumberCard])
        app.choose(.myNumberCard)
        XCTAssertEqual(app.mode, .myNumber)
        XCTAssertEqual(model.phase, .menu)
        XCTAssertEqual(model.fixed?.menu.items.map(\.check), [.inPerson, .pinCheck, .auth, .signature])
        app.backToStart()
        XCTAssertEqual(app.mode, .start)
        app.choose(.residenceCard)
        XCTAssertEqual(app.mode, .residence)
        XCTAssertEqual(app.screen, .entry, "the residence flow starts where it always did")
    }

    func testPinCheckInTwoTapsOnTheDemoCard() async {
        model.startDemo(profile("mynumber-complete"))
        XCTAssertFalse(model.showsIndividualNumber, "off by default")
        model.choose(.pinCheck)
        await waitForCall()
        XCTAssertEqual(pinTarget()?.triesLeft, 3)
        XCTAssertEqual(model.pinScreen?.digitsOnly, true)
        XCTAssertEqual(model.pinScreen?.maxLength, 4)
        model.pinText = credentials.inputHelperPin
        model.submitPin()
        XCTAssertEqual(model.pinText, "", "the field empties as soon as its bytes are taken")
        XCTAssertEqual(model.phase, .checking(.pinCheck))
        await waitForCall()
        XCTAssertEqual(model.phase, .result(.pinCheck))
        XCTAssertEqual(try model.shown?.result.verdict(), .normal)
        XCTAssertNil(model.shown?.screen.individualNumber)
        XCTAssertTrue(model.holdsSensitiveData)
        model.back()
        XCTAssertEqual(model.phase, .menu)
        XCTAssertNil(model.shown, "leaving drops the result")
    }

    func testMalformedPinIsRefusedWithoutATap() async {
        model.startDemo(profile("mynumber-complete"))
        model.choose(.pinCheck)
        await waitForCall()
        model.pinText = "12a4"
        model.submitPin()
        XCTAssertNotNil(model.pinProblem)
        XCTAssertEqual(model.pinText, "")
        XCTAssertEqual(pinTarget()?.triesLeft, 3, "still on the PIN screen, nothing sent")
        XCTAssertFalse(model.isBusy)
    }

    func testWrongPinShowsTheCoresErrorAndTheNewCount() async {
        model.startDemo(profile("mynumber-complete"))
        model.choose(.auth)
        await waitForCall()
        model.pinText = "0000"
        model.submitPin()
        await waitForCall()
        XCTAssertEqual(model.alert?.code, "wrong_pin")
        XCTAssertEqual(pinTarget()?.triesLeft, 2)
        XCTAssertEqual(pinTarget()?.kind, .auth)
        XCTAssertEqual(model.pinText, "")
    }

    func testLastTryNeedsTheConfirmation() async {
        model.startDemo(profile("mynumber-last-try"))
        model.choose(.pinCheck)
        await waitForCall()
        XCTAssertEqual(pinTarget()?.lastTry, true)
        XCTAssertNotNil(model.pinScreen?.lastTryConfirmation)
        model.pinText = credentials.inputHelperPin
        model.submitPin()
        XCTAssertFalse(model.isBusy, "no tap 2 before the confirmation")
        XCTAssertEqual(model.pinText, credentials.inputHelperPin)
        model.confirmLastTry()
        model.submitPin()
        await waitForCall()
        XCTAssertEqual(model.phase, .result(.pinCheck))
    }

    func testBlockedPinShowsWhereToGo() async {
        model.startDemo(profile("mynumber-blocked"))
        model.choose(.signature)
        await waitForCall()
        XCTAssertEqual(model.phase, .blocked(check: .signature, kind: .signature))
        XCTAssertNotNil(model.pinScreen?.unlockNote)
    }

    func testIndividualNumberMaskedUntilTapped() async {
        model.startDemo(profile("mynumber-complete"))
        model.showsIndividualNumber = true
        model.choose(.pinCheck)
        await waitForCall()
        model.pinText = credentials.inputHelperPin
        model.submitPin()
        await waitForCall()
        XCTAssertEqual(model.shown?.screen.individualNumber?.revealed, false)
        model.revealIndividualNumber()
        XCTAssertEqual(model.shown?.screen.individualNumber?.value, "123456789018")
    }

    func testInPersonCheckFromTheCardFaceValues() async {
        model.startDemo(profile("mynumber-complete"))
        model.choose(.inPerson)
        model.birthDate = credentials.birthDate
        model.expiryYear = credentials.expiryYear
        model.securityCode = "12"
        model.submitInPerson()
        XCTAssertEqual(model.inPersonProblem?.field, .securityCode, "the core checks the inputs first")
        XCTAssertFalse(model.isBusy)
        model.securityCode = credentials.securityCode
        model.submitInPerson()
        await waitForCall()
        XCTAssertEqual(model.phase, .result(.inPerson))
        XCTAssertEqual(model.shown?.screen.images, [.photo, .nameImage, .addressImage])
    }

    func testWithoutNFCTheSessionErrorIsShown() async {
        model.choose(.pinCheck)
        await waitForCall()
        XCTAssertEqual(model.alert?.code, "nfc_unavailable")
        XCTAssertEqual(model.phase, .menu)
    }

    func testBackgroundWipesTheTypedPin() async {
        model.startDemo(profile("mynumber-complete"))
        model.choose(.pinCheck)
        await waitForCall()
        model.pinText = "12"
        model.enteredBackground()
        XCTAssertEqual(model.pinText, "")
    }
}

/// A My Number source that fails every call with `code` (the simulator has no NFC).
final class FailingMyNumberSource: MyNumberSource {
    private let code: String

    init(code: String) {
        self.code = code
    }

    func run(_ task: MyNumberTask, options: MyNumberOptions, onFinish: @escaping @Sendable (MyNumberCallOutcome) -> Void) {
        onFinish(.failure(.TransportUnavailable(info: ErrorCatalogue.info(code: code))))
    }

    func cancel() {}
}
