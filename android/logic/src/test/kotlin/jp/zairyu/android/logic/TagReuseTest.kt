// Issue 14, Android 2: a card that stays on the phone. Android announces a tag once while it stays
// in the field, so the flow remembers it and the next read uses it; a remembered tag that no
// longer answers turns into "lift the card and hold it again", never into an endless wait.
package jp.zairyu.android.logic

import jp.zairyu.core.ErrorAction
import jp.zairyu.core.HeadlineKind
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class TagReuseTest {
    private val anchors = ReaderConfig(testAnchors = softcardAnchors())

    @Test
    fun `a card put on the phone before Next is read when Next is pressed`() = flowTest(config = anchors) { flow, _ ->
        val tag = SoftTag("residence")
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onTagDiscovered(tag)
        repeat(3) { yield() }
        assertEquals(0, tag.connects, "nothing is sent before the user asks")
        flow.onNext()
        assertEquals(HeadlineKind.NORMAL, flow.awaitRoute(Route.RESULT).result?.headline?.kind)
        assertEquals(1, tag.connects)
        assertEquals(15, tag.apdus.get())
    }

    @Test
    fun `retry after the card was lost mid-read reuses the card still on the phone`() = flowTest(config = anchors) { flow, effects ->
        // The card slips at APDU 5 and stays in the field: Android never announces it again.
        val tag = SoftTag("residence", fail = { n -> if (n == 5) TagGoneException() else null })
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onTagDiscovered(tag)
        val lost = flow.await { it.dialog != null }
        assertEquals("card_lost", lost.dialog?.code)
        assertEquals(RESIDENCE_NUMBER, lost.number, "the number is kept for the retry")
        assertTrue(tag.closed)

        flow.onDialogAction(ErrorAction.Retry)
        val s = flow.awaitRoute(Route.RESULT)
        assertEquals(HeadlineKind.NORMAL, s.result?.headline?.kind)
        assertEquals(2, tag.connects, "the same tag, connected again without a new discovery")
        assertEquals(5 + 15, tag.apdus.get())
        assertEquals(listOf<Effect>(Effect.HapticFailure, Effect.HapticSuccess), effects.effects)
    }

    @Test
    fun `a second read after return to top starts at once with the card still there`() = flowTest(config = anchors) { flow, _ ->
        val tag = SoftTag("residence")
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onTagDiscovered(tag)
        flow.awaitRoute(Route.RESULT)
        flow.returnToTop()
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        assertEquals(HeadlineKind.NORMAL, flow.awaitRoute(Route.RESULT).result?.headline?.kind)
        assertEquals(2, tag.connects)
        assertEquals(30, tag.apdus.get())
    }

    @Test
    fun `a remembered card that was lifted asks to lift and hold again, then reads the new tag`() = flowTest(config = anchors) { flow, effects ->
        val first = SoftTag("residence")
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onTagDiscovered(first)
        flow.awaitRoute(Route.RESULT)
        flow.returnToTop()
        first.inField = false

        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        val waiting = flow.await { it.reading?.liftAndHold == true }
        assertEquals(Route.READING, waiting.route)
        assertEquals(true, waiting.reading?.waitingForCard)
        assertNull(waiting.dialog, "no error dialog for a stale tag")
        assertTrue(waiting.nfcListening)
        assertEquals(15, first.apdus.get(), "nothing was sent to the lifted card")

        val second = SoftTag("residence")
        flow.onTagDiscovered(second)
        assertEquals(HeadlineKind.NORMAL, flow.awaitRoute(Route.RESULT).result?.headline?.kind)
        assertEquals(15, second.apdus.get())
        assertEquals(listOf<Effect>(Effect.HapticSuccess, Effect.HapticSuccess), effects.effects)
    }

    @Test
    fun `a tag seen during a running read does not disturb it and is used next time`() = flowTest(config = anchors) { flow, _ ->
        val other = SoftTag("residence")
        val tag = SoftTag("residence", fail = { n ->
            if (n == 3) flow.onTagDiscovered(other)
            null
        })
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onTagDiscovered(tag)
        flow.awaitRoute(Route.RESULT)
        assertEquals(0, other.connects)
        flow.returnToTop()
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.awaitRoute(Route.RESULT)
        assertEquals(1, other.connects, "the newest tag is the remembered one")
        assertEquals(1, tag.connects)
    }

    @Test
    fun `reader mode going off forgets the card`() = flowTest(config = anchors) { flow, _ ->
        val tag = SoftTag("residence")
        flow.onTagDiscovered(tag)
        repeat(3) { yield() }
        flow.onReaderModeOff()
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        repeat(3) { yield() }
        assertEquals(true, flow.state.value.reading?.waitingForCard)
        assertEquals(0, tag.connects)
    }

    @Test
    fun `NFC switched off while waiting ends the wait with the NFC dialog`() = flowTest { flow, _ ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        assertTrue(flow.state.value.nfcListening)
        flow.onNfcStateChanged(NfcState.OFF)
        val s = flow.await { it.dialog != null }
        assertEquals("nfc_disabled", s.dialog?.code)
        assertEquals(Route.NUMBER_ENTRY, s.route)
        assertFalse(s.nfcListening)
        flow.onNfcStateChanged(NfcState.MISSING)
        repeat(3) { yield() }
        assertEquals("nfc_disabled", flow.state.value.dialog?.code, "nothing changes when not waiting")
    }

    @Test
    fun `the screen stays on while waiting, until the time limit`() = flowTest(config = ReaderConfig(keepAwakeMillis = 1)) { flow, _ ->
        assertFalse(flow.state.value.keepScreenOn)
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        assertTrue(flow.state.value.keepScreenOn)
        val s = flow.await { !it.keepScreenOn }
        assertEquals(Route.READING, s.route, "still waiting; only the screen may dim")
        assertTrue(s.nfcListening)
    }
}
