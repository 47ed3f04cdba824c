import Foundation
import XCTest
import ZairyuCore
@testable import ZairyuKit

/// The bridge between the core's synchronous `transceive` and CoreNFC's completion handlers.
/// Every test calls `transceive` from a background thread, as `read_card` does.
final class BlockingTransceiverTests: XCTestCase {
    /// Runs `body` on a fresh thread and waits for it (the timeout only stops a hung test).
    private func offMain<T>(_ body: @escaping @Sendable () -> T) -> T {
        let done = expectation(description: "background call returned")
        let box = ValueBox<T>()
        Thread {
            box.value = body()
            done.fulfill()
        }.start()
        wait(for: [done], timeout: 30)
        return box.value!
    }

    func testResponseIsReturnedByteForByte() {
        let channel = ScriptedChannel([.response(bytes("0102 9000"))])
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended)
        let response = offMain { try? bridge.transceive(apdu: bytes("00 B0 8B 00 00 00 00")) }
        XCTAssertEqual(hex(response ?? Data()), "01 02 90 00")
        XCTAssertEqual(channel.recorded.map(hex), ["00 B0 8B 00 00 00 00"])
        XCTAssertEqual(bridge.maxApduLength(), 65_546)
    }

    func testPrologueGoesFirstAndOnlyOnce() {
        let channel = ScriptedChannel([
            .response(bytes("6A82")), // the prologue's answer is not the core's business
            .response(bytes("C0 04 01 02 03 04 9000")),
            .response(bytes("C1 01 31 9000")),
        ])
        let bridge = BlockingTransceiver(
            channel: channel,
            maxApduLength: APDULength.short,
            prologue: NFCPrologue.commands(initialSelectedAID: "D392F0004F0200000000000000000000")
        )
        let first = offMain { try? bridge.transceive(apdu: bytes("00 B0 8B 00 06")) }
        let second = offMain { try? bridge.transceive(apdu: bytes("00 B0 8A 00 04")) }
        XCTAssertEqual(hex(first ?? Data()), "C0 04 01 02 03 04 90 00")
        XCTAssertEqual(hex(second ?? Data()), "C1 01 31 90 00")
        XCTAssertEqual(channel.recorded.map(hex), ["00 A4 00 00 02 3F 00", "00 B0 8B 00 06", "00 B0 8A 00 04"])
        XCTAssertEqual(bridge.exchangesSent, 3)
    }

    func testNoPrologueWithoutASelectedAID() {
        XCTAssertEqual(NFCPrologue.commands(initialSelectedAID: ""), [])
        XCTAssertEqual(NFCPrologue.commands(initialSelectedAID: "D392F0004F01").map(hex), ["00 A4 00 00 02 3F 00"])
    }

    func testTransportFailureIsPassedOn() {
        let channel = ScriptedChannel([.failure(.TagLost)])
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended)
        let error = offMain { () -> TransportFailure? in
            do {
                _ = try bridge.transceive(apdu: bytes("00 84 00 00 08"))
                return nil
            } catch {
                return error as? TransportFailure
            }
        }
        XCTAssertEqual(error, .TagLost)
    }

    func testMissingCompletionTimesOut() {
        let channel = ScriptedChannel([.silence])
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended, timeout: 0.2)
        let error = offMain { () -> TransportFailure? in
            do {
                _ = try bridge.transceive(apdu: bytes("00 84 00 00 08"))
                return nil
            } catch {
                return error as? TransportFailure
            }
        }
        XCTAssertEqual(error, .Timeout)
    }

    func testLateCompletionDoesNotLeakIntoTheNextExchange() {
        let channel = ScriptedChannel([.late(bytes("AA 9000"), 0.5), .response(bytes("BB 9000"))])
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended, timeout: 0.1)
        let first = offMain { () -> TransportFailure? in
            do {
                _ = try bridge.transceive(apdu: bytes("00 84 00 00 08"))
                return nil
            } catch {
                return error as? TransportFailure
            }
        }
        let second = offMain { try? bridge.transceive(apdu: bytes("00 84 00 00 08")) }
        XCTAssertEqual(first, .Timeout)
        XCTAssertEqual(hex(second ?? Data()), "BB 90 00")
    }

    func testCloseWakesAWaitingExchangeAndFailsLaterOnes() {
        let channel = ScriptedChannel([.silence, .response(bytes("9000"))])
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended, timeout: 60)
        let woke = expectation(description: "waiting exchange woke")
        let box = FailureBox()
        Thread {
            do {
                _ = try bridge.transceive(apdu: bytes("00 84 00 00 08"))
            } catch {
                box.set(error as? TransportFailure)
            }
            woke.fulfill()
        }.start()
        // Close once the command is with the channel (the session was invalidated meanwhile).
        while channel.recorded.isEmpty {
            Thread.sleep(forTimeInterval: 0.01)
        }
        bridge.close(.TagLost)
        bridge.close(.Timeout) // the first reason is kept
        wait(for: [woke], timeout: 30)
        XCTAssertEqual(box.get(), .TagLost)

        let later = offMain { () -> TransportFailure? in
            do {
                _ = try bridge.transceive(apdu: bytes("00 84 00 00 08"))
                return nil
            } catch {
                return error as? TransportFailure
            }
        }
        XCTAssertEqual(later, .TagLost)
        XCTAssertEqual(channel.recorded.count, 1, "nothing is sent after close")
    }

    func testRefusesToBlockTheDeliveryQueue() {
        let channel = ScriptedChannel([.response(bytes("9000"))])
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended)
        let error = channel.onQueue { () -> TransportFailure? in
            do {
                _ = try bridge.transceive(apdu: bytes("00 84 00 00 08"))
                return nil
            } catch {
                return error as? TransportFailure
            }
        }
        XCTAssertEqual(error, .Io(detail: "transceive called on the channel's delivery queue"))
        XCTAssertTrue(channel.recorded.isEmpty)
    }
}

private final class ValueBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?

    var value: T? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stored
        }
        set {
            lock.lock()
            stored = newValue
            lock.unlock()
        }
    }
}

private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: TransportFailure?

    func set(_ failure: TransportFailure?) {
        lock.lock()
        value = failure
        lock.unlock()
    }

    func get() -> TransportFailure? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
