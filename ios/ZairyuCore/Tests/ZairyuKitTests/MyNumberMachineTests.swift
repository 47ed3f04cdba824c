import Foundation
import XCTest
import ZairyuCore
@testable import ZairyuKit

/// `MyNumberMachine` event by event: the two taps of the PIN checks, the last-try confirmation,
/// a wrong PIN, a blocked PIN, a counter that changed between the taps, cancel and late outcomes,
/// and the in-person check.
final class MyNumberMachineTests: XCTestCase {
    private func pins(helper: UInt8 = 3, auth: UInt8 = 3, signature: UInt8 = 5, blocked: Bool = false) -> [PinStatus] {
        [
            PinStatus(kind: .inputHelper, triesLeft: helper, blocked: blocked),
            PinStatus(kind: .collationB, triesLeft: 10, blocked: false),
            PinStatus(kind: .auth, triesLeft: auth, blocked: blocked),
            PinStatus(kind: .signature, triesLeft: signature, blocked: blocked),
        ]
    }

    private func target(_ check: MyNumberCheck, _ kind: PinKind, _ tries: UInt8, confirmed: Bool = false) -> MyNumberMachine.Phase {
        .pinEntry(MyNumberMachine.PinTarget(check: check, kind: kind, triesLeft: tries, confirmed: confirmed))
    }

    func testPinCheckTakesTwoTapsWithTheCountersReadFirst() {
        var m = MyNumberMachine()
        XCTAssertEqual(m.handle(.choose(.pinCheck)), [.readStatus])
        XCTAssertEqual(m.phase, .readingStatus(.pinCheck))
        XCTAssertEqual(m.handle(.statusRead(pins: pins(), signatureCertificate: true)), [])
        XCTAssertEqual(m.phase, target(.pinCheck, .inputHelper, 3))
        XCTAssertEqual(m.handle(.submitPin), [.runCheck(.pinCheck, allowLastTry: false, expectedTriesLeft: 3)])
        XCTAssertEqual(m.phase, .checking(.pinCheck))
        XCTAssertEqual(m.handle(.checkSucceeded), [.wipePin])
        XCTAssertEqual(m.phase, .result(.pinCheck))
        XCTAssertEqual(m.handle(.back), [.dropResult, .wipePin])
        XCTAssertEqual(m.phase, .menu)
    }

    func testEachCheckAsksForItsOwnPin() {
        XCTAssertEqual(MyNumberMachine.pinKind(for: .pinCheck), .inputHelper)
        XCTAssertEqual(MyNumberMachine.pinKind(for: .auth), .auth)
        XCTAssertEqual(MyNumberMachine.pinKind(for: .signature), .signature)
        XCTAssertNil(MyNumberMachine.pinKind(for: .inPerson))
        var m = MyNumberMachine()
        _ = m.handle(.choose(.signature))
        _ = m.handle(.statusRead(pins: pins(signature: 4), signatureCertificate: true))
        XCTAssertEqual(m.phase, target(.signature, .signature, 4))
        var a = MyNumberMachine()
        _ = a.handle(.choose(.auth))
        _ = a.handle(.statusRead(pins: pins(auth: 2), signatureCertificate: false))
        XCTAssertEqual(a.phase, target(.auth, .auth, 2), "the auth check does not need the signature certificate")
    }

