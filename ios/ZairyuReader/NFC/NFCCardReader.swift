import CoreNFC
import Foundation
import ZairyuCore
import ZairyuKit

/// One CoreNFC session for one read of a residence card.
///
/// Polls ISO 14443 only; CoreNFC reports the card as an ISO 7816 tag after SELECTing one of the
/// AIDs in Info.plist. The read runs on a `CardReadJob` thread through a `BlockingTransceiver`;
/// the session's delegate queue is never blocked (CoreNFC delivers every `sendCommand`
/// completion there). The sheet's message follows the core's progress; the session closes with
/// the core's "reading complete" text or the error's title.
final class NFCCardReader: NSObject, CardSource, NFCTagReaderSessionDelegate, @unchecked Sendable {
    private let queue: DispatchQueue
    private let queueKey = DispatchSpecificKey<Bool>()

    // Touched only on `queue` (the delegate queue).
    private var session: NFCTagReaderSession?
    private var bridge: BlockingTransceiver?
    private var channel: NFCTagChannel?
    private var job: CardReadJob?
    private var userCancelled = false
    private var finished = false
    private var triedShort = false

    private var number = ""
    private var options = ReadOptions()
    private var onProgress: (@Sendable (ProgressEvent) -> Void)?
    private var onFinish: (@Sendable (ReadOutcome) -> Void)?

    override init() {
        queue = DispatchQueue(label: "jp.zairyu.reader.nfc-session")
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
            guard NFCTagReaderSession.readingAvailable,
                  let session = NFCTagReaderSession(pollingOption: .iso14443, delegate: self, queue: queue)
            else {
                finish(.failure(ErrorCatalogue.info(code: "nfc_unavailable")))
                return
            }
            self.session = session
            if let hold = try? holdInstructions(platform: .ios), let first = hold.steps.first {
                session.alertMessage = first.string()
            }
            session.begin()
        }
    }

    func cancel() {
        queue.async { [self] in
            userCancelled = true
            job?.cancel()
            bridge?.close(.Io(detail: "session cancelled by the app"))
            session?.invalidate()
        }
    }

    // MARK: NFCTagReaderSessionDelegate (on `queue`)

    func tagReaderSessionDidBecomeActive(_ session: NFCTagReaderSession) {}

    func tagReaderSession(_ session: NFCTagReaderSession, didInvalidateWithError error: Error) {
        if NFCErrorMapping.isUserCancel(error) {
            userCancelled = true
        }
        // A read in progress wakes at once and ends with the mapped failure (a timeout mid-read
        // becomes "card not detected"); its completion then finishes. It is not cancelled here,
        // which would turn that failure into a silent cancel. Without a read, the session itself
        // is the outcome.
        bridge?.close(NFCErrorMapping.transportFailure(for: error))
        if job == nil {
            let code = userCancelled ? "cancelled" : NFCErrorMapping.sessionErrorCode(for: error)
            finish(.failure(ErrorCatalogue.info(code: code)))
        }
        self.session = nil
    }

    func tagReaderSession(_ session: NFCTagReaderSession, didDetect tags: [NFCTag]) {
        guard job == nil else { return }
        guard tags.count == 1, let tag = tags.first else {
            session.alertMessage = String(localized: "nfc.multipleCards")
            queue.asyncAfter(deadline: .now() + 0.5) { session.restartPolling() }
            return
        }
        guard case let .iso7816(iso7816) = tag else {
            // CoreNFC only hands over ISO 7816 tags that answered one of our AIDs: anything else
            // is certainly not a residence card.
            fail(session, ErrorCatalogue.info(code: "not_a_residence_card"))
            return
        }
        session.connect(to: tag) { [self] error in
            if let error {
                fail(session, ErrorCatalogue.info(code: NFCErrorMapping.sessionErrorCode(for: error)))
                return
            }
            startJob(tag: iso7816, session: session, maxApduLength: APDULength.extended)
        }
    }

    // MARK: The read

    private func startJob(tag: NFCISO7816Tag, session: NFCTagReaderSession, maxApduLength: UInt32) {
        let channel = NFCTagChannel(tag: tag, queue: queue, queueKey: queueKey)
        let bridge = BlockingTransceiver(
            channel: channel,
            maxApduLength: maxApduLength,
            prologue: NFCPrologue.commands(initialSelectedAID: tag.initialSelectedAID)
        )
        self.channel = channel
        self.bridge = bridge
        let onProgress = self.onProgress
        job = CardReadJob.start(
            number: number,
            transceiver: bridge,
            options: options,
            onProgress: { [weak self] event in
                self?.queue.async { self?.session?.alertMessage = Self.sheetText(event) }
                onProgress?(event)
            },
            completion: { [weak self] outcome in
                self?.queue.async { self?.jobEnded(outcome, tag: tag, session: session) }
            }
        )
    }

    private func jobEnded(_ outcome: Result<ReadResult, ZairyuError>, tag: NFCISO7816Tag, session: NFCTagReaderSession) {
        job = nil
        switch outcome {
        case let .success(result):
            if let done = try? stepText(step: .done) {
                session.alertMessage = done.string()
            }
            session.invalidate()
            finish(.success(result))
        case let .failure(error):
            if userCancelled || error.code == "cancelled" {
                session.invalidate()
                finish(.failure(ErrorCatalogue.info(code: "cancelled")))
            } else if channel?.sawPacketTooLong == true, !triedShort, self.session != nil {
                // CoreNFC would not carry an extended-length command: once more, in chunks.
                triedShort = true
                startJob(tag: tag, session: session, maxApduLength: APDULength.short)
            } else {
                fail(session, error.info)
            }
        }
    }

    private func fail(_ session: NFCTagReaderSession, _ info: ErrorInfo) {
        session.invalidate(errorMessage: info.title.string())
        finish(.failure(info))
    }

    private func finish(_ outcome: ReadOutcome) {
        guard !finished else { return }
        finished = true
        bridge = nil
        channel = nil
        onFinish?(outcome)
    }

    /// The sheet shows text only: the core's step text and how far the read is.
    private static func sheetText(_ event: ProgressEvent) -> String {
        let percent = Int((max(0, min(1, event.fraction)) * 100).rounded())
        return "\(event.text.string())\n\(percent)%"
    }
}
