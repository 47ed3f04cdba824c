@preconcurrency import CoreNFC
import Foundation
import ZairyuCore
import ZairyuKit

/// One CoreNFC session for one My Number call (tap 1: the counters; tap 2: the check).
///
/// The same shape as `NFCCardReader` — `NFCReadMachine` decides, this type carries out its
/// effects, the call runs on its own thread through a `BlockingTransceiver`, the session queue
/// is never blocked — with two differences: the machine starts in short mode and so never
/// repeats a call (a check may have sent a PIN: it must not run twice), and no SELECT MF
/// prologue is sent, because every My Number flow of the core begins by SELECTing its
/// application by AID, whichever AID CoreNFC selected to find the card.
///
/// Why `@unchecked Sendable`: all mutable state is touched only on `queue`, also the session's
/// delegate queue; the entry points hop onto it first.
final class NFCMyNumberSession: NSObject, MyNumberSource, NFCTagReaderSessionDelegate, @unchecked Sendable {
    private let queue = DispatchQueue(label: "jp.zairyu.reader.nfc-mynumber", qos: .userInitiated)
    private let queueKey = DispatchSpecificKey<Bool>()

    // Touched only on `queue`.
    private var machine = NFCReadMachine(initialMode: .short, foreignTagCode: "not_a_my_number_card")
    private var session: NFCTagReaderSession?
    private var detected: (tag: NFCTag, iso7816: NFCISO7816Tag)?
    private var bridge: BlockingTransceiver?
    private var job: MyNumberJob?
    private var outcome: MyNumberOutcome?
    private var lastError: ZairyuError?
    private var task: MyNumberTask = .status
    private var options = MyNumberOptions()
    private var onFinish: (@Sendable (MyNumberCallOutcome) -> Void)?

    override init() {
        super.init()
        queue.setSpecific(key: queueKey, value: true)
    }

    func run(_ task: MyNumberTask, options: MyNumberOptions, onFinish: @escaping @Sendable (MyNumberCallOutcome) -> Void) {
        queue.async { [self] in
            self.task = task
            self.options = options
            self.onFinish = onFinish
            if NFCTagReaderSession.readingAvailable {
                session = NFCTagReaderSession(pollingOption: .iso14443, delegate: self, queue: queue)
            }
            apply(.begin(sessionOpened: session != nil))
        }
    }

    func cancel() {
        queue.async { [self] in
            apply(.cancel)
        }
    }

    // MARK: NFCTagReaderSessionDelegate (on `queue`)

    func tagReaderSessionDidBecomeActive(_ session: NFCTagReaderSession) {}

    func tagReaderSession(_ session: NFCTagReaderSession, didInvalidateWithError error: Error) {
        apply(.sessionInvalidated(
            userCancelled: NFCErrorMapping.isUserCancel(error),
            code: NFCErrorMapping.sessionErrorCode(for: error),
            transport: NFCErrorMapping.transportFailure(for: error)
        ))
        if self.session === session {
            self.session = nil
        }
    }

    func tagReaderSession(_ session: NFCTagReaderSession, didDetect tags: [NFCTag]) {
        var iso7816: NFCISO7816Tag?
        if tags.count == 1, let tag = tags.first, case let .iso7816(card) = tag {
            iso7816 = card
            if machine.phase == .polling {
                detected = (tag, card)
            }
        }
        apply(.tagsDetected(count: tags.count, iso7816: iso7816 != nil))
    }

    // MARK: Effects

    private func apply(_ event: NFCReadMachine.Event) {
        for effect in machine.handle(event) {
            perform(effect)
        }
    }

    private func perform(_ effect: NFCReadMachine.Effect) {
        switch effect {
        case .beginSession:
            if let hold = try? holdInstructions(platform: .ios), let first = hold.steps.first {
                session?.alertMessage = first.string()
            }
            session?.begin()
        case .retryPolling:
            session?.alertMessage = String(localized: "nfc.multipleCards")
            queue.asyncAfter(deadline: .now() + 0.5) { [weak self] in
                self?.session?.restartPolling()
            }
        case .connect:
            guard let session, let detected else { return }
            session.connect(to: detected.tag) { [weak self] error in
                self?.apply(.connected(errorCode: error.map(NFCErrorMapping.sessionErrorCode(for:))))
            }
        case let .startRead(mode):
            startJob(mode: mode)
        case let .stopRead(failure):
            job?.cancel()
            bridge?.close(failure)
        case let .closeTransport(failure):
            bridge?.close(failure)
        case let .invalidate(showDone):
            if showDone, let done = try? stepText(step: .done) {
                session?.alertMessage = done.string()
            }
            session?.invalidate()
        case let .invalidateWithError(code):
            session?.invalidate(errorMessage: error(code).info.title.string())
        case .finishSuccess:
            guard let outcome else { return }
            self.outcome = nil
            onFinish?(.success(outcome))
            release()
        case let .finishFailure(code):
            onFinish?(.failure(error(code)))
            release()
        }
    }

    /// The call's own error when it has `code` (it carries the tries left), else the catalogue's
    /// entry for a code the session raised itself.
    private func error(_ code: String) -> ZairyuError {
        if let lastError, lastError.code == code {
            return lastError
        }
        let info = ErrorCatalogue.info(code: code)
        switch code {
        case "cancelled": return .Cancelled(info: info)
        case "card_lost": return .CardLost(info: info)
        case "not_a_my_number_card": return .NotMyNumberCard(info: info)
        case "nfc_unavailable", "nfc_disabled": return .TransportUnavailable(info: info)
        case "internal": return .Internal(info: info, detail: "session")
        default: return .CommunicationError(info: info, detail: "session")
        }
    }

    private func release() {
        onFinish = nil
        lastError = nil
    }

    // MARK: The call

    private func startJob(mode: NFCReadMachine.Mode) {
        guard let tag = detected?.iso7816 else { return }
        let channel = NFCTagChannel(tag: tag, queue: queue, queueKey: queueKey)
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: mode.maxApduLength)
        self.bridge = bridge
        job = MyNumberJob.start(task: task, transceiver: bridge, options: options) { [weak self] outcome in
            guard let self else { return }
            queue.async { self.jobEnded(outcome, channel: channel) }
        }
    }

    private func jobEnded(_ result: Result<MyNumberOutcome, ZairyuError>, channel: NFCTagChannel) {
        job = nil
        bridge = nil
        switch result {
        case let .success(value):
            outcome = value
            apply(.readSucceeded)
        case let .failure(error):
            lastError = error
            apply(.readFailed(code: error.code, fault: channel.fault))
        }
        // An outcome the machine did not hand over (the user had left) is dropped here.
        outcome = nil
    }
}
