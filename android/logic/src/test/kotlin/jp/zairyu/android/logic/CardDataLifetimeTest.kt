// The card data's lifetime under threads: leaving the result screen while an image renders, and
// the view-model going away in the middle of a read. Real core, real generated bindings.
package jp.zairyu.android.logic

import java.util.concurrent.CountDownLatch
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import jp.zairyu.core.CancelHandle
import jp.zairyu.core.ImageSource
import jp.zairyu.core.ReadResult
import jp.zairyu.core.SoftCardTransceiver
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class CardDataLifetimeTest {
    /** A stand-in for the result: counts closes and fails loudly on a use after the free. */
    private class Probe : AutoCloseable {
        val closes = AtomicInteger(0)

        fun render(): String {
            check(closes.get() == 0) { "used after free" }
            return "png"
        }

        override fun close() {
            closes.incrementAndGet()
        }
    }

    @Test
    fun `a use after close returns null, and close is idempotent`() {
        val probe = Probe()
        val owner = ResultOwner(probe)
        assertEquals("png", owner.use { it.render() })
        owner.close()
        owner.close()
        assertEquals(1, probe.closes.get())
        assertTrue(owner.isClosed)
        assertNull(owner.use { it.render() })
    }

    @Test
    fun `close during a use frees only when the use ends`() {
        val probe = Probe()
        val owner = ResultOwner(probe)
        val inside = CountDownLatch(1)
        val closed = CountDownLatch(1)
        var rendered: String? = null
        val renderer = Thread {
            rendered = owner.use {
                inside.countDown()
                closed.await(10, TimeUnit.SECONDS)
                it.render()
            }
        }
        renderer.start()
        assertTrue(inside.await(10, TimeUnit.SECONDS))
        owner.close()
        assertEquals(0, probe.closes.get(), "not freed under a running render")
        closed.countDown()
        renderer.join(10_000)
        assertEquals("png", rendered)
        assertEquals(1, probe.closes.get(), "freed by the render on its way out")
        assertNull(owner.use { it.render() })
    }

    /**
     * Issue 14, Android 1: "leave the result screen while an image renders", through the flow and
     * the generated `cardImagePng`. Without ResultOwner this aborted the JVM (heap corruption or
     * SIGSEGV) within a few hundred iterations; here every render either finishes or returns null.
     */
    @Test
    fun `leaving the result screen while images render never touches a freed result`() = runBlocking {
        val ledger = NativeLedger()
        val flow = ReaderFlow(this, Dispatchers.IO, FakeNfc(), RecordingEffects(), ReaderConfig(nativeObjects = ledger))
        val profile = flow.demoProfiles().first { it.name == "residence" }
        flow.enterDemo(profile)
        val renderers = 3
        var rendered = 0
        var refused = 0
        try {
            withTimeout(600_000) {
                repeat(ITERATIONS) { i ->
                    flow.onNumberChanged(profile.cardNumber)
                    flow.onNext()
                    flow.awaitRoute(Route.RESULT)
                    val start = CyclicBarrier(renderers + 1)
                    val outcomes = withContext(Dispatchers.IO) {
                        val results = arrayOfNulls<ByteArray>(renderers)
                        val threads = (0 until renderers).map { n ->
                            Thread {
                                start.await()
                                // Small and varied sizes, so renders end at every moment of the close.
                                results[n] = flow.cardImage(ImageSource.FRONT_IMAGE, 40 + (i + n) % 60, 30 + n)
                            }.apply { start() }
                        }
                        start.await()
                        // The main-thread side of "leave the result screen", racing the renders.
                        if (i % 2 == 0) Thread.yield()
                        flow.returnToTop()
                        threads.forEach { it.join() }
                        results.toList()
                    }
                    rendered += outcomes.count { it != null }
                    refused += outcomes.count { it == null }
                    assertFalse(flow.holdsCardData)
                }
            }
        } finally {
            flow.dispose()
        }
        assertEquals(ITERATIONS * renderers, rendered + refused)
        assertEquals(ITERATIONS, ledger.count(ReadResult::class.java))
        assertEquals(emptyList<String>(), ledger.unclosed(), "every result freed exactly when its renders ended")
    }

    /** Disposes the flow from inside the read (blocking the IO thread at APDU [at]). */
    private fun disposeDuringRead(at: Int, demo: Boolean): NativeLedger = runBlocking {
        val ledger = NativeLedger()
        val reached = CountDownLatch(1)
        val disposed = CountDownLatch(1)
        val hold: (Int) -> Exception? = { n ->
            if (n == at) {
                reached.countDown()
                disposed.await(30, TimeUnit.SECONDS)
            }
            null
        }
        val config = ReaderConfig(testAnchors = softcardAnchors(), nativeObjects = ledger)
        val flow = ReaderFlow(this, Dispatchers.IO, FakeNfc(), RecordingEffects(), config)
        val tag = SoftTag("residence", fail = hold)
        if (demo) {
            flow.enterDemo(flow.demoProfiles().first { it.name == "residence" })
            flow.onNext()
            // Disposed before the read's coroutine even started: its cleanup must still run.
            flow.dispose()
        } else {
            flow.onNumberChanged(RESIDENCE_NUMBER)
            flow.onNext()
            flow.onTagDiscovered(tag)
            withContext(Dispatchers.IO) { assertTrue(reached.await(60, TimeUnit.SECONDS)) }
            flow.dispose()
            disposed.countDown()
        }
        withTimeout(120_000) { flow.awaitReadEnd() }
        assertFalse(flow.holdsCardData)
        assertEquals(UiState(), flow.state.value)
        if (!demo) assertTrue(tag.closed, "the tag is released")
        tag.card.close()
        ledger
    }

    @Test
    fun `disposing the flow mid-read leaves nothing unclosed`() {
        val ledger = disposeDuringRead(at = 5, demo = false)
        assertEquals(1, ledger.count(CancelHandle::class.java))
        assertEquals(0, ledger.count(ReadResult::class.java), "the cancelled read returns no result")
        assertEquals(emptyList<String>(), ledger.unclosed())
    }

    @Test
    fun `a result that arrives after the flow was disposed is closed, not shown`() {
        // The residence read takes 15 APDUs: at the last one nothing is left to cancel, the core
        // returns a result to a cancelled coroutine, and the flow must close it.
        val ledger = disposeDuringRead(at = 15, demo = false)
        assertEquals(1, ledger.count(ReadResult::class.java))
        assertEquals(emptyList<String>(), ledger.unclosed())
    }

    @Test
    fun `disposing during a demo read closes the software card, the cancel handle and any result`() {
        val ledger = disposeDuringRead(at = 0, demo = true)
        assertEquals(1, ledger.count(SoftCardTransceiver::class.java))
        assertEquals(1, ledger.count(CancelHandle::class.java))
        assertEquals(emptyList<String>(), ledger.unclosed())
    }

    private companion object {
        const val ITERATIONS = 200
    }
}
