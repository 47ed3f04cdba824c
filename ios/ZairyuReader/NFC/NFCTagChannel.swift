import CoreNFC
import Foundation
import ZairyuCore
import ZairyuKit

/// An `NFCISO7816Tag` as the kit's `APDUChannel`: the core's bytes go out unchanged (CoreNFC
/// parses them into an `NFCISO7816APDU`, short or extended), and the answer comes back as data ‖
/// SW1 SW2. Commands are issued on the session's queue, where CoreNFC also delivers their
/// completions; the reading thread only waits, in the `BlockingTransceiver`.
final class NFCTagChannel: APDUChannel, @unchecked Sendable {
    private let tag: NFCISO7816Tag
    private let queue: DispatchQueue
    private let queueKey: DispatchSpecificKey<Bool>
    private let lock = NSLock()
    private var packetTooLong = false

    init(tag: NFCISO7816Tag, queue: DispatchQueue, queueKey: DispatchSpecificKey<Bool>) {
        self.tag = tag
        self.queue = queue
        self.queueKey = queueKey
    }

    /// True once CoreNFC refused a command for its length (extended length not carried).
    var sawPacketTooLong: Bool {
        lock.lock()
        defer { lock.unlock() }
        return packetTooLong
    }

    func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void) {
        guard let command = NFCISO7816APDU(data: apdu) else {
            completion(.failure(.Io(detail: "command not accepted by CoreNFC")))
            return
        }
        let tag = self.tag
        queue.async { [weak self] in
            tag.sendCommand(apdu: command) { data, sw1, sw2, error in
                if let error {
                    if NFCErrorMapping.isPacketTooLong(error) {
                        self?.notePacketTooLong()
                    }
                    completion(.failure(NFCErrorMapping.transportFailure(for: error)))
                    return
                }
                var response = data
                response.append(sw1)
                response.append(sw2)
                completion(.success(response))
            }
        }
    }

    func isOnDeliveryQueue() -> Bool {
        DispatchQueue.getSpecific(key: queueKey) == true
    }

    private func notePacketTooLong() {
        lock.lock()
        packetTooLong = true
        lock.unlock()
    }
}
