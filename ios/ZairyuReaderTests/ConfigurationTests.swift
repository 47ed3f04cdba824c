import CoreNFC
import UIKit
import XCTest
import ZairyuCore
import ZairyuKit
@testable import ZairyuReader

/// What the built app carries: the AIDs CoreNFC selects, the NFC error mapping, the
/// revocation-inquiry address, both string tables and the shared illustrations.
final class ConfigurationTests: XCTestCase {
    /// The DF AIDs of both generations (rust-core/src/chip/gen1.rs, shared by gen2.rs) and the
    /// specified card's residence application (rust-core/src/read/mod.rs), then the My Number
    /// applications (rust-core/src/mynumber/chip.rs: JPKI, input helper, card face), in the order
    /// CoreNFC tries them: residence first, so a residence card is found at its first SELECT,
    /// exactly as before the My Number AIDs were added (ios/README.md).
    func testInfoPlistListsTheCardsAIDs() {
        let aids = Bundle.main.object(forInfoDictionaryKey: "com.apple.developer.nfc.readersession.iso7816.select-identifiers") as? [String]
        XCTAssertEqual(aids, [
            "D392F0004F0200000000000000000000",
            "D392F0004F0300000000000000000000",
            "D392F0004F0400000000000000000000",
            "D392F0004F0100000000000000000000",
            "D392F000260100000001",
            "D3921000310001010408",
            "D3921000310001010402",
        ])
    }

    func testUsageDescriptionsAndExportSetting() {
        let info = Bundle.main.infoDictionary ?? [:]
        XCTAssertNotNil(info["NFCReaderUsageDescription"] as? String)
        XCTAssertNotNil(info["NSCameraUsageDescription"] as? String)
        XCTAssertEqual(info["ITSAppUsesNonExemptEncryption"] as? Bool, false)
    }

    func testTransportFailuresFromCoreNFC() {
        XCTAssertEqual(NFCErrorMapping.transportFailure(for: NFCReaderError(.readerTransceiveErrorTagConnectionLost)), .TagLost)
        XCTAssertEqual(NFCErrorMapping.transportFailure(for: NFCReaderError(.readerTransceiveErrorSessionInvalidated)), .TagLost)
        XCTAssertEqual(NFCErrorMapping.transportFailure(for: NFCReaderError(.readerTransceiveErrorPacketTooLong)), .Io(detail: "command too long for the NFC controller"))
        XCTAssertEqual(NFCErrorMapping.transportFailure(for: NFCReaderError(.readerTransceiveErrorRetryExceeded)), .Io(detail: "CoreNFC error 101"))
        XCTAssertEqual(NFCErrorMapping.transportFailure(for: NSError(domain: "other", code: 1)), .Io(detail: "exchange failed"))
        XCTAssertTrue(NFCErrorMapping.isPacketTooLong(NFCReaderError(.readerTransceiveErrorPacketTooLong)))
    }

