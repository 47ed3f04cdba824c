// Test doubles for the flow: the phone's NFC status, an effect recorder, and an IsoDep stand-in
// over the core's software card, so the NFC path runs byte for byte through TagTransceiver.
package jp.zairyu.android.logic

import java.io.IOException
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger
import jp.zairyu.core.CancelHandle
import jp.zairyu.core.CardFaceScanner
import jp.zairyu.core.MyNumberResult
import jp.zairyu.core.ReadResult
import jp.zairyu.core.SoftCardTransceiver
import jp.zairyu.core.TransportFailure
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

const val RESIDENCE_NUMBER = "AB12345678CD"

class FakeNfc(var value: NfcState = NfcState.ON) : NfcStatus {
    override fun state(): NfcState = value
}

class RecordingEffects : EffectSink {
    val effects: MutableList<Effect> = Collections.synchronizedList(mutableListOf())

    override fun perform(effect: Effect) {
        effects.add(effect)
    }
}

/**
 * An IsoDep stand-in: the software card behind the RawTag contract. The card's own "lost"
 * fault is thrown as [TagGoneException], as the app's wrapper turns Android's TagLostException.
 * `fail` may throw instead of sending the n-th APDU (1-based).
 */
class SoftTag(
    profile: String,
    override val extendedLengthSupported: Boolean = true,
    override val maxTransceiveLength: Int = 65_279,
    private val fail: ((Int) -> Exception?)? = null,
) : RawTag {
    val card = SoftCardTransceiver(profile)
    val apdus = AtomicInteger(0)

    /** Every command sent, in order (copies). */
    val sent: MutableList<ByteArray> = Collections.synchronizedList(mutableListOf())
    @Volatile
    var connects = 0
    var lastTimeout = -1
    @Volatile
    var closed = false
    @Volatile
    override var isConnected = false

    /** False once the card was lifted: connecting fails as Android's does (TagLostException). */
    @Volatile
    var inField = true

    override fun connect(timeoutMillis: Int) {
        connects++
        lastTimeout = timeoutMillis
        if (!inField) throw TagGoneException()
        // A new connection is a new activation of the chip: it starts from its reset state.
        card.reset()
        closed = false
        isConnected = true
    }

    override fun transceive(apdu: ByteArray): ByteArray {
        check(isConnected) { "not connected" }
        val n = apdus.incrementAndGet()
        sent.add(apdu.copyOf())
        fail?.invoke(n)?.let { throw it }
        try {
            return card.transceive(apdu)
        } catch (e: TransportFailure.TagLost) {
            throw TagGoneException()
        } catch (e: TransportFailure) {
            throw IOException("Transceive failed")
        }
    }

    override fun close() {
        closed = true
        isConnected = false
    }
}

/** Records every native object the flow creates, to check that each one ends up closed. */
class NativeLedger : NativeObjectWatcher {
    val objects: MutableList<AutoCloseable> = Collections.synchronizedList(mutableListOf())

    override fun created(obj: AutoCloseable) {
        objects.add(obj)
    }

    fun count(kind: Class<*>): Int = synchronized(objects) { objects.count { kind.isInstance(it) } }

    /** The objects whose Rust side is still alive, by class name. */
    fun unclosed(): List<String> = synchronized(objects) {
        objects.filterNot { destroyed(it) }.map { it.javaClass.simpleName }
    }

    private fun destroyed(obj: AutoCloseable): Boolean = when (obj) {
        is ReadResult -> obj.uniffiIsDestroyed
        is CancelHandle -> obj.uniffiIsDestroyed
        is SoftCardTransceiver -> obj.uniffiIsDestroyed
        is MyNumberResult -> obj.uniffiIsDestroyed
        is CardFaceScanner -> obj.uniffiIsDestroyed
        else -> error("unexpected native object ${obj.javaClass}")
    }
}

/** Runs `block` with a flow on this thread's event loop and the real IO dispatcher for reads. */
fun flowTest(
    nfc: FakeNfc = FakeNfc(),
    config: ReaderConfig = ReaderConfig(),
    block: suspend CoroutineScope.(ReaderFlow, RecordingEffects) -> Unit,
) = runBlocking {
    val effects = RecordingEffects()
    val flow = ReaderFlow(this, Dispatchers.IO, nfc, effects, config)
    try {
        // A guard against a hung read, not a timing assertion.
        withTimeout(120_000) { block(flow, effects) }
    } finally {
        flow.dispose()
    }
}

suspend fun ReaderFlow.await(predicate: (UiState) -> Boolean): UiState = state.first(predicate)

suspend fun ReaderFlow.awaitRoute(route: Route): UiState = await { it.route == route && it.reading == null }

/** The test roots the software card chains to, as debug builds may configure for NFC reads. */
fun softcardAnchors() = SoftCardTransceiver("residence").use { it.testAnchors() }
