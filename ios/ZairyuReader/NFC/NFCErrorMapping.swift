@preconcurrency import CoreNFC
import Foundation
import ZairyuCore
import ZairyuKit

/// CoreNFC's errors in the core's terms. Two places need it: a failed `sendCommand` becomes the
/// `TransportFailure` the core expects from `transceive` (tag lost is told apart from other
/// failures, so the user sees "card not detected" and not "reading failed"), and a session that
/// ends before or around a read becomes an error code of the core's catalogue.
enum NFCErrorMapping {
    /// For a failed exchange.
    static func transportFailure(for error: Error) -> TransportFailure {
        guard let nfc = error as? NFCReaderError else {
            return .Io(detail: "exchange failed")
        }
        switch nfc.code {
        case .readerTransceiveErrorTagConnectionLost,
             .readerTransceiveErrorTagNotConnected,
             .readerTransceiveErrorSessionInvalidated,
             .readerSessionInvalidationErrorSessionTimeout:
            return .TagLost
        case .readerSessionInvalidationErrorUserCanceled:
            return .Io(detail: "session cancelled by the user")
        case .readerTransceiveErrorPacketTooLong:
            return .Io(detail: "command too long for the NFC controller")
        case .readerErrorUnsupportedFeature:
            return .Unavailable
        default:
            // Only the numeric code: CoreNFC's texts are platform prose, not log material.
            return .Io(detail: "CoreNFC error \(nfc.errorCode)")
        }
    }

    /// True when CoreNFC refused a command for its length.
    static func isPacketTooLong(_ error: Error) -> Bool {
        (error as? NFCReaderError)?.code == .readerTransceiveErrorPacketTooLong
    }

    /// A failed exchange as the read machine weighs it for the short-mode retry: the card leaving
    /// (or the session ending under it) against every other CoreNFC failure, kept by its code.
    static func fault(for error: Error) -> NFCReadMachine.TransportFault {
        guard let nfc = error as? NFCReaderError else {
            return .other(code: -1)
        }
        switch nfc.code {
        case .readerTransceiveErrorTagConnectionLost,
             .readerTransceiveErrorTagNotConnected,
             .readerTransceiveErrorSessionInvalidated,
             .readerSessionInvalidationErrorSessionTimeout,
             .readerSessionInvalidationErrorUserCanceled:
            return .tagLost
        default:
            return .other(code: nfc.errorCode)
        }
    }

    /// True when the user closed the NFC sheet: nothing is shown.
    static func isUserCancel(_ error: Error) -> Bool {
        (error as? NFCReaderError)?.code == .readerSessionInvalidationErrorUserCanceled
    }

    /// The catalogue code for a session that ended (before a read, or cutting one short).
    static func sessionErrorCode(for error: Error) -> String {
        guard let nfc = error as? NFCReaderError else {
            return "communication_error"
        }
        switch nfc.code {
        case .readerSessionInvalidationErrorUserCanceled:
            return "cancelled"
        case .readerSessionInvalidationErrorSessionTimeout:
            // The sheet timed out without a card, or the card was never held still long enough.
            return "card_lost"
        case .readerErrorUnsupportedFeature:
            return "nfc_unavailable"
        case .readerErrorSecurityViolation, .readerErrorInvalidParameter, .readerErrorInvalidParameterLength,
             .readerErrorParameterOutOfBound:
            // A build or entitlement mistake, never the user's doing.
            return "internal"
        case .readerTransceiveErrorTagConnectionLost, .readerTransceiveErrorTagNotConnected:
            return "card_lost"
        case .readerErrorRadioDisabled:
            return "nfc_disabled"
        default:
            return "communication_error"
        }
    }
}
