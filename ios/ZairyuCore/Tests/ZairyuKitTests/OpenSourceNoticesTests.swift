import Foundation
import XCTest
@testable import ZairyuKit

/// notices.json as scripts/gen-about.py writes it (schema 1), and what the iOS About screen
/// makes of it.
final class OpenSourceNoticesTests: XCTestCase {
    private let sample = """
    {"schema": 1,
     "components": [
       {"name": "zeroize", "version": "1.8.1", "license": "Apache-2.0 OR MIT", "origin": "rust", "url": "https://github.com/RustCrypto/utils"},
       {"name": "jna", "version": "5.18.1", "license": "LGPL-2.1-or-later OR Apache-2.0", "origin": "android", "url": "https://github.com/java-native-access/jna"},
       {"name": "aes", "version": "0.8.4", "license": "MIT OR Apache-2.0", "origin": "rust", "url": "https://github.com/RustCrypto/block-ciphers"},
       {"name": "Ring", "version": "0.1", "license": "(Apache-2.0 OR MIT) AND BSD-3-Clause", "origin": "ios", "url": "https://example.org/ring"},
       {"name": "target-lexicon", "version": "0.12.0", "license": "Apache-2.0 WITH LLVM-exception", "origin": "rust", "url": "https://github.com/bytecodealliance/target-lexicon"}
     ],
     "license_texts": {"Apache-2.0": "A", "MIT": "M", "BSD-3-Clause": "B", "LGPL-2.1-or-later": "L"}}
    """

    func testOnlyWhatTheIOSAppShipsIsListedSortedByName() throws {
        let notices = try OpenSourceNotices.parse(Data(sample.utf8))
        XCTAssertEqual(notices.schema, 1)
        XCTAssertEqual(notices.components.count, 5)
        XCTAssertEqual(notices.shippedOnIOS.map(\.name), ["aes", "Ring", "target-lexicon", "zeroize"])
        XCTAssertEqual(notices.shippedOnIOS.first?.url, "https://github.com/RustCrypto/block-ciphers")
    }

    func testLicenceIdsOfAnSPDXExpression() {
        XCTAssertEqual(OpenSourceNotices.licenseIds(in: "MIT OR Apache-2.0"), ["MIT", "Apache-2.0"])
        XCTAssertEqual(OpenSourceNotices.licenseIds(in: "(Apache-2.0 OR MIT) AND BSD-3-Clause"), ["Apache-2.0", "MIT", "BSD-3-Clause"])
        XCTAssertEqual(OpenSourceNotices.licenseIds(in: "Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT"), ["Apache-2.0", "LLVM-exception", "MIT"])
        XCTAssertEqual(OpenSourceNotices.licenseIds(in: "MPL-2.0"), ["MPL-2.0"])
    }

    func testTextsFollowTheExpressionAndMissingOnesAreNamed() throws {
        let notices = try OpenSourceNotices.parse(Data(sample.utf8))
        let ring = try XCTUnwrap(notices.shippedOnIOS.first { $0.name == "Ring" })
        XCTAssertEqual(notices.texts(for: ring).map { $0.id }, ["Apache-2.0", "MIT", "BSD-3-Clause"])
        XCTAssertEqual(notices.texts(for: ring).map { $0.text }, ["A", "M", "B"])
        // The exception's text is missing from the sample; the Android-only LGPL text is not needed.
        XCTAssertEqual(notices.missingTexts, ["LLVM-exception"])
    }

    func testAnotherSchemaOrBrokenJSONIsRefused() {
        XCTAssertThrowsError(try OpenSourceNotices.parse(Data(#"{"schema": 2, "components": [], "license_texts": {}}"#.utf8))) { error in
            XCTAssertEqual(error as? OpenSourceNotices.Failure, .unsupportedSchema(2))
        }
        XCTAssertThrowsError(try OpenSourceNotices.parse(Data(#"{"schema": 1, "components": [{"name": "x"}], "license_texts": {}}"#.utf8))) { error in
            XCTAssertEqual(error as? OpenSourceNotices.Failure, .malformed)
        }
    }
}
