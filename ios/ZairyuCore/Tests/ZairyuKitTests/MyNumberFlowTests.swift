import Foundation
import XCTest
import ZairyuCore
@testable import ZairyuKit

/// The My Number checks end to end on the core's software card, through the iOS bridge
/// (`SoftCardChannel` → `BlockingTransceiver`) and `MyNumberJob`'s thread, with the PIN handed
/// over as the app does it between two taps (`OneShotPinSource`). The demo card keeps its state
/// across calls, as a real card does between the taps.
final class MyNumberFlowTests: XCTestCase {
    private func demo(_ profile: String) throws -> DemoMyNumberCard {
        let found = try XCTUnwrap(DemoCard.profiles().first { $0.name == profile }, "profile \(profile)")
        return try DemoMyNumberCard(profile: found)
    }

    /// One call on the job's thread, waited for.
    private func call(_ task: MyNumberTask, on card: DemoMyNumberCard, allowLastTry: Bool = false,
                      readIndividualNumber: Bool = false) -> Result<MyNumberOutcome, ZairyuError> {
        let done = expectation(description: "call finished")
        let box = MyNumberOutcomeBox()
        _ = MyNumberJob.start(task: task, transceiver: card.transceiver,
                              options: card.options(allowLastTry: allowLastTry, readIndividualNumber: readIndividualNumber)) {
            box.set($0)
            done.fulfill()
        }
        wait(for: [done], timeout: 60)
        return box.get() ?? .failure(.Internal(info: ErrorCatalogue.info(code: "internal"), detail: "no outcome"))
    }

    private func readStatus(_ card: DemoMyNumberCard) throws -> MyNumberStatus {
        guard case let .status(status) = try call(.status, on: card).get() else {
            throw XCTSkip("status call returned a result")
        }
        return status
    }

    private func checkResult(_ outcome: Result<MyNumberOutcome, ZairyuError>) throws -> MyNumberResult {
        guard case let .result(result) = try outcome.get() else {
            XCTFail("expected a check result")
            throw CancellationError()
        }
        return result
    }

    private func tries(_ status: MyNumberStatus) -> [PinKind: UInt8] {
        Dictionary(uniqueKeysWithValues: status.pins.map { ($0.kind, $0.triesLeft) })
    }

    func testDemoProfilesAreMyNumberAndSpecifiedCardsWithCredentials() throws {
        let names = DemoMyNumberCard.profiles().map(\.name)
        XCTAssertTrue(names.contains("mynumber-complete"))
        XCTAssertTrue(names.contains("specified-07"))
        XCTAssertFalse(names.contains("residence"))
        let complete = try demo("mynumber-complete").profile
        XCTAssertEqual(complete.family, .myNumber)
        XCTAssertEqual(complete.credentials?.inputHelperPin, "1234")
        XCTAssertEqual(complete.credentials?.securityCode, "4826")
    }

    func testTap1ReadsEveryCounterWithoutSpendingATry() throws {
        let card = try demo("mynumber-complete")
        let first = try readStatus(card)
        XCTAssertEqual(first.kind, .myNumberCard)
        XCTAssertEqual(first.pins, [
            PinStatus(kind: .inputHelper, triesLeft: 3, blocked: false),
            PinStatus(kind: .collationB, triesLeft: 10, blocked: false),
            PinStatus(kind: .auth, triesLeft: 3, blocked: false),
            PinStatus(kind: .signature, triesLeft: 5, blocked: false),
        ])
        XCTAssertTrue(first.authCertificate)
        XCTAssertTrue(first.signatureCertificate)
        XCTAssertEqual(first.wire.apdus, 14)
        XCTAssertEqual(try readStatus(card).pins, first.pins, "reading the counters costs nothing")
    }

