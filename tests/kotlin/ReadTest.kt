// Full reads of the software card through Kotlin transceivers: the callback path, error mapping,
// cancellation and progress, as the Android and iOS shells will drive them.
package jp.zairyu.core.tests

import java.util.concurrent.atomic.AtomicInteger
import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class ReadTest {
    @Test
    fun `full read passes every APDU through Kotlin`() {
        val (result, transceiver) = readThroughKotlin("residence", RESIDENCE_NUMBER)
        result.use {
            assertEquals(15, transceiver.apdus.get())
            assertEquals(15L, transceiver.card.apduCount().toLong())
            assertEquals(15UL, it.wireStats().apdus)
            assertEquals(Verdict.NORMAL, it.verdict())
            val screen = it.resultScreen()
            assertEquals(HeadlineKind.NORMAL, screen.headline.kind)
            assertEquals("正常に機能している在留カードです。", screen.headline.text.ja)
            assertEquals("This is a normally functioning residence card.", screen.headline.text.en)
        }
    }

    @Test
    fun `the software card can be passed directly as the transceiver`() {
        val card = softcard()
        readCard(RESIDENCE_NUMBER, card.asTransceiver(), demoOptions(card), RecordingListener()).use {
            assertEquals(Verdict.NORMAL, it.verdict())
            assertEquals(15L, card.apduCount().toLong())
        }
    }

    @Test
    fun `wrong number is wrong_card_number with the catalogue title`() {
        val card = softcard()
        val e = expectError<ZairyuException.WrongCardNumber> {
            readCard("AB12345678CE", KotlinTransceiver(card), demoOptions(card), RecordingListener())
        }
        assertEquals("wrong_card_number", e.info.code)
        assertEquals("在留カード等番号が正しくありません", e.info.title.ja)
        assertEquals("Wrong card number", e.info.title.en)
        assertEquals(listOf<ErrorAction>(ErrorAction.ReEnterNumber), e.info.actions)
    }

    @Test
    fun `malformed number is rejected before any APDU`() {
        val card = softcard()
        val transceiver = KotlinTransceiver(card)
        val e = expectError<ZairyuException.InvalidCardNumber> {
            readCard("AB12#", transceiver, demoOptions(card), RecordingListener())
        }
        assertEquals("invalid_card_number", e.info.code)
        assertEquals(0, transceiver.apdus.get())
    }

    @Test
    fun `tag lost mid-read is card_lost`() {
        val card = softcard()
        val e = expectError<ZairyuException.CardLost> {
            readCard(RESIDENCE_NUMBER, FailingTransceiver(card, 7) { TransportFailure.TagLost() }, demoOptions(card), RecordingListener())
        }
        assertEquals("card_lost", e.info.code)
        assertEquals("カードを検出できません", e.info.title.ja)
        assertEquals("Card not detected", e.info.title.en)
    }

    @Test
    fun `the other transport failures map to their codes`() {
        val cases = listOf(
            { TransportFailure.Timeout() } to "communication_error",
            { TransportFailure.Unavailable() } to "transport_unavailable",
            { TransportFailure.Io("reader reset") } to "communication_error",
        )
        for ((failure, code) in cases) {
            val card = softcard()
            val e = expectError<ZairyuException> {
                readCard(RESIDENCE_NUMBER, FailingTransceiver(card, 3, failure), demoOptions(card), RecordingListener())
            }
            assertEquals(code, e.info.code)
        }
        val card = softcard()
        val io = expectError<ZairyuException.CommunicationException> {
            readCard(RESIDENCE_NUMBER, FailingTransceiver(card, 3) { TransportFailure.Io("reader reset") }, demoOptions(card), RecordingListener())
        }
        assertEquals("reader reset", io.detail)
    }

    @Test
    fun `an unexpected Kotlin exception is communication_error without its text or stack`() {
        val card = softcard()
        val e = expectError<ZairyuException.CommunicationException> {
            readCard(
                RESIDENCE_NUMBER,
                FailingTransceiver(card, 5) { IllegalStateException("boom from the shell") },
                demoOptions(card),
                RecordingListener(),
            )
        }
        assertEquals("communication_error", e.info.code)
        assertEquals("読み取り中にエラーが発生しました", e.info.title.ja)
        assertEquals("unexpected exception in the transceiver", e.detail)
        val message = e.message ?: ""
        for (leak in listOf("boom", "IllegalStateException", "java.", "\tat ", "Exception:")) {
            assertFalse(message.contains(leak), "message leaks '$leak': $message")
        }
    }

    @Test
    fun `a dropped APDU is noticed`() {
        // Answer the 4th command (GET CHALLENGE) without sending it to the card.
        for (reply in listOf("previous", "empty")) {
            val card = softcard()
            var previous = ByteArray(0)
            val dropping = object : KotlinTransceiver(card, null) {
                override fun transceive(apdu: ByteArray): ByteArray {
                    val index = apdus.incrementAndGet()
                    if (index == 4) return if (reply == "previous") previous else ByteArray(0)
                    return card.transceive(apdu).also { previous = it }
                }
            }
            val e = expectError<ZairyuException> {
                readCard(RESIDENCE_NUMBER, dropping, demoOptions(card), RecordingListener())
            }
            assertEquals(EXPECTED_DROP[reply], e.info.code, "reply=$reply")
            assertEquals(dropping.apdus.get() - 1, card.apduCount().toInt(), "one APDU never reached the card")
        }
    }

    @Test
    fun `cancel from the listener stops the read`() {
        val card = softcard()
        val cancel = CancelHandle()
        val transceiver = KotlinTransceiver(card)
        val atCancel = AtomicInteger(-1)
        val listener = RecordingListener { _, n ->
            if (n == 3) {
                atCancel.set(transceiver.apdus.get())
                cancel.cancel()
            }
        }
        val e = expectError<ZairyuException.Cancelled> {
            readCard(RESIDENCE_NUMBER, transceiver, demoOptions(card, cancel), listener)
        }
        assertEquals("cancelled", e.info.code)
        assertFalse(e.info.dialog)
        assertTrue(cancel.isCancelled())
        assertTrue(atCancel.get() in 1..14, "cancelled mid-read at APDU ${atCancel.get()}")
        assertTrue(transceiver.apdus.get() <= atCancel.get() + 1, "APDUs went on: ${atCancel.get()} → ${transceiver.apdus.get()}")
        val after = card.apduCount()
        Thread.sleep(50)
        assertEquals(after, card.apduCount())
    }

    @Test
    fun `cancel from another thread while the read runs`() {
        val card = softcard()
        val cancel = CancelHandle()
        val started = java.util.concurrent.CountDownLatch(1)
        val slow = object : KotlinTransceiver(card, null) {
            override fun transceive(apdu: ByteArray): ByteArray {
                started.countDown()
                Thread.sleep(20)
                return super.transceive(apdu)
            }
        }
        var error: Throwable? = null
        val reader = Thread {
            try {
                readCard(RESIDENCE_NUMBER, slow, demoOptions(card, cancel), RecordingListener()).close()
            } catch (t: Throwable) {
                error = t
            }
        }
        reader.start()
        started.await()
        cancel.cancel()
        reader.join(10_000)
        assertTrue(error is ZairyuException.Cancelled, "got $error")
        assertTrue(slow.apdus.get() < 15)
    }

    @Test
    fun `progress is monotonic, ends at 1, and carries the step texts`() {
        val card = softcard()
        val listener = RecordingListener()
        readCard(RESIDENCE_NUMBER, KotlinTransceiver(card), demoOptions(card), listener).close()
        val events = listener.events.toList()
        assertTrue(events.size > 10, "${events.size} events")
        assertEquals(ReadStep.DETECTING_CARD, events.first().step)
        assertEquals(0.0f, events.first().fraction)
        assertEquals(ReadStep.DONE, events.last().step)
        assertEquals(1.0f, events.last().fraction)
        events.zipWithNext().forEach { (a, b) -> assertTrue(a.fraction <= b.fraction, "${a.fraction} > ${b.fraction}") }
        events.forEach { assertEquals(stepText(it.step), it.text) }
        assertEquals(Text("カードを探しています…", "Looking for the card…"), events.first().text)
        assertEquals(Text("読み取りが完了しました", "Reading complete"), events.last().text)
        val steps = events.map { it.step }.distinct()
        assertTrue(steps.containsAll(listOf(ReadStep.AUTHENTICATING, ReadStep.READING_FRONT_IMAGE, ReadStep.VERIFYING)), "$steps")
    }

    @Test
    fun `a listener that throws ends the read as internal, not a crash`() {
        val card = softcard()
        val e = expectError<ZairyuException.Internal> {
            readCard(RESIDENCE_NUMBER, card.asTransceiver(), demoOptions(card), RecordingListener { _, n -> if (n == 2) error("listener bug") })
        }
        assertEquals("internal", e.info.code)
        assertFalse(e.detail.contains("listener bug"))
    }

    @Test
    fun `trust options are honoured`() {
        // Without the test root the issuer is unknown: abnormal, never normal.
        val card = softcard()
        readCard(RESIDENCE_NUMBER, KotlinTransceiver(card), ReadOptions(), RecordingListener()).use {
            assertEquals(Verdict.ABNORMAL, it.verdict())
        }
        // An empty production directory adds nothing.
        val dir = java.nio.file.Files.createTempDirectory("trust")
        val card2 = softcard()
        readCard(RESIDENCE_NUMBER, card2.asTransceiver(), ReadOptions(productionTrustDir = dir.toString()), RecordingListener()).use {
            assertEquals(Verdict.ABNORMAL, it.verdict())
        }
        val e = expectError<ZairyuException.Internal> {
            readCard(RESIDENCE_NUMBER, card2.asTransceiver(), ReadOptions(testAnchors = listOf(TestAnchor(byteArrayOf(1, 2, 3), "junk"))), RecordingListener())
        }
        assertEquals("internal", e.info.code)
    }

    companion object {
        /** What the core reports when the 4th exchange is faked (see `a dropped APDU is noticed`). */
        val EXPECTED_DROP = mapOf("previous" to "malformed_data", "empty" to "malformed_data")
    }
}
