import Foundation
import ZairyuCore

/// The core's synchronous `Transceiver` over an asynchronous `APDUChannel`.
///
/// `read_card` calls `transceive` on the reading thread and expects the response as a return
/// value; CoreNFC answers on its delegate queue through a completion handler. This bridge sends,
/// then blocks the reading thread on a semaphore that the completion signals, with a timeout so a
/// completion that never comes cannot hang the read. It must never run on the delivery queue
/// itself (the completion would wait behind the blocked call forever): it checks, and fails the
/// exchange instead of deadlocking.
///
/// `close(_:)` ends the transport from outside (the NFC session was invalidated, the user left):
/// a waiting exchange wakes at once and every later one fails with the given failure.
public final class BlockingTransceiver: Transceiver, @unchecked Sendable {
    /// No APDU of this card takes long (a 7 KB extended read is well under a second at 106
    /// kbit/s); ten seconds only catches a completion that never arrives.
    public static let defaultTimeout: TimeInterval = 10

    private let channel: APDUChannel
    private let maxLength: UInt32
    private let timeout: TimeInterval
    private let lock = NSLock()
    private var prologue: [Data]
    private var closedWith: TransportFailure?
    private var waiting: DispatchSemaphore?
    private var sent = 0

    /// - Parameters:
    ///   - maxApduLength: what the transport honestly carries (65 546: whole files with extended
    ///     length; 258: short APDUs, files read in chunks). The session decides from it.
    ///   - prologue: commands sent before the core's first one, whose answers are not the core's
    ///     business (see `NFCPrologue`); transport failures during them still end the read.
    public init(
        channel: APDUChannel,
        maxApduLength: UInt32,
        timeout: TimeInterval = BlockingTransceiver.defaultTimeout,
        prologue: [Data] = []
    ) {
        self.channel = channel
        self.maxLength = maxApduLength
        self.timeout = timeout
        self.prologue = prologue
    }

    /// Commands handed to the channel so far, prologue included.
    public var exchangesSent: Int {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }

    public func maxApduLength() -> UInt32 {
        maxLength
    }

    public func transceive(apdu: Data) throws -> Data {
        if channel.isOnDeliveryQueue() {
            // Blocking here would deadlock: report it as a failed exchange, never hang.
            throw TransportFailure.Io(detail: "transceive called on the channel's delivery queue")
        }
        lock.lock()
        let pending = prologue
        prologue = []
        lock.unlock()
        for command in pending {
            _ = try exchange(command)
        }
        return try exchange(apdu)
    }

    /// Ends the transport: wakes a waiting exchange and fails every later one with `failure`.
    /// The first reason given is kept.
    public func close(_ failure: TransportFailure) {
        lock.lock()
        if closedWith == nil {
            closedWith = failure
        }
        let semaphore = waiting
        lock.unlock()
        semaphore?.signal()
    }

    private func exchange(_ apdu: Data) throws -> Data {
        let semaphore = DispatchSemaphore(value: 0)
        let slot = ResponseSlot()
        lock.lock()
        if let failure = closedWith {
            lock.unlock()
            throw failure
        }
        waiting = semaphore
        sent += 1
        lock.unlock()

        channel.send(apdu) { result in
            slot.fill(result)
            semaphore.signal()
        }
        let waited = semaphore.wait(timeout: .now() + timeout)

        lock.lock()
        waiting = nil
        let failure = closedWith
        lock.unlock()

        // A response that arrived wins over a close that raced with it; a late one after a
        // timeout is dropped by the slot's owner going away.
        if let result = slot.take() {
            return try result.get()
        }
        if let failure {
            throw failure
        }
        if waited == .timedOut {
            throw TransportFailure.Timeout
        }
        throw TransportFailure.Io(detail: "woken without a response")
    }
}

/// Holds one exchange's result between the completion's thread and the reading thread.
private final class ResponseSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Data, TransportFailure>?

    func fill(_ value: Result<Data, TransportFailure>) {
        lock.lock()
        if result == nil {
            result = value
        }
        lock.unlock()
    }

    func take() -> Result<Data, TransportFailure>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}
