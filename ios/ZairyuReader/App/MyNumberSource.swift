import Foundation
import ZairyuCore
import ZairyuKit

/// How a My Number call ended, as the app acts on it.
enum MyNumberCallOutcome: Sendable {
    case success(MyNumberOutcome)
    /// The core's error (kept whole: `wrong_pin` carries the tries left).
    case failure(ZairyuError)
}

/// Where a My Number call gets its card: one NFC session per call, or the demo's software card.
protocol MyNumberSource: AnyObject {
    /// Runs one call (one tap). `onFinish` comes exactly once, from any thread.
    func run(_ task: MyNumberTask, options: MyNumberOptions, onFinish: @escaping @Sendable (MyNumberCallOutcome) -> Void)
    /// Stops the call (the user left).
    func cancel()
}

/// The demo: every call goes to the same software card (`DemoMyNumberCard`), through the same
/// blocking bridge a CoreNFC tag uses.
final class DemoMyNumberSource: MyNumberSource {
    let demo: DemoMyNumberCard
    private var job: MyNumberJob?

    init(demo: DemoMyNumberCard) {
        self.demo = demo
    }

    func run(_ task: MyNumberTask, options: MyNumberOptions, onFinish: @escaping @Sendable (MyNumberCallOutcome) -> Void) {
        var options = options
        // The demo card is verified against its TEST anchors only.
        options.testAnchors = demo.anchors
        job = MyNumberJob.start(task: task, transceiver: demo.transceiver, options: options) { outcome in
            switch outcome {
            case let .success(value): onFinish(.success(value))
            case let .failure(error): onFinish(.failure(error))
            }
        }
    }

    func cancel() {
        job?.cancel()
        job = nil
    }
}