    func testPinCheckWithTheTypedPin() throws {
        let card = try demo("mynumber-complete")
        let source = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 3)
        let result = try checkResult(call(.pinCheck(source), on: card))
        XCTAssertEqual(source.timesAsked, 1)
        XCTAssertEqual(try result.check(), .pinCheck)
        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(try result.pins(), [PinStatus(kind: .inputHelper, triesLeft: 3, blocked: false)])
        XCTAssertEqual(try result.wireStats().apdus, 14)
        let screen = try result.screen(matched: nil, revealIndividualNumber: false)
        XCTAssertNotNil(screen.testAnchorNotice, "a demo pass is always marked as a TEST pass")
        XCTAssertNil(screen.individualNumber, "the 個人番号 is read only when the operator turned it on")
        XCTAssertTrue(screen.rows.contains { $0.value.ja == "試験　花子" && $0.personal }, "the holder's name, flagged personal")
    }

    func testIndividualNumberOnlyWhenTurnedOnAndMaskedUntilRevealed() throws {
        let card = try demo("mynumber-complete")
        let source = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 3)
        let result = try checkResult(call(.pinCheck(source), on: card, readIndividualNumber: true))
        let masked = try XCTUnwrap(try result.screen(matched: nil, revealIndividualNumber: false).individualNumber)
        XCTAssertFalse(masked.revealed)
        XCTAssertEqual(masked.value, String(repeating: "●", count: 12))
        let shown = try XCTUnwrap(try result.screen(matched: nil, revealIndividualNumber: true).individualNumber)
        XCTAssertTrue(shown.revealed)
        XCTAssertEqual(shown.value, "123456789018")
    }

    func testMatchFieldsGiveAPerFieldResult() throws {
        let card = try demo("mynumber-complete")
        let source = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 3)
        let result = try checkResult(call(.pinCheck(source), on: card))
        let same = try result.screen(matched: MatchInput(name: "試験　花子", birthDate: "1985-04-12", address: nil), revealIndividualNumber: false)
        XCTAssertNil(same.mismatch)
        let differs = try result.screen(matched: MatchInput(name: nil, birthDate: "1985-04-13", address: nil), revealIndividualNumber: false)
        XCTAssertNotNil(differs.mismatch, "seed 003's sentence when a typed field differs")
    }

    func testWrongPinCostsOneTryAndTheNextTap1ShowsIt() throws {
        let card = try demo("mynumber-complete")
        let source = OneShotPinSource(secret: SecretBytes("9999"), kind: .inputHelper, expectedTriesLeft: 3)
        switch call(.pinCheck(source), on: card) {
        case let .failure(error):
            XCTAssertEqual(error.code, "wrong_pin")
            XCTAssertEqual(error.triesLeft, 2)
            guard case let .WrongPin(_, pin, _) = error else { return XCTFail("\(error.code)") }
            XCTAssertEqual(pin, .inputHelper)
        case .success:
            XCTFail("a wrong PIN passed")
        }
        XCTAssertEqual(source.timesAsked, 1)
        XCTAssertEqual(tries(try readStatus(card))[.inputHelper], 2)
    }

    func testACounterThatChangedBetweenTheTapsSpendsNoTry() throws {
        let card = try demo("mynumber-complete")
        // Tap 1 showed 3; a wrong try elsewhere made it 2 before tap 2.
        let wrong = OneShotPinSource(secret: SecretBytes("9999"), kind: .inputHelper, expectedTriesLeft: 3)
        _ = call(.pinCheck(wrong), on: card)
        let source = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 3)
        switch call(.pinCheck(source), on: card) {
        case let .failure(error): XCTAssertEqual(error.code, "cancelled")
        case .success: XCTFail("a PIN typed for another count was sent")
        }
        XCTAssertEqual(source.staleCounter, 2)
        XCTAssertEqual(tries(try readStatus(card))[.inputHelper], 2, "no VERIFY was sent")
    }

    func testLastTryIsRefusedWithoutConfirmationAndTakenWithIt() throws {
        let card = try demo("mynumber-last-try")
        XCTAssertEqual(tries(try readStatus(card))[.inputHelper], 1)
        let unconfirmed = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 1)
        switch call(.pinCheck(unconfirmed), on: card, allowLastTry: false) {
        case let .failure(error): XCTAssertEqual(error.code, "last_try_refused")
        case .success: XCTFail("last try spent without confirmation")
        }
        XCTAssertEqual(unconfirmed.timesAsked, 0, "the PIN is not even asked for")
        XCTAssertEqual(tries(try readStatus(card))[.inputHelper], 1)

        let confirmed = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 1)
        let result = try checkResult(call(.pinCheck(confirmed), on: card, allowLastTry: true))
        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(tries(try readStatus(card))[.inputHelper], 3, "a right PIN resets the counter")
    }

    func testBlockedPinIsReportedWithoutAskingForIt() throws {
        let card = try demo("mynumber-blocked")
        let status = try readStatus(card)
        XCTAssertEqual(status.pins.first { $0.kind == .inputHelper }, PinStatus(kind: .inputHelper, triesLeft: 0, blocked: true))
        let source = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 0)
        switch call(.pinCheck(source), on: card, allowLastTry: true) {
        case let .failure(error): XCTAssertEqual(error.code, "pin_blocked")
        case .success: XCTFail("a blocked PIN passed")
        }
        XCTAssertEqual(source.timesAsked, 0)
    }

    func testAuthAndSignatureChecksStateThatRevocationWasNotChecked() throws {
        let card = try demo("mynumber-complete")
        let auth = try checkResult(call(.auth(OneShotPinSource(secret: SecretBytes("5678"), kind: .auth, expectedTriesLeft: 3)), on: card))
        XCTAssertEqual(try auth.check(), .auth)
        XCTAssertEqual(try auth.verdict(), .normal)
        XCTAssertNotNil(try auth.screen(matched: nil, revealIndividualNumber: false).revocationNote)

        let signature = try checkResult(call(.signature(OneShotPinSource(secret: SecretBytes("TEST1234AB"), kind: .signature, expectedTriesLeft: 5)), on: card))
        XCTAssertEqual(try signature.check(), .signature)
        XCTAssertEqual(try signature.verdict(), .normal)
        let screen = try signature.screen(matched: nil, revealIndividualNumber: false)
        XCTAssertNotNil(screen.revocationNote)
        XCTAssertFalse(screen.indicators.isEmpty)
    }

    func testNoSignatureCertificateIsFoundBeforeThePasswordIsAsked() throws {
        let card = try demo("mynumber-no-signature-cert")
        XCTAssertFalse(try readStatus(card).signatureCertificate)
        let source = OneShotPinSource(secret: SecretBytes("TEST1234AB"), kind: .signature, expectedTriesLeft: 5)
        switch call(.signature(source), on: card) {
        case let .failure(error): XCTAssertEqual(error.code, "no_signature_certificate")
        case .success: XCTFail("a signature check without a certificate passed")
        }
        XCTAssertEqual(source.timesAsked, 0)
    }

    func testInPersonCheckWithTheCardFaceValues() throws {
        let card = try demo("mynumber-complete")
        let c = try XCTUnwrap(card.profile.credentials)
        XCTAssertNil(try checkCollationInput(birthDate: c.birthDate, expiryYear: c.expiryYear, securityCode: c.securityCode))
        let result = try checkResult(call(.inPerson(birthDate: c.birthDate, expiryYear: c.expiryYear, securityCode: c.securityCode), on: card))
        XCTAssertEqual(try result.check(), .inPerson)
        XCTAssertEqual(try result.verdict(), .normal)
        let screen = try result.screen(matched: nil, revealIndividualNumber: false)
        XCTAssertEqual(screen.images, [.photo, .nameImage, .addressImage])
        XCTAssertEqual(try result.wireStats().apdus, 20)
        XCTAssertNotNil(try result.imagePng(which: .photo, maxWidth: 400, maxHeight: 400))
        XCTAssertNotNil(try result.imagePng(which: .nameImage, maxWidth: 400, maxHeight: 400))
    }

    func testInPersonWrongSecurityCodeIsAWrongPinOfTheCollationNumber() throws {
        let card = try demo("mynumber-complete")
        switch call(.inPerson(birthDate: "1985-04-12", expiryYear: "2034", securityCode: "0000"), on: card) {
        case let .failure(error):
            XCTAssertEqual(error.code, "wrong_pin")
            XCTAssertEqual(error.triesLeft, 9)
        case .success:
            XCTFail("a wrong security code passed")
        }
    }

    func testBadInPersonInputNeverReachesTheCard() throws {
        let problem = try XCTUnwrap(try checkCollationInput(birthDate: "1985-02-30", expiryYear: "2034", securityCode: "4826"))
        XCTAssertEqual(problem.field, .birthDate)
        let card = try demo("mynumber-complete")
        let before = try card.card.apduCount()
        switch call(.inPerson(birthDate: "1985-02-30", expiryYear: "2034", securityCode: "4826"), on: card) {
        case let .failure(error): XCTAssertEqual(error.code, "invalid_collation_input")
        case .success: XCTFail("an impossible date passed")
        }
        XCTAssertEqual(try card.card.apduCount(), before)
    }

    func testAResidenceCardIsNotAMyNumberCard() throws {
        let profile = try XCTUnwrap(DemoCard.profiles().first { $0.name == "residence" })
        let card = try DemoMyNumberCard(profile: profile)
        switch call(.status, on: card) {
        case let .failure(error): XCTAssertEqual(error.code, "not_a_my_number_card")
        case .success: XCTFail("a residence card answered as a My Number card")
        }
    }

    func testASpecifiedCardAnswersTheMyNumberChecks() throws {
        let card = try demo("specified-07")
        XCTAssertEqual(try readStatus(card).kind, .specifiedResidenceCard)
    }

    func testCancelStopsTheCallBeforeItsNextApdu() throws {
        let card = try SoftCardTransceiver(profile: "mynumber-complete")
        let jobBox = JobBox()
        let channel = InterceptingChannel(card: card, at: 2, swallow: false) {
            // The job is stored right after it starts; wait for that (the wait only stops a race).
            for _ in 0..<200 where jobBox.job == nil {
                Thread.sleep(forTimeInterval: 0.01)
            }
            jobBox.job?.cancel()
        }
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: card.maxApduLength())
        let done = expectation(description: "cancelled")
        let box = MyNumberOutcomeBox()
        jobBox.job = MyNumberJob.start(task: .status, transceiver: bridge,
                                       options: MyNumberOptions(testAnchors: try card.myNumberTestAnchors())) {
            box.set($0)
            done.fulfill()
        }
        wait(for: [done], timeout: 60)
        switch box.get() {
        case let .failure(error)?: XCTAssertEqual(error.code, "cancelled")
        default: XCTFail("not cancelled")
        }
    }
}

final class MyNumberOutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<MyNumberOutcome, ZairyuError>?

    func set(_ value: Result<MyNumberOutcome, ZairyuError>) {
        lock.lock()
        outcome = value
        lock.unlock()
    }

    func get() -> Result<MyNumberOutcome, ZairyuError>? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}

final class JobBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: MyNumberJob?

    var job: MyNumberJob? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}
