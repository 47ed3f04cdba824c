import Foundation
import ZairyuCore

/// The decisions of one CoreNFC read, as a plain value: what to do when the session opens, a card
/// is found, the connection is made, the read ends, the session is invalidated or the user backs
/// out. `NFCCardReader` (the CoreNFC delegate) feeds it events and carries out the effects it
/// returns, and nothing else; so every path — cancel, invalidation, the short-APDU retry, a
/// connect error, a late outcome after the user left — is tested here without a radio.
///
/// It speaks catalogue codes, not `ErrorInfo`s, so it never calls the core; the reader turns a
/// code into the core's entry when it shows it.
public struct NFCReadMachine: Sendable, Equatable {
    /// How the transport states its APDU length to the core.
    public enum Mode: Sendable, Equatable {
        /// Whole files with extended Lc/Le (65 546).
        case extended
        /// Short APDUs, files read in chunks (258).
        case short

        public var maxApduLength: UInt32 {
            switch self {
            case .extended: return APDULength.extended
            case .short: return APDULength.short
            }
        }
    }

    /// What went wrong on the wire during a failed read, as the tag channel saw it first.
    public enum TransportFault: Sendable, Equatable {
        /// CoreNFC reported no failure: the card answered and the core judged the answer (or the
        /// bridge gave up waiting for a completion).
        case noneSeen
        /// The card left the field or the session ended under the exchange.
        case tagLost
        /// Any other CoreNFC failure, by its `NFCReaderError` code: 102 (tag response error, what
        /// iPhones report for some large responses), 105 (packet too long), 101 (retry exceeded), …
        case other(code: Int)
    }

    public enum Event: Sendable, Equatable {
        /// The app asked for a read; `sessionOpened` is false when the phone has no NFC reading.
        case begin(sessionOpened: Bool)
        /// CoreNFC found `count` tags; `iso7816` when there is exactly one and it is an ISO 7816 tag.
        case tagsDetected(count: Int, iso7816: Bool)
        /// `connect(to:)` answered; `errorCode` is the catalogue code of its error.
        case connected(errorCode: String?)
        case readSucceeded
        /// The core's read failed with catalogue `code`; `fault` is what the channel saw.
        case readFailed(code: String, fault: TransportFault)
        /// The session ended. `code` is its catalogue code, `transport` the failure a waiting
        /// exchange gets.
        case sessionInvalidated(userCancelled: Bool, code: String, transport: TransportFailure)
        /// The user left the reading screen.
        case cancel
    }

    public enum Effect: Sendable, Equatable {
        /// Show the first hold instruction on the sheet and start polling.
        case beginSession
        /// More than one card: say so on the sheet and poll again.
        case retryPolling
        /// Connect to the detected ISO 7816 tag.
        case connect
        /// Start the core's read with this transport mode.
        case startRead(Mode)
        /// Cancel the read and wake its waiting exchange with this failure.
        case stopRead(TransportFailure)
        /// The session is gone: a waiting exchange (and every later one) fails with this.
        case closeTransport(TransportFailure)
        /// Close the sheet; `showDone` puts the core's "reading complete" on it first.
        case invalidate(showDone: Bool)
        /// Close the sheet with the error's title.
        case invalidateWithError(code: String)
        /// Hand the finished read to the app.
        case finishSuccess
        /// Hand this catalogue code to the app (`cancelled` shows nothing).
        case finishFailure(code: String)
    }

    public enum Phase: Sendable, Equatable {
        case idle
        case polling
        case connecting
        case reading(Mode)
        /// The app has its outcome; every later event only tidies up.
        case finished
    }

    /// Codes that are the card's own answer or the user's doing. Reading again in short mode would
    /// not change them, and a second authentication with a number the card refused is the user's
    /// decision, never ours.
    public static let finalCodes: Set<String> = [
        "wrong_card_number", "invalid_card_number", "card_lost", "cancelled",
        "not_a_residence_card", "unsupported_card", "nfc_unavailable", "internal",
        // My Number checks (they start in short mode, so never retry; listed all the same: a
        // PIN the card judged is never sent twice by the app).
        "wrong_pin", "pin_blocked", "last_try_refused", "invalid_pin", "invalid_collation_input",
        "no_signature_certificate", "not_a_my_number_card", "my_number_card",
    ]

    public private(set) var phase: Phase = .idle
    public private(set) var userCancelled = false
    /// True from a successful `begin` until the session is invalidated, by us or by CoreNFC.
    public private(set) var sessionOpen = false

    /// The mode of the first read: `.extended` for residence cards (short once more on a
    /// transport failure), `.short` for the My Number checks, which therefore never repeat —
    /// a check that may have sent a PIN must not run a second time in the same session.
    public let initialMode: Mode
    /// The code for a tag CoreNFC reports that is not ISO 7816: `not_a_residence_card`, or
    /// `not_a_my_number_card` in a My Number session.
    public let foreignTagCode: String

    public init(initialMode: Mode = .extended, foreignTagCode: String = "not_a_residence_card") {
        self.initialMode = initialMode
        self.foreignTagCode = foreignTagCode
    }

