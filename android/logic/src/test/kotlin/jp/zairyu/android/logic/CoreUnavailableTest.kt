// Issue 14, Android 6: a missing or mismatched native core is the "core unavailable" screen, not a
// crash. Runs the flow in a second JVM in which JNA cannot find the library.
package jp.zairyu.android.logic

import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The child JVM's program: what the app does at start, printed instead of drawn. */
object CoreUnavailableProbe {
    @JvmStatic
    fun main(args: Array<String>) = runBlocking {
        val flow = ReaderFlow(this, Dispatchers.IO, FakeNfc(), RecordingEffects())
        // AppRoot shows CoreUnavailable exactly when texts is null.
        println("texts=${flow.texts} profiles=${flow.demoProfiles().size}")
        flow.onNumberChanged(RESIDENCE_NUMBER)
        flow.onNext()
        println("number='${flow.state.value.number}' route=${flow.state.value.route}")
        flow.dispose()
    }
}

class CoreUnavailableTest {
    @Test
    fun `without the native library the flow reports the core unavailable and never throws`() {
        val jars = listOf(CoreUnavailableProbe::class.java, ReaderFlow::class.java, jp.zairyu.core.Text::class.java, Unit::class.java, Dispatchers::class.java, com.sun.jna.Native::class.java)
            .map { File(it.protectionDomain.codeSource.location.toURI()).path }
            .distinct()
        val empty = Files.createTempDirectory("no-core").toFile()
        try {
            val java = File(System.getProperty("java.home"), "bin/java").path
            val process = ProcessBuilder(
                java, "-Djna.library.path=${empty.path}", "-Djna.nosys=true", "-Djna.noclasspath=true",
                "-cp", jars.joinToString(File.pathSeparator), CoreUnavailableProbe::class.java.name,
            ).redirectErrorStream(true).start()
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished")
            val out = process.inputStream.bufferedReader().readText()
            assertEquals(0, process.exitValue(), out)
            assertEquals(listOf("texts=null profiles=0", "number='' route=NUMBER_ENTRY"), out.trim().lines(), out)
        } finally {
            empty.delete()
        }
    }
}