    /// What the read machine weighs for the short-mode retry: the card leaving against any other
    /// CoreNFC failure, kept by its code (102 and 105 both lead to the retry).
    func testFaultsForTheShortModeRetry() {
        XCTAssertEqual(NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorPacketTooLong)), .other(code: 105))
        XCTAssertEqual(NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorTagResponseError)), .other(code: 102))
        XCTAssertEqual(NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorRetryExceeded)), .other(code: 101))
        XCTAssertEqual(NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorTagConnectionLost)), .tagLost)
        XCTAssertEqual(NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorSessionInvalidated)), .tagLost)
        XCTAssertEqual(NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorTagNotConnected)), .tagLost)
        XCTAssertEqual(NFCErrorMapping.fault(for: NSError(domain: "other", code: 1)), .other(code: -1))
        XCTAssertTrue(NFCReadMachine.retriesInShortMode(code: "communication_error", fault: NFCErrorMapping.fault(for: NFCReaderError(.readerTransceiveErrorTagResponseError))))
    }

    func testSessionEndsAsCatalogueCodes() {
        XCTAssertEqual(NFCErrorMapping.sessionErrorCode(for: NFCReaderError(.readerSessionInvalidationErrorUserCanceled)), "cancelled")
        XCTAssertEqual(NFCErrorMapping.sessionErrorCode(for: NFCReaderError(.readerSessionInvalidationErrorSessionTimeout)), "card_lost")
        XCTAssertEqual(NFCErrorMapping.sessionErrorCode(for: NFCReaderError(.readerErrorUnsupportedFeature)), "nfc_unavailable")
        XCTAssertEqual(NFCErrorMapping.sessionErrorCode(for: NFCReaderError(.readerErrorSecurityViolation)), "internal")
        XCTAssertEqual(NFCErrorMapping.sessionErrorCode(for: NFCReaderError(.readerSessionInvalidationErrorSystemIsBusy)), "communication_error")
        XCTAssertTrue(NFCErrorMapping.isUserCancel(NFCReaderError(.readerSessionInvalidationErrorUserCanceled)))
    }

    func testRevocationAddressIsHttpsOnTheCoresHost() {
        let configuration = AppConfiguration(bundle: .main)
        XCTAssertEqual(configuration.revocationURL(host: "ipse-immi.moj.go.jp")?.absoluteString, "https://ipse-immi.moj.go.jp/")
        XCTAssertNil(configuration.revocationURL(host: "evil.example/phish"))
        XCTAssertNil(configuration.revocationURL(host: ""))
    }

    func testBothStringTablesHaveTheSameKeys() throws {
        let keys = try ["en", "ja"].map { language -> Set<String> in
            let path = try XCTUnwrap(Bundle.main.path(forResource: "Localizable", ofType: "strings", inDirectory: nil, forLocalization: language))
            let table = try XCTUnwrap(NSDictionary(contentsOfFile: path) as? [String: String])
            return Set(table.keys)
        }
        XCTAssertEqual(keys[0], keys[1])
        XCTAssertFalse(keys[0].isEmpty)
    }

    func testCarouselIllustrationsAreBundled() throws {
        let carousel = try helpCarousel()
        for page in carousel.pages {
            let asset = try XCTUnwrap(HelpCarouselView.assetNames[page.illustrationId], page.illustrationId)
            XCTAssertNotNil(UIImage(named: asset), asset)
        }
    }

    func testAboutCarriesBothPoliciesWithTheNonAffiliationStatement() {
        let en = AboutContent.load(bundle: .main, language: .en)
        let ja = AboutContent.load(bundle: .main, language: .ja)
        XCTAssertTrue(en.policy?.contains("Zairyu Reader is not made by, endorsed by or affiliated with the Immigration Services Agency of Japan.") == true)
        XCTAssertTrue(ja.policy?.contains("本アプリは出入国在留管理庁が作成・提供するものではなく、同庁とは関係ありません。") == true)
    }

    func testNoticesListExactlyWhatTheIPhoneAppShipsWithEveryText() throws {
        let notices = try XCTUnwrap(AboutContent.load(bundle: .main, language: .en).notices)
        let shipped = notices.shippedOnIOS
        XCTAssertFalse(shipped.isEmpty)
        XCTAssertTrue(shipped.allSatisfy { OpenSourceNotices.iosOrigins.contains($0.origin) }, "no Android-only component")
        for crate in ["uniffi", "zeroize", "subtle"] {
            XCTAssertTrue(shipped.contains { $0.name == crate }, crate)
        }
        XCTAssertEqual(notices.missingTexts, [])
    }

    func testTrustAnchorFolderNeedsACertificateFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertFalse(AppConfiguration.holdsCertificates(folder))
        try Data("x".utf8).write(to: folder.appendingPathComponent("README.txt"))
        XCTAssertFalse(AppConfiguration.holdsCertificates(folder))
        try Data("x".utf8).write(to: folder.appendingPathComponent("930001756.crt"))
        XCTAssertTrue(AppConfiguration.holdsCertificates(folder))
        XCTAssertFalse(AppConfiguration.holdsCertificates(nil))
    }

    func testHeadingsShowBothLanguagesDisplayLanguageFirst() {
        let title = CoreText(ja: "照会結果", en: "Inquiry result")
        XCTAssertTrue(BilingualHeading.lines(title, in: .ja) == ("照会結果", "Inquiry result"))
        XCTAssertTrue(BilingualHeading.lines(title, in: .en) == ("Inquiry result", "照会結果"))
        XCTAssertTrue(BilingualHeading.lines(CoreText(ja: "×", en: "×"), in: .en) == ("×", nil))
    }
}
