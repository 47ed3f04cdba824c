// Holds the platform-free ReaderFlow for the activity, across rotations.
package jp.zairyu.reader

import android.app.Application
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.viewModelScope
import jp.zairyu.android.logic.Effect
import jp.zairyu.android.logic.MyNumberFlow
import jp.zairyu.android.logic.ReaderConfig
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.core.LogLevel
import jp.zairyu.core.initLogging
import jp.zairyu.reader.nfc.AndroidNfcStatus
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.receiveAsFlow

/**
 * The read runs on Dispatchers.IO (the core calls IsoDep.transceive on that same thread); the
 * state lives on the main thread. Effects (settings screens, browser, haptics) need the activity,
 * so they are queued here and performed by it.
 */
class ReaderViewModel(app: Application) : AndroidViewModel(app) {
    private val effectQueue = Channel<Effect>(Channel.BUFFERED)
    val effects: Flow<Effect> = effectQueue.receiveAsFlow()

    /** Copied from the assets on first use, on the IO thread (the flow asks from its read). */
    private val trustDir by lazy { TrustAnchors.install(app) }

    val flow = ReaderFlow(
        scope = viewModelScope,
        io = Dispatchers.IO,
        nfc = AndroidNfcStatus(app),
        effects = { effectQueue.trySend(it) },
        config = ReaderConfig(productionTrustDir = { trustDir }),
    )

    /**
     * The start screen and the My Number checks. Production JPKI roots and CVC keys are compiled
     * into the core; no test trust is configured here (demo mode uses the software card's own).
     */
    val myNumber = MyNumberFlow(
        scope = viewModelScope,
        io = Dispatchers.IO,
        nfc = AndroidNfcStatus(app),
        effects = { effectQueue.trySend(it) },
    )

    init {
        // Steps, sizes and status words only; the core never logs card data.
        try {
            initLogging(if (BuildConfig.DEBUG) LogLevel.DEBUG else LogLevel.WARN)
        } catch (e: Exception) {
            // Logging is optional; a failure here must not stop the app.
        } catch (e: LinkageError) {
            // The native core is missing or does not match the bindings (UnsatisfiedLinkError,
            // or ExceptionInInitializerError / NoClassDefFoundError from JNA's registration).
            // The flow's texts are then null and the app shows the "core unavailable" screen.
        }
    }

    /** Leaving the app for good: the card data and every core object are released. */
    override fun onCleared() {
        myNumber.dispose()
        flow.dispose()
    }
}
