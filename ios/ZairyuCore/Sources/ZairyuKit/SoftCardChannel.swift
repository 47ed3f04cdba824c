import Foundation
import ZairyuCore

/// The core's software card behind the asynchronous channel shape CoreNFC has, answering on its
/// own serial queue. Demo mode and the simulator tests read through it, so they exercise the same
/// blocking bridge, prologue and progress path as a real card.
public final class SoftCardChannel: APDUChannel, @unchecked Sendable {
    public let card: SoftCardTransceiver
    private let queue: DispatchQueue
    private let queueKey = DispatchSpecificKey<Bool>()

    public init(card: SoftCardTransceiver) {
        self.card = card
        queue = DispatchQueue(label: "jp.zairyu.reader.softcard")
        queue.setSpecific(key: queueKey, value: true)
    }

    public func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void) {
        let card = self.card
        queue.async {
            do {
                completion(.success(try card.transceive(apdu: apdu)))
            } catch let failure as TransportFailure {
                completion(.failure(failure))
            } catch {
                completion(.failure(.Io(detail: "software card failed")))
            }
        }
    }

    public func isOnDeliveryQueue() -> Bool {
        DispatchQueue.getSpecific(key: queueKey) == true
    }
}

/// The demo card: which software-card profiles exist and how a demo read is set up.
public enum DemoCard {
    /// The profile the demo offers first: a complete, genuine first-generation residence card.
    public static let defaultProfile = "residence"

    /// Every profile, `residence` first (empty only if the core cannot be called).
    public static func profiles() -> [SoftCardProfile] {
        (try? softcardProfiles()) ?? []
    }

    /// A fresh software card with `profile`, its bridge in the mode the card supports, and read
    /// options that trust the card's TEST roots (so a pass is always shown as a test pass) and,
    /// for a specified card (07/08), carry its TEST delivery key, so the demo reads a specified
    /// card through the residence flow as a phone with ISA's key reads a real one.
    public static func prepare(profile: String) throws -> (card: SoftCardTransceiver, transceiver: BlockingTransceiver, options: ReadOptions) {
        let card = try SoftCardTransceiver(profile: profile)
        let channel = SoftCardChannel(card: card)
        let transceiver = BlockingTransceiver(channel: channel, maxApduLength: card.maxApduLength())
        let options = ReadOptions(testAnchors: try card.testAnchors(), deliveryKey: try card.testDeliveryKey())
        return (card, transceiver, options)
    }
}
