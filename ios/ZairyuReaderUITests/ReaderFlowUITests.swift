import XCTest

/// The app on the simulator, driven as a user would: start screen → residence card → number
/// entry → read (the demo card, since the simulator has no NFC) → result → image viewer → back,
/// and the error dialogs. English UI. The My Number flows are in `MyNumberFlowUITests`.
/// Main-actor isolated, as XCUIApplication is; the async `setUp` takes the class's isolation.
@MainActor
final class ReaderFlowUITests: XCTestCase {
    private var app: XCUIApplication!

    override func setUp() async throws {
        continueAfterFailure = false
        app = XCUIApplication()
        app.launchArguments += ["-AppleLanguages", "(en)", "-AppleLocale", "en_US"]
        app.launch()
        // The start screen (issue 17): these tests are the residence-card flow.
        let residence = app.buttons["start.residence"]
        XCTAssertTrue(residence.waitForExistence(timeout: 10))
        residence.tap()
        XCTAssertTrue(field.waitForExistence(timeout: 5))
    }

    private var field: XCUIElement { app.textFields["entry.field"] }

    /// Any element by identifier, whatever type SwiftUI's accessibility tree gives it.
    private func element(_ identifier: String) -> XCUIElement {
        app.descendants(matching: .any)[identifier]
    }
    private var next: XCUIElement { app.buttons["entry.next"] }

    private func chooseDemo(_ profile: String) {
        app.buttons["entry.demo"].tap()
        let row = app.buttons["demo.profile.\(profile)"]
        // The list is lazy: scroll until the profile's row exists.
        for _ in 0..<10 where !row.waitForExistence(timeout: 1) {
            app.swipeUp()
        }
        row.tap()
        XCTAssertTrue(element("demo.banner").waitForExistence(timeout: 5) || app.staticTexts["DEMO — software card, not a real card"].exists)
    }

    private func type(_ text: String) {
        field.tap()
        if let current = field.value as? String, !current.isEmpty, app.buttons["entry.clear"].exists {
            app.buttons["entry.clear"].tap()
            field.tap()
        }
        field.typeText(text)
    }

    private func readToEnd() {
        next.tap()
        let start = app.buttons["reading.start"]
        XCTAssertTrue(start.waitForExistence(timeout: 5))
        XCTAssertTrue(element("reading.picture").exists, "where to hold the card, as a picture")
        start.tap()
    }

    func testNumberFieldValidatesAsYouType() {
        type("ab12#")
        XCTAssertEqual(field.value as? String, "AB12#")
        XCTAssertTrue(app.staticTexts["Character 5 must be a letter A-Z or a digit 0-9"].waitForExistence(timeout: 5))
        XCTAssertFalse(next.isEnabled)

        app.buttons["entry.clear"].tap()
        type("ab12345678cd")
        XCTAssertEqual(field.value as? String, "AB12345678CD")
        XCTAssertTrue(next.isEnabled)
    }

