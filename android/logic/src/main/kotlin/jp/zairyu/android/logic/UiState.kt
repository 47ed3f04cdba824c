// Everything the screens draw, as one immutable value.
package jp.zairyu.android.logic

import jp.zairyu.core.ErrorInfo
import jp.zairyu.core.ImageSource
import jp.zairyu.core.NumberFeedback
import jp.zairyu.core.ResultScreen
import jp.zairyu.core.SoftCardProfile
import jp.zairyu.core.Text

enum class Route { NUMBER_ENTRY, CAMERA, READING, RESULT, VIEWER, INQUIRY, ABOUT }

/** The reading screen: waiting for a card, or reading with the core's progress. */
data class ReadingState(
    val demo: Boolean,
    val waitingForCard: Boolean,
    /** 0.0–1.0, never backwards. */
    val fraction: Float = 0f,
    /** The core's text for the current step; null before the first report. */
    val step: Text? = null,
    /** The remembered card did not answer: ask the user to lift it and hold it again. */
    val liftAndHold: Boolean = false,
    /** False once the wait for a card has kept the screen on for its time limit. */
    val keepAwake: Boolean = true,
)

/** The enlarged image viewer, as the core's zoom controller left it. */
data class ViewerState(
    val source: ImageSource,
    val scale: Double,
    val offsetX: Double,
    val offsetY: Double,
)

/**
 * One frame of the app. `toString` is redacted: the number and the result are card data, and a
 * state printed to a log must not carry them.
 */
data class UiState(
    val route: Route = Route.NUMBER_ENTRY,
    /** The number field as the core normalised it. */
    val number: String = "",
    val feedback: NumberFeedback? = null,
    /** The field was filled by the camera: ask the user to compare it with the card. */
    val scanConfirmation: Boolean = false,
    /** 1-based characters the scanner repaired, to highlight. */
    val highlighted: List<Int> = emptyList(),
    /** The help carousel's page while it is open. */
    val helpPage: Int? = null,
    val reading: ReadingState? = null,
    val result: ResultScreen? = null,
    val viewer: ViewerState? = null,
    val dialog: ErrorInfo? = null,
    /** Demo mode: reads go to this software-card profile instead of NFC. */
    val demo: SoftCardProfile? = null,
) {
    /**
     * A real read waits for its card or is talking to it. (Reader mode itself stays on while the
     * app is resumed, so that a card already on the phone is seen; see ReaderFlow.)
     */
    val nfcListening: Boolean
        get() = route == Route.READING && reading?.demo == false

    /** The card must stay still until the result: the screen must not sleep (time-limited). */
    val keepScreenOn: Boolean
        get() = route == Route.READING && reading?.keepAwake == true

    /**
     * Screens that show card data, the camera's picture of the card, or the number itself:
     * the app sets FLAG_SECURE on them (no screenshots, blank in the task switcher).
     */
    val showsCardData: Boolean
        get() = when (route) {
            Route.NUMBER_ENTRY, Route.ABOUT -> number.isNotEmpty()
            Route.CAMERA, Route.READING, Route.RESULT, Route.VIEWER, Route.INQUIRY -> true
        }

    override fun toString(): String =
        "UiState(route=$route, number=${if (number.isEmpty()) "empty" else "<redacted>"}, " +
            "canProceed=${feedback?.canProceed}, helpPage=$helpPage, reading=${reading?.let { "${it.demo}/${it.waitingForCard}/${it.fraction}" }}, " +
            "result=${if (result == null) "none" else "<redacted>"}, viewer=${viewer?.scale}, dialog=${dialog?.code}, demo=${demo?.name})"
}
