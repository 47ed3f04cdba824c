import Foundation
import XCTest
import ZairyuCore
@testable import ZairyuKit

/// Whole reads of the core's software card through the iOS bridge and the reading thread: the
/// path a CoreNFC read takes, minus the radio.
final class CardReadJobTests: XCTestCase {
    func testResidenceCardReadsNormalThroughTheBridge() throws {
        let demo = try DemoCard.prepare(profile: "residence")
        let progress = ProgressLog()
        let result = try runRead(number: Numbers.residence, transceiver: demo.transceiver, options: demo.options, progress: progress).get()

        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(try result.wireStats().apdus, 15)
        XCTAssertEqual(try demo.card.apduCount(), 15)
        XCTAssertEqual(demo.transceiver.exchangesSent, 15)
        XCTAssertTrue(try result.wireStats().extendedLength)
        let screen = try result.resultScreen()
        XCTAssertEqual(screen.headline.kind, .normal)
        XCTAssertEqual(screen.headline.text.ja, "正常に機能している在留カードです。")
        XCTAssertEqual(screen.headline.text.en, "This is a normally functioning residence card.")
        XCTAssertEqual(screen.indicators.map(\.state), [.passed, .passed])
        XCTAssertEqual(screen.testAnchorNotice?.en, "Verified against a TEST root — not a production pass.")
        XCTAssertEqual(screen.images.map(\.source), [.frontImage, .faceImage])
        XCTAssertEqual(screen.revocation.urlHost, "ipse-immi.moj.go.jp")
        XCTAssertEqual(screen.revocation.cardNumber, Numbers.residence)
        XCTAssertNil(screen.revocation.cardExpiry)

        let events = progress.all
        XCTAssertEqual(events.first?.step, .detectingCard)
        XCTAssertEqual(events.last?.step, .done)
        XCTAssertEqual(events.last?.fraction, 1.0)
        XCTAssertEqual(events.last?.text.en, "Reading complete")
        XCTAssertEqual(events.map(\.fraction), events.map(\.fraction).sorted(), "the bar never goes back")
    }

    func testPrologueIsSentButNotCountedByTheCore() throws {
        let card = try SoftCardTransceiver(profile: "residence")
        let bridge = BlockingTransceiver(
            channel: SoftCardChannel(card: card),
            maxApduLength: APDULength.extended,
            prologue: NFCPrologue.commands(initialSelectedAID: "D392F0004F0200000000000000000000")
        )
        let result = try runRead(number: Numbers.residence, transceiver: bridge, options: ReadOptions(testAnchors: try card.testAnchors())).get()
        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(try card.apduCount(), 16)
        XCTAssertEqual(try result.wireStats().apdus, 15)
    }

