import XCTest

/// The My Number checks as a user does them, in demo mode on the core's software card (the
/// simulator has no NFC): start screen → My Number → demo profile → a check. The PIN checks take
/// the two taps of the iOS flow (counters, then the check); the demo card's TEST credentials
/// come from the core's profile table (`SoftCardProfile.credentials`). English UI.
@MainActor
final class MyNumberFlowUITests: XCTestCase {
    private var app: XCUIApplication!

    override func setUp() async throws {
        continueAfterFailure = false
        app = XCUIApplication()
        app.launchArguments += ["-AppleLanguages", "(en)", "-AppleLocale", "en_US"]
        app.launch()
    }

    private func element(_ identifier: String) -> XCUIElement {
        app.descendants(matching: .any)[identifier]
    }

    /// Scrolls until `element` can be tapped: back to the top first (the screen may have been left
    /// scrolled down), then down.
    private func reveal(_ element: XCUIElement) {
        for _ in 0..<3 where !element.isHittable {
            app.swipeDown()
        }
        for _ in 0..<8 where !element.isHittable {
            app.swipeUp()
        }
    }

    /// Start screen → My Number → the demo card with `profile`.
    private func openDemo(_ profile: String) {
        let myNumber = app.buttons["start.myNumber"]
        XCTAssertTrue(myNumber.waitForExistence(timeout: 10))
        myNumber.tap()
        let demo = app.buttons["mynumber.demo"]
        reveal(demo)
        demo.tap()
        let row = app.buttons["demo.profile.\(profile)"]
        for _ in 0..<10 where !row.waitForExistence(timeout: 1) {
            app.swipeUp()
        }
        row.tap()
        XCTAssertTrue(element("demo.banner").waitForExistence(timeout: 5))
    }

    private func choose(_ check: String) {
        let item = app.buttons["mynumber.check.\(check)"]
        reveal(item)
        item.tap()
    }

    /// Tap 1 has read the counters: the PIN screen shows them.
    private func waitForPinScreen() -> XCUIElement {
        let field = app.secureTextFields["pin.field"]
        XCTAssertTrue(field.waitForExistence(timeout: 60))
        return field
    }

    /// The demo card's TEST values as the demo screen shows them (from the core's
    /// `SoftCardProfile.credentials`): the PIN on the PIN screen; birth date, expiry year and
    /// security code on the in-person screen.
    private func demoValues() -> [String] {
        let hint = element("demo.hint")
        XCTAssertTrue(hint.waitForExistence(timeout: 60))
        let label = hint.label
        guard let colon = label.range(of: ": ") else { return [] }
        return label[colon.upperBound...].components(separatedBy: " / ")
    }

    /// Types the demo card's own PIN for the screen shown, and taps to check.
    private func submitDemoPin() {
        _ = waitForPinScreen()
        let pin = demoValues().first ?? ""
        XCTAssertFalse(pin.isEmpty)
        submitPin(pin)
    }

    private func submitPin(_ pin: String) {
        let field = waitForPinScreen()
        field.tap()
        field.typeText(pin)
        let submit = app.buttons["pin.submit"]
        reveal(submit)
        submit.tap()
    }

    private func headline() -> XCUIElement {
        let headline = app.staticTexts["mnresult.headline"]
        XCTAssertTrue(headline.waitForExistence(timeout: 60))
        return headline
    }

    func testStartScreenOffersResidenceAndMyNumberCards() {
        XCTAssertTrue(app.buttons["start.residence"].waitForExistence(timeout: 10))
        XCTAssertTrue(app.buttons["start.myNumber"].exists)
        app.buttons["start.myNumber"].tap()
        XCTAssertTrue(app.buttons["mynumber.check.inPerson"].waitForExistence(timeout: 5))
        XCTAssertTrue(app.buttons["mynumber.check.pinCheck"].exists)
        XCTAssertTrue(app.buttons["mynumber.check.auth"].exists)
        XCTAssertTrue(app.buttons["mynumber.check.signature"].exists)
        XCTAssertEqual(app.switches["mynumber.individualNumberSetting"].value as? String, "0", "off by default")
        app.buttons["mynumber.backToStart"].tap()
        XCTAssertTrue(app.buttons["start.residence"].waitForExistence(timeout: 5))
    }

    func testPinCheckInTwoTaps() {
        openDemo("mynumber-complete")
        choose("pinCheck")
        _ = waitForPinScreen()
        XCTAssertEqual(app.staticTexts["pin.triesLeft"].label, "3 tries left")
        XCTAssertTrue(element("pin.lockWarning").exists)
        submitDemoPin()
        _ = headline()
        XCTAssertTrue(element("mnresult.testNotice").exists, "a demo pass is always a TEST pass")
        XCTAssertFalse(element("mnresult.individualNumber.masked").exists, "the 個人番号 setting is off")
        let done = app.buttons["mnresult.done"]
        reveal(done)
        done.tap()
        XCTAssertTrue(app.buttons["mynumber.check.pinCheck"].waitForExistence(timeout: 5))
    }

    func testWrongPinShowsTheErrorAndTheTriesLeftWithoutRetrying() {
        openDemo("mynumber-complete")
        choose("pinCheck")
        submitPin("9999")
        let alert = app.alerts.firstMatch
        XCTAssertTrue(alert.waitForExistence(timeout: 60))
        XCTAssertTrue(alert.staticTexts.containing(NSPredicate(format: "label CONTAINS %@", "Error code: wrong_pin")).firstMatch.exists)
        alert.buttons.firstMatch.tap()
        XCTAssertTrue(app.staticTexts["pin.triesLeft"].waitForExistence(timeout: 5))
        XCTAssertEqual(app.staticTexts["pin.triesLeft"].label, "2 tries left")
        let left = app.secureTextFields["pin.field"].value as? String ?? ""
        XCTAssertFalse(left.contains("•"), "the wrong PIN is not kept for another try")
    }

