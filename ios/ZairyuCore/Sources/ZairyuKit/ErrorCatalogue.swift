import Foundation
import ZairyuCore

extension ZairyuError {
    /// The catalogue entry every variant carries (title, message, tips, actions in ja and en).
    public var info: ErrorInfo {
        switch self {
        case let .InvalidCardNumber(info),
             let .WrongCardNumber(info),
             let .NotResidenceCard(info),
             let .UnsupportedCard(info),
             let .ChipBroken(info, _),
             let .CardLost(info),
             let .CommunicationError(info, _),
             let .MalformedData(info, _),
             let .TransportUnavailable(info),
             let .Cancelled(info),
             let .Internal(info, _),
             let .MyNumberCard(info),
             let .WrongPin(info, _, _),
             let .PinBlocked(info, _),
             let .LastTryRefused(info, _),
             let .InvalidPin(info, _),
             let .InvalidCollationInput(info, _),
             let .NoSignatureCertificate(info),
             let .NotMyNumberCard(info),
             let .SecureMessagingError(info, _),
             let .KeyDeliveryRefused(info, _),
             let .DeliveryKeyMissing(info):
            return info
        }
    }

    /// The stable code (`card_lost`, `wrong_card_number`, …).
    public var code: String {
        info.code
    }
}

/// The core's error catalogue for codes the shell raises itself (`camera_permission_denied`,
/// `nfc_unavailable`, …) and for failures that reach the shell without a `ZairyuError`.
public enum ErrorCatalogue {
    /// The core's entry for `code`. The core never fails this call (unknown codes get the
    /// internal-error entry); the fallback exists only because the generated API is `throws`.
    public static func info(code: String) -> ErrorInfo {
        if let info = try? errorInfo(code: code) {
            return info
        }
        return lastResort
    }

    /// The entry for any error thrown by a core call.
    public static func info(for error: Error) -> ErrorInfo {
        if let error = error as? ZairyuError {
            return error.info
        }
        return info(code: "internal")
    }

    /// Shown only if the core itself cannot be called: the internal-error dialog, which returns
    /// to the start screen.
    static let lastResort = ErrorInfo(
        code: "internal",
        title: ZairyuCore.Text(ja: "予期しないエラーが発生しました", en: "An unexpected error occurred"),
        message: ZairyuCore.Text(
            ja: "最初の画面に戻ります。アプリを再起動してください。",
            en: "The app returns to the start screen. Please restart the app."
        ),
        tips: [],
        actions: [.returnToTop],
        dialog: true,
        returnsToStart: true
    )
}
