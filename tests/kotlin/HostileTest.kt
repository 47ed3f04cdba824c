// Hostile cards and hostile callers through the bindings: every case ends in a specific
// ZairyuException or an abnormal verdict, never a crash of the JVM, and a panic inside Rust
// (here: provoked by a callback that throws where no error can be returned) comes back as
// ZairyuException.Internal with the library still usable.
package jp.zairyu.core.tests

import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class HostileTest {
    /** Throws from maxApduLength(), which has no error channel: UniFFI panics inside Rust. */
    class ThrowingSizeTransceiver(private val card: SoftCardTransceiver) : Transceiver {
        override fun transceive(apdu: ByteArray): ByteArray = card.transceive(apdu)
        override fun maxApduLength(): UInt = throw IllegalStateException("size bug 0xDEADBEEF")
    }

    @Test
    fun `a panic inside a real read becomes Internal, and the library keeps working`() {
        val card = softcard()
        val e = expectError<ZairyuException.Internal> {
            readCard(RESIDENCE_NUMBER, ThrowingSizeTransceiver(card), demoOptions(card), RecordingListener())
        }
        assertEquals("internal", e.info.code)
        assertFalse(e.detail.contains("DEADBEEF"), "callback text leaked: ${e.detail}")
        assertEquals(0L, card.apduCount().toLong(), "nothing was sent")
        val (result, _) = readThroughKotlin("residence", RESIDENCE_NUMBER)
        result.use { assertEquals(Verdict.NORMAL, it.verdict()) }
    }

    @Test
    fun `a 64 KB answer to an 8-byte challenge is malformed_data`() {
        val card = softcard("hostile-64k-challenge")
        val transceiver = KotlinTransceiver(card)
        val e = expectError<ZairyuException.MalformedData> {
            readCard(RESIDENCE_NUMBER, transceiver, demoOptions(card), RecordingListener())
        }
        assertEquals("malformed_data", e.info.code)
        assertEquals(3, transceiver.apdus.get())
    }

    @Test
    fun `endless 61xx and wrong SM padding end at once with their codes`() {
        val card = softcard("gen2-hostile-endless-61xx")
        val t = KotlinTransceiver(card)
        val e = expectError<ZairyuException.CommunicationException> {
            readCard("EF98765432GH", t, demoOptions(card), RecordingListener())
        }
        assertEquals("communication_error", e.info.code)
        assertEquals(3, t.apdus.get())

        val padded = softcard("hostile-sm-padding")
        val p = KotlinTransceiver(padded)
        expectError<ZairyuException.MalformedData> {
            readCard(RESIDENCE_NUMBER, p, demoOptions(padded), RecordingListener())
        }
        assertEquals(7, p.apdus.get())
    }

    @Test
    fun `decompression bombs are not decoded and the card is abnormal`() {
        for ((profile, number) in listOf("hostile-image-bombs" to RESIDENCE_NUMBER, "gen2-hostile-image-bombs" to "EF98765432GH")) {
            val card = softcard(profile)
            readCard(number, KotlinTransceiver(card), demoOptions(card), RecordingListener()).use { result ->
                assertEquals(Verdict.ABNORMAL, result.verdict(), profile)
                for (source in ImageSource.values()) {
                    assertNull(cardImagePng(result, source, UInt.MAX_VALUE, UInt.MAX_VALUE), "$profile $source")
                }
            }
        }
    }

    @Test
    fun `forged chains are abnormal through the bindings`() {
        for (profile in listOf("hostile-nonca-issuer", "hostile-expired-root", "hostile-future-root", "hostile-signs-other-data")) {
            val card = softcard(profile)
            readCard(RESIDENCE_NUMBER, KotlinTransceiver(card), demoOptions(card), RecordingListener()).use {
                assertEquals(Verdict.ABNORMAL, it.verdict(), profile)
            }
        }
    }

    @Test
    fun `a hostile caller's inputs are refused, not crashed on`() {
        val card = softcard()
        expectError<ZairyuException.InvalidCardNumber> {
            readCard("A".repeat(100_000), KotlinTransceiver(card), demoOptions(card), RecordingListener())
        }
        expectError<ZairyuException.InvalidCardNumber> {
            readCard("AB12345678CD\u0000", KotlinTransceiver(card), demoOptions(card), RecordingListener())
        }
        assertEquals(0L, card.apduCount().toLong())
        // An absurd image box is capped at the card limits instead of allocating gigabytes.
        val (result, _) = readThroughKotlin("residence", RESIDENCE_NUMBER)
        result.use {
            val png = cardImagePng(it, ImageSource.FACE_IMAGE, UInt.MAX_VALUE, UInt.MAX_VALUE)
            assertNotNull(png)
            assertTrue(png!!.size < 64 * 1024 * 1024)
        }
    }
}