    func testDemoReadResultViewerRevocationAndBack() {
        chooseDemo("residence")
        XCTAssertEqual(field.value as? String, "AB12345678CD")
        readToEnd()

        let headline = app.staticTexts["result.headline"]
        XCTAssertTrue(headline.waitForExistence(timeout: 60))
        XCTAssertEqual(headline.label, "This is a normally functioning residence card.")
        XCTAssertTrue(element("result.testNotice").exists)
        XCTAssertTrue(element("result.testNotice").label.contains("Verified against a TEST root — not a production pass."))
        XCTAssertEqual(element("result.indicator.tamper").label, "Tamper check: Passed. Signature matches the data (signature layout: raw hash)")
        XCTAssertTrue(element("result.indicator.issuer").label.hasPrefix("Issuer check: Passed (TEST root)."))

        // The enlarged viewer: double tap toggles 1.0× ⇄ 2.0×, close returns to the result.
        let image = app.buttons["result.mainImage"]
        XCTAssertTrue(image.waitForExistence(timeout: 30))
        image.tap()
        let viewer = element("viewer.image")
        XCTAssertTrue(viewer.waitForExistence(timeout: 30))
        XCTAssertTrue(waitForValue(of: viewer, "Zoom 1.0×"))
        viewer.doubleTap()
        XCTAssertTrue(waitForValue(of: viewer, "Zoom 2.0×"))
        viewer.pinch(withScale: 4, velocity: 4)
        XCTAssertTrue(waitForValue(of: viewer, "Zoom 5.0×"), "pinching far out stops at 5.0×")
        viewer.doubleTap()
        XCTAssertTrue(waitForValue(of: viewer, "Zoom 1.0×"))
        app.buttons["viewer.close"].tap()
        XCTAssertTrue(headline.waitForExistence(timeout: 5))

        // The revocation inquiry: number with a copy button, the expiry hint (first generation).
        app.buttons["result.revocation"].tap()
        XCTAssertTrue(app.buttons["revocation.copy.number"].waitForExistence(timeout: 5))
        XCTAssertTrue(app.staticTexts["AB12345678CD"].exists)
        XCTAssertTrue(element("revocation.expiryHint").label.contains("Read the expiry date on the card"))
        XCTAssertTrue(app.buttons["revocation.open"].isEnabled)
        app.buttons["revocation.close"].tap()

        let back = app.buttons["result.returnToTop"]
        for _ in 0..<6 where !back.isHittable {
            app.swipeUp()
        }
        back.tap()
        XCTAssertTrue(field.waitForExistence(timeout: 5))
        XCTAssertNotEqual(field.value as? String, "AB12345678CD", "the number is not kept after the result")
    }

    func testSecondGenerationShowsTheExpiryWithCopyButtons() {
        chooseDemo("gen2-residence")
        readToEnd()
        XCTAssertTrue(app.staticTexts["result.headline"].waitForExistence(timeout: 60))
        app.buttons["result.revocation"].tap()
        XCTAssertTrue(app.staticTexts["2030-03-31"].waitForExistence(timeout: 5))
        for part in ["expiry", "year", "month", "day"] {
            XCTAssertTrue(app.buttons["revocation.copy.\(part)"].exists, part)
        }
    }

    func testWrongNumberAlertLeadsBackToTheField() {
        chooseDemo("residence")
        type("AB12345678CE")
        readToEnd()
        let alert = app.alerts["Wrong card number"]
        XCTAssertTrue(alert.waitForExistence(timeout: 60))
        let code = alert.staticTexts.containing(NSPredicate(format: "label CONTAINS %@", "Error code: wrong_card_number"))
        XCTAssertTrue(code.firstMatch.exists, "the alert shows the stable error code")
        alert.buttons["Correct the number"].tap()
        XCTAssertTrue(field.waitForExistence(timeout: 5))
        XCTAssertEqual(field.value as? String, "AB12345678CE")
    }

    func testCardTakenAwayIsCardNotDetected() {
        chooseDemo("pulled-away")
        readToEnd()
        let alert = app.alerts["Card not detected"]
        XCTAssertTrue(alert.waitForExistence(timeout: 60))
        XCTAssertTrue(alert.buttons["Try again"].exists)
        XCTAssertTrue(alert.buttons["Consultation offices"].exists)
        alert.buttons["Close"].tap()
        XCTAssertTrue(app.buttons["reading.start"].waitForExistence(timeout: 5))
    }

    func testNotAResidenceCard() {
        chooseDemo("not-residence")
        readToEnd()
        XCTAssertTrue(app.alerts["This may not be a residence card"].waitForExistence(timeout: 60))
    }

    func testTamperedCardIsAbnormal() {
        chooseDemo("tampered")
        readToEnd()
        let headline = app.staticTexts["result.headline"]
        XCTAssertTrue(headline.waitForExistence(timeout: 60))
        XCTAssertEqual(headline.label, "Abnormal card: it may be damaged or forged.")
        XCTAssertTrue(element("result.indicator.tamper").label.hasPrefix("Tamper check: Failed."))
        XCTAssertTrue(app.buttons["result.consult"].exists)
    }

