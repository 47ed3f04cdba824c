// The small pure functions: language, transport capability, links, drawings, NFC state, redaction.
package jp.zairyu.android.logic

import jp.zairyu.core.Text
import jp.zairyu.core.helpCarousel
import jp.zairyu.core.numberFeedback
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class SmallLogicTest {
    @Test
    fun `device language picks the text`() {
        val text = Text(ja = "照会結果", en = "Inquiry result")
        assertEquals(Lang.JA, Lang.fromLanguageTag("ja"))
        assertEquals(Lang.JA, Lang.fromLanguageTag("ja-JP"))
        assertEquals(Lang.JA, Lang.fromLanguageTag("JA_jp"))
        assertEquals(Lang.EN, Lang.fromLanguageTag("en-US"))
        assertEquals(Lang.EN, Lang.fromLanguageTag("jav"))
        assertEquals(Lang.EN, Lang.fromLanguageTag("vi"))
        assertEquals(Lang.EN, Lang.fromLanguageTag(null))
        assertEquals("照会結果", text.pick(Lang.JA))
        assertEquals("Inquiry result", text.pick(Lang.EN))
    }

    @Test
    fun `controller limits become the core's max APDU length`() {
        assertEquals(65_546u, TransportCapability.maxApduLength(true, 65_546))
        assertEquals(65_546u, TransportCapability.maxApduLength(true, 1_000_000))
        assertEquals(65_279u, TransportCapability.maxApduLength(true, 65_279))
        assertEquals(261u, TransportCapability.maxApduLength(true, 261))
        assertEquals(258u, TransportCapability.maxApduLength(false, 65_279))
        assertEquals(258u, TransportCapability.maxApduLength(false, 261))
        assertEquals(253u, TransportCapability.maxApduLength(false, 253))
        assertEquals(258u, TransportCapability.maxApduLength(true, 0))
        assertEquals(258u, TransportCapability.maxApduLength(false, -1))
    }

    @Test
    fun `revocation inquiry links and date fields`() {
        assertEquals("https://ipse-immi.moj.go.jp/", RevocationLinks.startUrl("ipse-immi.moj.go.jp"))
        assertEquals("https://ipse-immi.moj.go.jp/", RevocationLinks.startUrl(" IPSE-IMMI.moj.go.jp "))
        assertNull(RevocationLinks.startUrl("evil.example/path"))
        assertNull(RevocationLinks.startUrl("user@host.example"))
        assertNull(RevocationLinks.startUrl("localhost"))
        assertNull(RevocationLinks.startUrl(""))
        val host = "ipse-immi.moj.go.jp"
        assertTrue(RevocationLinks.staysInApp("https://ipse-immi.moj.go.jp/any/page?x=1", host))
        assertTrue(RevocationLinks.staysInApp("https://IPSE-IMMI.moj.go.jp:443/", host))
        assertFalse(RevocationLinks.staysInApp("http://ipse-immi.moj.go.jp/", host))
        assertFalse(RevocationLinks.staysInApp("https://ipse-immi.moj.go.jp.evil.example/", host))
        assertFalse(RevocationLinks.staysInApp("https://x@ipse-immi.moj.go.jp/", host))
        assertFalse(RevocationLinks.staysInApp("https://ipse-immi.moj.go.jp:8443/", host))
        assertFalse(RevocationLinks.staysInApp("https://www.moj.go.jp/isa/", host))
        assertFalse(RevocationLinks.staysInApp("javascript:alert(1)", host))
        assertFalse(RevocationLinks.staysInApp("not a url", host))
        assertEquals(RevocationLinks.DateParts("2012", "07", "09"), RevocationLinks.expiryParts("2012-07-09"))
        assertNull(RevocationLinks.expiryParts(null))
        assertNull(RevocationLinks.expiryParts("2012-7-9"))
        assertNull(RevocationLinks.expiryParts("20120709"))
    }

    @Test
    fun `every carousel page has a bundled drawing`() {
        val ids = helpCarousel().pages.map { it.illustrationId }
        assertEquals(listOf("card_gen1", "card_gen2", "card_specified"), ids.map { Illustrations.drawableName(it) })
        assertNull(Illustrations.drawableName("card_unknown"))
        assertEquals(setOf("card_gen1", "card_gen2", "card_specified"), Illustrations.allDrawableNames.toSet())
    }

    @Test
    fun `NFC state decides the dialog`() {
        assertEquals("nfc_unavailable", ShellErrors.forNfcState(NfcState.MISSING))
        assertEquals("nfc_disabled", ShellErrors.forNfcState(NfcState.OFF))
        assertNull(ShellErrors.forNfcState(NfcState.ON))
    }

    @Test
    fun `state flags for reader mode and FLAG_SECURE, and a redacted toString`() {
        val entry = UiState()
        assertFalse(entry.showsCardData)
        assertFalse(entry.nfcListening)
        val typed = entry.copy(number = RESIDENCE_NUMBER, feedback = numberFeedback(RESIDENCE_NUMBER))
        assertTrue(typed.showsCardData)
        assertFalse(typed.toString().contains(RESIDENCE_NUMBER), typed.toString())
        assertTrue(typed.copy(route = Route.CAMERA).showsCardData)
        val waiting = typed.copy(route = Route.READING, reading = ReadingState(demo = false, waitingForCard = true))
        assertTrue(waiting.nfcListening)
        assertFalse(waiting.copy(reading = ReadingState(demo = true, waitingForCard = false)).nfcListening)
        assertTrue(waiting.copy(reading = ReadingState(demo = false, waitingForCard = false)).nfcListening)
        assertFalse(waiting.copy(route = Route.NUMBER_ENTRY, reading = null).nfcListening)
        assertTrue(waiting.copy(route = Route.RESULT).showsCardData)
        assertTrue(waiting.copy(route = Route.VIEWER).showsCardData)
        assertTrue(waiting.copy(route = Route.INQUIRY).showsCardData)
    }
}

