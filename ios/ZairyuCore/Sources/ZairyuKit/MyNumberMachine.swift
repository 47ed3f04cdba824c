import Foundation
import ZairyuCore

/// The My Number checks on iOS as a plain value: which screen comes next, when an NFC session
/// starts and with what, from events the app feeds in. `MyNumberModel` (the app) carries out the
/// effects and nothing else, so every path — the two taps, the last-try confirmation, a wrong
/// PIN, a blocked PIN, a counter that changed between the taps, cancel — is tested here.
///
/// Why two taps on iOS (Android asks with the card held): CoreNFC's reader sheet covers the app
/// for as long as the session runs, so no PIN can be typed while the card is on the phone. Tap 1
/// reads the card's counters (`my_number_status`, no try spent); the PIN screen shows that count
/// and the lock warning; the user types and confirms; tap 2 runs the check with a `PinSource`
/// that hands over the typed PIN once (`OneShotPinSource`). The core reads the counter again
/// before VERIFY, so if it changed between the taps the check is refused rather than a try
/// spent that the user did not confirm.
///
/// It speaks catalogue codes (`wrong_pin`, `pin_blocked`, …) and counters, never PINs.
public struct MyNumberMachine: Sendable, Equatable {
    /// The PIN screen's state: which PIN, the card's counter as last read, the confirmation.
    public struct PinTarget: Sendable, Equatable {
        public let check: MyNumberCheck
        public let kind: PinKind
        public let triesLeft: UInt8
        /// The user confirmed the last-try warning (only ever true when `triesLeft == 1`).
        public var confirmed: Bool

        public var lastTry: Bool { triesLeft == 1 }

        /// Submitting is allowed: not the last try, or the last try confirmed.
        public var canSubmit: Bool { !lastTry || confirmed }
    }

    public enum Phase: Sendable, Equatable {
        /// The check menu.
        case menu
        /// The in-person entry (birth date, expiry year, security code). `lastTryConfirmed`
        /// after the core refused the collation number's last try and the user confirmed it.
        case inPersonEntry(lastTryPending: Bool, lastTryConfirmed: Bool)
        /// Tap 1 of a PIN check: the session reading the counters.
        case readingStatus(MyNumberCheck)
        /// The PIN screen.
        case pinEntry(PinTarget)
        /// The PIN is blocked: where to go (the municipal office); no entry.
        case blocked(check: MyNumberCheck, kind: PinKind)
        /// Tap 2 (or the in-person tap): the check runs.
        case checking(MyNumberCheck)
        /// A finished check's result.
        case result(MyNumberCheck)
    }

    public enum Event: Sendable, Equatable {
        case choose(MyNumberCheck)
        /// Tap 1 ended with the card's counters.
        case statusRead(pins: [PinStatus], signatureCertificate: Bool)
        /// The user confirmed the last-try warning.
        case confirmLastTry
        /// The typed PIN passed the core's input check and the user tapped to check (tap 2).
        case submitPin
        /// The in-person inputs passed the core's check and the user tapped to read.
        case submitInPerson
        case checkSucceeded
        /// Tap 1 or the check failed with catalogue `code`; `triesLeft` for `wrong_pin`.
        case failed(code: String, triesLeft: UInt8?)
        /// The check was stopped before VERIFY because the counter read at tap 2 was not the
        /// one the user saw: show the new count.
        case counterChanged(triesLeft: UInt8)
        /// The user left the current screen (back, or closed the result).
        case back
    }

    public enum Effect: Sendable, Equatable {
        /// Open a session and read the counters (`my_number_status`).
        case readStatus
        /// Open a session and run the check; `allowLastTry` only after the user confirmed.
        /// `expectedTriesLeft` is the counter the PIN screen showed (nil for the in-person check).
        case runCheck(MyNumberCheck, allowLastTry: Bool, expectedTriesLeft: UInt8?)
        /// Stop a session that is running.
        case stopSession
        /// Overwrite the typed PIN (and empty its field).
        case wipePin
        /// Show the error of the last failure (the app keeps its `ErrorInfo`) or this code's entry.
        case showError(code: String)
        /// Drop the result (the core frees its data and images).
        case dropResult
    }

    public private(set) var phase: Phase = .menu

    public init() {}

    /// The PIN each PIN check asks for.
    public static func pinKind(for check: MyNumberCheck) -> PinKind? {
        switch check {
        case .inPerson: return nil
        case .pinCheck: return .inputHelper
        case .auth: return .auth
        case .signature: return .signature
        }
    }

