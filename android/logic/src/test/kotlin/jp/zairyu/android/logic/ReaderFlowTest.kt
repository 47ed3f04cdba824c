// The whole app flow on the JVM, against the real core and its software card: number entry →
// read → result → viewer zoom → back to top, the NFC path through TagTransceiver, the camera
// scan, the help carousel, and the error dialogs with their actions.
package jp.zairyu.android.logic

import java.io.IOException
import java.util.Collections
import jp.zairyu.core.CarouselGesture
import jp.zairyu.core.CheckKind
import jp.zairyu.core.ErrorAction
import jp.zairyu.core.HeadlineKind
import jp.zairyu.core.ImageSource
import jp.zairyu.core.IndicatorState
import jp.zairyu.core.SoftCardProfile
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Test

class ReaderFlowTest {
    private fun ReaderFlow.profile(name: String): SoftCardProfile = demoProfiles().first { it.name == name }

    @Test
    fun `demo read from number entry to result, viewer zoom, inquiry and back to top`() = flowTest { flow, effects ->
        val profiles = flow.demoProfiles()
        assertEquals("residence", profiles.first().name)
        assertEquals(RESIDENCE_NUMBER, profiles.first().cardNumber)

        flow.enterDemo(profiles.first())
        flow.onNumberChanged("ab12345678cd")
        var s = flow.state.value
        assertEquals(RESIDENCE_NUMBER, s.number)
        assertEquals(true, s.feedback?.canProceed)
        assertTrue(s.showsCardData)

        flow.onNext()
        s = flow.state.value
        assertEquals(Route.READING, s.route)
        assertEquals(ReadingState(demo = true, waitingForCard = false), s.reading)
        assertFalse(s.nfcListening)

        s = flow.awaitRoute(Route.RESULT)
        val screen = checkNotNull(s.result)
        assertEquals(HeadlineKind.NORMAL, screen.headline.kind)
        assertEquals("This is a normally functioning residence card.", screen.headline.text.en)
        assertNotNull(screen.testAnchorNotice)
        assertEquals(listOf(IndicatorState.PASSED, IndicatorState.PASSED), screen.indicators.map { it.state })
        assertEquals("", s.number, "the number is not kept after the read")
        assertEquals(listOf<Effect>(Effect.HapticSuccess), effects.effects)
        assertTrue(flow.holdsCardData)

        val png = checkNotNull(flow.cardImage(ImageSource.FRONT_IMAGE, 500, 315))
        assertArrayEquals(byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte()), png.copyOfRange(0, 4))

