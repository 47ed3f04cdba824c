@preconcurrency import CoreNFC
import Foundation
import ZairyuCore
import ZairyuKit

/// One CoreNFC session for one read of a residence card.
///
/// Polls ISO 14443 only; CoreNFC reports the card as an ISO 7816 tag after SELECTing one of the
/// AIDs in Info.plist. Every decision (when to connect, retry in short mode, finish, ignore a late
/// outcome) is `NFCReadMachine`'s; this type turns CoreNFC's callbacks into its events and carries
/// out its effects. The read runs on a `CardReadJob` thread through a `BlockingTransceiver`; the
/// session's delegate queue is never blocked (CoreNFC delivers every `sendCommand` completion
/// there).
///
/// Why `@unchecked Sendable`: all mutable state below is touched only on `queue`, which is also
/// the session's delegate queue; the public entry points hop onto it first.
final class NFCCardReader: NSObject, CardSource, NFCTagReaderSessionDelegate, @unchecked Sendable {
    /// User-initiated: the user is holding a card to the phone and waiting for every exchange.
    private let queue = DispatchQueue(label: "jp.zairyu.reader.nfc-session", qos: .userInitiated)
    private let queueKey = DispatchSpecificKey<Bool>()

    // Touched only on `queue`.
    private var machine = NFCReadMachine()
    private var session: NFCTagReaderSession?
    private var detected: (tag: NFCTag, iso7816: NFCISO7816Tag)?
    private var channel: NFCTagChannel?
    private var bridge: BlockingTransceiver?
    private var job: CardReadJob?
    private var result: ReadResult?
    private var lastError: ZairyuError?
    private var throttle = ProgressThrottle()
    private var number = ""
    private var options = ReadOptions()
    private var onProgress: (@Sendable (ProgressEvent) -> Void)?
    private var onFinish: (@Sendable (ReadOutcome) -> Void)?

    override init() {
        super.init()
        queue.setSpecific(key: queueKey, value: true)
    }

    func begin(
        number: String,
        options: ReadOptions,
        onProgress: @escaping @Sendable (ProgressEvent) -> Void,
        onFinish: @escaping @Sendable (ReadOutcome) -> Void
    ) {
        queue.async { [self] in
            self.number = number
            self.options = options
            self.onProgress = onProgress
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
            // Kept only while polling: a tag reported during a read must not replace the one the
            // read (and its short-mode retry) talks to.
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
            session?.invalidate(errorMessage: info(code).title.string())
        case .finishSuccess:
            guard let result else { return }
            self.result = nil
            onFinish?(.success(result))
            release()
        case let .finishFailure(code):
            onFinish?(.failure(info(code)))
            release()
        }
    }

    /// The core's entry for `code`: the read's own error when it has that code (same entry, and
    /// no second call), the catalogue's otherwise.
    private func info(_ code: String) -> ErrorInfo {
        if let lastError, lastError.code == code {
            return lastError.info
        }
        return ErrorCatalogue.info(code: code)
    }

    /// After the outcome: the app's callbacks go, so nothing more reaches it.
    private func release() {
        onFinish = nil
        onProgress = nil
        lastError = nil
    }

    // MARK: The read

    private func startJob(mode: NFCReadMachine.Mode) {
        guard let tag = detected?.iso7816 else { return }
        let channel = NFCTagChannel(tag: tag, queue: queue, queueKey: queueKey)
        let bridge = BlockingTransceiver(
            channel: channel,
            maxApduLength: mode.maxApduLength,
            prologue: NFCPrologue.commands(initialSelectedAID: tag.initialSelectedAID)
        )
        self.channel = channel
        self.bridge = bridge
        throttle = ProgressThrottle()
        job = CardReadJob.start(
            number: number,
            transceiver: bridge,
            options: options,
            onProgress: { [weak self] event in
                guard let self else { return }
                queue.async { self.progressed(event) }
            },
            completion: { [weak self] outcome in
                guard let self else { return }
                queue.async { self.jobEnded(outcome, channel: channel) }
            }
        )
    }

    private func progressed(_ event: ProgressEvent) {
        guard onFinish != nil, throttle.admit(event) else { return }
        session?.alertMessage = Self.sheetText(event)
        onProgress?(event)
    }

    private func jobEnded(_ outcome: Result<ReadResult, ZairyuError>, channel: NFCTagChannel) {
        job = nil
        bridge = nil
        self.channel = nil
        switch outcome {
        case let .success(read):
            result = read
            apply(.readSucceeded)
        case let .failure(error):
            lastError = error
            apply(.readFailed(code: error.code, fault: channel.fault))
        }
        // A result the machine did not hand over (the user had left) is dropped here, which frees
        // the card's data in the core.
        result = nil
    }

    /// The sheet shows text only: the core's step text and how far the read is.
    private static func sheetText(_ event: ProgressEvent) -> String {
        "\(event.text.string())\n\(ProgressThrottle.percent(event))%"
    }
}
