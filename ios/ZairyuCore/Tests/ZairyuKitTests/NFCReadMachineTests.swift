import XCTest
import ZairyuCore
@testable import ZairyuKit

/// The CoreNFC read's decisions, event by event, with the exact effects each one must produce.
final class NFCReadMachineTests: XCTestCase {
    private typealias M = NFCReadMachine

    /// A machine that has opened its session, found one ISO 7816 tag and connected.
    private func reading() -> M {
        var machine = M()
        XCTAssertEqual(machine.handle(.begin(sessionOpened: true)), [.beginSession])
        XCTAssertEqual(machine.handle(.tagsDetected(count: 1, iso7816: true)), [.connect])
        XCTAssertEqual(machine.handle(.connected(errorCode: nil)), [.startRead(.extended)])
        XCTAssertEqual(machine.phase, .reading(.extended))
        return machine
    }

    func testSuccessClosesTheSheetWithDoneAndFinishesOnce() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.readSucceeded), [.invalidate(showDone: true), .finishSuccess])
        XCTAssertEqual(machine.phase, .finished)
        // CoreNFC reports our own invalidate() as a user cancel: nothing more happens.
        XCTAssertEqual(machine.handle(.sessionInvalidated(userCancelled: true, code: "cancelled", transport: .Io(detail: "x"))), [])
        XCTAssertEqual(machine.handle(.readSucceeded), [])
    }

    func testNoNFCFinishesAsUnavailableWithoutASession() {
        var machine = M()
        XCTAssertEqual(machine.handle(.begin(sessionOpened: false)), [.finishFailure(code: "nfc_unavailable")])
        XCTAssertEqual(machine.phase, .finished)
        XCTAssertEqual(machine.handle(.cancel), [])
    }

    func testMultipleCardsPollAgainAndAForeignTagFails() {
        var machine = M()
        _ = machine.handle(.begin(sessionOpened: true))
        XCTAssertEqual(machine.handle(.tagsDetected(count: 2, iso7816: false)), [.retryPolling])
        XCTAssertEqual(machine.phase, .polling)
        XCTAssertEqual(machine.handle(.tagsDetected(count: 1, iso7816: false)), [
            .invalidateWithError(code: "not_a_residence_card"), .finishFailure(code: "not_a_residence_card"),
        ])
        XCTAssertEqual(machine.phase, .finished)
    }

    func testConnectErrorClosesTheSheetWithItsCode() {
        var machine = M()
        _ = machine.handle(.begin(sessionOpened: true))
        _ = machine.handle(.tagsDetected(count: 1, iso7816: true))
        XCTAssertEqual(machine.handle(.connected(errorCode: "card_lost")), [
            .invalidateWithError(code: "card_lost"), .finishFailure(code: "card_lost"),
        ])
        XCTAssertEqual(machine.handle(.sessionInvalidated(userCancelled: false, code: "card_lost", transport: .TagLost)), [])
    }

    func testCancelWhileReadingStopsTheReadClosesTheSheetAndFinishesAtOnce() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.cancel), [
            .stopRead(.Io(detail: "session cancelled by the app")),
            .invalidate(showDone: false),
            .finishFailure(code: "cancelled"),
        ])
        XCTAssertTrue(machine.userCancelled)
        XCTAssertEqual(machine.handle(.cancel), [], "a second cancel does nothing")
    }

    func testALateOutcomeAfterTheUserBackedOutIsIgnored() {
        var success = reading()
        _ = success.handle(.cancel)
        XCTAssertEqual(success.handle(.readSucceeded), [], "a read that completed after the user left is dropped")

        var failure = reading()
        _ = failure.handle(.cancel)
        XCTAssertEqual(failure.handle(.readFailed(code: "communication_error", fault: .other(code: 105))), [],
                       "no short-mode retry and no dialog after the user left")

        var connecting = M()
        _ = connecting.handle(.begin(sessionOpened: true))
        _ = connecting.handle(.tagsDetected(count: 1, iso7816: true))
        XCTAssertEqual(connecting.handle(.cancel), [.invalidate(showDone: false), .finishFailure(code: "cancelled")])
        XCTAssertEqual(connecting.handle(.connected(errorCode: nil)), [], "no read starts after the user left")
    }

    func testCancelBeforeTheSessionOpened() {
        var machine = M()
        XCTAssertEqual(machine.handle(.cancel), [.finishFailure(code: "cancelled")])
        XCTAssertEqual(machine.handle(.begin(sessionOpened: true)), [])
    }

    func testUserClosingTheSheetWhilePollingIsASilentCancel() {
        var machine = M()
        _ = machine.handle(.begin(sessionOpened: true))
        XCTAssertEqual(machine.handle(.sessionInvalidated(userCancelled: true, code: "cancelled", transport: .Io(detail: "session cancelled by the user"))),
                       [.finishFailure(code: "cancelled")])
    }

    func testSheetTimeoutWhilePollingIsCardNotDetected() {
        var machine = M()
        _ = machine.handle(.begin(sessionOpened: true))
        XCTAssertEqual(machine.handle(.sessionInvalidated(userCancelled: false, code: "card_lost", transport: .TagLost)),
                       [.finishFailure(code: "card_lost")])
    }

    func testInvalidationMidReadWakesTheExchangeAndTheReadsEndFinishes() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.sessionInvalidated(userCancelled: false, code: "card_lost", transport: .TagLost)), [.closeTransport(.TagLost)])
        XCTAssertFalse(machine.sessionOpen)
        // The read ends with the failure it was woken with; no retry (the session is gone) and no
        // invalidate (it already is).
        XCTAssertEqual(machine.handle(.readFailed(code: "card_lost", fault: .tagLost)), [.finishFailure(code: "card_lost")])
    }

    func testUserClosingTheSheetMidReadEndsAsCancelled() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.sessionInvalidated(userCancelled: true, code: "cancelled", transport: .Io(detail: "session cancelled by the user"))),
                       [.closeTransport(.Io(detail: "session cancelled by the user"))])
        XCTAssertEqual(machine.handle(.readFailed(code: "communication_error", fault: .noneSeen)), [.finishFailure(code: "cancelled")])
    }

    func testShortModeRetryAfterPacketTooLong() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.readFailed(code: "communication_error", fault: .other(code: 105))), [.startRead(.short)])
        XCTAssertEqual(machine.phase, .reading(.short))
        XCTAssertEqual(machine.handle(.readSucceeded), [.invalidate(showDone: true), .finishSuccess])
    }

    func testShortModeRetryAfterTagResponseError() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.readFailed(code: "communication_error", fault: .other(code: 102))), [.startRead(.short)])
    }

    func testShortModeRetryAfterTheBridgeTimedOut() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.readFailed(code: "communication_error", fault: .noneSeen)), [.startRead(.short)])
    }

    func testShortModeRetryAfterAnyOtherFailureTheChannelSaw() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.readFailed(code: "chip_broken", fault: .other(code: 101))), [.startRead(.short)])
    }

    func testOnlyOneRetryThenTheFailureIsShown() {
        var machine = reading()
        _ = machine.handle(.readFailed(code: "communication_error", fault: .other(code: 102)))
        XCTAssertEqual(machine.handle(.readFailed(code: "communication_error", fault: .other(code: 102))), [
            .invalidateWithError(code: "communication_error"), .finishFailure(code: "communication_error"),
        ])
    }

    func testNoRetryWhenTheCardLeftOrAnsweredForItself() {
        let cases: [(String, M.TransportFault)] = [
            ("card_lost", .tagLost),
            ("card_lost", .other(code: 105)),
            ("wrong_card_number", .noneSeen),
            ("wrong_card_number", .other(code: 102)),
            ("not_a_residence_card", .noneSeen),
            ("chip_broken", .noneSeen),
            ("malformed_data", .noneSeen),
        ]
        for (code, fault) in cases {
            var machine = reading()
            XCTAssertEqual(machine.handle(.readFailed(code: code, fault: fault)), [
                .invalidateWithError(code: code), .finishFailure(code: code),
            ], "\(code) \(fault)")
        }
    }

    func testACancelledReadIsSilent() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.readFailed(code: "cancelled", fault: .noneSeen)), [.invalidate(showDone: false), .finishFailure(code: "cancelled")])
    }

    func testTagsAfterTheReadStartedAreIgnored() {
        var machine = reading()
        XCTAssertEqual(machine.handle(.tagsDetected(count: 1, iso7816: true)), [])
        XCTAssertEqual(machine.phase, .reading(.extended))
    }

    func testModesStateTheirLength() {
        XCTAssertEqual(M.Mode.extended.maxApduLength, 65_546)
        XCTAssertEqual(M.Mode.short.maxApduLength, 258)
    }
}

