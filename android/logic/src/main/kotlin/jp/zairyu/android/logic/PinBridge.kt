// The core's PinSource for a phone: the reading thread waits while the user types on the PIN
// screen, with the card still on the phone (seed manual 003's Android flow).
package jp.zairyu.android.logic

import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import jp.zairyu.core.PinPrompt
import jp.zairyu.core.PinSource

/**
 * Why blocking: the core asks for the PIN in the middle of a check, after it read the card's
 * counter and before VERIFY, on the thread that talks to the card. Returning from [pin] before
 * the user answered would end the session and drop the card's state, so the reading thread waits
 * here (never the UI thread). It is released by exactly one of: [submit], [cancel], the
 * timeout, or a thread interrupt; every way out except [submit] returns null, which the core
 * turns into `Cancelled` without sending anything.
 *
 * The secret: the array handed to [submit] is returned to the core as is (UniFFI copies it into
 * Rust, where it is zeroized), and wiped by [wipe] once the check returned, since after [pin]
 * returns there is no other moment at which the copy the core read can be known to be done.
 *
 * Last try: the core never asks on a last try unless the check was started with
 * `allow_last_try`, which the flow only sets after the user confirmed (see MyNumberFlow). This
 * bridge checks it once more: a prompt with `lastTry` is answered with null unless
 * [lastTryConfirmed] is true.
 */
class PinBridge(
    private val lastTryConfirmed: Boolean,
    private val timeoutMillis: Long = DEFAULT_TIMEOUT_MILLIS,
    /** Called on the reading thread with the prompt; the flow shows the PIN screen. */
    private val onPrompt: (PinPrompt) -> Unit,
) : PinSource {
    private val lock = Any()
    private val answered = CountDownLatch(1)
    private var answer: ByteArray? = null
    private var closed = false
    private val handedOver = mutableListOf<ByteArray>()

    /** How many times the core asked (at most once per check). */
    @Volatile
    var asked: Int = 0
        private set

    override fun pin(prompt: PinPrompt): ByteArray? {
        asked++
        if (prompt.lastTry && !lastTryConfirmed) return null
        synchronized(lock) { if (closed) return null }
        onPrompt(prompt)
        val inTime = try {
            answered.await(timeoutMillis, TimeUnit.MILLISECONDS)
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            false
        }
        synchronized(lock) {
            closed = true
            if (!inTime) {
                answer?.fill(0)
                answer = null
            }
            val a = answer ?: return null
            answer = null
            handedOver.add(a)
            return a
        }
    }

    /**
     * The PIN screen's submit (UI thread): `secret` is the UTF-8 PIN; the bridge owns it from
     * here (it is wiped by [wipe], or at once when the reading thread no longer waits). Returns
     * false when nothing waits for it any more.
     */
    fun submit(secret: ByteArray): Boolean {
        synchronized(lock) {
            if (closed || answer != null) {
                secret.fill(0)
                return false
            }
            answer = secret
        }
        answered.countDown()
        return true
    }

    /** The user left the PIN screen, or the flow is going away: the core gets null. */
    fun cancel() {
        synchronized(lock) {
            answer?.fill(0)
            answer = null
            closed = true
        }
        answered.countDown()
    }

    /** After the check returned: every array handed to the core is zeroed. */
    fun wipe() {
        synchronized(lock) {
            handedOver.forEach { it.fill(0) }
            handedOver.clear()
            answer?.fill(0)
            answer = null
            closed = true
        }
        answered.countDown()
    }

    companion object {
        /** How long the card may wait on the phone for the PIN before the check gives up. */
        const val DEFAULT_TIMEOUT_MILLIS = 180_000L
    }
}

/** The typed secret, held as characters the screen can wipe (never a String). */
object Secrets {
    /**
     * UTF-8 of `chars` without building a String (a String cannot be wiped). The encoder's
     * buffer is zeroed; the caller wipes `chars`.
     */
    fun utf8(chars: CharArray): ByteArray {
        val buffer = Charsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(chars))
        val out = ByteArray(buffer.remaining())
        buffer.get(out)
        if (buffer.hasArray()) buffer.array().fill(0)
        return out
    }
}
