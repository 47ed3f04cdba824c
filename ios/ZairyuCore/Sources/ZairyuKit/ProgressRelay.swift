import Foundation
import ZairyuCore

/// The core's `ProgressListener` as a closure. The core calls it on the reading thread; the
/// closure posts to wherever the event is shown (the NFC sheet's alert message, the screen's bar).
public final class ProgressRelay: ProgressListener, @unchecked Sendable {
    private let handler: @Sendable (ProgressEvent) -> Void

    public init(_ handler: @escaping @Sendable (ProgressEvent) -> Void) {
        self.handler = handler
    }

    public func onProgress(event: ProgressEvent) {
        handler(event)
    }
}
