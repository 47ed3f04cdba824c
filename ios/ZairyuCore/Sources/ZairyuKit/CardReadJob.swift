import Foundation
import ZairyuCore

/// One `read_card` call on a dedicated thread.
///
/// Why a `Thread` and not a dispatch queue or a Swift task: the read blocks its thread for its whole
/// length (each APDU waits on CoreNFC), so it must not occupy a cooperative-pool or GCD worker, and
/// it must never be the NFC session's delegate queue. The thread gets a generous stack because
/// image decoding in the core recurses more deeply than the 512 KB default of secondary threads
/// is meant for.
public final class CardReadJob: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<ReadResult, ZairyuError>) -> Void

    public static let stackSize = 8 << 20

    private let cancelHandle: CancelHandle?
    private let thread: Thread

    /// Starts reading at once. `completion` runs once, on the reading thread.
    ///
    /// - Parameters:
    ///   - options: trust settings; its `cancel` is replaced by this job's own handle.
    public static func start(
        number: String,
        transceiver: Transceiver,
        options: ReadOptions,
        onProgress: @escaping @Sendable (ProgressEvent) -> Void,
        completion: @escaping Completion
    ) -> CardReadJob {
        let job = CardReadJob(
            number: number,
            transceiver: transceiver,
            options: options,
            listener: ProgressRelay(onProgress),
            completion: completion
        )
        job.thread.start()
        return job
    }

    private init(
        number: String,
        transceiver: Transceiver,
        options: ReadOptions,
        listener: ProgressListener,
        completion: @escaping Completion
    ) {
        let handle = try? CancelHandle()
        var withCancel = options
        withCancel.cancel = handle
        let readOptions = withCancel
        cancelHandle = handle
        thread = Thread {
            let outcome: Result<ReadResult, ZairyuError>
            do {
                outcome = .success(try readCard(number: number, transceiver: transceiver, options: readOptions, listener: listener))
            } catch let error as ZairyuError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(.Internal(info: ErrorCatalogue.info(code: "internal"), detail: "unexpected error type from read_card"))
            }
            completion(outcome)
        }
        thread.name = "jp.zairyu.reader.read"
        thread.stackSize = CardReadJob.stackSize
        thread.qualityOfService = .userInitiated
    }

    /// Stops the read before its next APDU; it then ends with `ZairyuError.Cancelled` (no dialog).
    public func cancel() {
        try? cancelHandle?.cancel()
    }
}
