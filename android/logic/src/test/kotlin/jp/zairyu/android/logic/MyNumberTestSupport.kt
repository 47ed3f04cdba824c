// Test support for the My Number flow: a flow on this thread's event loop, real IO for checks,
// the software card's My Number profiles behind the IsoDep stand-in.
package jp.zairyu.android.logic

import jp.zairyu.core.SoftCardTransceiver
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** The synthetic TEST secrets of `mynumber-complete` (profiles.rs in the software card). */
const val HELPER_PIN = "1234"
const val AUTH_PIN = "5678"
const val SIGNATURE_PASSWORD = "TEST1234AB"
const val INDIVIDUAL_NUMBER = "123456789018"

fun myNumberAnchors() = SoftCardTransceiver("mynumber-complete").use { it.myNumberTestAnchors() }

fun myNumberTest(
    nfc: FakeNfc = FakeNfc(),
    config: MyNumberConfig = MyNumberConfig(testAnchors = myNumberAnchors()),
    block: suspend CoroutineScope.(MyNumberFlow, RecordingEffects) -> Unit,
) = runBlocking {
    val effects = RecordingEffects()
    val flow = MyNumberFlow(this, Dispatchers.IO, nfc, effects, config)
    try {
        // A guard against a hung check, not a timing assertion.
        withTimeout(120_000) { block(flow, effects) }
    } finally {
        flow.dispose()
    }
}

suspend fun MyNumberFlow.await(predicate: (MyNumberUiState) -> Boolean): MyNumberUiState = state.first(predicate)

suspend fun MyNumberFlow.awaitRoute(route: MnRoute): MyNumberUiState = await { it.route == route }

/** VERIFY commands that carry a PIN (a VERIFY without data only reads the counter). */
fun SoftTag.pinsSent(): Int = synchronized(sent) { sent.count { it.size > 5 && it[1] == 0x20.toByte() } }