final class ProgressThrottleTests: XCTestCase {
    private func event(_ step: ReadStep, _ fraction: Float) -> ProgressEvent {
        ProgressEvent(step: step, fraction: fraction, text: ZairyuCore.Text(ja: "", en: ""))
    }

    func testNewStepsAlwaysPassSmallMovesWithinAStepDoNot() {
        var throttle = ProgressThrottle()
        let events = [
            event(.authenticating, 0.00),
            event(.authenticating, 0.02),
            event(.readingFrontImage, 0.03),
            event(.readingFrontImage, 0.05),
            event(.readingFrontImage, 0.07),
            event(.readingFrontImage, 0.08),
            event(.readingFrontImage, 0.12),
            event(.readingFrontImage, 0.11),
            event(.verifying, 0.99),
            event(.done, 1.0),
            event(.done, 1.0),
        ]
        let admitted = events.map { throttle.admit($0) }
        XCTAssertEqual(admitted, [true, false, true, false, false, true, false, false, true, true, false])
    }

    func testTheEndPassesWithinTheSameStep() {
        var throttle = ProgressThrottle()
        XCTAssertTrue(throttle.admit(event(.readingSignature, 0.97)))
        XCTAssertTrue(throttle.admit(event(.readingSignature, 1.0)))
    }

    func testPercentIsClamped() {
        XCTAssertEqual(ProgressThrottle.percent(event(.done, 1.5)), 100)
        XCTAssertEqual(ProgressThrottle.percent(event(.done, -1)), 0)
        XCTAssertEqual(ProgressThrottle.percent(event(.done, 0.456)), 46)
    }
}