        flow.openViewer(ImageSource.FRONT_IMAGE, 1000.0, 800.0, 1000.0, 630.0)
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 1.0, 0.0, 0.0), flow.state.value.viewer)
        assertEquals(Route.VIEWER, flow.state.value.route)
        flow.onPan(50.0, 50.0)
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 1.0, 0.0, 0.0), flow.state.value.viewer, "no pan at 1.0x")
        flow.onPinch(3.0)
        assertEquals(3.0, flow.state.value.viewer?.scale)
        flow.onPinch(10.0)
        assertEquals(5.0, flow.state.value.viewer?.scale, "clamped to 5.0x")
        flow.onPinch(0.01)
        assertEquals(1.0, flow.state.value.viewer?.scale, "clamped to 1.0x")
        flow.onDoubleTap()
        assertEquals(2.0, flow.state.value.viewer?.scale, "below 2.0x a double tap goes to 2.0x")
        flow.onPan(10_000.0, -10_000.0)
        // At 2.0x the 1000×630 image is 2000×1260 in an 1000×800 viewport: ±500 and ±230.
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 2.0, 500.0, -230.0), flow.state.value.viewer)
        flow.onDoubleTap()
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 1.0, 0.0, 0.0), flow.state.value.viewer, "at 2.0x a double tap goes back to 1.0x")
        assertTrue(flow.onBack())
        assertEquals(Route.RESULT, flow.state.value.route)
        assertNull(flow.state.value.viewer)

        flow.openInquiry()
        assertEquals(Route.INQUIRY, flow.state.value.route)
        assertEquals(RESIDENCE_NUMBER, screen.revocation.cardNumber)
        assertEquals("https://ipse-immi.moj.go.jp/", RevocationLinks.startUrl(screen.revocation.urlHost))
        assertTrue(flow.onBack())
        assertEquals(Route.RESULT, flow.state.value.route)

        flow.returnToTop()
        s = flow.state.value
        assertEquals(Route.NUMBER_ENTRY, s.route)
        assertNull(s.result)
        assertEquals("", s.number)
        assertFalse(flow.holdsCardData)
        assertNull(flow.cardImage(ImageSource.FRONT_IMAGE, 500, 315), "the card data is gone")
        assertEquals("residence", s.demo?.name, "demo mode stays on")
    }

    @Test
    fun `progress only moves forward and ends at done`() = flowTest { flow, _ ->
        flow.enterDemo(flow.profile("residence"))
        val seen = Collections.synchronizedList(mutableListOf<Float>())
        val watcher = launchWatcher(flow, seen)
        flow.onNext()
        flow.awaitRoute(Route.RESULT)
        watcher.cancel()
        assertTrue(seen.isNotEmpty())
        assertEquals(seen.sorted(), seen.toList(), "never backwards")
    }

    @Test
    fun `wrong number is a dialog that sends the user back to the number`() = flowTest { flow, effects ->
        flow.enterDemo(flow.profile("residence"))
        flow.onNumberChanged("AB12345678CE")
        flow.onNext()
        val s = flow.await { it.dialog != null }
        assertEquals("wrong_card_number", s.dialog?.code)
        assertEquals("Wrong card number", s.dialog?.title?.en)
        assertEquals("在留カード等番号が正しくありません", s.dialog?.title?.ja)
        assertEquals(listOf<ErrorAction>(ErrorAction.ReEnterNumber), s.dialog?.actions)
        assertEquals(Route.NUMBER_ENTRY, s.route)
        assertEquals("AB12345678CE", s.number, "kept for correction")
        assertEquals(listOf<Effect>(Effect.HapticFailure), effects.effects)
        assertFalse(flow.holdsCardData)
        flow.onDialogAction(ErrorAction.ReEnterNumber)
        assertNull(flow.state.value.dialog)
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
    }

    @Test
    fun `tampered card shows the abnormal result with the failed check`() = flowTest { flow, _ ->
        flow.enterDemo(flow.profile("tampered"))
        flow.onNext()
        val screen = flow.awaitRoute(Route.RESULT).result!!
        assertEquals(HeadlineKind.ABNORMAL, screen.headline.kind)
        val tamper = screen.indicators.first { it.check == CheckKind.TAMPER }
        val issuer = screen.indicators.first { it.check == CheckKind.ISSUER }
        assertEquals(IndicatorState.FAILED, tamper.state)
        assertEquals(IndicatorState.PASSED, issuer.state)
        assertEquals("https://www.moj.go.jp/isa/about/region/index.html", screen.headline.action?.url)
    }

    @Test
    fun `card pulled away is card_lost, and retry reads again`() = flowTest { flow, effects ->
        flow.enterDemo(flow.profile("pulled-away"))
        flow.onNext()
        val s = flow.await { it.dialog != null }
        assertEquals("card_lost", s.dialog?.code)
        assertEquals(ErrorAction.Retry, s.dialog?.actions?.first())
        flow.onDialogAction(ErrorAction.Retry)
        assertEquals(Route.READING, flow.state.value.route)
        assertEquals("card_lost", flow.await { it.dialog != null }.dialog?.code)
        assertEquals(listOf<Effect>(Effect.HapticFailure, Effect.HapticFailure), effects.effects)
    }

    @Test
    fun `not a residence card and a broken chip have their own dialogs`() = flowTest { flow, _ ->
        for ((profile, code) in listOf("not-residence" to "not_a_residence_card", "broken-chip" to "chip_broken")) {
            flow.enterDemo(flow.profile(profile))
            flow.onNext()
            assertEquals(code, flow.await { it.dialog != null }.dialog?.code, profile)
            flow.onDialogDismissed()
        }
    }

    @Test
    fun `an invalid number never starts a read`() = flowTest { flow, _ ->
        flow.onNumberChanged("AB12#")
        val s = flow.state.value
        assertEquals(false, s.feedback?.canProceed)
        assertNotNull(s.feedback?.error)
        flow.onNext()
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
        assertNull(flow.state.value.dialog)
    }

    @Test
    fun `NFC off offers the NFC settings, no NFC hardware has its own message`() {
        val nfc = FakeNfc(NfcState.OFF)
        flowTest(nfc) { flow, effects ->
            flow.onNumberChanged(RESIDENCE_NUMBER)
            flow.onNext()
            var s = flow.state.value
            assertEquals("nfc_disabled", s.dialog?.code)
            assertEquals(Route.NUMBER_ENTRY, s.route)
            assertEquals(ErrorAction.OpenNfcSettings, s.dialog?.actions?.first())
            flow.onDialogAction(ErrorAction.OpenNfcSettings)
            assertEquals(listOf<Effect>(Effect.OpenNfcSettings), effects.effects)

            nfc.value = NfcState.MISSING
            flow.onNext()
            s = flow.state.value
            assertEquals("nfc_unavailable", s.dialog?.code)
            assertEquals(listOf<ErrorAction>(ErrorAction.Close), s.dialog?.actions)
            flow.onDialogAction(ErrorAction.Close)

            nfc.value = NfcState.ON
            flow.onNext()
            assertTrue(flow.state.value.nfcListening)
        }
    }

    @Test
    fun `NFC read through TagTransceiver with extended length`() = flowTest(config = ReaderConfig(testAnchors = softcardAnchors())) { flow, effects ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        assertTrue(flow.state.value.nfcListening)
        val tag = SoftTag("residence")
        flow.onTagDiscovered(tag)
        val screen = flow.awaitRoute(Route.RESULT).result!!
        assertEquals(HeadlineKind.NORMAL, screen.headline.kind)
        assertEquals(15, tag.apdus.get())
        assertEquals(1, tag.connects)
        assertEquals(5000, tag.lastTimeout)
        assertTrue(tag.closed)
        assertEquals(listOf<Effect>(Effect.HapticSuccess), effects.effects)
    }

    @Test
    fun `NFC read in short APDUs when the phone has no extended length`() = flowTest(config = ReaderConfig(testAnchors = softcardAnchors())) { flow, _ ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        val tag = SoftTag("residence", extendedLengthSupported = false, maxTransceiveLength = 261)
        flow.onTagDiscovered(tag)
        assertEquals(HeadlineKind.NORMAL, flow.awaitRoute(Route.RESULT).result?.headline?.kind)
        assertEquals(65, tag.apdus.get())
    }

    @Test
    fun `NFC read without the test roots is not a pass`() = flowTest { flow, _ ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onTagDiscovered(SoftTag("residence"))
        val screen = flow.awaitRoute(Route.RESULT).result!!
        assertEquals(HeadlineKind.ABNORMAL, screen.headline.kind)
        assertEquals(IndicatorState.FAILED, screen.indicators.first { it.check == CheckKind.ISSUER }.state)
        assertNull(screen.testAnchorNotice)
    }

    @Test
    fun `platform exceptions map to the core's errors`() {
        val cases = listOf(
            { TagGoneException() } to "card_lost",
            { SecurityException("Tag out of date") } to "card_lost",
            { IOException("Transceive failed") } to "communication_error",
            { IllegalStateException("Call connect() first!") } to "communication_error",
        )
        for ((failure, code) in cases) {
            flowTest { flow, _ ->
                flow.onNumberChanged(RESIDENCE_NUMBER)
                flow.onNext()
                val tag = SoftTag("residence", fail = { n -> if (n == 5) failure() else null })
                flow.onTagDiscovered(tag)
                val s = flow.await { it.dialog != null }
                assertEquals(code, s.dialog?.code)
                assertEquals(5, tag.apdus.get())
                assertTrue(tag.closed)
                assertNull(s.reading, "reading ended")
            }
        }
    }

    @Test
    fun `a plain IOException with the connection gone is card_lost, not a communication error`() = flowTest { flow, _ ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        lateinit var tag: SoftTag
        // Android reports a card that has just left as IOException("Transceive failed") and drops the connection.
        tag = SoftTag("residence", fail = { n ->
            if (n == 5) {
                tag.isConnected = false
                IOException("Transceive failed")
            } else {
                null
            }
        })
        flow.onTagDiscovered(tag)
        assertEquals("card_lost", flow.await { it.dialog != null }.dialog?.code)
        assertEquals(5, tag.apdus.get())
    }

    @Test
    fun `a card without ISO-DEP is not a residence card`() = flowTest { flow, _ ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onForeignTag()
        assertEquals("not_a_residence_card", flow.await { it.dialog != null }.dialog?.code)
        assertFalse(flow.state.value.nfcListening)
    }

    @Test
    fun `a tag seen while not waiting is only remembered, untouched`() = flowTest { flow, _ ->
        val tag = SoftTag("residence")
        flow.onTagDiscovered(tag)
        flow.onNumberChanged(RESIDENCE_NUMBER)
        repeat(3) { yield() }
        assertEquals(0, tag.apdus.get())
        assertEquals(0, tag.connects)
        assertFalse(tag.closed)
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
        assertNull(flow.state.value.dialog)
    }

    @Test
    fun `reader mode stays on for the whole real read and goes off with it`() = flowTest(config = ReaderConfig(testAnchors = softcardAnchors())) { flow, _ ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        val listening = mutableListOf<Boolean>()
        val tag = SoftTag("residence", fail = { n ->
            if (n == 8) listening.add(flow.state.value.nfcListening)
            null
        })
        flow.onTagDiscovered(tag)
        assertFalse(flow.awaitRoute(Route.RESULT).nfcListening)
        assertEquals(listOf(true), listening, "still listening in the middle of the read")
    }

    @Test
    fun `cancel while waiting or while reading returns to number entry without a dialog`() = flowTest { flow, effects ->
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        flow.onCancelReading()
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
        assertFalse(flow.state.value.nfcListening)

        flow.onNext()
        val tag = SoftTag("residence", fail = { n ->
            if (n == 3) flow.onCancelReading()
            null
        })
        flow.onTagDiscovered(tag)
        val s = flow.awaitRoute(Route.NUMBER_ENTRY)
        assertNull(s.dialog)
        assertEquals(3, tag.apdus.get(), "stopped before the next APDU")
        assertEquals(RESIDENCE_NUMBER, s.number)
        assertEquals(emptyList<Effect>(), effects.effects)
    }

    @Test
    fun `camera permission denied offers the app settings`() = flowTest { flow, effects ->
        flow.openCamera(permissionGranted = false)
        assertEquals(listOf<Effect>(Effect.RequestCameraPermission), effects.effects)
        flow.onCameraPermissionResult(granted = false)
        val s = flow.state.value
        assertEquals("camera_permission_denied", s.dialog?.code)
        assertEquals(listOf<ErrorAction>(ErrorAction.OpenAppSettings, ErrorAction.Close), s.dialog?.actions)
        assertEquals(Route.NUMBER_ENTRY, s.route)
        flow.onDialogAction(ErrorAction.OpenAppSettings)
        assertEquals(Effect.OpenAppSettings, effects.effects.last())
    }

    @Test
    fun `camera scan fills the field once three frames agree, and marks repaired characters`() = flowTest { flow, _ ->
        flow.onCameraPermissionResult(granted = true)
        assertEquals(Route.CAMERA, flow.state.value.route)
        assertTrue(flow.state.value.showsCardData)
        flow.onOcrLines(listOf("RESIDENCE CARD", "AB1234S678CD"))
        flow.onOcrLines(listOf("no number here"))
        flow.onOcrLines(listOf("AB1234S678CD"))
        repeat(3) { yield() }
        assertEquals(Route.CAMERA, flow.state.value.route, "two agreeing frames are not enough")
        assertEquals("", flow.state.value.number)
        flow.onOcrLines(listOf("番号 AB1234S678CD"))
        val s = flow.await { it.route == Route.NUMBER_ENTRY }
        assertEquals(RESIDENCE_NUMBER, s.number)
        assertTrue(s.scanConfirmation)
        assertEquals(listOf(7), s.highlighted)
        assertEquals(true, s.feedback?.canProceed)
        flow.onNumberChanged("AB12345678C")
        assertFalse(flow.state.value.scanConfirmation, "editing by hand ends the confirmation")
    }

    @Test
    fun `camera failure closes the camera with its dialog`() = flowTest { flow, _ ->
        flow.openCamera(permissionGranted = true)
        flow.onCameraFailed()
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
        assertEquals("camera_scan_failed", flow.state.value.dialog?.code)
    }

    @Test
    fun `help carousel follows the swipe rules and every close gesture`() = flowTest { flow, _ ->
        val texts = checkNotNull(flow.texts)
        assertEquals(3, texts.carousel.pages.size)
        flow.openHelp()
        assertEquals(0, flow.state.value.helpPage)
        val steps = listOf(
            CarouselGesture.SWIPE_RIGHT to 0,
            CarouselGesture.SWIPE_LEFT to 1,
            CarouselGesture.SWIPE_LEFT to 2,
            CarouselGesture.SWIPE_LEFT to 2,
            CarouselGesture.SWIPE_RIGHT to 1,
        )
        for ((gesture, page) in steps) {
            flow.onCarouselGesture(gesture)
            assertEquals(page, flow.state.value.helpPage, gesture.name)
        }
        assertTrue(flow.onBack())
        assertNull(flow.state.value.helpPage)
        for (close in listOf(CarouselGesture.CLOSE_ICON, CarouselGesture.CLOSE_BUTTON)) {
            flow.openHelp()
            flow.onCarouselGesture(CarouselGesture.SWIPE_LEFT)
            flow.onCarouselGesture(close)
            assertNull(flow.state.value.helpPage, close.name)
        }
    }

    @Test
    fun `back from number entry leaves the app, from result it clears the data`() = flowTest { flow, _ ->
        assertFalse(flow.onBack())
        flow.enterDemo(flow.profile("residence"))
        flow.onNext()
        flow.awaitRoute(Route.RESULT)
        assertTrue(flow.holdsCardData)
        assertTrue(flow.onBack())
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
        assertFalse(flow.holdsCardData)
    }
}

