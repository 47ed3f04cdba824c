// The boundary itself: panics come back as errors, logging can be set up repeatedly.
package jp.zairyu.core.tests

import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class BoundaryTest {
    @Test
    fun `a panic in Rust surfaces as ZairyuException Internal, not a crash`() {
        val e = expectError<ZairyuException.Internal> { debugPanicForTests() }
        assertEquals("internal", e.info.code)
        assertEquals(errorInfo("internal"), e.info)
        assertFalse(e.detail.contains("deliberate"), "panic text leaked: ${e.detail}")
        // The library is still usable afterwards.
        assertEquals("AB12345678CD", numberFeedback("ab12345678cd").normalized)
        assertThrows(ZairyuException.Internal::class.java) { debugPanicForTests() }
    }

    @Test
    fun `logging initialises once and can be called again`() {
        initLogging(LogLevel.WARN)
        initLogging(LogLevel.INFO)
        initLogging(LogLevel.OFF)
    }
}