    public mutating func handle(_ event: Event) -> [Effect] {
        switch (phase, event) {
        case let (.menu, .choose(check)):
            if check == .inPerson {
                phase = .inPersonEntry(lastTryPending: false, lastTryConfirmed: false)
                return []
            }
            phase = .readingStatus(check)
            return [.readStatus]

        case let (.readingStatus(check), .statusRead(pins, signatureCertificate)):
            guard let kind = Self.pinKind(for: check),
                  let status = pins.first(where: { $0.kind == kind })
            else {
                phase = .menu
                return [.showError(code: "internal")]
            }
            if check == .signature && !signatureCertificate {
                // Found before any password is asked (an under-15 card has neither).
                phase = .menu
                return [.showError(code: "no_signature_certificate")]
            }
            if status.blocked || status.triesLeft == 0 {
                phase = .blocked(check: check, kind: kind)
                return []
            }
            phase = .pinEntry(PinTarget(check: check, kind: kind, triesLeft: status.triesLeft, confirmed: false))
            return []

        case let (.readingStatus, .failed(code, _)):
            phase = .menu
            return code == "cancelled" ? [] : [.showError(code: code)]

        case (.pinEntry(var target), .confirmLastTry):
            guard target.lastTry else { return [] }
            target.confirmed = true
            phase = .pinEntry(target)
            return []

        case let (.pinEntry(target), .submitPin):
            guard target.canSubmit else { return [] }
            phase = .checking(target.check)
            return [.runCheck(target.check, allowLastTry: target.lastTry && target.confirmed, expectedTriesLeft: target.triesLeft)]

        case (.inPersonEntry(true, _), .confirmLastTry):
            phase = .inPersonEntry(lastTryPending: true, lastTryConfirmed: true)
            return []

        case let (.inPersonEntry(pending, confirmed), .submitInPerson):
            guard !pending || confirmed else { return [] }
            phase = .checking(.inPerson)
            return [.runCheck(.inPerson, allowLastTry: confirmed, expectedTriesLeft: nil)]

        case let (.checking(check), .checkSucceeded):
            phase = .result(check)
            return [.wipePin]

        case let (.checking(check), .failed(code, triesLeft)):
            return failedCheck(check, code: code, triesLeft: triesLeft)

        case let (.checking(check), .counterChanged(triesLeft)):
            guard let kind = Self.pinKind(for: check) else { return [] }
            if triesLeft == 0 {
                phase = .blocked(check: check, kind: kind)
            } else {
                phase = .pinEntry(PinTarget(check: check, kind: kind, triesLeft: triesLeft, confirmed: false))
            }
            return [.wipePin]

        case (.readingStatus, .back), (.checking, .back):
            phase = .menu
            return [.stopSession, .wipePin]

        case (.result, .back):
            phase = .menu
            return [.dropResult, .wipePin]

        case (.pinEntry, .back), (.blocked, .back), (.inPersonEntry, .back):
            phase = .menu
            return [.wipePin]

        default:
            // Out of order or late (a session's outcome after the user left): nothing changes.
            return []
        }
    }

    private mutating func failedCheck(_ check: MyNumberCheck, code: String, triesLeft: UInt8?) -> [Effect] {
        let kind = Self.pinKind(for: check)
        if check == .inPerson {
            switch code {
            case "last_try_refused":
                // The card has one try left on the collation number: ask before using it.
                phase = .inPersonEntry(lastTryPending: true, lastTryConfirmed: false)
                return [.showError(code: code)]
            case "pin_blocked":
                phase = .inPersonEntry(lastTryPending: false, lastTryConfirmed: false)
                return [.showError(code: code)]
            case "cancelled":
                phase = .inPersonEntry(lastTryPending: false, lastTryConfirmed: false)
                return []
            default:
                phase = .inPersonEntry(lastTryPending: false, lastTryConfirmed: false)
                return [.showError(code: code)]
            }
        }
        guard let kind else { return [] }
        switch code {
        case "wrong_pin":
            // No retry of ours: the PIN screen comes back with the card's new count, empty.
            if let triesLeft, triesLeft > 0 {
                phase = .pinEntry(PinTarget(check: check, kind: kind, triesLeft: triesLeft, confirmed: false))
            } else {
                phase = .blocked(check: check, kind: kind)
            }
            return [.wipePin, .showError(code: code)]
        case "pin_blocked":
            phase = .blocked(check: check, kind: kind)
            return [.wipePin, .showError(code: code)]
        case "last_try_refused":
            phase = .pinEntry(PinTarget(check: check, kind: kind, triesLeft: 1, confirmed: false))
            return [.wipePin, .showError(code: code)]
        case "cancelled":
            // The user closed the sheet. The counter is unknown again, so the PIN screen is
            // reached only through a new tap 1; the typed PIN goes.
            phase = .menu
            return [.wipePin]
        default:
            phase = .menu
            return [.wipePin, .showError(code: code)]
        }
    }
}
