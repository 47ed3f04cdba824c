// The single owner of a finished read's result: a render and the close never overlap.
package jp.zairyu.android.logic

/**
 * Why this exists: the generated top-level `cardImagePng(result, …)` passes the result to Rust by
 * cloning its handle *outside* the call counter that protects method calls, so a `close()` on the
 * main thread while an image renders on a background thread frees the Rust object under the
 * render (a native crash when the user leaves the result screen mid-render). Every use goes
 * through [use]; [close] never blocks the caller: it frees at once when nothing is rendering,
 * otherwise the last running [use] frees on its way out. A [use] after [close] returns null
 * without touching the handle.
 */
class ResultOwner<R : AutoCloseable>(private val value: R) : AutoCloseable {
    private val lock = Any()
    private var users = 0
    private var closing = false
    private var freed = false

    /** True once [close] was called (the value may still be finishing its last use). */
    val isClosed: Boolean get() = synchronized(lock) { closing }

    /** Runs [block] with the value, or returns null when the owner is closed. Any thread. */
    fun <T> use(block: (R) -> T): T? {
        synchronized(lock) {
            if (closing) return null
            users++
        }
        try {
            return block(value)
        } finally {
            val freeNow = synchronized(lock) {
                users--
                takeFree()
            }
            if (freeNow) value.close()
        }
    }

    /** Frees the value now, or as soon as the running uses end. Idempotent, any thread. */
    override fun close() {
        val freeNow = synchronized(lock) {
            closing = true
            takeFree()
        }
        if (freeNow) value.close()
    }

    /** Under [lock]: true exactly once, when closed and no use is running. */
    private fun takeFree(): Boolean {
        if (!closing || users != 0 || freed) return false
        freed = true
        return true
    }
}
