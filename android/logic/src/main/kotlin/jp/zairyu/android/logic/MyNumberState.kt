// What the start screen and the My Number screens draw, as one immutable value.
package jp.zairyu.android.logic

import jp.zairyu.core.CollationProblem
import jp.zairyu.core.ErrorInfo
import jp.zairyu.core.InPersonEntryScreen
import jp.zairyu.core.MatchFieldsScreen
import jp.zairyu.core.MyNumberCheck
import jp.zairyu.core.MyNumberImage
import jp.zairyu.core.MyNumberMenu
import jp.zairyu.core.MyNumberScreen
import jp.zairyu.core.PinEntryScreen
import jp.zairyu.core.PinKind
import jp.zairyu.core.PinPrompt
import jp.zairyu.core.SoftCardProfile
import jp.zairyu.core.StartScreen
import jp.zairyu.core.Text

/**
 * START: the choice of card. RESIDENCE: the residence flow (ReaderFlow) owns the screen. The rest
 * are the My Number screens.
 */
enum class MnRoute { START, RESIDENCE, MENU, ENTRY, CAMERA, MATCH, READING, PIN, LAST_TRY, RESULT, VIEWER }

/** The fixed texts of the start and My Number screens, fetched from the core once. */
data class MyNumberTexts(
    val start: StartScreen,
    val menu: MyNumberMenu,
    val entry: InPersonEntryScreen,
    val match: MatchFieldsScreen,
)

/** The in-person check's three inputs (what the card face says; checked by the core on submit). */
data class CollationEntry(
    val birthDate: String = "",
    val expiryYear: String = "",
    val securityCode: String = "",
    /** The core's objection to the last submit, by field. */
    val problem: CollationProblem? = null,
    /** Filled by the camera: ask the user to compare with the card. */
    val scanned: Boolean = false,
)

/** The optional fields compared with the card (PIN check, signature check). Empty = not asked. */
data class MatchEntry(
    val name: String = "",
    val birthDate: String = "",
    val address: String = "",
) {
    val isEmpty: Boolean get() = name.isBlank() && birthDate.isBlank() && address.isBlank()
}

/** The PIN screen: the prompt as the core made it right after reading the card's counter. */
data class PinScreenState(
    val kind: PinKind,
    val triesLeft: Int,
    val lastTry: Boolean,
    val screen: PinEntryScreen,
    /** The core's objection to the typed PIN (a position and reason, never the value). */
    val problem: Text? = null,
) {
    companion object {
        fun of(prompt: PinPrompt) =
            PinScreenState(prompt.kind, prompt.triesLeft.toInt(), prompt.lastTry, prompt.screen)
    }
}

data class MnReading(
    val demo: Boolean,
    val waitingForCard: Boolean,
    /** The remembered card did not answer: ask the user to lift it and hold it again. */
    val liftAndHold: Boolean = false,
    /** The PIN was submitted: the card is checking it. */
    val verifying: Boolean = false,
)

data class MnViewer(val image: MyNumberImage, val scale: Double, val offsetX: Double, val offsetY: Double)

/** `toString` is redacted: the inputs and the result are personal data. */
data class MyNumberUiState(
    val route: MnRoute = MnRoute.START,
    val check: MyNumberCheck? = null,
    /** Operator setting: read the 個人番号 in the PIN check (off by default). */
    val readIndividualNumber: Boolean = false,
    val entry: CollationEntry = CollationEntry(),
    val match: MatchEntry = MatchEntry(),
    val reading: MnReading? = null,
    val pin: PinScreenState? = null,
    val result: MyNumberScreen? = null,
    /** The operator tapped the masked 個人番号. */
    val revealed: Boolean = false,
    val viewer: MnViewer? = null,
    val dialog: ErrorInfo? = null,
    /** Shown under a wrong-PIN dialog: the tries left, in the core's words. */
    val dialogNote: Text? = null,
    val demo: SoftCardProfile? = null,
) {
    /** A real check waits for its card or is talking to it. */
    val nfcListening: Boolean
        get() = (route == MnRoute.READING || route == MnRoute.PIN || route == MnRoute.LAST_TRY) && reading?.demo == false

    /** The card must stay still until the result. */
    val keepScreenOn: Boolean
        get() = route == MnRoute.READING || route == MnRoute.PIN || route == MnRoute.LAST_TRY

    /** FLAG_SECURE: every My Number screen (PINs, card-face inputs, the camera, results). */
    val secure: Boolean
        get() = route != MnRoute.START && route != MnRoute.RESIDENCE

    override fun toString(): String =
        "MyNumberUiState(route=$route, check=$check, readIndividualNumber=$readIndividualNumber, " +
            "entry=<redacted>, match=<redacted>, reading=${reading?.let { "${it.demo}/${it.waitingForCard}/${it.verifying}" }}, " +
            "pin=${pin?.let { "${it.kind}/${it.triesLeft}/${it.lastTry}" }}, result=${if (result == null) "none" else "<redacted>"}, " +
            "revealed=$revealed, viewer=${viewer?.scale}, dialog=${dialog?.code}, demo=${demo?.name})"
}
