import Foundation
import XCTest
import ZairyuCore
@testable import ZairyuKit

/// The typed PIN's storage and the one-shot source that hands it to the core.
final class SecretBytesTests: XCTestCase {
    private func prompt(_ kind: PinKind, _ tries: UInt8) throws -> PinPrompt {
        PinPrompt(kind: kind, triesLeft: tries, lastTry: tries == 1, screen: try pinEntryScreen(kind: kind, triesLeft: tries))
    }

    func testHoldsTheUtf8BytesAndWipesThem() {
        let secret = SecretBytes("1234")
        XCTAssertEqual(secret.count, 4)
        XCTAssertEqual(secret.copyOut(), Data([0x31, 0x32, 0x33, 0x34]))
        secret.wipe()
        XCTAssertTrue(secret.isEmpty)
        XCTAssertEqual(secret.copyOut(), Data())
        secret.set("TEST1234AB")
        XCTAssertEqual(secret.copyOut(), Data("TEST1234AB".utf8))
        secret.set("56")
        XCTAssertEqual(secret.copyOut(), Data([0x35, 0x36]), "a shorter secret leaves nothing of the longer one")
    }

    func testCutsAtItsCapacity() {
        let secret = SecretBytes(String(repeating: "7", count: SecretBytes.capacity + 10))
        XCTAssertEqual(secret.count, SecretBytes.capacity)
    }

    func testTakeMovesTheSecretAndWipesTheSource() {
        let typed = SecretBytes("1234")
        let moved = typed.take()
        XCTAssertTrue(typed.isEmpty)
        XCTAssertEqual(moved.copyOut(), Data("1234".utf8))
    }

    func testWithDataHandsACopyOverForOneCall() throws {
        let secret = SecretBytes("12a4")
        let problem = try secret.withData { try checkPinInput(kind: .inputHelper, pin: $0) }
        XCTAssertNotNil(problem, "the core's input check refuses a letter in a 4-digit PIN")
        XCTAssertNil(try SecretBytes("1234").withData { try checkPinInput(kind: .inputHelper, pin: $0) })
        XCTAssertEqual(secret.copyOut(), Data("12a4".utf8), "withData leaves the secret itself alone")
    }

    func testWipeOfDataZeroesAndEmptiesIt() {
        var data = Data([1, 2, 3])
        SecretBytes.wipe(&data)
        XCTAssertEqual(data, Data())
    }

    func testOneShotSourceHandsThePinOverOnceForTheCounterTheUserSaw() throws {
        let source = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 3)
        XCTAssertEqual(source.timesAsked, 0)
        XCTAssertEqual(source.pin(prompt: try prompt(.inputHelper, 3)), Data("1234".utf8))
        XCTAssertNil(source.pin(prompt: try prompt(.inputHelper, 3)), "never twice")
        XCTAssertEqual(source.timesAsked, 2)
        XCTAssertNil(source.staleCounter)
    }

    func testOneShotSourceRefusesAnotherCounterOrAnotherPin() throws {
        let typed = SecretBytes("1234")
        let stale = OneShotPinSource(secret: typed, kind: .inputHelper, expectedTriesLeft: 3)
        XCTAssertNil(stale.pin(prompt: try prompt(.inputHelper, 2)))
        XCTAssertEqual(stale.staleCounter, 2)
        XCTAssertTrue(typed.isEmpty, "the refused PIN is wiped")

        let other = OneShotPinSource(secret: SecretBytes("1234"), kind: .inputHelper, expectedTriesLeft: 3)
        XCTAssertNil(other.pin(prompt: try prompt(.auth, 3)))
        XCTAssertNil(other.staleCounter)
        XCTAssertNil(other.pin(prompt: try prompt(.inputHelper, 3)), "gone after the refusal")
    }
}
