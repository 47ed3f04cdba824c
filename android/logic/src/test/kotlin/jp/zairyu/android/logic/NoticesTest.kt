// The About screen's notices: the contract with scripts/gen-about.py (assets/about/notices.json).
package jp.zairyu.android.logic

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Assertions.assertThrows

class NoticesTest {
    private val sample = """
        {"schema": 1,
         "components": [
           {"name": "zeroize", "version": "1.8.1", "license": "Apache-2.0 OR MIT", "origin": "rust", "url": "https://github.com/RustCrypto/utils"},
           {"name": "jna", "version": "5.18.1", "license": "(LGPL-2.1-or-later OR Apache-2.0)", "origin": "android", "url": "https://github.com/java-native-access/jna"},
           {"name": "Aes", "version": "0.8.4", "license": "MIT OR Apache-2.0", "origin": "rust", "url": null},
           {"name": "SwiftPM thing", "version": "1.0.0", "license": "MIT", "origin": "ios", "url": "https://example.org"}
         ],
         "license_texts": {"MIT": "Permission is hereby granted \u2014 \"as is\"\nline 2", "Apache-2.0": "Apache License\tVersion 2.0"}
        }
    """.trimIndent()

    @Test
    fun `parses the sample and lists what ships on Android`() {
        val notices = Notices.parse(sample)
        assertEquals(4, notices.components.size)
        val shown = notices.forAndroid()
        assertEquals(listOf("Aes", "zeroize", "jna"), shown.map { it.name })
        assertEquals(Notices.Component("jna", "5.18.1", "(LGPL-2.1-or-later OR Apache-2.0)", Notices.Origin.ANDROID, "https://github.com/java-native-access/jna"), shown[2])
        assertNull(shown[0].url)
        assertEquals("Permission is hereby granted \u2014 \"as is\"\nline 2", notices.licenseTexts["MIT"])
        assertEquals(listOf("Apache-2.0", "MIT"), notices.textsFor(shown[1]).map { it.first })
        assertEquals(listOf("Apache-2.0"), notices.textsFor(shown[2]).map { it.first }, "LGPL text missing from the sample: skipped")
    }

    /** The bundled file (scripts/gen-about.py), when this checkout has it: it parses, and every
     *  component shown has at least one licence text. */
    @Test
    fun `the bundled notices parse and every shipped component has its licence text`() {
        val file = listOf("android/app/src/main/assets/about/notices.json", "../app/src/main/assets/about/notices.json")
            .map(::File).firstOrNull { it.isFile }
        assumeTrue(file != null, "no bundled notices.json in this checkout")
        val notices = Notices.parse(file!!.readText())
        val shown = notices.forAndroid()
        assertTrue(shown.any { it.origin == Notices.Origin.RUST } && shown.any { it.origin == Notices.Origin.ANDROID })
        assertEquals(emptyList<String>(), shown.filter { notices.textsFor(it).isEmpty() }.map { "${it.name} ${it.license}" })
    }

    @Test
    fun `SPDX expressions split into ids`() {
        assertEquals(listOf("MIT", "Apache-2.0"), Notices.spdxIds("MIT OR Apache-2.0"))
        assertEquals(listOf("Apache-2.0", "LLVM-exception", "MIT"), Notices.spdxIds("(Apache-2.0 WITH LLVM-exception) OR MIT"))
        assertEquals(listOf("Unicode-3.0", "MIT"), Notices.spdxIds("Unicode-3.0 AND MIT"))
        assertEquals(listOf("GPL-2.0"), Notices.spdxIds("GPL-2.0+"))
    }

    @Test
    fun `anything but schema 1 in the agreed shape is refused`() {
        val bad = listOf(
            "",
            "[]",
            """{"schema":2,"components":[],"license_texts":{}}""",
            """{"schema":1,"license_texts":{}}""",
            """{"schema":1,"components":[{"name":"a","version":"1","license":"MIT","origin":"web","url":null}],"license_texts":{}}""",
            """{"schema":1,"components":[{"name":"a","license":"MIT","origin":"rust"}],"license_texts":{}}""",
            """{"schema":1,"components":[],"license_texts":{}} x""",
            """{"schema":1,"components":[],"license_texts":{"MIT":"a""" + "\u0001" + """"}}""",
            "[".repeat(100) + "]".repeat(100),
        )
        for (json in bad) assertThrows(Notices.FormatException::class.java, { Notices.parse(json) }, json.take(40))
        assertEquals(0, Notices.parse("""{"schema":1,"components":[],"license_texts":{}}""").components.size)
    }
}
