// The second-generation read through the bindings: gen2 sections, images and the expiry the
// revocation inquiry needs.
package jp.zairyu.core.tests

import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class Gen2Test {
    private fun number(profile: String) = softcardProfiles().single { it.name == profile }.cardNumber

    @Test
    fun `second-generation residence card through a Kotlin transceiver`() {
        val (result, transceiver) = readThroughKotlin("gen2-residence", number("gen2-residence"))
        result.use {
            assertEquals(16, transceiver.apdus.get())
            assertEquals(Verdict.NORMAL, it.verdict())
            val s = it.resultScreen()
            assertEquals(Text("正常に機能している在留カードです。", "This is a normally functioning residence card."), s.headline.text)
            assertEquals("2030-03-31", s.revocation.cardExpiry)
            assertTrue(s.sections.any { sec -> sec.id == SectionId.OTHER }, "${s.sections.map { sec -> sec.id }}")
            assertTrue(s.images.none { v -> v.source == ImageSource.FRONT_IMAGE })
            assertNull(cardImagePng(it, ImageSource.FRONT_IMAGE, 1000u, 630u))
            val name = cardImagePng(it, ImageSource.NAME_IMAGE, 800u, 800u)!!
            val b = java.nio.ByteBuffer.wrap(name)
            assertEquals(800 to 120, b.getInt(16) to b.getInt(20))
            assertNotNull(cardImagePng(it, ImageSource.ADDRESS_IMAGE, 400u, 400u))
        }
    }

    @Test
    fun `second-generation verdicts`() {
        for ((profile, verdict) in listOf("gen2-tampered" to Verdict.ABNORMAL, "gen2-under1" to Verdict.YOUNG_HOLDER)) {
            val card = softcard(profile)
            readCard(number(profile), card.asTransceiver(), demoOptions(card), RecordingListener()).use {
                assertEquals(verdict, it.verdict(), profile)
            }
        }
        val card = softcard("gen2-under1")
        readCard(number("gen2-under1"), card.asTransceiver(), demoOptions(card), RecordingListener()).use {
            assertEquals(
                Text("1歳未満の方のカードです（ICチップに顔写真と署名がありません）。", "Card of a holder under 1 year — no photo and signature on the chip."),
                it.resultScreen().headline.text,
            )
        }
    }
}
