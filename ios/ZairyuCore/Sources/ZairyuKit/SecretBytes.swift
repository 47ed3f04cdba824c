import Foundation
import ZairyuCore

/// A typed PIN or password in memory this type owns and overwrites.
///
/// Why not a `String` or `[UInt8]`: Swift value types copy themselves wherever they are passed
/// and free their buffers without clearing them, so nothing could overwrite every copy. This
/// buffer is allocated once, never grows or moves, and is zeroed by `wipe()` — which the PIN
/// screen calls on submit-and-use, on leaving, and when the app goes to the background — and
/// again before it is freed. The SwiftUI `SecureField` still needs a `String` while the user
/// types; the model empties it as soon as its bytes are copied here (see `MyNumberModel`).
///
/// The core gets the bytes as `Data` (UniFFI's `Vec<u8>`), copied out by `withData`, which
/// zeroes its copy right after the call; the core wraps what it receives in `Zeroizing` at once.
public final class SecretBytes: @unchecked Sendable {
    /// Longer than any PIN or password of the card (the signature password is 6–16 characters);
    /// what does not fit is cut off, and the core then refuses it as invalid.
    public static let capacity = 64

    // Under `lock`.
    private let lock = NSLock()
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private var length = 0

    public init() {
        storage = .allocate(capacity: Self.capacity)
        storage.initialize(repeating: 0)
    }

    public convenience init(_ text: String) {
        self.init()
        set(text)
    }

    deinit {
        zero()
        storage.deallocate()
    }

    /// Replaces the content with the UTF-8 bytes of `text`.
    public func set(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        zero()
        var count = 0
        for byte in text.utf8 {
            guard count < storage.count else { break }
            storage[count] = byte
            count += 1
        }
        length = count
    }

    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return length == 0
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return length
    }

    /// Runs `body` with a copy of the bytes, then zeroes the copy (whatever `body` did).
    public func withData<T>(_ body: (Data) throws -> T) rethrows -> T {
        var copy = copyOut()
        defer { Self.wipe(&copy) }
        return try body(copy)
    }

    /// The bytes as a fresh `Data` for a callee (the core's `PinSource` answer, an FFI call).
    /// The copy lives in its own allocation whose deallocator zeroes it, so it is cleared when
    /// the last reference goes, even though the generated bindings drop it without a word.
    public func copyOut() -> Data {
        lock.lock()
        defer { lock.unlock() }
        guard let base = storage.baseAddress, length > 0 else { return Data() }
        let copy = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 1)
        copy.copyMemory(from: base, byteCount: length)
        return Data(bytesNoCopy: copy, count: length, deallocator: .custom { pointer, count in
            _ = pointer.initializeMemory(as: UInt8.self, repeating: 0, count: count)
            pointer.deallocate()
        })
    }

    /// Moves the secret into a new buffer and wipes this one: the check in flight owns its own
    /// copy, so the screen can wipe its field whatever the check is doing.
    public func take() -> SecretBytes {
        let moved = SecretBytes()
        lock.lock()
        defer { lock.unlock() }
        moved.lock.lock()
        for index in 0..<length {
            moved.storage[index] = storage[index]
        }
        moved.length = length
        moved.lock.unlock()
        zero()
        return moved
    }

    /// Overwrites every byte with zero; the secret is then empty.
    public func wipe() {
        lock.lock()
        defer { lock.unlock() }
        zero()
    }

    /// Zeroes a `Data` in place (its own buffer, as it is uniquely referenced here).
    public static func wipe(_ data: inout Data) {
        data.resetBytes(in: 0..<data.count)
        data = Data()
    }

    private func zero() {
        for index in storage.indices {
            storage[index] = 0
        }
        length = 0
    }
}

/// The core's `PinSource` for the second tap on iOS: hands over the PIN the user typed between
/// the two taps, once, and only for the counter the user saw.
///
/// The core reads the card's counter again before VERIFY and asks this source with it. If that
/// counter is not the one the PIN screen showed (a try was spent elsewhere between the taps),
/// the user's decision was made on a different count: nothing is handed over, the check ends
/// as cancelled without a VERIFY, and `staleCounter` tells the app to show the new count. A
/// second question (there is none in the core's flows) gets nothing either.
public final class OneShotPinSource: PinSource, @unchecked Sendable {
    private let lock = NSLock()
    private var secret: SecretBytes?
    private let kind: PinKind
    private let expectedTriesLeft: UInt8
    private var asked = 0
    private var stale: UInt8?

    /// - Parameters:
    ///   - secret: the typed PIN; wiped once handed over or refused.
    ///   - kind: the PIN the screen asked for.
    ///   - expectedTriesLeft: the counter the screen showed when the PIN was typed.
    public init(secret: SecretBytes, kind: PinKind, expectedTriesLeft: UInt8) {
        self.secret = secret
        self.kind = kind
        self.expectedTriesLeft = expectedTriesLeft
    }

    public func pin(prompt: PinPrompt) -> Data? {
        lock.lock()
        defer { lock.unlock() }
        asked += 1
        guard let secret else { return nil }
        self.secret = nil
        defer { secret.wipe() }
        guard prompt.kind == kind else { return nil }
        guard prompt.triesLeft == expectedTriesLeft else {
            stale = prompt.triesLeft
            return nil
        }
        return secret.copyOut()
    }

    /// How often the core asked (0 when the check ended before the counter was read).
    public var timesAsked: Int {
        lock.lock()
        defer { lock.unlock() }
        return asked
    }

    /// The counter the core read when it differed from the one the user saw.
    public var staleCounter: UInt8? {
        lock.lock()
        defer { lock.unlock() }
        return stale
    }
}
