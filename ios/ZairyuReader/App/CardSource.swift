import Foundation
import ZairyuCore
import ZairyuKit

/// How a read ended, as the app acts on it: a result to show, or the catalogue entry to show
/// (its `dialog` is false when the user cancelled and nothing should appear).
enum ReadOutcome: Sendable {
    case success(ReadResult)
    case failure(ErrorInfo)
}

/// Where a read gets its card: the NFC radio, or the demo's software card. Both run the core's
/// `read_card` on a `CardReadJob` over a `BlockingTransceiver`; they differ only in the channel.
protocol CardSource: AnyObject {
    /// Starts one read. Both callbacks may come from any thread; `onFinish` comes exactly once.
    func begin(
        number: String,
        options: ReadOptions,
        onProgress: @escaping @Sendable (ProgressEvent) -> Void,
        onFinish: @escaping @Sendable (ReadOutcome) -> Void
    )

    /// Stops the read (the user left the reading screen).
    func cancel()
}

/// The demo card: the core's software card with the chosen profile, answering through the same
/// asynchronous channel shape as CoreNFC. Its roots are TEST roots, so the result screen always
/// says it is not a production pass.
final class DemoCardSource: CardSource {
    private let profile: String
    private var job: CardReadJob?

    init(profile: String) {
        self.profile = profile
    }

    func begin(
        number: String,
        options: ReadOptions,
        onProgress: @escaping @Sendable (ProgressEvent) -> Void,
        onFinish: @escaping @Sendable (ReadOutcome) -> Void
    ) {
        do {
            let demo = try DemoCard.prepare(profile: profile)
            var options = options
            options.testAnchors = demo.options.testAnchors
            // A specified demo card is read with its TEST delivery key (none for other profiles).
            options.deliveryKey = demo.options.deliveryKey
            // The demo card is verified against its TEST roots only, never the production ones.
            options.productionTrustDir = nil
            job = CardReadJob.start(
                number: number,
                transceiver: demo.transceiver,
                options: options,
                onProgress: onProgress,
                completion: { outcome in
                    switch outcome {
                    case let .success(result): onFinish(.success(result))
                    case let .failure(error): onFinish(.failure(error.info))
                    }
                }
            )
        } catch {
            onFinish(.failure(ErrorCatalogue.info(for: error)))
        }
    }

    func cancel() {
        job?.cancel()
    }
}