/** Records every progress fraction the state shows while a read runs. */
private fun CoroutineScope.launchWatcher(flow: ReaderFlow, seen: MutableList<Float>) =
    launch(Dispatchers.Unconfined) {
        flow.state.collect { s -> s.reading?.takeIf { !it.waitingForCard && it.step != null }?.let { seen.add(it.fraction) } }
    }

class ViewerAndLinksTest {
    @Test
    fun `a pinch keeps the point under the fingers in place`() = flowTest { flow, _ ->
        flow.enterDemo(flow.demoProfiles().first())
        flow.onNext()
        flow.awaitRoute(Route.RESULT)
        flow.openViewer(ImageSource.FRONT_IMAGE, 1000.0, 800.0, 1000.0, 630.0)
        // Fingers 250 px right of the centre, 100 px up: at 2.0x that point moves 250/100 px
        // outwards unless panned back, so the offset is -250, +100 (within ±500 / ±230).
        flow.onPinch(2.0, 250.0, -100.0)
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 2.0, -250.0, 100.0), flow.state.value.viewer)
        // Then 2.0 → 4.0 around the same point: offset' = c − (c − o)·2 = (250 − 500·2, −100 + 200·2).
        flow.onPinch(2.0, 250.0, -100.0)
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 4.0, -750.0, 300.0), flow.state.value.viewer)
        // 4.0 → 5.0 (clamped): the ratio is 1.25, not 2: (250 − 1000·1.25, −100 + 400·1.25).
        flow.onPinch(2.0, 250.0, -100.0)
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 5.0, -1000.0, 400.0), flow.state.value.viewer)
        // At the limit a pinch changes nothing and pans nothing.
        flow.onPinch(2.0, -300.0, 0.0)
        assertEquals(ViewerState(ImageSource.FRONT_IMAGE, 5.0, -1000.0, 400.0), flow.state.value.viewer)
    }

    @Test
    fun `links go through the app's effect, and only https`() = flowTest { flow, effects ->
        flow.openLink("https://www.moj.go.jp/isa/about/region/index.html")
        flow.openLink("http://example.org/")
        flow.openLink("intent://x")
        assertEquals(listOf<Effect>(Effect.OpenUrl("https://www.moj.go.jp/isa/about/region/index.html")), effects.effects)
    }

    @Test
    fun `the About screen opens from number entry and back closes it`() = flowTest { flow, _ ->
        flow.openAbout()
        assertEquals(Route.ABOUT, flow.state.value.route)
        assertFalse(flow.state.value.showsCardData)
        assertTrue(flow.onBack())
        assertEquals(Route.NUMBER_ENTRY, flow.state.value.route)
    }
}
