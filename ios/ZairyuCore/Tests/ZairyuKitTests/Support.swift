import Foundation
import XCTest
import ZairyuCore
@testable import ZairyuKit

/// Numbers that open the software card's profiles (synthetic test data, core fixtures).
enum Numbers {
    static let residence = "AB12345678CD"
    static let gen2Residence = "EF98765432GH"
    static let under16 = "CD11223344EF"
}

func bytes(_ hex: String) -> Data {
    let digits = hex.filter { !$0.isWhitespace }
    var out = Data()
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        out.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return out
}

func hex(_ data: Data) -> String {
    data.map { String(format: "%02X", $0) }.joined(separator: " ")
}

/// A channel that answers from a script on its own queue and records every command.
final class ScriptedChannel: APDUChannel, @unchecked Sendable {
    enum Answer {
        case response(Data)
        case failure(TransportFailure)
        /// Never completes (a lost CoreNFC completion).
        case silence
        /// Completes after the given delay on the channel's queue.
        case late(Data, TimeInterval)
    }

    private let queue = DispatchQueue(label: "test.scripted")
    private let key = DispatchSpecificKey<Bool>()
    private let lock = NSLock()
    private var answers: [Answer]
    private(set) var commands: [Data] = []

    init(_ answers: [Answer]) {
        self.answers = answers
        queue.setSpecific(key: key, value: true)
    }

    var recorded: [Data] {
        lock.lock()
        defer { lock.unlock() }
        return commands
    }

    func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void) {
        lock.lock()
        commands.append(apdu)
        let answer = answers.isEmpty ? Answer.failure(.Io(detail: "script exhausted")) : answers.removeFirst()
        lock.unlock()
        switch answer {
        case let .response(data):
            queue.async { completion(.success(data)) }
        case let .failure(failure):
            queue.async { completion(.failure(failure)) }
        case .silence:
            break
        case let .late(data, delay):
            queue.asyncAfter(deadline: .now() + delay) { completion(.success(data)) }
        }
    }

    func isOnDeliveryQueue() -> Bool {
        DispatchQueue.getSpecific(key: key) == true
    }

    /// Runs `body` on the delivery queue, as a careless delegate callback would.
    func onQueue<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }
}

/// Wraps the software card's channel to act at a given command: the tests' stand-in for a card
/// pulled away, a session invalidated, or a user pressing cancel mid-read.
final class InterceptingChannel: APDUChannel, @unchecked Sendable {
    private let inner: SoftCardChannel
    private let at: Int
    private let action: @Sendable () -> Void
    private let swallow: Bool
    private let lock = NSLock()
    private var count = 0

    /// At the `at`-th command (1-based) runs `action`; with `swallow` that command is never
    /// answered (the bridge must be woken by the action).
    init(card: SoftCardTransceiver, at: Int, swallow: Bool, action: @escaping @Sendable () -> Void) {
        inner = SoftCardChannel(card: card)
        self.at = at
        self.swallow = swallow
        self.action = action
    }

    func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void) {
        lock.lock()
        count += 1
        let hit = count == at
        lock.unlock()
        if hit {
            action()
            if swallow {
                return
            }
        }
        inner.send(apdu, completion: completion)
    }

    func isOnDeliveryQueue() -> Bool {
        inner.isOnDeliveryQueue()
    }
}

/// Collects progress events from the reading thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ProgressEvent] = []

    func record(_ event: ProgressEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var all: [ProgressEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}

extension XCTestCase {
    /// Runs a read to its end. The wait is generous and only stops a hung test; nothing asserts
    /// on how long a read took.
    func runRead(
        number: String,
        transceiver: Transceiver,
        options: ReadOptions,
        progress: ProgressLog = ProgressLog(),
        started: ((CardReadJob) -> Void)? = nil
    ) -> Result<ReadResult, ZairyuError> {
        let done = expectation(description: "read finished")
        let box = OutcomeBox()
        let job = CardReadJob.start(
            number: number,
            transceiver: transceiver,
            options: options,
            onProgress: { progress.record($0) },
            completion: { outcome in
                box.set(outcome)
                done.fulfill()
            }
        )
        started?(job)
        wait(for: [done], timeout: 60)
        return box.get() ?? .failure(.Internal(info: ErrorCatalogue.info(code: "internal"), detail: "no outcome"))
    }
}

final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<ReadResult, ZairyuError>?

    func set(_ value: Result<ReadResult, ZairyuError>) {
        lock.lock()
        outcome = value
        lock.unlock()
    }

    func get() -> Result<ReadResult, ZairyuError>? {
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}