    func testTheLastTryNeedsAnExplicitConfirmation() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        _ = m.handle(.statusRead(pins: pins(helper: 1), signatureCertificate: true))
        guard case let .pinEntry(t) = m.phase else { return XCTFail("no PIN screen") }
        XCTAssertTrue(t.lastTry)
        XCTAssertFalse(t.canSubmit)
        XCTAssertEqual(m.handle(.submitPin), [], "no check before the confirmation")
        XCTAssertEqual(m.phase, target(.pinCheck, .inputHelper, 1))
        XCTAssertEqual(m.handle(.confirmLastTry), [])
        XCTAssertEqual(m.phase, target(.pinCheck, .inputHelper, 1, confirmed: true))
        XCTAssertEqual(m.handle(.submitPin), [.runCheck(.pinCheck, allowLastTry: true, expectedTriesLeft: 1)])
    }

    func testAConfirmationIsIgnoredWhenItIsNotTheLastTry() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.auth))
        _ = m.handle(.statusRead(pins: pins(auth: 2), signatureCertificate: true))
        XCTAssertEqual(m.handle(.confirmLastTry), [])
        XCTAssertEqual(m.phase, target(.auth, .auth, 2))
        XCTAssertEqual(m.handle(.submitPin), [.runCheck(.auth, allowLastTry: false, expectedTriesLeft: 2)])
    }

    func testWrongPinShowsTheErrorAndTheNewCountWithoutRetrying() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        _ = m.handle(.statusRead(pins: pins(), signatureCertificate: true))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.failed(code: "wrong_pin", triesLeft: 2)), [.wipePin, .showError(code: "wrong_pin")])
        XCTAssertEqual(m.phase, target(.pinCheck, .inputHelper, 2))
        // The next try is the user's: it needs a new submit (tap 2), with the new count.
        XCTAssertEqual(m.handle(.submitPin), [.runCheck(.pinCheck, allowLastTry: false, expectedTriesLeft: 2)])
        XCTAssertEqual(m.handle(.failed(code: "wrong_pin", triesLeft: 1)), [.wipePin, .showError(code: "wrong_pin")])
        XCTAssertEqual(m.phase, target(.pinCheck, .inputHelper, 1))
        XCTAssertEqual(m.handle(.submitPin), [], "the last try still needs its confirmation")
        XCTAssertEqual(m.handle(.confirmLastTry), [])
        XCTAssertEqual(m.handle(.submitPin), [.runCheck(.pinCheck, allowLastTry: true, expectedTriesLeft: 1)])
        XCTAssertEqual(m.handle(.failed(code: "wrong_pin", triesLeft: 0)), [.wipePin, .showError(code: "wrong_pin")])
        XCTAssertEqual(m.phase, .blocked(check: .pinCheck, kind: .inputHelper))
    }

    func testABlockedPinOffersNoEntry() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        XCTAssertEqual(m.handle(.statusRead(pins: pins(helper: 0, blocked: true), signatureCertificate: true)), [])
        XCTAssertEqual(m.phase, .blocked(check: .pinCheck, kind: .inputHelper))
        XCTAssertEqual(m.handle(.submitPin), [])
        XCTAssertEqual(m.handle(.confirmLastTry), [])
        XCTAssertEqual(m.handle(.back), [.wipePin])
        XCTAssertEqual(m.phase, .menu)
        // Blocked as found by the check itself.
        var c = MyNumberMachine()
        _ = c.handle(.choose(.auth))
        _ = c.handle(.statusRead(pins: pins(), signatureCertificate: true))
        _ = c.handle(.submitPin)
        XCTAssertEqual(c.handle(.failed(code: "pin_blocked", triesLeft: nil)), [.wipePin, .showError(code: "pin_blocked")])
        XCTAssertEqual(c.phase, .blocked(check: .auth, kind: .auth))
    }

    func testLastTryRefusedByTheCoreAsksForTheConfirmation() {
        // The counter dropped to 1 between the taps and the user had not confirmed: the core
        // refused before asking for the PIN; the screen comes back asking for the confirmation.
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        _ = m.handle(.statusRead(pins: pins(helper: 2), signatureCertificate: true))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.failed(code: "last_try_refused", triesLeft: nil)), [.wipePin, .showError(code: "last_try_refused")])
        XCTAssertEqual(m.phase, target(.pinCheck, .inputHelper, 1))
    }

    func testACounterThatChangedBetweenTheTapsShowsTheNewCount() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.signature))
        _ = m.handle(.statusRead(pins: pins(), signatureCertificate: true))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.counterChanged(triesLeft: 4)), [.wipePin])
        XCTAssertEqual(m.phase, target(.signature, .signature, 4))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.counterChanged(triesLeft: 0)), [.wipePin])
        XCTAssertEqual(m.phase, .blocked(check: .signature, kind: .signature))
    }

    func testNoSignatureCertificateIsSaidBeforeAnyPasswordIsAsked() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.signature))
        XCTAssertEqual(m.handle(.statusRead(pins: pins(), signatureCertificate: false)), [.showError(code: "no_signature_certificate")])
        XCTAssertEqual(m.phase, .menu)
    }

    func testStatusWithoutTheCheckedPinIsAnInternalError() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.auth))
        XCTAssertEqual(m.handle(.statusRead(pins: [PinStatus(kind: .inputHelper, triesLeft: 3, blocked: false)], signatureCertificate: true)),
                       [.showError(code: "internal")])
        XCTAssertEqual(m.phase, .menu)
    }

    func testTap1FailuresReturnToTheMenu() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        XCTAssertEqual(m.handle(.failed(code: "not_a_my_number_card", triesLeft: nil)), [.showError(code: "not_a_my_number_card")])
        XCTAssertEqual(m.phase, .menu)
        _ = m.handle(.choose(.pinCheck))
        XCTAssertEqual(m.handle(.failed(code: "cancelled", triesLeft: nil)), [], "closing the sheet shows nothing")
        XCTAssertEqual(m.phase, .menu)
    }

    func testCancelDuringATapStopsTheSessionAndIgnoresItsLateOutcome() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        XCTAssertEqual(m.handle(.back), [.stopSession, .wipePin])
        XCTAssertEqual(m.phase, .menu)
        XCTAssertEqual(m.handle(.statusRead(pins: pins(), signatureCertificate: true)), [], "late tap 1 outcome")
        XCTAssertEqual(m.phase, .menu)

        _ = m.handle(.choose(.auth))
        _ = m.handle(.statusRead(pins: pins(), signatureCertificate: true))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.back), [.stopSession, .wipePin])
        XCTAssertEqual(m.handle(.checkSucceeded), [], "late tap 2 outcome")
        XCTAssertEqual(m.handle(.failed(code: "wrong_pin", triesLeft: 2)), [])
        XCTAssertEqual(m.phase, .menu)
    }

    func testClosingTheSheetOnTap2NeedsANewTap1() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        _ = m.handle(.statusRead(pins: pins(), signatureCertificate: true))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.failed(code: "cancelled", triesLeft: nil)), [.wipePin])
        XCTAssertEqual(m.phase, .menu)
    }

    func testOtherCheckFailuresShowTheErrorAndReturnToTheMenu() {
        var m = MyNumberMachine()
        _ = m.handle(.choose(.pinCheck))
        _ = m.handle(.statusRead(pins: pins(), signatureCertificate: true))
        _ = m.handle(.submitPin)
        XCTAssertEqual(m.handle(.failed(code: "card_lost", triesLeft: nil)), [.wipePin, .showError(code: "card_lost")])
        XCTAssertEqual(m.phase, .menu)
    }

    func testInPersonCheckIsOneTapAndConfirmsTheCollationNumbersLastTry() {
        var m = MyNumberMachine()
        XCTAssertEqual(m.handle(.choose(.inPerson)), [])
        XCTAssertEqual(m.phase, .inPersonEntry(lastTryPending: false, lastTryConfirmed: false))
        XCTAssertEqual(m.handle(.submitPin), [], "no PIN on the in-person check")
        XCTAssertEqual(m.handle(.submitInPerson), [.runCheck(.inPerson, allowLastTry: false, expectedTriesLeft: nil)])
        XCTAssertEqual(m.handle(.failed(code: "wrong_pin", triesLeft: 9)), [.showError(code: "wrong_pin")])
        XCTAssertEqual(m.phase, .inPersonEntry(lastTryPending: false, lastTryConfirmed: false))
        _ = m.handle(.submitInPerson)
        XCTAssertEqual(m.handle(.failed(code: "last_try_refused", triesLeft: nil)), [.showError(code: "last_try_refused")])
        XCTAssertEqual(m.phase, .inPersonEntry(lastTryPending: true, lastTryConfirmed: false))
        XCTAssertEqual(m.handle(.submitInPerson), [], "not without the confirmation")
        XCTAssertEqual(m.handle(.confirmLastTry), [])
        XCTAssertEqual(m.handle(.submitInPerson), [.runCheck(.inPerson, allowLastTry: true, expectedTriesLeft: nil)])
        XCTAssertEqual(m.handle(.checkSucceeded), [.wipePin])
        XCTAssertEqual(m.phase, .result(.inPerson))
    }
}