    /// Whether a failed extended-length read is repeated once in short mode. Any failure of the
    /// exchange itself that is not the card leaving qualifies: iPhones refuse large responses with
    /// 102 as well as 105, and CoreNFC has no capability query to know beforehand. A timeout of
    /// the bridge (no CoreNFC error, core code `communication_error`) qualifies too.
    public static func retriesInShortMode(code: String, fault: TransportFault) -> Bool {
        if finalCodes.contains(code) {
            return false
        }
        switch fault {
        case .tagLost: return false
        case .other: return true
        case .noneSeen: return code == "communication_error"
        }
    }

    public mutating func handle(_ event: Event) -> [Effect] {
        switch (phase, event) {
        case let (.idle, .begin(opened)):
            guard opened else {
                phase = .finished
                return [.finishFailure(code: "nfc_unavailable")]
            }
            phase = .polling
            sessionOpen = true
            return [.beginSession]

        case let (.polling, .tagsDetected(count, iso7816)):
            if count != 1 {
                return [.retryPolling]
            }
            guard iso7816 else {
                // CoreNFC hands over ISO 7816 tags only after one of our AIDs answered: anything
                // else is certainly not a residence card.
                return fail(foreignTagCode)
            }
            phase = .connecting
            return [.connect]

        case let (.connecting, .connected(errorCode)):
            if let errorCode {
                return fail(errorCode)
            }
            phase = .reading(initialMode)
            return [.startRead(initialMode)]

        case (.reading, .readSucceeded):
            phase = .finished
            return closeSession(showDone: true) + [.finishSuccess]

        case let (.reading(mode), .readFailed(code, fault)):
            if userCancelled || code == "cancelled" {
                phase = .finished
                return closeSession(showDone: false) + [.finishFailure(code: "cancelled")]
            }
            if mode == .extended, sessionOpen, Self.retriesInShortMode(code: code, fault: fault) {
                phase = .reading(.short)
                return [.startRead(.short)]
            }
            return fail(code)

        case let (_, .sessionInvalidated(byUser, code, transport)):
            guard sessionOpen else { return [] }
            sessionOpen = false
            if byUser {
                userCancelled = true
            }
            switch phase {
            case .reading:
                // The waiting exchange wakes with the mapped failure (a timeout mid-read becomes
                // "card not detected") and the read's own end finishes. Not cancelled here: that
                // would turn the failure into a silent cancel.
                return [.closeTransport(transport)]
            case .polling, .connecting:
                phase = .finished
                return [.finishFailure(code: userCancelled ? "cancelled" : code)]
            case .idle, .finished:
                return []
            }

        case (_, .cancel):
            userCancelled = true
            let wasOpen = sessionOpen
            sessionOpen = false
            var effects: [Effect] = []
            switch phase {
            case .finished:
                return []
            case .reading:
                effects.append(.stopRead(.Io(detail: "session cancelled by the app")))
            case .idle, .polling, .connecting:
                break
            }
            phase = .finished
            if wasOpen {
                effects.append(.invalidate(showDone: false))
            }
            // The app gets its (silent) outcome now; whatever the read or the session still
            // reports afterwards is dropped by the `.finished` phase.
            return effects + [.finishFailure(code: "cancelled")]

        default:
            // Out of order or late: a tag while reading, a connection or a read outcome after the
            // user left, a second begin. Nothing changes.
            return []
        }
    }

    private mutating func fail(_ code: String) -> [Effect] {
        phase = .finished
        let effects: [Effect] = sessionOpen ? [.invalidateWithError(code: code)] : []
        sessionOpen = false
        return effects + [.finishFailure(code: code)]
    }

    private mutating func closeSession(showDone: Bool) -> [Effect] {
        guard sessionOpen else { return [] }
        sessionOpen = false
        return [.invalidate(showDone: showDone)]
    }
}

/// Which progress reports reach the NFC sheet and the screen's bar: a new step always, within a
/// step only every `stride` percent, and the end. The core reports after every APDU (hundreds
/// in short mode); each report on the sheet is an IPC to the system UI and each on the bar a
/// SwiftUI update, so most are dropped. By progress, not by time, so it is deterministic.
public struct ProgressThrottle: Sendable, Equatable {
    public static let stride = 5

    private var lastStep: ReadStep?
    private var lastPercent = -1

    /// The mode of the first read: `.extended` for residence cards (short once more on a
    /// transport failure), `.short` for the My Number checks, which therefore never repeat —
    /// a check that may have sent a PIN must not run a second time in the same session.
    public let initialMode: Mode
    /// The code for a tag CoreNFC reports that is not ISO 7816: `not_a_residence_card`, or
    /// `not_a_my_number_card` in a My Number session.
    public let foreignTagCode: String

    public init(initialMode: Mode = .extended, foreignTagCode: String = "not_a_residence_card") {
        self.initialMode = initialMode
        self.foreignTagCode = foreignTagCode
    }

    /// The bar's position in whole percent, clamped to 0…100.
    public static func percent(_ event: ProgressEvent) -> Int {
        Int((Double(max(0, min(1, event.fraction))) * 100).rounded())
    }

    /// True when `event` should be shown.
    public mutating func admit(_ event: ProgressEvent) -> Bool {
        let percent = Self.percent(event)
        let newStep = event.step != lastStep
        let end = percent >= 100 && lastPercent < 100
        guard newStep || end || percent - lastPercent >= Self.stride else { return false }
        lastStep = event.step
        lastPercent = percent
        return true
    }
}
