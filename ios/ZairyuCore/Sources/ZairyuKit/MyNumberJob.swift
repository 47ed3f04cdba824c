import Foundation
import ZairyuCore

/// One My Number call of the core, as the app asks for it.
public enum MyNumberTask: Sendable {
    /// Tap 1: the card's kind, its PIN counters and certificates; no try spent.
    case status
    case inPerson(birthDate: String, expiryYear: String, securityCode: String)
    case pinCheck(PinSource)
    case auth(PinSource)
    case signature(PinSource)

    /// The task for a check with the PIN the user typed (`nil` for the in-person check).
    public static func check(_ check: MyNumberCheck, pin: PinSource) -> MyNumberTask? {
        switch check {
        case .inPerson: return nil
        case .pinCheck: return .pinCheck(pin)
        case .auth: return .auth(pin)
        case .signature: return .signature(pin)
        }
    }
}

/// What a My Number call returns: the counters of tap 1, or a finished check.
public enum MyNumberOutcome: Sendable {
    case status(MyNumberStatus)
    case result(MyNumberResult)
}

/// One My Number call on a dedicated thread, for the same reasons as `CardReadJob`: it blocks
/// its thread for every APDU (CoreNFC answers on the session queue), so it must not occupy a
/// cooperative-pool or GCD worker, and image decoding wants a larger stack.
public final class MyNumberJob: @unchecked Sendable {
    public typealias Completion = @Sendable (Result<MyNumberOutcome, ZairyuError>) -> Void

    private let cancelHandle: CancelHandle?
    private let thread: Thread

    /// Starts at once; `completion` runs once, on the job's thread. `options.cancel` is replaced
    /// by the job's own handle.
    public static func start(
        task: MyNumberTask,
        transceiver: Transceiver,
        options: MyNumberOptions,
        completion: @escaping Completion
    ) -> MyNumberJob {
        let job = MyNumberJob(task: task, transceiver: transceiver, options: options, completion: completion)
        job.thread.start()
        return job
    }

    private init(task: MyNumberTask, transceiver: Transceiver, options: MyNumberOptions, completion: @escaping Completion) {
        let handle = try? CancelHandle()
        var withCancel = options
        withCancel.cancel = handle
        let callOptions = withCancel
        cancelHandle = handle
        thread = Thread {
            completion(MyNumberJob.run(task: task, transceiver: transceiver, options: callOptions))
        }
        thread.name = "jp.zairyu.reader.mynumber"
        thread.stackSize = CardReadJob.stackSize
        thread.qualityOfService = .userInitiated
    }

    /// The call itself, synchronous (tests call it directly on their own thread).
    public static func run(task: MyNumberTask, transceiver: Transceiver, options: MyNumberOptions) -> Result<MyNumberOutcome, ZairyuError> {
        do {
            switch task {
            case .status:
                return .success(.status(try myNumberStatus(transceiver: transceiver, options: options)))
            case let .inPerson(birthDate, expiryYear, securityCode):
                return .success(.result(try myNumberInPersonCheck(
                    transceiver: transceiver, options: options,
                    birthDate: birthDate, expiryYear: expiryYear, securityCode: securityCode
                )))
            case let .pinCheck(source):
                return .success(.result(try myNumberPinCheck(transceiver: transceiver, options: options, pin: source)))
            case let .auth(source):
                return .success(.result(try myNumberAuthCheck(transceiver: transceiver, options: options, pin: source)))
            case let .signature(source):
                return .success(.result(try myNumberSignatureCheck(transceiver: transceiver, options: options, password: source)))
            }
        } catch let error as ZairyuError {
            return .failure(error)
        } catch {
            return .failure(.Internal(info: ErrorCatalogue.info(code: "internal"), detail: "unexpected error type from a My Number call"))
        }
    }

    /// Stops the call before its next APDU; it then ends with `ZairyuError.Cancelled`.
    public func cancel() {
        try? cancelHandle?.cancel()
    }
}

/// The demo's My Number card: one software card for the whole demo session, so the counters
/// tap 1 reads are the ones tap 2 meets, and a wrong PIN costs a try on the next check too.
public final class DemoMyNumberCard: Sendable {
    public let profile: SoftCardProfile
    public let card: SoftCardTransceiver
    public let transceiver: BlockingTransceiver
    public let anchors: [MyNumberTestAnchor]

    public init(profile: SoftCardProfile) throws {
        self.profile = profile
        card = try SoftCardTransceiver(profile: profile.name)
        transceiver = BlockingTransceiver(channel: SoftCardChannel(card: card), maxApduLength: card.maxApduLength())
        anchors = try card.myNumberTestAnchors()
    }

    /// The software-card profiles the My Number demo offers: My Number cards and specified cards
    /// (a specified card carries the My Number applications too).
    public static func profiles() -> [SoftCardProfile] {
        DemoCard.profiles().filter { $0.family == .myNumber || $0.family == .specified }
    }

    /// Options for a demo call: the card's TEST anchors only, never production trust.
    public func options(allowLastTry: Bool = false, readIndividualNumber: Bool = false) -> MyNumberOptions {
        MyNumberOptions(allowLastTry: allowLastTry, readIndividualNumber: readIndividualNumber, testAnchors: anchors)
    }
}

extension ZairyuError {
    /// The card's counter after a wrong PIN (`wrong_pin`), for the PIN screen's next count.
    public var triesLeft: UInt8? {
        if case let .WrongPin(_, _, triesLeft) = self {
            return triesLeft
        }
        return nil
    }
}