    func testShortModeReadsInChunks() throws {
        let card = try SoftCardTransceiver(profile: "residence")
        let channel = RecordingSoftChannel(card: card)
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.short)
        let result = try runRead(number: Numbers.residence, transceiver: bridge, options: ReadOptions(testAnchors: try card.testAnchors())).get()
        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(try result.wireStats().apdus, 65)
        XCTAssertFalse(try result.wireStats().extendedLength)
        XCTAssertEqual(channel.first.map(hex), ["00 B0 8B 00 06", "00 B0 8A 00 04", "00 84 00 00 08"])
    }

    func testSecondGenerationCarriesTheExpiryForTheRevocationInquiry() throws {
        let demo = try DemoCard.prepare(profile: "gen2-residence")
        let result = try runRead(number: Numbers.gen2Residence, transceiver: demo.transceiver, options: demo.options).get()
        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(try result.wireStats().apdus, 16)
        let screen = try result.resultScreen()
        XCTAssertEqual(screen.revocation.cardExpiry, "2030-03-31")
        XCTAssertNil(screen.revocation.expiryHint)
        XCTAssertEqual(screen.images.map(\.source), [.faceImage, .nameImage, .addressImage])
    }

    func testUnder16IsYoungHolderNotTampering() throws {
        let demo = try DemoCard.prepare(profile: "under16")
        let result = try runRead(number: Numbers.under16, transceiver: demo.transceiver, options: demo.options).get()
        XCTAssertEqual(try result.verdict(), .youngHolder)
        XCTAssertEqual(try result.resultScreen().indicators.map(\.state), [.notChecked, .notChecked])
    }

    func testTamperedCardIsAbnormalAndSaysWhichCheckFailed() throws {
        let demo = try DemoCard.prepare(profile: "tampered")
        let screen = try runRead(number: Numbers.residence, transceiver: demo.transceiver, options: demo.options).get().resultScreen()
        XCTAssertEqual(screen.headline.kind, .abnormal)
        XCTAssertEqual(screen.headline.action?.url, "https://www.moj.go.jp/isa/about/region/index.html")
        XCTAssertEqual(screen.indicators.map(\.check), [.tamper, .issuer])
        XCTAssertEqual(screen.indicators.map(\.state), [.failed, .passed])
        XCTAssertEqual(screen.indicators[0].detail.en, "Data hash mismatch: the data read does not match the signature")
    }

    /// A specified card (07) read as a residence card (issue 17): the same flow, with the demo
    /// card's TEST delivery key; 17 APDUs, as the core's own read of this profile.
    func testSpecifiedCardReadsThroughTheResidenceFlow() throws {
        let demo = try DemoCard.prepare(profile: "specified-07")
        XCTAssertNotNil(demo.options.deliveryKey)
        let result = try runRead(number: "ST13572468UV", transceiver: demo.transceiver, options: demo.options).get()
        XCTAssertEqual(try result.verdict(), .normal)
        XCTAssertEqual(try result.wireStats().apdus, 17)
        XCTAssertNotNil(try result.resultScreen().testAnchorNotice)
        XCTAssertNil(try DemoCard.prepare(profile: "residence").options.deliveryKey, "only specified cards get a delivery key")
    }

    func testErrorsCarryTheirCatalogueEntries() throws {
        let cases: [(profile: String, number: String, code: String)] = [
            ("residence", "AB12345678CE", "wrong_card_number"),
            ("pulled-away", Numbers.residence, "card_lost"),
            ("not-residence", Numbers.residence, "not_a_residence_card"),
            ("broken-chip", Numbers.residence, "chip_broken"),
            ("specified", Numbers.residence, "delivery_key_missing"),
        ]
        for (profile, number, code) in cases {
            let demo = try DemoCard.prepare(profile: profile)
            var options = demo.options
            // A specified card without ISA's delivery key (a build without it) cannot be read.
            options.deliveryKey = nil
            switch runRead(number: number, transceiver: demo.transceiver, options: options) {
            case .success:
                XCTFail("\(profile) read without error")
            case let .failure(error):
                XCTAssertEqual(error.code, code, profile)
                XCTAssertTrue(error.info.dialog, profile)
            }
        }
        let wrong = try DemoCard.prepare(profile: "residence")
        if case let .failure(error) = runRead(number: "AB12345678CE", transceiver: wrong.transceiver, options: wrong.options) {
            XCTAssertEqual(error.info.title.en, "Wrong card number")
            XCTAssertEqual(error.info.title.ja, "在留カード等番号が正しくありません")
            XCTAssertEqual(error.info.actions, [.reEnterNumber])
        } else {
            XCTFail("wrong number read")
        }
    }

    func testInvalidNumberSendsNothing() throws {
        let demo = try DemoCard.prepare(profile: "residence")
        guard case let .failure(error) = runRead(number: "AB12#", transceiver: demo.transceiver, options: demo.options) else {
            return XCTFail("invalid number read")
        }
        XCTAssertEqual(error.code, "invalid_card_number")
        XCTAssertEqual(demo.transceiver.exchangesSent, 0)
    }

    func testSessionInvalidatedMidReadIsCardLost() throws {
        let card = try SoftCardTransceiver(profile: "residence")
        let holder = BridgeHolder()
        // The 5th command is never answered; the "session" is invalidated instead.
        let channel = InterceptingChannel(card: card, at: 5, swallow: true) { holder.bridge?.close(.TagLost) }
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended, timeout: 60)
        holder.bridge = bridge
        guard case let .failure(error) = runRead(number: Numbers.residence, transceiver: bridge, options: ReadOptions(testAnchors: try card.testAnchors())) else {
            return XCTFail("read survived invalidation")
        }
        XCTAssertEqual(error.code, "card_lost")
        XCTAssertEqual(error.info.title.en, "Card not detected")
    }

    func testCancelEndsTheReadWithoutADialog() throws {
        let card = try SoftCardTransceiver(profile: "residence")
        let holder = JobHolder()
        let channel = InterceptingChannel(card: card, at: 3, swallow: false) { holder.job?.cancel() }
        let bridge = BlockingTransceiver(channel: channel, maxApduLength: APDULength.extended)
        let gate = DispatchSemaphore(value: 0)
        let gated = GatedTransceiver(inner: bridge, gate: gate)
        let outcome = runRead(number: Numbers.residence, transceiver: gated, options: ReadOptions(testAnchors: try card.testAnchors())) { job in
            holder.job = job
            gate.signal()
        }
        guard case let .failure(error) = outcome else {
            return XCTFail("cancelled read succeeded")
        }
        XCTAssertEqual(error.code, "cancelled")
        XCTAssertFalse(error.info.dialog)
        XCTAssertEqual(try card.apduCount(), 3, "nothing is sent after the cancel")
    }

    func testShellErrorCodesComeFromTheCatalogue() {
        let camera = ErrorCatalogue.info(code: "camera_permission_denied")
        XCTAssertEqual(camera.title.en, "Camera access needed")
        XCTAssertEqual(camera.actions, [.openAppSettings, .close])
        let nfc = ErrorCatalogue.info(code: "nfc_unavailable")
        XCTAssertEqual(nfc.title.ja, "この端末ではNFCを使用できません")
        let internalError = ErrorCatalogue.info(code: "internal")
        XCTAssertTrue(internalError.returnsToStart)
        XCTAssertEqual(internalError.actions, [.returnToTop])
    }

    func testDisplayLanguageFollowsTheResolvedLocalisation() {
        XCTAssertEqual(DisplayLanguage.resolve(["ja"]), .ja)
        XCTAssertEqual(DisplayLanguage.resolve(["ja-JP", "en"]), .ja)
        XCTAssertEqual(DisplayLanguage.resolve(["en", "ja"]), .en)
        XCTAssertEqual(DisplayLanguage.resolve([]), .en)
        let text = ZairyuCore.Text(ja: "閉じる", en: "Close")
        XCTAssertEqual(text.string(in: .ja), "閉じる")
        XCTAssertEqual(text.string(in: .en), "Close")
    }

    func testDemoProfilesStartWithTheGenuineResidenceCard() {
        let profiles = DemoCard.profiles()
        XCTAssertEqual(profiles.first?.name, DemoCard.defaultProfile)
        XCTAssertEqual(profiles.first?.cardNumber, Numbers.residence)
        XCTAssertTrue(profiles.contains { $0.name == "gen2-residence" && $0.cardNumber == Numbers.gen2Residence })
    }
}

