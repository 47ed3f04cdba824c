// Number validation and the camera scanner through the bindings.
package jp.zairyu.core.tests

import jp.zairyu.core.*
import org.junit.jupiter.api.Assertions.*
import org.junit.jupiter.api.Test

class NumberTest {
    @Test
    fun `feedback normalises and validates`() {
        val ok = numberFeedback("ａｂ-1234 5678-cd")
        assertEquals("AB12345678CD", ok.normalized)
        assertTrue(ok.valid && ok.canProceed)
        assertNull(ok.error)
        val bad = numberFeedback("AB12#45678CD")
        assertFalse(bad.canProceed)
        assertEquals(5u, bad.errorPosition)
        assertEquals(Text("5文字目に使えない文字があります（英字と数字のみ）", "Character 5 must be a letter A-Z or a digit 0-9"), bad.error)
        assertEquals("The card number has 12 characters, only 5 entered", numberFeedback("AB123").error?.en)
        val empty = numberFeedback("  ")
        assertNull(empty.error)
        assertFalse(empty.canProceed)
        val odd = numberFeedback("123456789012")
        assertTrue(odd.canProceed)
        assertNotNull(odd.warning)
    }

    @Test
    fun `scanner reports a number once frames agree`() {
        val scanner = NumberScanner()
        val frame = listOf("在留カード", "番号 AB12345678CD")
        assertNull(scanner.feedFrame(frame))
        assertNull(scanner.feedFrame(listOf("no number here")))
        assertNull(scanner.feedFrame(frame))
        assertEquals("AB12345678CD", scanner.feedFrame(frame))
        assertEquals("AB12345678CD", scanner.feedFrame(frame))
        scanner.reset()
        assertNull(scanner.feedFrame(frame))
        assertEquals(listOf<UInt>(), scanner.correctedPositions())
    }

    @Test
    fun `software card profiles are listed`() {
        val profiles = softcardProfiles()
        assertEquals("residence", profiles.first().name)
        assertEquals(RESIDENCE_NUMBER, profiles.first().cardNumber)
        assertTrue(profiles.map { it.name }.containsAll(listOf("tampered", "under16", "sprc")))
        val e = expectError<ZairyuException.Internal> { SoftCardTransceiver("no-such-profile") }
        assertEquals("internal", e.info.code)
    }
}
