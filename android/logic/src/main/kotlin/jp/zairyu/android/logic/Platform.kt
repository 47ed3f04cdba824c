// What the reader flow needs from the phone, as interfaces the JVM tests implement.
package jp.zairyu.android.logic

import jp.zairyu.core.ErrorInfo
import jp.zairyu.core.TestAnchor
import jp.zairyu.core.ZairyuException

/** NFC as the phone reports it: no adapter, switched off (or off while charging), on. */
enum class NfcState { MISSING, OFF, ON }

/** Asked each time a read starts, so switching NFC on in Settings and coming back just works. */
fun interface NfcStatus {
    fun state(): NfcState
}

/** Things only the app can do; the flow asks for them and the tests record them. */
sealed interface Effect {
    data object OpenNfcSettings : Effect

    data object OpenAppSettings : Effect

    data object RequestCameraPermission : Effect

    data class OpenUrl(val url: String) : Effect

    data object HapticSuccess : Effect

    data object HapticFailure : Effect
}

fun interface EffectSink {
    fun perform(effect: Effect)
}

/**
 * Release builds give the directory of pinned ISA roots; debug builds may add test roots so a
 * test card verifies (always shown as a TEST pass by the core).
 */
data class ReaderConfig(
    /** Asked on the IO thread when a real read starts (the app copies its bundled roots then). */
    val productionTrustDir: () -> String? = { null },
    val testAnchors: List<TestAnchor> = emptyList(),
    /** How long the screen stays on while waiting for a card (the card must not be moved). */
    val keepAwakeMillis: Long = DEFAULT_KEEP_AWAKE_MILLIS,
    /** Told about every native object a read creates; the leak tests check each one is closed. */
    val nativeObjects: NativeObjectWatcher = NativeObjectWatcher { },
) {
    companion object {
        const val DEFAULT_KEEP_AWAKE_MILLIS = 120_000L
    }
}

fun interface NativeObjectWatcher {
    fun created(obj: AutoCloseable)
}

/** Error codes the shell raises itself (the core's catalogue has their dialogs). */
object ShellErrors {
    const val NFC_DISABLED = "nfc_disabled"
    const val NFC_UNAVAILABLE = "nfc_unavailable"
    const val CAMERA_PERMISSION_DENIED = "camera_permission_denied"
    const val CAMERA_SCAN_FAILED = "camera_scan_failed"
    const val NOT_A_RESIDENCE_CARD = "not_a_residence_card"
    const val INTERNAL = "internal"

    /** The dialog to show instead of reading, or null when NFC is ready. */
    fun forNfcState(state: NfcState): String? = when (state) {
        NfcState.MISSING -> NFC_UNAVAILABLE
        NfcState.OFF -> NFC_DISABLED
        NfcState.ON -> null
    }
}

/** The catalogue entry every variant carries. */
val ZairyuException.info: ErrorInfo
    get() = when (this) {
        is ZairyuException.InvalidCardNumber -> info
        is ZairyuException.WrongCardNumber -> info
        is ZairyuException.NotResidenceCard -> info
        is ZairyuException.UnsupportedCard -> info
        is ZairyuException.ChipBroken -> info
        is ZairyuException.CardLost -> info
        is ZairyuException.CommunicationException -> info
        is ZairyuException.MalformedData -> info
        is ZairyuException.TransportUnavailable -> info
        is ZairyuException.Cancelled -> info
        is ZairyuException.Internal -> info
        // issue 17: the My Number and specified-card errors
        is ZairyuException.MyNumberCard -> info
        is ZairyuException.WrongPin -> info
        is ZairyuException.PinBlocked -> info
        is ZairyuException.LastTryRefused -> info
        is ZairyuException.InvalidPin -> info
        is ZairyuException.InvalidCollationInput -> info
        is ZairyuException.NoSignatureCertificate -> info
        is ZairyuException.NotMyNumberCard -> info
        is ZairyuException.SecureMessagingException -> info
        is ZairyuException.KeyDeliveryRefused -> info
        is ZairyuException.DeliveryKeyMissing -> info
    }
