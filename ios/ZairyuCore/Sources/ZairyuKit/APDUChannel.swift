import Foundation
import ZairyuCore

/// One asynchronous exchange with a card, the shape CoreNFC offers (`NFCISO7816Tag.sendCommand`
/// answers through a completion handler on the session's queue). The demo's software card is put
/// behind the same shape, so the demo drives exactly the bridge a real card does.
public protocol APDUChannel: AnyObject, Sendable {
    /// Sends one command APDU. `completion` must be called exactly once, with the response
    /// (data ‖ SW1 SW2) or the transport failure, and never on the thread that called `send`
    /// while that thread waits for it.
    func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void)

    /// True when the calling thread is the queue completions are delivered on. Blocking there
    /// would deadlock (the completion could never run), so the bridge refuses to.
    func isOnDeliveryQueue() -> Bool
}
