// The app's view-model without Android: number entry → reading → result → viewer, and the errors
// in between. Every text, verdict and rule comes from the core; this class only sequences calls.
package jp.zairyu.android.logic

import jp.zairyu.core.CancelHandle
import jp.zairyu.core.Carousel
import jp.zairyu.core.CarouselController
import jp.zairyu.core.CarouselEvent
import jp.zairyu.core.CarouselGesture
import jp.zairyu.core.ErrorAction
import jp.zairyu.core.ErrorInfo
import jp.zairyu.core.HoldInstructions
import jp.zairyu.core.ImageSource
import jp.zairyu.core.NumberEntryScreen
import jp.zairyu.core.NumberScanner
import jp.zairyu.core.Platform
import jp.zairyu.core.ProgressEvent
import jp.zairyu.core.ProgressListener
import jp.zairyu.core.ReadOptions
import jp.zairyu.core.ReadResult
import jp.zairyu.core.SoftCardProfile
import jp.zairyu.core.SoftCardTransceiver
import jp.zairyu.core.TestAnchor
import jp.zairyu.core.Transceiver
import jp.zairyu.core.ZairyuException
import jp.zairyu.core.ZoomController
import jp.zairyu.core.cardImagePng
import jp.zairyu.core.errorInfo
import jp.zairyu.core.helpCarousel
import jp.zairyu.core.holdInstructions
import jp.zairyu.core.numberEntry
import jp.zairyu.core.numberFeedback
import jp.zairyu.core.readCard
import jp.zairyu.core.softcardProfiles
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** The fixed texts of the screens, fetched from the core once. */
data class StaticTexts(
    val numberEntry: NumberEntryScreen,
    val carousel: Carousel,
    val hold: HoldInstructions,
)

/**
 * Threads: every public method is called on `scope`'s thread (the app's main thread) except
 * [onTagDiscovered] and [onOcrLines], which hop onto it. `readCard` runs on `io`, and the
 * transceiver is called on that same thread, as the core requires.
 *
 * Card data lives in one place, [result] (the core's `ReadResult`): it is closed, and the
 * screen model dropped, whenever the result screen is left.
 */
