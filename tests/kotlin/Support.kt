// Test doubles shared by the suites: Kotlin transceivers around the software card (so every APDU
// passes through Kotlin), and a recording progress listener.
package jp.zairyu.core.tests

import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger
import jp.zairyu.core.*

/** The number that opens the software card's `residence` profile (synthetic test data). */
const val RESIDENCE_NUMBER = "AB12345678CD"

/** Delegates every APDU to the software card, counting them; `fault` may replace an exchange. */
open class KotlinTransceiver(
    val card: SoftCardTransceiver,
    private val fault: ((index: Int, apdu: ByteArray) -> ByteArray?)? = null,
) : Transceiver {
    val apdus = AtomicInteger(0)

    override fun transceive(apdu: ByteArray): ByteArray {
        val index = apdus.incrementAndGet()
        fault?.invoke(index, apdu)?.let { return it }
        return card.transceive(apdu)
    }

    override fun maxApduLength(): UInt = card.maxApduLength()
}

/** Throws `failure` instead of sending the `at`-th APDU. */
class FailingTransceiver(card: SoftCardTransceiver, at: Int, failure: () -> Throwable) :
    KotlinTransceiver(card, { index, _ -> if (index == at) throw failure() else null })

class RecordingListener(private val onEvent: (ProgressEvent, Int) -> Unit = { _, _ -> }) : ProgressListener {
    val events: MutableList<ProgressEvent> = Collections.synchronizedList(mutableListOf())

    override fun onProgress(event: ProgressEvent) {
        events.add(event)
        onEvent(event, events.size)
    }
}

fun softcard(profile: String = "residence") = SoftCardTransceiver(profile)

/** Options that trust the software card's TEST root, as demo mode does. */
fun demoOptions(card: SoftCardTransceiver, cancel: CancelHandle? = null) =
    ReadOptions(cancel = cancel, testAnchors = card.testAnchors())

/** Reads `profile` through a Kotlin transceiver and returns the result with the transceiver. */
fun readThroughKotlin(profile: String, number: String): Pair<ReadResult, KotlinTransceiver> {
    val card = softcard(profile)
    val transceiver = KotlinTransceiver(card)
    return readCard(number, transceiver, demoOptions(card), RecordingListener()) to transceiver
}

/** Runs `block`, which must throw a ZairyuException, and returns it. */
inline fun <reified T : ZairyuException> expectError(block: () -> Unit): T {
    try {
        block()
    } catch (e: ZairyuException) {
        if (e is T) return e
        throw AssertionError("expected ${T::class.simpleName}, got ${e::class.simpleName}: ${e.message}")
    }
    throw AssertionError("expected ${T::class.simpleName}, but the call succeeded")
}

/** The `info` every ZairyuException variant carries. */
val ZairyuException.info: ErrorInfo
    get() = when (this) {
        is ZairyuException.InvalidCardNumber -> info
        is ZairyuException.WrongCardNumber -> info
        is ZairyuException.NotResidenceCard -> info
        is ZairyuException.UnsupportedCard -> info
        is ZairyuException.ChipBroken -> info
        is ZairyuException.CardLost -> info
        is ZairyuException.CommunicationException -> info
        is ZairyuException.MalformedData -> info
        is ZairyuException.TransportUnavailable -> info
        is ZairyuException.Cancelled -> info
        is ZairyuException.Internal -> info
        is ZairyuException.MyNumberCard -> info
        is ZairyuException.WrongPin -> info
        is ZairyuException.PinBlocked -> info
        is ZairyuException.LastTryRefused -> info
        is ZairyuException.InvalidPin -> info
        is ZairyuException.InvalidCollationInput -> info
        is ZairyuException.NoSignatureCertificate -> info
        is ZairyuException.NotMyNumberCard -> info
        is ZairyuException.SecureMessagingException -> info
        is ZairyuException.KeyDeliveryRefused -> info
        is ZairyuException.DeliveryKeyMissing -> info
    }
