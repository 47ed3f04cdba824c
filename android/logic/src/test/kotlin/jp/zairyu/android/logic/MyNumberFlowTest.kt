// Issue 17: the My Number checks through the real bindings on the software card, over the IsoDep
// stand-in (a card that stays on the phone while the PIN screen is up) and in demo mode.
package jp.zairyu.android.logic

import jp.zairyu.core.ErrorAction
import jp.zairyu.core.MyNumberCheck
import jp.zairyu.core.MyNumberImage
import jp.zairyu.core.PinKind
import jp.zairyu.core.StartChoice
import jp.zairyu.core.Verdict
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class MyNumberFlowTest {
    private fun MyNumberFlow.toMenu() {
        choose(StartChoice.MY_NUMBER_CARD)
        assertEquals(MnRoute.MENU, state.value.route)
    }

    /** Menu → check → (empty match fields) → waiting for the card → the tag. */
    private suspend fun MyNumberFlow.startWithTag(check: MyNumberCheck, tag: SoftTag) {
        toMenu()
        chooseCheck(check)
        if (state.value.route == MnRoute.MATCH) onMatchSubmit()
        assertEquals(MnRoute.READING, state.value.route)
        assertEquals(true, state.value.reading?.waitingForCard)
        onTagDiscovered(tag)
    }

    @Test
    fun `start screen offers both cards and residence hands over to the residence flow`() = myNumberTest { flow, _ ->
        val start = checkNotNull(flow.texts).start
        assertEquals(listOf(StartChoice.RESIDENCE_CARD, StartChoice.MY_NUMBER_CARD), start.options.map { it.choice })
        assertEquals(4, flow.texts!!.menu.items.size)
        assertFalse(flow.state.value.secure, "the start screen shows nothing personal")
        flow.choose(StartChoice.RESIDENCE_CARD)
        assertEquals(MnRoute.RESIDENCE, flow.state.value.route)
        assertFalse(flow.onBack(), "back on the residence flow is the residence flow's")
        flow.returnToStart()
        flow.toMenu()
        assertTrue(flow.state.value.secure, "FLAG_SECURE on every My Number screen")
        assertTrue(flow.onBack())
        assertEquals(MnRoute.START, flow.state.value.route)
    }

    @Test
    fun `PIN check with the card held across the PIN screen`() = myNumberTest { flow, effects ->
        val tag = SoftTag("mynumber-complete")
        flow.startWithTag(MyNumberCheck.PIN_CHECK, tag)
        val asked = flow.awaitRoute(MnRoute.PIN)
        val pin = checkNotNull(asked.pin)
        assertEquals(PinKind.INPUT_HELPER, pin.kind)
        assertEquals(3, pin.triesLeft)
        assertFalse(pin.lastTry)
        assertEquals("残り3回", pin.screen.triesLeft.ja)
        assertNull(pin.screen.lastTryConfirmation)
        val beforePin = tag.apdus.get()
        assertEquals(0, tag.pinsSent(), "nothing is verified before the user types")
        assertTrue(tag.isConnected, "the card stays connected while the PIN screen is up")

        flow.submitPin(HELPER_PIN.toCharArray())
        val done = flow.awaitRoute(MnRoute.RESULT)
        assertEquals(4, beforePin, "the counter is read before the PIN screen, no try spent")
        assertEquals(14, tag.apdus.get(), "the whole PIN check on one connection")
        assertEquals(1, tag.connects, "one connection: the same tag before and after the PIN screen")
        assertEquals(1, tag.pinsSent())
        assertTrue(tag.apdus.get() > beforePin)
        val screen = checkNotNull(done.result)
        assertEquals(Verdict.NORMAL, screen.verdict)
        assertNull(screen.individualNumber, "the 個人番号 is not read unless the operator turned it on")
        assertEquals(listOf(false), flow.lastTryAllowedFor)
        assertTrue(flow.holdsCardData)
        assertEquals(listOf<Effect>(Effect.HapticSuccess), effects.effects)

        flow.returnToMenu()
        assertFalse(flow.holdsCardData)
        assertEquals(MnRoute.MENU, flow.state.value.route)
    }

    @Test
    fun `the operator setting reads the individual number, masked until tapped`() = myNumberTest { flow, _ ->
        val tag = SoftTag("mynumber-complete")
        flow.setReadIndividualNumber(true)
        flow.startWithTag(MyNumberCheck.PIN_CHECK, tag)
        flow.awaitRoute(MnRoute.PIN)
        flow.submitPin(HELPER_PIN.toCharArray())
        val masked = checkNotNull(flow.awaitRoute(MnRoute.RESULT).result?.individualNumber)
        assertFalse(masked.revealed)
        assertFalse(masked.value.contains(INDIVIDUAL_NUMBER))
        flow.toggleIndividualNumber()
        val shown = checkNotNull(flow.state.value.result?.individualNumber)
        assertTrue(shown.revealed)
        assertEquals(INDIVIDUAL_NUMBER, shown.value.filter { it.isDigit() })
        flow.toggleIndividualNumber()
        assertFalse(flow.state.value.result!!.individualNumber!!.revealed)
    }

    @Test
    fun `match fields give per-field rows`() = myNumberTest { flow, _ ->
        val tag = SoftTag("mynumber-complete")
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.PIN_CHECK)
        assertEquals(MnRoute.MATCH, flow.state.value.route)
        flow.onMatchChanged("", "", "")
        val plain = flow.state.value.match
        assertNull(MyNumberFlow.matchInput(plain), "no fields typed: nothing compared")
        flow.onMatchChanged("別人 太郎", "", "")
        flow.onMatchSubmit()
        flow.onTagDiscovered(tag)
        flow.awaitRoute(MnRoute.PIN)
        flow.submitPin(HELPER_PIN.toCharArray())
        val screen = checkNotNull(flow.awaitRoute(MnRoute.RESULT).result)
        checkNotNull(screen.mismatch) { "a typed name that differs gets seed 003's sentence" }
    }

    @Test
    fun `a wrong PIN ends the check with the tries left, never retried`() = myNumberTest { flow, effects ->
        val tag = SoftTag("mynumber-complete")
        flow.startWithTag(MyNumberCheck.AUTH, tag)
        assertEquals(PinKind.AUTH, flow.awaitRoute(MnRoute.PIN).pin?.kind)
        flow.submitPin("0000".toCharArray())
        val failed = flow.await { it.dialog != null }
        assertEquals("wrong_pin", failed.dialog?.code)
        assertEquals("残り2回", failed.dialogNote?.ja)
        assertEquals(MnRoute.MENU, failed.route)
        flow.awaitCheckEnd()
        repeat(5) { yield() }
        assertEquals(1, tag.pinsSent(), "one VERIFY with a PIN, no automatic retry")
        assertEquals(10, tag.apdus.get(), "nothing after the failed VERIFY")
        assertEquals(listOf(false), flow.lastTryAllowedFor)
        assertEquals(listOf<Effect>(Effect.HapticFailure), effects.effects)
        assertTrue(tag.closed)

        // The user's own next try: the card still on the phone is used again, the counter now 2.
        flow.onDialogDismissed()
        flow.chooseCheck(MyNumberCheck.AUTH)
        assertEquals(2, flow.awaitRoute(MnRoute.PIN).pin?.triesLeft)
        flow.submitPin(AUTH_PIN.toCharArray())
        assertEquals(Verdict.NORMAL, flow.awaitRoute(MnRoute.RESULT).result?.verdict)
        assertEquals(2, tag.connects)
    }

    @Test
    fun `a badly formed PIN stays on the screen with the core's reason and sends nothing`() = myNumberTest { flow, _ ->
        val tag = SoftTag("mynumber-complete")
        flow.startWithTag(MyNumberCheck.PIN_CHECK, tag)
        flow.awaitRoute(MnRoute.PIN)
        val typed = "12a4".toCharArray()
        flow.submitPin(typed)
        assertArrayEquals(CharArray(4), typed, "the typed characters are wiped")
        val s = flow.state.value
        assertEquals(MnRoute.PIN, s.route)
        assertEquals("3文字目が数字ではありません。", s.pin?.problem?.ja)
        assertEquals(0, tag.pinsSent())
        flow.submitPin(HELPER_PIN.toCharArray())
        assertEquals(Verdict.NORMAL, flow.awaitRoute(MnRoute.RESULT).result?.verdict)
        assertEquals(1, tag.pinsSent())
    }

    @Test
    fun `the last try is refused until the user confirms it`() = myNumberTest { flow, _ ->
        val tag = SoftTag("mynumber-last-try")
        flow.startWithTag(MyNumberCheck.PIN_CHECK, tag)
        val confirm = flow.awaitRoute(MnRoute.LAST_TRY)
        assertEquals(listOf(false), flow.lastTryAllowedFor, "the first attempt never allows the last try")
        assertEquals(0, tag.pinsSent(), "refused before anything was sent")
        assertEquals("残り1回です。間違えるとロックがかかります。入力してよろしいですか？", confirm.pin?.screen?.lastTryConfirmation?.ja)
        assertEquals(1, confirm.pin?.triesLeft)

        // Declining: back to the menu, nothing allowed, nothing sent.
        flow.declineLastTry()
        assertEquals(MnRoute.MENU, flow.state.value.route)
        assertEquals(listOf(false), flow.lastTryAllowedFor)

        // Confirming: the same check once more with the last try allowed, on the same card.
        flow.chooseCheck(MyNumberCheck.PIN_CHECK)
        flow.onMatchSubmit()
        flow.awaitRoute(MnRoute.LAST_TRY)
        flow.confirmLastTry()
        val asked = flow.awaitRoute(MnRoute.PIN)
        assertEquals(true, asked.pin?.lastTry)
        assertEquals(listOf(false, false, true), flow.lastTryAllowedFor)
        flow.submitPin(HELPER_PIN.toCharArray())
        assertEquals(Verdict.NORMAL, flow.awaitRoute(MnRoute.RESULT).result?.verdict)
        assertEquals(1, tag.pinsSent())
    }

    @Test
    fun `demo mode last try is confirmed before the PIN is asked`() = myNumberTest { flow, _ ->
        val profile = flow.demoProfiles().first { it.name == "mynumber-last-try" }
        val c = checkNotNull(profile.credentials) { "demo credentials" }
        flow.enterDemo(profile)
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.AUTH)
        flow.awaitRoute(MnRoute.LAST_TRY)
        assertEquals(listOf(false), flow.lastTryAllowedFor)
        flow.confirmLastTry()
        assertEquals(true, flow.awaitRoute(MnRoute.PIN).pin?.lastTry)
        flow.submitPin(c.authPin.toCharArray())
        assertEquals(Verdict.NORMAL, flow.awaitRoute(MnRoute.RESULT).result?.verdict)
        assertEquals(listOf(false, true), flow.lastTryAllowedFor)
    }

    @Test
    fun `confirming the last try is only possible on the confirmation screen`() = myNumberTest { flow, _ ->
        val tag = SoftTag("mynumber-last-try")
        flow.toMenu()
        flow.confirmLastTry()
        flow.chooseCheck(MyNumberCheck.AUTH)
        flow.confirmLastTry()
        flow.onTagDiscovered(tag)
        flow.awaitRoute(MnRoute.LAST_TRY)
        assertEquals(listOf(false), flow.lastTryAllowedFor)
        assertEquals(0, tag.pinsSent())
    }

    @Test
    fun `a blocked PIN says where to go`() = myNumberTest { flow, _ ->
        val tag = SoftTag("mynumber-blocked")
        flow.startWithTag(MyNumberCheck.SIGNATURE, tag)
        val failed = flow.await { it.dialog != null }
        assertEquals("pin_blocked", failed.dialog?.code)
        assertTrue(failed.dialog!!.tips.any { it.ja.contains("市区町村") }, "the tip names the municipal office")
        assertEquals(0, tag.pinsSent())
    }

    @Test
    fun `cancel on the PIN screen sends no VERIFY and releases the reading thread`() = myNumberTest { flow, effects ->
        val tag = SoftTag("mynumber-complete")
        flow.startWithTag(MyNumberCheck.SIGNATURE, tag)
        assertEquals(PinKind.SIGNATURE, flow.awaitRoute(MnRoute.PIN).pin?.kind)
        assertTrue(flow.onBack(), "back on the PIN screen cancels")
        flow.awaitCheckEnd()
        val s = flow.state.value
        assertEquals(MnRoute.MATCH, s.route)
        assertNull(s.dialog, "a cancel is not an error")
        assertEquals(0, tag.pinsSent())
        assertTrue(tag.closed)
        assertEquals(emptyList<Effect>(), effects.effects)
    }

    @Test
    fun `a PIN screen left open times out without sending anything`() =
        myNumberTest(config = MyNumberConfig(testAnchors = myNumberAnchors(), pinTimeoutMillis = 300)) { flow, _ ->
            val tag = SoftTag("mynumber-complete")
            flow.startWithTag(MyNumberCheck.PIN_CHECK, tag)
            flow.awaitRoute(MnRoute.PIN)
            flow.awaitCheckEnd()
            assertEquals(MnRoute.MATCH, flow.state.value.route)
            flow.submitPin(HELPER_PIN.toCharArray())
            assertEquals(0, tag.pinsSent())
        }

    @Test
    fun `dispose while the PIN screen is up frees everything`() = kotlinx.coroutines.runBlocking {
        val ledger = NativeLedger()
        val flow = MyNumberFlow(this, Dispatchers.IO, FakeNfc(), RecordingEffects(), MyNumberConfig(testAnchors = myNumberAnchors(), nativeObjects = ledger))
        val tag = SoftTag("mynumber-complete")
        flow.startWithTag(MyNumberCheck.PIN_CHECK, tag)
        flow.awaitRoute(MnRoute.PIN)
        flow.dispose()
        kotlinx.coroutines.withTimeout(60_000) { flow.awaitCheckEnd() }
        assertEquals(MyNumberUiState(), flow.state.value)
        assertFalse(flow.holdsCardData)
        assertEquals(0, tag.pinsSent())
        assertTrue(tag.closed)
        assertEquals(emptyList<String>(), ledger.unclosed())
        tag.card.close()
    }

    @Test
    fun `dispose on the result screen closes the result`() = kotlinx.coroutines.runBlocking {
        val ledger = NativeLedger()
        val flow = MyNumberFlow(this, Dispatchers.IO, FakeNfc(), RecordingEffects(), MyNumberConfig(nativeObjects = ledger))
        val profile = flow.demoProfiles().first { it.name == "mynumber-complete" }
        flow.enterDemo(profile)
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.AUTH)
        flow.awaitRoute(MnRoute.PIN)
        flow.submitPin(profile.credentials!!.authPin.toCharArray())
        flow.awaitRoute(MnRoute.RESULT)
        flow.dispose()
        assertEquals(1, ledger.count(jp.zairyu.core.MyNumberResult::class.java))
        assertEquals(emptyList<String>(), ledger.unclosed())
    }

    @Test
    fun `in-person check in demo mode with inputs checked, images and verdict`() = myNumberTest { flow, _ ->
        val profile = flow.demoProfiles().first { it.name == "mynumber-complete" }
        val c = checkNotNull(profile.credentials)
        flow.enterDemo(profile)
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.IN_PERSON)
        assertEquals(MnRoute.ENTRY, flow.state.value.route)
        flow.onEntryChanged(c.birthDate, c.expiryYear, "12")
        flow.onEntrySubmit()
        assertEquals(MnRoute.ENTRY, flow.state.value.route)
        assertEquals(jp.zairyu.core.CollationField.SECURITY_CODE, flow.state.value.entry.problem?.field)

        flow.onEntryChanged(c.birthDate, c.expiryYear, c.securityCode)
        flow.onEntrySubmit()
        val s = flow.awaitRoute(MnRoute.RESULT)
        val screen = checkNotNull(s.result)
        assertEquals(Verdict.NORMAL, screen.verdict)
        assertEquals(listOf(MyNumberImage.PHOTO, MyNumberImage.NAME_IMAGE, MyNumberImage.ADDRESS_IMAGE), screen.images)
        val png = checkNotNull(flow.image(MyNumberImage.PHOTO, 200, 200))
        assertArrayEquals(byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte()), png.copyOf(4))
        assertEquals("", s.entry.birthDate, "the inputs are not kept once the check is done")

        flow.openViewer(MyNumberImage.NAME_IMAGE, 400.0, 800.0, 400.0, 200.0)
        assertEquals(MnRoute.VIEWER, flow.state.value.route)
        flow.onDoubleTap()
        assertTrue(flow.state.value.viewer!!.scale > 1.0)
        assertTrue(flow.onBack())
        assertEquals(MnRoute.RESULT, flow.state.value.route)
        flow.returnToMenu()
        assertNull(flow.image(MyNumberImage.PHOTO, 200, 200), "no image once the result is closed")
    }

    @Test
    fun `the camera fills the in-person inputs once the core says they are stable`() = myNumberTest { flow, effects ->
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.IN_PERSON)
        flow.openCamera(permissionGranted = false)
        assertEquals(listOf<Effect>(Effect.RequestCameraPermission), effects.effects)
        assertEquals(MnRoute.ENTRY, flow.state.value.route)
        flow.openCamera(permissionGranted = true)
        assertEquals(MnRoute.CAMERA, flow.state.value.route)
        val frame = listOf("個人番号カード", "氏名 番号 花子", "昭和60年 4月12日生", "性別 女", "2034年 4月12日まで有効", "1234")
        var frames = 0
        while (flow.state.value.route == MnRoute.CAMERA && frames < 10) {
            flow.onOcrLines(frame)
            frames++
            repeat(3) { yield() }
        }
        val s = flow.state.value
        assertEquals(MnRoute.ENTRY, s.route, "the camera closes once all three are stable")
        assertTrue(frames > 1, "one frame is never enough: the core wants agreeing frames")
        assertEquals(CollationEntry("1985-04-12", "2034", "1234", problem = null, scanned = true), s.entry)
        flow.onBack()
        assertEquals(MnRoute.MENU, flow.state.value.route)
    }

    @Test
    fun `auth and signature checks in demo mode state that revocation was not checked`() = myNumberTest { flow, _ ->
        val profile = flow.demoProfiles().first { it.name == "mynumber-complete" }
        val c = checkNotNull(profile.credentials)
        flow.enterDemo(profile)
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.AUTH)
        flow.awaitRoute(MnRoute.PIN)
        flow.submitPin(c.authPin.toCharArray())
        val auth = checkNotNull(flow.awaitRoute(MnRoute.RESULT).result)
        assertEquals(Verdict.NORMAL, auth.verdict)
        checkNotNull(auth.revocationNote)
        checkNotNull(auth.testAnchorNotice) { "a pass on the software card's trust is a TEST pass" }
        flow.returnToMenu()

        flow.chooseCheck(MyNumberCheck.SIGNATURE)
        flow.onMatchSubmit()
        val asked = flow.awaitRoute(MnRoute.PIN)
        assertEquals(5, asked.pin?.triesLeft)
        assertEquals(false, asked.pin?.screen?.digitsOnly)
        flow.submitPin(c.signaturePassword.toCharArray())
        val sig = checkNotNull(flow.awaitRoute(MnRoute.RESULT).result)
        assertEquals(Verdict.NORMAL, sig.verdict)
        checkNotNull(sig.revocationNote)
    }

    @Test
    fun `a specified card read as a residence card goes through the residence flow`() = flowTest { flow, _ ->
        val profile = flow.demoProfiles().first { it.name == "specified-07" }
        assertEquals(jp.zairyu.core.SoftCardFamily.SPECIFIED, profile.family)
        flow.enterDemo(profile)
        flow.onNext()
        val s = flow.await { it.route == Route.RESULT || it.dialog != null }
        assertNull(s.dialog, "the demo passes the software card's TEST delivery key")
        assertEquals(jp.zairyu.core.HeadlineKind.NORMAL, s.result?.headline?.kind)
    }

    @Test
    fun `demo profiles are the My Number and specified cards with their credentials`() = myNumberTest { flow, _ ->
        val names = flow.demoProfiles().map { it.name }
        assertTrue("mynumber-complete" in names)
        assertFalse("residence" in names)
        assertEquals(HELPER_PIN, flow.demoProfiles().first { it.name == "mynumber-complete" }.credentials?.inputHelperPin)
    }

    @Test
    fun `a card without ISO-DEP is not a My Number card`() = myNumberTest { flow, effects ->
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.AUTH)
        flow.onForeignTag()
        val s = flow.await { it.dialog != null }
        assertEquals(MyNumberFlow.NOT_A_MY_NUMBER_CARD, s.dialog?.code)
        assertEquals(MnRoute.MENU, s.route)
        assertEquals(listOf<Effect>(Effect.HapticFailure), effects.effects)
    }

    @Test
    fun `with NFC off the check does not start`() = myNumberTest(nfc = FakeNfc(NfcState.OFF)) { flow, _ ->
        flow.toMenu()
        flow.chooseCheck(MyNumberCheck.AUTH)
        assertEquals("nfc_disabled", flow.state.value.dialog?.code)
        assertEquals(MnRoute.MENU, flow.state.value.route)
        flow.onDialogAction(ErrorAction.OpenNfcSettings)
        assertNull(flow.state.value.dialog)
    }

    @Test
    fun `state strings never carry the inputs`() {
        val s = MyNumberUiState(entry = CollationEntry("1990-01-01", "2030", "1234"), match = MatchEntry("名前", "", "住所"))
        assertFalse(s.toString().contains("1990"))
        assertFalse(s.toString().contains("名前"))
    }

    @Test
    fun `secrets become UTF-8 without a String`() {
        assertArrayEquals("TEST1234AB".toByteArray(), Secrets.utf8("TEST1234AB".toCharArray()))
        assertArrayEquals(byteArrayOf(0xE3.toByte(), 0x81.toByte(), 0x82.toByte()), Secrets.utf8(charArrayOf('あ')))
    }

    @Test
    fun `the bridge never answers a last-try prompt without the confirmation`() = kotlinx.coroutines.runBlocking {
        val screen = jp.zairyu.core.pinEntryScreen(PinKind.AUTH, 1u)
        val prompt = jp.zairyu.core.PinPrompt(PinKind.AUTH, 1u, true, screen)
        var shown = 0
        val refusing = PinBridge(lastTryConfirmed = false) { shown++ }
        refusing.submit("5678".toByteArray())
        assertNull(refusing.pin(prompt))
        assertEquals(0, shown, "the PIN screen is not even shown")

        val confirmed = PinBridge(lastTryConfirmed = true) { shown++ }
        val secret = "5678".toByteArray()
        val answer = withContext(Dispatchers.IO) {
            val waiter = Thread { Thread.sleep(50); confirmed.submit(secret) }
            waiter.start()
            val a = confirmed.pin(prompt)
            waiter.join()
            a
        }
        assertEquals(1, shown)
        assertArrayEquals("5678".toByteArray(), answer)
        confirmed.wipe()
        assertArrayEquals(ByteArray(4), secret, "wiped once the check returned")
        assertFalse(confirmed.submit("1111".toByteArray()), "nothing waits any more")
    }
}