class ReaderFlow(
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val nfc: NfcStatus,
    private val effects: EffectSink,
    private val config: ReaderConfig = ReaderConfig(),
) {
    private val mutableState = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = mutableState.asStateFlow()

    /** Null when the core library could not be loaded or answered with an error. */
    val texts: StaticTexts? by lazy {
        guardedOrNull { StaticTexts(numberEntry(), helpCarousel(), holdInstructions(Platform.ANDROID)) }
    }

    private var result: ReadResult? = null
    private var readJob: Job? = null

    @Volatile
    private var cancel: CancelHandle? = null
    private var carousel: CarouselController? = null
    private var zoom: ZoomController? = null
    private var scanner: NumberScanner? = null

    /** True while a `ReadResult` (card data) is held; for tests and leak checks. */
    val holdsCardData: Boolean get() = result != null

    // ---- number entry -------------------------------------------------------------------------

    fun onNumberChanged(input: String) {
        val feedback = guardedOrNull { numberFeedback(input.take(MAX_INPUT)) }
        mutableState.update {
            it.copy(
                number = feedback?.normalized ?: "",
                feedback = feedback,
                scanConfirmation = false,
                highlighted = emptyList(),
            )
        }
    }

    /** "Next": starts a read when the core says the number can proceed. */
    fun onNext() {
        val s = mutableState.value
        if (s.route != Route.NUMBER_ENTRY || s.feedback?.canProceed != true || readJob?.isActive == true) return
        startReading()
    }

    // ---- demo mode ----------------------------------------------------------------------------

    /** The software card's profiles, `residence` first. */
    fun demoProfiles(): List<SoftCardProfile> = guardedOrNull { softcardProfiles() } ?: emptyList()

    /** Reads go to the software card `profile`; its (synthetic) number is put in the field. */
    fun enterDemo(profile: SoftCardProfile) {
        mutableState.update { it.copy(demo = profile) }
        onNumberChanged(profile.cardNumber)
    }

    fun exitDemo() {
        mutableState.update { it.copy(demo = null) }
        onNumberChanged("")
    }

    // ---- reading ------------------------------------------------------------------------------

    private fun startReading() {
        val demo = mutableState.value.demo
        if (demo != null) {
            val card = guarded { SoftCardTransceiver(demo.name) } ?: return
            val anchors = guarded { card.testAnchors() } ?: run {
                card.close()
                return
            }
            mutableState.update {
                it.copy(route = Route.READING, dialog = null, reading = ReadingState(demo = true, waitingForCard = false))
            }
            launchRead(card.asTransceiver(), anchors, production = false) { card.close() }
            return
        }
        val code = ShellErrors.forNfcState(nfc.state())
        if (code != null) {
            showError(code)
            return
        }
        mutableState.update {
            it.copy(route = Route.READING, dialog = null, reading = ReadingState(demo = false, waitingForCard = true))
        }
    }

    /**
     * Reader mode found a card (any thread). Ignored unless a real read is waiting for one; an
     * ignored tag is not even closed, since it may be the card a running read is talking to.
     */
    fun onTagDiscovered(tag: RawTag) {
        scope.launch {
            val r = mutableState.value.reading
            if (mutableState.value.route != Route.READING || r == null || r.demo || !r.waitingForCard) return@launch
            val transceiver = TagTransceiver(tag)
            launchRead(transceiver, config.testAnchors, production = true) { transceiver.close() }
        }
    }

    /** Reader mode found a card without ISO-DEP (any thread): not a residence card. */
    fun onForeignTag() {
        scope.launch {
            val r = mutableState.value.reading
            if (mutableState.value.route == Route.READING && r != null && !r.demo && r.waitingForCard) {
                mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
                showError(ShellErrors.NOT_A_RESIDENCE_CARD)
                effects.perform(Effect.HapticFailure)
            }
        }
    }

    private fun launchRead(
        transceiver: Transceiver,
        anchors: List<TestAnchor>,
        production: Boolean,
        release: () -> Unit,
    ) {
        val number = mutableState.value.number
        val handle = guarded { CancelHandle() } ?: run {
            release()
            return
        }
        cancel = handle
        mutableState.update { s -> s.copy(reading = s.reading?.copy(waitingForCard = false, fraction = 0f, step = null)) }
        val options = ReadOptions(
            cancel = handle,
            testAnchors = anchors,
            productionTrustDir = if (production) config.productionTrustDir else null,
        )
        readJob = scope.launch {
            var read: ReadResult? = null
            var failure: Throwable? = null
            try {
                read = withContext(io) {
                    try {
                        readCard(number, transceiver, options, Progress(handle))
                    } finally {
                        release()
                    }
                }
            } catch (e: CancellationException) {
                handle.cancel()
                throw e
            } catch (t: Throwable) {
                failure = t
            } finally {
                if (cancel === handle) cancel = null
                handle.close()
            }
            if (read != null) showResult(read) else readFailed(failure)
        }
    }

    private fun showResult(read: ReadResult) {
        val screen = guarded { read.resultScreen() }
        if (screen == null) {
            read.close()
            mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
            return
        }
        result?.close()
        result = read
        // The number is not kept once the read is done (product.md §3); the result holds it.
        mutableState.update {
            it.copy(route = Route.RESULT, reading = null, result = screen, number = "", feedback = null, scanConfirmation = false, highlighted = emptyList())
        }
        effects.perform(Effect.HapticSuccess)
    }

    private fun readFailed(failure: Throwable?) {
        val info = failure?.let(::dialogFor) ?: internalInfo()
        mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
        if (info?.dialog == false) return
        mutableState.update { it.copy(dialog = info) }
        effects.perform(Effect.HapticFailure)
    }

    /** The cancel button: stops waiting, or stops the read before its next APDU (no dialog). */
    fun onCancelReading() {
        val r = mutableState.value.reading ?: return
        if (r.waitingForCard) {
            mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
        } else {
            cancel?.let { guarded { it.cancel() } }
        }
    }

    private inner class Progress(private val handle: CancelHandle) : ProgressListener {
        override fun onProgress(event: ProgressEvent) {
            mutableState.update { s ->
                val r = s.reading
                if (r == null || cancel !== handle) {
                    s
                } else {
                    s.copy(reading = r.copy(fraction = maxOf(r.fraction, event.fraction.coerceIn(0f, 1f)), step = event.text))
                }
            }
        }
    }

    // ---- errors -------------------------------------------------------------------------------

    private fun showError(code: String) {
        mutableState.update { it.copy(dialog = guardedOrNull { errorInfo(code) }) }
    }

    /** A dialog button. Every button closes the dialog; some also act. */
    fun onDialogAction(action: ErrorAction) {
        val info = mutableState.value.dialog ?: return
        mutableState.update { it.copy(dialog = null) }
        when (action) {
            ErrorAction.Retry -> if (mutableState.value.feedback?.canProceed == true) startReading()
            ErrorAction.ReEnterNumber -> mutableState.update { it.copy(route = Route.NUMBER_ENTRY) }
            ErrorAction.OpenNfcSettings -> effects.perform(Effect.OpenNfcSettings)
            ErrorAction.OpenAppSettings -> effects.perform(Effect.OpenAppSettings)
            is ErrorAction.OpenUrl -> effects.perform(Effect.OpenUrl(action.url))
            ErrorAction.ReturnToTop -> returnToTop()
            ErrorAction.Close -> Unit
        }
        if (info.returnsToStart) returnToTop()
    }

    fun onDialogDismissed() = onDialogAction(ErrorAction.Close)

    // ---- help carousel ------------------------------------------------------------------------

    fun openHelp() {
        carousel?.close()
        carousel = guarded { CarouselController() } ?: return
        mutableState.update { it.copy(helpPage = 0) }
    }

    fun onCarouselGesture(gesture: CarouselGesture) {
        val c = carousel ?: return
        when (val event = guarded { c.handle(gesture) }) {
            is CarouselEvent.Moved -> mutableState.update { it.copy(helpPage = event.page.toInt()) }
            CarouselEvent.Closed, null -> closeHelp()
            CarouselEvent.Unchanged -> Unit
        }
    }

    private fun closeHelp() {
        carousel?.close()
        carousel = null
        mutableState.update { it.copy(helpPage = null) }
    }

    // ---- camera -------------------------------------------------------------------------------

    /** The camera button; the app says whether the permission is already granted. */
    fun openCamera(permissionGranted: Boolean) {
        if (!permissionGranted) {
            effects.perform(Effect.RequestCameraPermission)
            return
        }
        scanner?.close()
        scanner = guarded { NumberScanner() } ?: return
        mutableState.update { it.copy(route = Route.CAMERA) }
    }

    fun onCameraPermissionResult(granted: Boolean) {
        if (granted) openCamera(true) else showError(ShellErrors.CAMERA_PERMISSION_DENIED)
    }

    /** One camera frame's recognised lines (any thread). A stable number fills the field. */
    fun onOcrLines(lines: List<String>) {
        scope.launch {
            val s = scanner ?: return@launch
            if (mutableState.value.route != Route.CAMERA) return@launch
            val found = guarded { s.feedFrame(lines.take(MAX_OCR_LINES).map { it.take(MAX_INPUT) }) } ?: return@launch
            val repaired = guarded { s.correctedPositions() }?.map { it.toInt() } ?: emptyList()
            closeCamera()
            onNumberChanged(found)
            mutableState.update { it.copy(scanConfirmation = true, highlighted = repaired) }
        }
    }

    /** CameraX or ML Kit failed: close the camera and say so. */
    fun onCameraFailed() {
        closeCamera()
        showError(ShellErrors.CAMERA_SCAN_FAILED)
    }

    fun closeCamera() {
        scanner?.close()
        scanner = null
        if (mutableState.value.route == Route.CAMERA) mutableState.update { it.copy(route = Route.NUMBER_ENTRY) }
    }

    // ---- result, viewer, inquiry --------------------------------------------------------------

    /** PNG of one chip image fitted into `maxWidth` × `maxHeight`, or null (placeholder). */
    fun cardImage(source: ImageSource, maxWidth: Int, maxHeight: Int): ByteArray? {
        val r = result ?: return null
        if (maxWidth <= 0 || maxHeight <= 0) return null
        return guardedOrNull { cardImagePng(r, source, maxWidth.toUInt(), maxHeight.toUInt()) }
    }

    /** Tapping the card image: `content*` is the image's size fitted into the viewport at 1.0×. */
    fun openViewer(source: ImageSource, viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double) {
        if (mutableState.value.route != Route.RESULT) return
        zoom?.close()
        zoom = guarded { ZoomController(viewportWidth, viewportHeight, contentWidth, contentHeight) } ?: return
        mutableState.update { it.copy(route = Route.VIEWER, viewer = ViewerState(source, 1.0, 0.0, 0.0)) }
    }

    fun onViewerResize(viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double) =
        zoomed { it.resize(viewportWidth, viewportHeight, contentWidth, contentHeight) }

    fun onPinch(factor: Double) = zoomed { it.pinch(factor) }

    fun onDoubleTap() = zoomed { it.doubleTap() }

    fun onPan(dx: Double, dy: Double) = zoomed { it.pan(dx, dy) }

    private fun zoomed(gesture: (ZoomController) -> Unit) {
        val z = zoom ?: return
        val next = guarded {
            gesture(z)
            val offset = z.offset()
            Triple(z.scale(), offset.x, offset.y)
        } ?: return
        mutableState.update { s -> s.copy(viewer = s.viewer?.copy(scale = next.first, offsetX = next.second, offsetY = next.third)) }
    }

    fun closeViewer() {
        zoom?.close()
        zoom = null
        if (mutableState.value.route == Route.VIEWER) mutableState.update { it.copy(route = Route.RESULT, viewer = null) }
    }

    fun openInquiry() {
        if (mutableState.value.route == Route.RESULT) mutableState.update { it.copy(route = Route.INQUIRY) }
    }

    fun closeInquiry() {
        if (mutableState.value.route == Route.INQUIRY) mutableState.update { it.copy(route = Route.RESULT) }
    }

    /** "Return to top": the card data is released and the number entry starts empty. */
    fun returnToTop() {
        zoom?.close()
        zoom = null
        result?.close()
        result = null
        mutableState.update {
            UiState(demo = it.demo, dialog = it.dialog)
        }
    }

    /** System back. Returns false when the app should handle it (leave from number entry). */
    fun onBack(): Boolean {
        val s = mutableState.value
        when {
            s.dialog != null -> onDialogDismissed()
            s.helpPage != null -> onCarouselGesture(CarouselGesture.BACK)
            s.route == Route.VIEWER -> closeViewer()
            s.route == Route.INQUIRY -> closeInquiry()
            s.route == Route.CAMERA -> closeCamera()
            s.route == Route.READING -> onCancelReading()
            s.route == Route.RESULT -> returnToTop()
            else -> return false
        }
        return true
    }

    /** The view-model is going away: cancel any read and free every core object. */
    fun dispose() {
        cancel?.let { guarded { it.cancel() } }
        readJob?.cancel()
        carousel?.close()
        carousel = null
        scanner?.close()
        scanner = null
        zoom?.close()
        zoom = null
        result?.close()
        result = null
        mutableState.value = UiState()
    }

    // ---- guards -------------------------------------------------------------------------------

    /** Runs a core call; a failure becomes the dialog (an internal error returns to the start). */
    private fun <T> guarded(call: () -> T): T? = try {
        call()
    } catch (t: Throwable) {
        if (t is CancellationException) throw t
        mutableState.update { it.copy(dialog = dialogFor(t)) }
        null
    }

    private companion object {
        /** Longer input is never a card number; the core is not asked about megabytes of paste. */
        const val MAX_INPUT = 64
        const val MAX_OCR_LINES = 64

        fun <T> guardedOrNull(call: () -> T): T? = try {
            call()
        } catch (e: Exception) {
            null
        } catch (e: LinkageError) {
            // The native library is missing or does not match the bindings.
            null
        }

        fun internalInfo(): ErrorInfo? = guardedOrNull { errorInfo(ShellErrors.INTERNAL) }

        /** The dialog for anything a core call threw: the core's own entry, else internal. */
        fun dialogFor(t: Throwable): ErrorInfo? = if (t is ZairyuException) t.info else internalInfo()
    }
}