    /// A specified card (07) read as a residence card goes through this same flow (issue 17).
    func testSpecifiedCardReadsThroughTheResidenceFlow() {
        chooseDemo("specified-07")
        XCTAssertEqual(field.value as? String, "ST13572468UV")
        readToEnd()
        let headline = app.staticTexts["result.headline"]
        XCTAssertTrue(headline.waitForExistence(timeout: 60))
        XCTAssertEqual(headline.label, "This is a normally functioning specified residence card.")
        XCTAssertTrue(element("result.testNotice").exists)
        XCTAssertEqual(element("result.indicator.tamper").label, "Tamper check: Passed. Signature matches the data (ECDSA P-384, raw r‖s)")
    }

    func testWithoutNFCTheSimulatorShowsTheNFCDialog() {
        type("AB12345678CD")
        readToEnd()
        let alert = app.alerts["NFC is not available on this phone"]
        XCTAssertTrue(alert.waitForExistence(timeout: 10))
        alert.buttons["Close"].tap()
    }

    func testHelpCarouselHasThreePagesWithoutWrapAround() {
        app.buttons["entry.help"].tap()
        // The page is one combined accessibility element: its label starts with the page title.
        let page = element("help.page")
        XCTAssertTrue(page.waitForExistence(timeout: 5))
        XCTAssertTrue(page.label.hasPrefix("First-generation cards"))
        page.swipeRight()
        XCTAssertTrue(page.label.hasPrefix("First-generation cards"), "no wrap-around before page 1")
        page.swipeLeft()
        XCTAssertTrue(waitForLabel(of: page, prefix: "Second-generation cards"))
        page.swipeLeft()
        XCTAssertTrue(waitForLabel(of: page, prefix: "Specified cards"))
        page.swipeLeft()
        XCTAssertTrue(page.label.hasPrefix("Specified cards"), "no wrap-around after page 3")
        app.buttons["help.closeIcon"].tap()
        XCTAssertTrue(field.waitForExistence(timeout: 5))
    }

    /// Waits (up to five seconds, only to stop a hung test) for an element's accessibility value.
    func testAboutShowsTheStatementThePolicyAndTheNotices() {
        let about = app.buttons["footer.about"]
        for _ in 0..<6 where !about.isHittable {
            app.swipeUp()
        }
        about.tap()
        XCTAssertTrue(element("about.notAffiliated").waitForExistence(timeout: 5))
        XCTAssertEqual(element("about.notAffiliated").label,
                       "Zairyu Reader is not made by, endorsed by or affiliated with the Immigration Services Agency of Japan.")
        element("about.privacyPolicy").tap()
        let policy = element("about.policyText")
        XCTAssertTrue(policy.waitForExistence(timeout: 5))
        XCTAssertTrue(app.staticTexts.containing(NSPredicate(format: "label BEGINSWITH %@", "Privacy Policy")).firstMatch.exists)
        app.navigationBars.buttons.element(boundBy: 0).tap()
        element("about.notices").tap()
        let uniffi = element("about.component.uniffi")
        for _ in 0..<20 where !uniffi.exists {
            app.swipeUp()
        }
        XCTAssertTrue(uniffi.exists, "the core's crates are listed")
        XCTAssertFalse(element("about.component.jna").exists, "Android's JNA does not ship in the iPhone app")
    }

    private func waitForValue(of element: XCUIElement, _ value: String) -> Bool {
        let predicate = NSPredicate(format: "value == %@", value)
        let waiting = XCTNSPredicateExpectation(predicate: predicate, object: element)
        return XCTWaiter().wait(for: [waiting], timeout: 5) == .completed
    }

    /// Waits (up to five seconds, only to stop a hung test) for an element's label to start with
    /// `prefix`.
    private func waitForLabel(of element: XCUIElement, prefix: String) -> Bool {
        let predicate = NSPredicate(format: "label BEGINSWITH %@", prefix)
        let waiting = XCTNSPredicateExpectation(predicate: predicate, object: element)
        return XCTWaiter().wait(for: [waiting], timeout: 5) == .completed
    }
}
