// Instrumented Compose tests of the My Number checks on the core's software card (demo mode; the
// emulator has no NFC): start screen → menu → inputs → PIN screen → result, the wrong-PIN, last-try
// and blocked-PIN cases, the masked 個人番号, the images and the viewer. The demo secrets are the
// profile's synthetic TEST credentials (SoftCardProfile.credentials).
package jp.zairyu.reader

import android.view.WindowManager
import androidx.compose.ui.test.doubleClick
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.performTouchInput
import androidx.lifecycle.ViewModelProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import jp.zairyu.android.logic.MnRoute
import jp.zairyu.android.logic.MyNumberFlow
import jp.zairyu.core.DemoCredentials
import jp.zairyu.reader.ui.Tags
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class MyNumberDemoTest {
    @get:Rule
    val rule = createAndroidComposeRule<MainActivity>()

    private val flow: MyNumberFlow
        get() = ViewModelProvider(rule.activity)[ReaderViewModel::class.java].myNumber

    private fun waitForTag(tag: String) {
        // A bound for a slow emulator, not a timing assertion.
        rule.waitUntil(TIMEOUT_MILLIS) { rule.onAllNodesWithTag(tag).fetchSemanticsNodes().isNotEmpty() }
    }

    private fun tap(tag: String) {
        waitForTag(tag)
        rule.onNodeWithTag(tag).performScrollTo().performClick()
        rule.waitForIdle()
    }

    private fun secure(): Boolean =
        (rule.activity.window.attributes.flags and WindowManager.LayoutParams.FLAG_SECURE) != 0

    @Before
    fun openMyNumberMenu() {
        waitForTag(Tags.START_SCREEN)
        assertFalse("the start screen shows nothing personal", secure())
        tap(Tags.start("MY_NUMBER_CARD"))
        waitForTag(Tags.MN_MENU)
        assertTrue("FLAG_SECURE on every My Number screen", secure())
    }

    private fun pickDemo(profile: String): DemoCredentials? {
        tap(Tags.MN_DEMO)
        tap(Tags.demoProfile(profile))
        assertEquals(profile, flow.state.value.demo?.name)
        return flow.state.value.demo?.credentials
    }

    private fun typePin(pin: String) {
        waitForTag(Tags.PIN_FIELD)
        rule.onNodeWithTag(Tags.PIN_FIELD).performTextInput(pin)
        tap(Tags.PIN_SUBMIT)
    }

    @Test
    fun menuOffersTheFourChecksAndBackReturnsToStart() {
        for (check in listOf("IN_PERSON", "PIN_CHECK", "AUTH", "SIGNATURE")) rule.onNodeWithTag(Tags.mnCheck(check)).assertExists()
        rule.activityRule.scenario.onActivity { it.onBackPressedDispatcher.onBackPressed() }
        waitForTag(Tags.START_SCREEN)
        assertEquals(MnRoute.START, flow.state.value.route)
    }

    @Test
    fun pinCheckWithTheTriesLeftShownBeforeTheTry() {
        val c = checkNotNull(pickDemo("mynumber-complete")) { "demo credentials" }
        tap(Tags.mnCheck("PIN_CHECK"))
        tap(Tags.MATCH_NEXT)
        waitForTag(Tags.PIN_SCREEN)
        assertEquals(3, flow.state.value.pin?.triesLeft)
        rule.onNodeWithTag(Tags.PIN_TRIES_LEFT).assertExists()
        rule.onNodeWithTag(Tags.PIN_LOCK_WARNING).assertExists()
        typePin(c.inputHelperPin)
        waitForTag(Tags.MN_RESULT)
        rule.onNodeWithTag(Tags.mnVerdict("NORMAL")).assertExists()
        rule.onNodeWithTag(Tags.MN_INDIVIDUAL_NUMBER).assertDoesNotExist()
        tap(Tags.MN_BACK_TO_MENU)
        waitForTag(Tags.MN_MENU)
        assertFalse(flow.holdsCardData)
    }

    @Test
    fun individualNumberIsMaskedUntilTapped() {
        val c = checkNotNull(pickDemo("mynumber-complete")) { "demo credentials" }
        tap(Tags.MN_SETTING_INDIVIDUAL_NUMBER)
        assertTrue(flow.state.value.readIndividualNumber)
        tap(Tags.mnCheck("PIN_CHECK"))
        tap(Tags.MATCH_NEXT)
        typePin(c.inputHelperPin)
        waitForTag(Tags.MN_INDIVIDUAL_NUMBER)
        assertEquals(false, flow.state.value.result?.individualNumber?.revealed)
        tap(Tags.MN_INDIVIDUAL_NUMBER)
        assertEquals(true, flow.state.value.result?.individualNumber?.revealed)
    }

    @Test
    fun inPersonCheckShowsImagesAndTheViewerZooms() {
        val c = checkNotNull(pickDemo("mynumber-complete")) { "demo credentials" }
        tap(Tags.mnCheck("IN_PERSON"))
        waitForTag(Tags.ENTRY_SCREEN)
        rule.onNodeWithTag(Tags.ENTRY_BIRTH_DATE).performTextReplacement(c.birthDate)
        rule.onNodeWithTag(Tags.ENTRY_EXPIRY_YEAR).performTextReplacement(c.expiryYear)
        rule.onNodeWithTag(Tags.ENTRY_SECURITY_CODE).performTextReplacement(c.securityCode)
        tap(Tags.ENTRY_READ)
        waitForTag(Tags.MN_RESULT)
        rule.onNodeWithTag(Tags.mnVerdict("NORMAL")).assertExists()
        waitForTag(Tags.mnImage("PHOTO"))
        tap(Tags.mnImage("PHOTO"))
        waitForTag(Tags.VIEWER_IMAGE)
        rule.onNodeWithTag(Tags.VIEWER_IMAGE).performTouchInput { doubleClick() }
        rule.waitForIdle()
        assertEquals(2.0, flow.state.value.viewer?.scale)
        tap(Tags.VIEWER_CLOSE)
        waitForTag(Tags.MN_RESULT)
    }

    @Test
    fun badCollationInputStaysOnTheEntryScreen() {
        val c = checkNotNull(pickDemo("mynumber-complete")) { "demo credentials" }
        tap(Tags.mnCheck("IN_PERSON"))
        rule.onNodeWithTag(Tags.ENTRY_BIRTH_DATE).performTextReplacement(c.birthDate)
        rule.onNodeWithTag(Tags.ENTRY_EXPIRY_YEAR).performTextReplacement(c.expiryYear)
        rule.onNodeWithTag(Tags.ENTRY_SECURITY_CODE).performTextReplacement("12")
        tap(Tags.ENTRY_READ)
        waitForTag(Tags.ENTRY_PROBLEM)
        assertEquals(MnRoute.ENTRY, flow.state.value.route)
    }

    @Test
    fun wrongPinIsAnErrorWithTheTriesLeftAndNoRetry() {
        pickDemo("mynumber-complete")
        tap(Tags.mnCheck("AUTH"))
        typePin("0000")
        waitForTag(Tags.dialog("wrong_pin"))
        rule.onNodeWithTag(Tags.DIALOG_NOTE).assertExists()
        assertEquals(MnRoute.MENU, flow.state.value.route)
        assertEquals(listOf(false), flow.lastTryAllowedFor)
    }

    @Test
    fun lastTryNeedsTheExplicitConfirmation() {
        val c = checkNotNull(pickDemo("mynumber-last-try")) { "demo credentials" }
        tap(Tags.mnCheck("AUTH"))
        waitForTag(Tags.LAST_TRY_SCREEN)
        assertEquals(listOf(false), flow.lastTryAllowedFor)
        tap(Tags.LAST_TRY_CONFIRM)
        typePin(c.authPin)
        waitForTag(Tags.MN_RESULT)
        assertEquals(listOf(false, true), flow.lastTryAllowedFor)
    }

    @Test
    fun blockedPinSaysWhereToGo() {
        pickDemo("mynumber-blocked")
        tap(Tags.mnCheck("AUTH"))
        waitForTag(Tags.dialog("pin_blocked"))
    }

    @Test
    fun signatureCheckStatesRevocationNotChecked() {
        val c = checkNotNull(pickDemo("mynumber-complete")) { "demo credentials" }
        tap(Tags.mnCheck("SIGNATURE"))
        tap(Tags.MATCH_NEXT)
        typePin(c.signaturePassword)
        waitForTag(Tags.MN_RESULT)
        rule.onNodeWithTag(Tags.MN_REVOCATION_NOTE).performScrollTo()
    }

    @Test
    fun cancelOnThePinScreenSendsNothing() {
        pickDemo("mynumber-complete")
        tap(Tags.mnCheck("PIN_CHECK"))
        tap(Tags.MATCH_NEXT)
        waitForTag(Tags.PIN_SCREEN)
        rule.onNodeWithTag(Tags.PIN_FIELD).performTextInput("12")
        tap(Tags.PIN_CANCEL)
        waitForTag(Tags.MATCH_SCREEN)
        assertNull(flow.state.value.dialog)
        assertNull(flow.state.value.pin)
    }

    private companion object {
        const val TIMEOUT_MILLIS = 30_000L
    }
}
