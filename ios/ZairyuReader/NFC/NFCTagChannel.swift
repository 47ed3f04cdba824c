@preconcurrency import CoreNFC
import Foundation
import ZairyuCore
import ZairyuKit

/// An `NFCISO7816Tag` as the kit's `APDUChannel`: the core's bytes go out unchanged (CoreNFC
/// parses them into an `NFCISO7816APDU`, short or extended), and the answer comes back as data ‖
/// SW1 SW2. Commands are issued on the session's queue, where CoreNFC also delivers their
/// completions; the reading thread only waits, in the `BlockingTransceiver`.
///
/// Why `@unchecked Sendable`: CoreNFC's tag is not `Sendable`, but this type touches it only on
/// the session queue (inside `queue.async`); the only state shared with the reading thread is the
/// first fault, kept under a lock.
final class NFCTagChannel: APDUChannel, @unchecked Sendable {
    private let tag: NFCISO7816Tag
    private let queue: DispatchQueue
    private let queueKey: DispatchSpecificKey<Bool>
    private let lock = NSLock()
    private var firstFault: NFCReadMachine.TransportFault = .noneSeen

    init(tag: NFCISO7816Tag, queue: DispatchQueue, queueKey: DispatchSpecificKey<Bool>) {
        self.tag = tag
        self.queue = queue
        self.queueKey = queueKey
    }

    /// The first CoreNFC failure of this channel's exchanges (`.noneSeen` if there was none):
    /// what the read machine weighs for the short-mode retry.
    var fault: NFCReadMachine.TransportFault {
        lock.lock()
        defer { lock.unlock() }
        return firstFault
    }

    func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void) {
        guard let command = NFCISO7816APDU(data: apdu) else {
            completion(.failure(.Io(detail: "command not accepted by CoreNFC")))
            return
        }
        queue.async { [self] in
            tag.sendCommand(apdu: command) { [self] data, sw1, sw2, error in
                if let error {
                    note(NFCErrorMapping.fault(for: error))
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

    private func note(_ fault: NFCReadMachine.TransportFault) {
        lock.lock()
        if firstFault == .noneSeen {
            firstFault = fault
        }
        lock.unlock()
    }
}