    func testLastTryNeedsAnExplicitConfirmation() {
        openDemo("mynumber-last-try")
        choose("pinCheck")
        let field = waitForPinScreen()
        XCTAssertEqual(app.staticTexts["pin.triesLeft"].label, "1 try left")
        field.tap()
        field.typeText(demoValues().first ?? "")
        let submit = app.buttons["pin.submit"]
        let confirm = app.buttons["lastTry.confirm"]
        reveal(confirm)
        XCTAssertFalse(submit.isEnabled, "no check before the confirmation")
        confirm.tap()
        XCTAssertTrue(element("lastTry.confirmed").waitForExistence(timeout: 5))
        XCTAssertTrue(submit.isEnabled)
        submit.tap()
        _ = headline()
    }

    func testBlockedPinSaysWhereToGo() {
        openDemo("mynumber-blocked")
        choose("auth")
        XCTAssertTrue(element("pin.blocked").waitForExistence(timeout: 60))
        XCTAssertEqual(element("pin.blocked").label, "0 tries left")
        XCTAssertTrue(element("pin.unlockNote").exists)
        XCTAssertFalse(app.secureTextFields["pin.field"].exists, "no entry for a blocked PIN")
    }

    func testInPersonCheckShowsTheCardFaceWithTheZoomViewer() {
        openDemo("mynumber-complete")
        choose("inPerson")
        let birth = app.textFields["inPerson.birthDate"]
        XCTAssertTrue(birth.waitForExistence(timeout: 5))
        let values = demoValues()
        XCTAssertEqual(values.count, 3, "birth date, expiry year, security code")
        guard values.count == 3 else { return }
        birth.tap()
        birth.typeText(values[0])
        app.textFields["inPerson.expiryYear"].tap()
        app.textFields["inPerson.expiryYear"].typeText(values[1])
        app.textFields["inPerson.securityCode"].tap()
        app.textFields["inPerson.securityCode"].typeText(values[2])
        let read = app.buttons["inPerson.read"]
        reveal(read)
        read.tap()
        _ = headline()
        let photo = app.buttons["mnresult.image.photo"]
        reveal(photo)
        XCTAssertTrue(photo.waitForExistence(timeout: 30))
        photo.tap()
        let image = element("viewer.image")
        XCTAssertTrue(image.waitForExistence(timeout: 10))
        image.doubleTap()
        app.buttons["viewer.close"].tap()
        XCTAssertTrue(headline().exists)
    }

    func testInPersonInputIsCheckedBeforeAnyTap() {
        openDemo("mynumber-complete")
        choose("inPerson")
        let code = app.textFields["inPerson.securityCode"]
        XCTAssertTrue(code.waitForExistence(timeout: 5))
        code.tap()
        code.typeText("12")
        let read = app.buttons["inPerson.read"]
        reveal(read)
        read.tap()
        XCTAssertTrue(element("inPerson.problem").waitForExistence(timeout: 5))
    }

    func testAuthenticationCheckStatesRevocationWasNotChecked() {
        openDemo("mynumber-complete")
        choose("auth")
        submitDemoPin()
        _ = headline()
        XCTAssertTrue(element("mnresult.revocationNote").exists)
    }

    func testSignatureCheckWithThePassword() {
        openDemo("mynumber-complete")
        choose("signature")
        _ = waitForPinScreen()
        XCTAssertEqual(app.staticTexts["pin.triesLeft"].label, "5 tries left")
        submitDemoPin()
        _ = headline()
        XCTAssertTrue(element("mnresult.revocationNote").exists)
    }

    func testNoSignatureCertificateIsSaidBeforeThePassword() {
        openDemo("mynumber-no-signature-cert")
        choose("signature")
        let alert = app.alerts.firstMatch
        XCTAssertTrue(alert.waitForExistence(timeout: 60))
        XCTAssertTrue(alert.staticTexts.containing(NSPredicate(format: "label CONTAINS %@", "Error code: no_signature_certificate")).firstMatch.exists)
        XCTAssertFalse(app.secureTextFields["pin.field"].exists)
    }

    func testIndividualNumberIsMaskedUntilTapped() {
        openDemo("mynumber-complete")
        let setting = app.switches["mynumber.individualNumberSetting"]
        reveal(setting)
        // Newer iOS versions expose the switch inside the labelled toggle; tap that when present.
        let knob = setting.switches.firstMatch
        if knob.exists {
            knob.tap()
        } else {
            setting.tap()
        }
        XCTAssertEqual(setting.value as? String, "1")
        app.swipeDown()
        choose("pinCheck")
        submitDemoPin()
        _ = headline()
        let masked = app.buttons["mnresult.individualNumber.masked"]
        reveal(masked)
        XCTAssertTrue(masked.label.hasPrefix("●●●●●●●●●●●●"))
        masked.tap()
        XCTAssertTrue(app.staticTexts["mnresult.individualNumber"].waitForExistence(timeout: 5))
        XCTAssertEqual(app.staticTexts["mnresult.individualNumber"].label, "123456789018")
    }

    func testWithoutNFCTheMyNumberCheckShowsTheNFCDialog() {
        app.buttons["start.myNumber"].tap()
        choose("pinCheck")
        let alert = app.alerts["NFC is not available on this phone"]
        XCTAssertTrue(alert.waitForExistence(timeout: 10))
        alert.buttons["Close"].tap()
        XCTAssertTrue(app.buttons["mynumber.check.pinCheck"].waitForExistence(timeout: 5))
    }
}
