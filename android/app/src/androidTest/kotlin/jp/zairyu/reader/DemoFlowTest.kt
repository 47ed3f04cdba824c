// Instrumented Compose tests on an emulator without NFC hardware: the whole flow on the core's
// software card (demo mode) — number entry → read → result → viewer → back to top — and the error
// cases, checked through the screens' test tags and the flow's state.
package jp.zairyu.reader

import android.nfc.NfcAdapter
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertTextContains
import androidx.compose.ui.test.doubleClick
import androidx.compose.ui.test.junit4.createAndroidComposeRule
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.performTouchInput
import androidx.compose.ui.test.pinch
import androidx.compose.ui.test.swipeLeft
import androidx.compose.ui.test.swipeRight
import androidx.lifecycle.ViewModelProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.android.logic.Route
import jp.zairyu.core.ErrorAction
import jp.zairyu.reader.ui.Tags
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assume.assumeTrue
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class DemoFlowTest {
    @get:Rule
    val rule = createAndroidComposeRule<MainActivity>()

    private val flow: ReaderFlow
        get() = ViewModelProvider(rule.activity)[ReaderViewModel::class.java].flow

    /** The app opens on the start screen (issue 17): every test here is the residence card's. */
    @Before
    fun chooseResidenceCard() {
        waitForTag(Tags.START_SCREEN)
        rule.onNodeWithTag(Tags.start("RESIDENCE_CARD")).performScrollTo().performClick()
        waitForTag(Tags.NUMBER_SCREEN)
    }

    private fun waitForTag(tag: String) {
        // A bound for a slow emulator, not a timing assertion.
        rule.waitUntil(READ_TIMEOUT_MILLIS) { rule.onAllNodesWithTag(tag).fetchSemanticsNodes().isNotEmpty() }
    }

    private fun pickDemo(profile: String) {
        rule.onNodeWithTag(Tags.DEMO).performScrollTo().performClick()
        rule.onNodeWithTag(Tags.demoProfile(profile)).performScrollTo().performClick()
        rule.waitForIdle()
        assertEquals(profile, flow.state.value.demo?.name)
    }

    /** Exactly what the number field shows (not its label). */
    private fun fieldText(): String =
        rule.onNodeWithTag(Tags.NUMBER_FIELD).fetchSemanticsNode().config[SemanticsProperties.EditableText].text

    private fun next() {
        rule.onNodeWithTag(Tags.NEXT).performScrollTo().assertIsEnabled().performClick()
    }

    private fun pressBack() {
        rule.activityRule.scenario.onActivity { it.onBackPressedDispatcher.onBackPressed() }
        rule.waitForIdle()
    }

    @Test
    fun numberEntryReadResultViewerAndBackToTop() {
        pickDemo("residence")
        rule.onNodeWithTag(Tags.NUMBER_FIELD).assertTextContains(RESIDENCE_NUMBER)
        // Lower case is normalised by the core as it is typed, and the field shows the
        // normalised number after every edit (:logic NumberField), not what was typed.
        rule.onNodeWithTag(Tags.NUMBER_FIELD).performTextReplacement("ab12345678cd")
        assertEquals(RESIDENCE_NUMBER, fieldText())
        next()

        waitForTag(Tags.RESULT)
        rule.onNodeWithTag(Tags.headline("NORMAL")).assertExists()
        rule.onNodeWithTag(Tags.indicator("TAMPER", "PASSED")).performScrollTo()
        rule.onNodeWithTag(Tags.indicator("ISSUER", "PASSED")).performScrollTo()
        assertEquals("", flow.state.value.number)
        assertTrue(flow.holdsCardData)

        waitForTag(Tags.cardImage("FRONT_IMAGE"))
        rule.onNodeWithTag(Tags.cardImage("FRONT_IMAGE")).performScrollTo().performClick()
        waitForTag(Tags.VIEWER_IMAGE)
        assertEquals(1.0, flow.state.value.viewer?.scale)
        rule.onNodeWithTag(Tags.VIEWER_IMAGE).performTouchInput { doubleClick() }
        rule.waitForIdle()
        assertEquals(2.0, flow.state.value.viewer?.scale)
        rule.onNodeWithTag(Tags.VIEWER_IMAGE).performTouchInput {
            pinch(center - Offset(40f, 0f), center - Offset(240f, 0f), center + Offset(40f, 0f), center + Offset(240f, 0f))
        }
        rule.waitForIdle()
        val zoomed = flow.state.value.viewer?.scale ?: 0.0
        assertTrue("pinch out zooms in, at most 5x: $zoomed", zoomed > 2.0 && zoomed <= 5.0)
        rule.onNodeWithTag(Tags.VIEWER_IMAGE).performTouchInput { doubleClick() }
        rule.waitForIdle()
        assertEquals(1.0, flow.state.value.viewer?.scale)
        pressBack()
        waitForTag(Tags.RESULT)
        assertNull(flow.state.value.viewer)

        rule.onNodeWithTag(Tags.cardImage("FRONT_IMAGE")).performScrollTo().performClick()
        waitForTag(Tags.VIEWER_CLOSE)
        rule.onNodeWithTag(Tags.VIEWER_CLOSE).performClick()
        waitForTag(Tags.RESULT)

        rule.onNodeWithTag(Tags.VALIDITY).performScrollTo().performClick()
        waitForTag(Tags.INQUIRY)
        rule.onNodeWithTag(Tags.INQUIRY_BACK).performClick()
        waitForTag(Tags.RESULT)

        rule.onNodeWithTag(Tags.RETURN_TO_TOP).performScrollTo().performClick()
        waitForTag(Tags.NUMBER_SCREEN)
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
        assertFalse(flow.holdsCardData)
        rule.onNodeWithTag(Tags.NEXT).performScrollTo().assertIsNotEnabled()
    }

    @Test
    fun secondGenerationCardReads() {
        pickDemo("gen2-residence")
        next()
        waitForTag(Tags.RESULT)
        rule.onNodeWithTag(Tags.headline("NORMAL")).assertExists()
    }

    @Test
    fun wrongNumberIsADialogThatKeepsTheNumber() {
        pickDemo("residence")
        rule.onNodeWithTag(Tags.NUMBER_FIELD).performTextReplacement("AB12345678CE")
        next()
        waitForTag(Tags.dialog("wrong_card_number"))
        // The stable code the user can quote.
        rule.onNodeWithTag(Tags.dialogCode("wrong_card_number")).assertExists()
        rule.onNodeWithTag(Tags.dialogAction(0)).performClick()
        rule.waitForIdle()
        assertNull(flow.state.value.dialog)
        rule.onNodeWithTag(Tags.NUMBER_FIELD).assertTextContains("AB12345678CE")
    }

    @Test
    fun tamperedCardShowsTheFailedCheck() {
        pickDemo("tampered")
        next()
        waitForTag(Tags.RESULT)
        rule.onNodeWithTag(Tags.headline("ABNORMAL")).assertExists()
        rule.onNodeWithTag(Tags.indicator("TAMPER", "FAILED")).performScrollTo()
    }

    @Test
    fun cardPulledAwayOffersRetry() {
        pickDemo("pulled-away")
        next()
        waitForTag(Tags.dialog("card_lost"))
        rule.onNodeWithTag(Tags.dialogAction(0)).performClick() // Retry
        rule.waitUntil(READ_TIMEOUT_MILLIS) { flow.state.value.dialog?.code == "card_lost" }
        waitForTag(Tags.dialog("card_lost"))
    }

    @Test
    fun otherCardsAndBrokenChipsHaveTheirDialogs() {
        for ((profile, code) in listOf("not-residence" to "not_a_residence_card", "broken-chip" to "chip_broken")) {
            if (flow.state.value.demo != null) rule.onNodeWithTag(Tags.DEMO_EXIT).performScrollTo().performClick()
            pickDemo(profile)
            next()
            waitForTag(Tags.dialog(code))
            val close = flow.state.value.dialog?.actions?.indexOf(ErrorAction.Close) ?: -1
            assertTrue(close >= 0)
            rule.onNodeWithTag(Tags.dialogAction(close)).performClick()
            rule.waitForIdle()
            assertNull(flow.state.value.dialog)
        }
    }

    @Test
    fun backFromNumberEntryReturnsToTheStartScreen() {
        pressBack()
        waitForTag(Tags.START_SCREEN)
        rule.onNodeWithTag(Tags.start("MY_NUMBER_CARD")).assertExists()
        rule.onNodeWithTag(Tags.start("RESIDENCE_CARD")).performScrollTo().performClick()
        waitForTag(Tags.NUMBER_SCREEN)
    }

    /** A specified card (07/08) read as a residence card goes through the unchanged flow. */
    @Test
    fun specifiedCardReadsAsAResidenceCard() {
        pickDemo("specified-07")
        next()
        waitForTag(Tags.RESULT)
        rule.onNodeWithTag(Tags.headline("NORMAL")).assertExists()
    }

    @Test
    fun withoutNfcHardwareTheAppSaysSo() {
        assumeTrue("needs a device without NFC (the emulator)", NfcAdapter.getDefaultAdapter(rule.activity) == null)
        rule.onNodeWithTag(Tags.NUMBER_FIELD).performTextReplacement(RESIDENCE_NUMBER)
        next()
        waitForTag(Tags.dialog("nfc_unavailable"))
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
    }

    @Test
    fun aboutShowsTheStatementPolicyAndNotices() {
        rule.onNodeWithTag(Tags.ABOUT_BUTTON).performScrollTo().performClick()
        waitForTag(Tags.ABOUT)
        assertEquals(Route.ABOUT, flow.state.value.route)
        rule.onNodeWithText(rule.activity.getString(R.string.not_affiliated)).assertExists()
        // Both assets are bundled and readable (scripts/gen-about.py writes them).
        rule.waitUntil(READ_TIMEOUT_MILLIS) {
            rule.onAllNodesWithText(rule.activity.getString(R.string.about_missing)).fetchSemanticsNodes().isEmpty()
        }
        pressBack()
        waitForTag(Tags.NUMBER_SCREEN)
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
    }

    @Test
    fun lowerCaseAndFullWidthInputShowNormalised() {
        rule.onNodeWithTag(Tags.NUMBER_FIELD).performTextReplacement("ab12345678cd")
        assertEquals(RESIDENCE_NUMBER, fieldText())
        rule.onNodeWithTag(Tags.NUMBER_FIELD).performTextReplacement("ＡＢ１２３４５６７８ＣＤ")
        assertEquals(RESIDENCE_NUMBER, fieldText())
        rule.onNodeWithTag(Tags.NEXT).performScrollTo().assertIsEnabled()
    }

    @Test
    fun helpCarouselFollowsTheSwipeRules() {
        rule.onNodeWithTag(Tags.HELP).performScrollTo().performClick()
        waitForTag(Tags.carouselPage(0))
        val swipes = listOf(false to 0, true to 1, true to 2, true to 2, false to 1)
        for ((left, page) in swipes) {
            rule.onNodeWithTag(Tags.CAROUSEL).performTouchInput { if (left) swipeLeft() else swipeRight() }
            rule.waitForIdle()
            assertEquals(page, flow.state.value.helpPage)
            rule.onNodeWithTag(Tags.carouselPage(page)).assertExists()
        }
        rule.onNodeWithTag(Tags.CAROUSEL_CLOSE_ICON).performClick()
        waitForTag(Tags.NUMBER_SCREEN)
        assertNull(flow.state.value.helpPage)

        rule.onNodeWithTag(Tags.HELP).performScrollTo().performClick()
        waitForTag(Tags.CAROUSEL_CLOSE_BUTTON)
        rule.onNodeWithTag(Tags.CAROUSEL_CLOSE_BUTTON).performScrollTo().performClick()
        waitForTag(Tags.NUMBER_SCREEN)

        rule.onNodeWithTag(Tags.HELP).performScrollTo().performClick()
        waitForTag(Tags.CAROUSEL)
        pressBack()
        assertNull(flow.state.value.helpPage)
    }

    private companion object {
        /** The software card's `residence` profile (synthetic test data). */
        const val RESIDENCE_NUMBER = "AB12345678CD"
        const val READ_TIMEOUT_MILLIS = 30_000L
    }
}