class NumberFieldTest {
    private fun prefix(p: String) = numberFeedback(p).normalized

    @Test
    fun `the field shows the normalised number after every edit`() {
        val shown = NumberField.show(NumberField.Edit("ab12345678cd", 12, 12, composing = false), numberFeedback("ab12345678cd").normalized, ::prefix)
        assertEquals(NumberField.Shown(RESIDENCE_NUMBER, 12, 12, rewritten = true), shown)
    }

    @Test
    fun `the cursor stays after the same character when the text is rewritten`() {
        val typed = "ab12345678cd"
        val shown = NumberField.show(NumberField.Edit(typed, 4, 4, composing = false), numberFeedback(typed).normalized, ::prefix)
        assertEquals(NumberField.Shown(RESIDENCE_NUMBER, 4, 4, rewritten = true), shown)
        // Full-width input: one character each, half-width afterwards.
        val wide = "ＡＢ１２３４５６７８ＣＤ"
        val fromWide = NumberField.show(NumberField.Edit(wide, 2, 2, composing = false), numberFeedback(wide).normalized, ::prefix)
        assertEquals(NumberField.Shown(RESIDENCE_NUMBER, 2, 2, rewritten = true), fromWide)
    }

    @Test
    fun `text being composed by an IME is left alone`() {
        val edit = NumberField.Edit("ａｂ", 2, 2, composing = true)
        assertEquals(NumberField.Shown("ａｂ", 2, 2, rewritten = false), NumberField.show(edit, "AB", ::prefix))
    }

    @Test
    fun `already normalised text is not rewritten`() {
        val edit = NumberField.Edit("AB12", 1, 3, composing = false)
        assertEquals(NumberField.Shown("AB12", 1, 3, rewritten = false), NumberField.show(edit, "AB12", ::prefix))
    }
}

class BilingualTest {
    @Test
    fun `titles show the device language first and the other under it`() {
        val title = Text(ja = "照会結果", en = "Inquiry result")
        assertEquals(Bilingual("照会結果", "Inquiry result"), title.bilingual(Lang.JA))
        assertEquals(Bilingual("Inquiry result", "照会結果"), title.bilingual(Lang.EN))
        assertEquals(Bilingual("NFC", null), Text(ja = "NFC", en = "NFC").bilingual(Lang.JA))
        assertEquals(Bilingual("在留カード", null), Text(ja = "在留カード", en = " ").bilingual(Lang.JA))
    }
}