/// The software card's channel, keeping the first three commands.
private final class RecordingSoftChannel: APDUChannel, @unchecked Sendable {
    private let inner: SoftCardChannel
    private let lock = NSLock()
    private var seen: [Data] = []

    init(card: SoftCardTransceiver) {
        inner = SoftCardChannel(card: card)
    }

    var first: [Data] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    func send(_ apdu: Data, completion: @escaping @Sendable (Result<Data, TransportFailure>) -> Void) {
        lock.lock()
        if seen.count < 3 {
            seen.append(apdu)
        }
        lock.unlock()
        inner.send(apdu, completion: completion)
    }

    func isOnDeliveryQueue() -> Bool {
        inner.isOnDeliveryQueue()
    }
}

private final class BridgeHolder: @unchecked Sendable {
    var bridge: BlockingTransceiver?
}

private final class JobHolder: @unchecked Sendable {
    var job: CardReadJob?
}

/// Holds the first exchange until the test has the job in hand, so the cancel can find it.
private final class GatedTransceiver: Transceiver, @unchecked Sendable {
    private let inner: BlockingTransceiver
    private let gate: DispatchSemaphore
    private var opened = false

    init(inner: BlockingTransceiver, gate: DispatchSemaphore) {
        self.inner = inner
        self.gate = gate
    }

    func transceive(apdu: Data) throws -> Data {
        if !opened {
            gate.wait()
            opened = true
        }
        return try inner.transceive(apdu: apdu)
    }

    func maxApduLength() -> UInt32 {
        inner.maxApduLength()
    }
}
