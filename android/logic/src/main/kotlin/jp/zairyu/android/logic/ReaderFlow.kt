// The app's view-model without Android: number entry → reading → result → viewer, and the errors
// in between. Every text, verdict and rule comes from the core; this class only sequences calls.
package jp.zairyu.android.logic

import java.util.concurrent.atomic.AtomicBoolean
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
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
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
 * [onTagDiscovered], [onOcrLines] and [onNfcStateChanged], which hop onto it, and [cardImage],
 * which any thread may call. `readCard` runs on `io`, and the transceiver is called on that same
 * thread, as the core requires.
 *
 * Card data lives in one place, [result] (the core's `ReadResult` behind a [ResultOwner]): it is
 * closed, and the screen model dropped, whenever the result screen is left; a render still
 * running then finishes first, and the result is freed after it.
 *
 * NFC: reader mode stays on while the activity is resumed, so a card that is already on the
 * phone (or still there after a failed read) is remembered as [lastTag] and used by the next
 * read; Android does not announce a tag again while it stays in the field.
 */
class ReaderFlow(
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val nfc: NfcStatus,
    private val effects: EffectSink,
    private val config: ReaderConfig = ReaderConfig(),
) : TagSink {
    private val mutableState = MutableStateFlow(UiState())
    val state: StateFlow<UiState> = mutableState.asStateFlow()

    /** Null when the core library could not be loaded or answered with an error. */
    val texts: StaticTexts? by lazy {
        guardedOrNull { StaticTexts(numberEntry(), helpCarousel(), holdInstructions(Platform.ANDROID)) }
    }

    @Volatile
    private var result: ResultOwner<ReadResult>? = null
    private var readJob: Job? = null
    private var awakeJob: Job? = null
    private var disposed = false

    @Volatile
    private var cancel: CancelHandle? = null
    private var carousel: CarouselController? = null
    private val zoom = ZoomSession(object : CoreGuard {
        override fun <T> run(call: () -> T): T? = guarded(call)
    })
    private var scanner: NumberScanner? = null

    /** The last card reader mode saw; reused by the next real read (main thread only). */
    private var lastTag: RawTag? = null

    /** The tag a running read is talking to (main thread only). */
    private var activeTag: RawTag? = null

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

    /**
     * The number field was edited: the flow takes the new text, and the field shows what the
     * core made of it (see [NumberField]). Returns the field's new content.
     */
    fun onNumberEdited(edit: NumberField.Edit): NumberField.Shown {
        onNumberChanged(edit.text)
        val normalizedPrefix = { prefix: String -> guardedOrNull { numberFeedback(prefix.take(MAX_INPUT)).normalized } ?: "" }
        return NumberField.show(edit, mutableState.value.number, normalizedPrefix)
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
            config.nativeObjects.created(card)
            val anchors = guarded { card.testAnchors() } ?: run {
                card.close()
                return
            }
            // Specified cards (07/08): the software card's TEST delivery key (null for the others).
            val deliveryKey = guardedOrNull { card.testDeliveryKey() }
            mutableState.update {
                it.copy(route = Route.READING, dialog = null, reading = ReadingState(demo = true, waitingForCard = false))
            }
            launchRead(card.asTransceiver(), anchors, production = false, reusedTag = null, deliveryKey = deliveryKey) { card.close() }
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
        startAwakeTimer()
        // A card already on the phone is not announced again: read it at once.
        lastTag?.let { readTag(it, reused = true) }
    }

    /**
     * Reader mode found a card (any thread). A waiting read starts with it; otherwise it is
     * remembered for the next read. A remembered tag is never closed here, since it may be the
     * card a running read is talking to.
     */
    override fun onTagDiscovered(tag: RawTag) {
        scope.launch {
            if (disposed) return@launch
            lastTag = tag
            if (waitingForCard()) readTag(tag, reused = false)
        }
    }

    /** Reader mode found a card without ISO-DEP (any thread): not a residence card. */
    override fun onForeignTag() {
        scope.launch {
            if (waitingForCard()) {
                endWaiting()
                mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
                showError(ShellErrors.NOT_A_RESIDENCE_CARD)
                effects.perform(Effect.HapticFailure)
            }
        }
    }

    /** Reader mode went off (the activity paused): a remembered tag is no longer valid. */
    override fun onReaderModeOff() {
        if (activeTag == null) lastTag = null
    }

    /**
     * The phone's NFC changed (any thread; the app forwards the adapter broadcast). NFC switched
     * off while waiting for a card ends the wait with the same dialog as at the start.
     */
    override fun onNfcStateChanged(state: NfcState) {
        scope.launch {
            if (state == NfcState.ON) return@launch
            lastTag = null
            if (waitingForCard()) {
                endWaiting()
                mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
                ShellErrors.forNfcState(state)?.let(::showError)
            }
        }
    }

    private fun waitingForCard(): Boolean {
        val s = mutableState.value
        val r = s.reading
        return s.route == Route.READING && r != null && !r.demo && r.waitingForCard && readJob?.isActive != true
    }

    private fun readTag(tag: RawTag, reused: Boolean) {
        val transceiver = TagTransceiver(tag)
        activeTag = tag
        launchRead(transceiver, config.testAnchors, production = true, reusedTag = if (reused) transceiver else null) {
            transceiver.close()
        }
    }

    /** Keeps the screen on while waiting for a card, for [ReaderConfig.keepAwakeMillis] at most. */
    private fun startAwakeTimer() {
        awakeJob?.cancel()
        awakeJob = scope.launch {
            delay(config.keepAwakeMillis)
            mutableState.update { s -> s.copy(reading = s.reading?.takeIf { it.waitingForCard }?.copy(keepAwake = false) ?: s.reading) }
        }
    }

    private fun endWaiting() {
        awakeJob?.cancel()
        awakeJob = null
    }

    private fun launchRead(
        transceiver: Transceiver,
        anchors: List<TestAnchor>,
        production: Boolean,
        reusedTag: TagTransceiver?,
        deliveryKey: ByteArray? = null,
        release: () -> Unit,
    ) {
        endWaiting()
        val number = mutableState.value.number
        val handle = guarded { CancelHandle() } ?: run {
            release()
            activeTag = null
            return
        }
        config.nativeObjects.created(handle)
        cancel = handle
        mutableState.update { s -> s.copy(reading = s.reading?.copy(waitingForCard = false, fraction = 0f, step = null, liftAndHold = false, keepAwake = true)) }
        val released = AtomicBoolean(false)
        val releaseOnce = { if (released.compareAndSet(false, true)) release() }
        // ATOMIC: a read cancelled before it starts still runs its cleanup below.
        readJob = scope.launch(start = CoroutineStart.ATOMIC) {
            // Set on the IO thread as soon as the core returns, so a read that finishes while
            // this coroutine is being cancelled is still closed (it never reaches the screen).
            var produced: ReadResult? = null
            var failure: Throwable? = null
            try {
                withContext(io) {
                    try {
                        val options = ReadOptions(
                            cancel = handle,
                            testAnchors = anchors,
                            // Off the main thread: the app copies its bundled roots on first use.
                            productionTrustDir = if (production) config.productionTrustDir() else null,
                            // Real reads: keys_smrsapub_001.bin from the production trust directory.
                            deliveryKey = deliveryKey,
                        )
                        val read = readCard(number, transceiver, options, Progress(handle))
                        config.nativeObjects.created(read)
                        produced = read
                    } finally {
                        releaseOnce()
                    }
                }
            } catch (e: CancellationException) {
                guardedOrNull { handle.cancel() }
                produced?.close()
                produced = null
                throw e
            } catch (t: Throwable) {
                failure = t
            } finally {
                // Cancelled before the IO block ran: the card is released here instead.
                releaseOnce()
                if (cancel === handle) cancel = null
                handle.close()
                activeTag = null
            }
            val read = produced
            when {
                read != null -> showResult(read)
                reusedTag != null && reusedTag.exchanged == 0 && isTagGone(failure) -> tagWentStale()
                else -> readFailed(failure)
            }
        }
    }

    /**
     * The remembered card did not answer its first command: it was lifted (or Android dropped
     * it). No dialog: the screen goes back to waiting and asks to lift the card and hold it again,
     * which makes Android announce it afresh.
     */
    private fun tagWentStale() {
        lastTag = null
        mutableState.update { s ->
            s.copy(reading = s.reading?.copy(waitingForCard = true, fraction = 0f, step = null, liftAndHold = true))
        }
        startAwakeTimer()
    }

    private fun isTagGone(failure: Throwable?): Boolean =
        failure is ZairyuException.CardLost || failure is ZairyuException.CommunicationException

    private fun showResult(read: ReadResult) {
        if (disposed) {
            read.close()
            return
        }
        val screen = guarded { read.resultScreen() }
        if (screen == null) {
            read.close()
            mutableState.update { it.copy(route = Route.NUMBER_ENTRY, reading = null) }
            return
        }
        result?.close()
        result = ResultOwner(read)
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
            endWaiting()
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
        val owner = result ?: return null
        if (maxWidth <= 0 || maxHeight <= 0) return null
        return guardedOrNull { owner.use { cardImagePng(it, source, maxWidth.toUInt(), maxHeight.toUInt()) } }
    }

    /** Tapping the card image: `content*` is the image's size fitted into the viewport at 1.0×. */
    fun openViewer(source: ImageSource, viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double) {
        if (mutableState.value.route != Route.RESULT) return
        if (!zoom.open(viewportWidth, viewportHeight, contentWidth, contentHeight)) return
        mutableState.update { it.copy(route = Route.VIEWER, viewer = ViewerState(source, 1.0, 0.0, 0.0)) }
    }

    fun onViewerResize(viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double) =
        moved(zoom.resize(viewportWidth, viewportHeight, contentWidth, contentHeight))

    /** A pinch around the fingers' centroid, from the viewport's centre (see ZoomSession.pinch). */
    fun onPinch(factor: Double, centroidX: Double = 0.0, centroidY: Double = 0.0) =
        moved(zoom.pinch(factor, centroidX, centroidY))

    fun onDoubleTap() = moved(zoom.doubleTap())

    fun onPan(dx: Double, dy: Double) = moved(zoom.pan(dx, dy))

    private fun moved(position: ZoomPosition?) {
        val p = position ?: return
        mutableState.update { s -> s.copy(viewer = s.viewer?.copy(scale = p.scale, offsetX = p.offsetX, offsetY = p.offsetY)) }
    }

    fun closeViewer() {
        zoom.close()
        if (mutableState.value.route == Route.VIEWER) mutableState.update { it.copy(route = Route.RESULT, viewer = null) }
    }

    fun openInquiry() {
        if (mutableState.value.route == Route.RESULT) mutableState.update { it.copy(route = Route.INQUIRY) }
    }

    fun closeInquiry() {
        if (mutableState.value.route == Route.INQUIRY) mutableState.update { it.copy(route = Route.RESULT) }
    }

    /** A link on a screen (the result's consultation page): opened by the app, like the dialogs' links. */
    fun openLink(url: String) {
        if (url.startsWith("https://")) effects.perform(Effect.OpenUrl(url))
    }

    /** The About screen (privacy policy, notices), from number entry only. */
    fun openAbout() {
        if (mutableState.value.route == Route.NUMBER_ENTRY) mutableState.update { it.copy(route = Route.ABOUT) }
    }

    fun closeAbout() {
        if (mutableState.value.route == Route.ABOUT) mutableState.update { it.copy(route = Route.NUMBER_ENTRY) }
    }

    /** "Return to top": the card data is released and the number entry starts empty. */
    fun returnToTop() {
        zoom.close()
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
            s.route == Route.ABOUT -> closeAbout()
            s.route == Route.READING -> onCancelReading()
            s.route == Route.RESULT -> returnToTop()
            else -> return false
        }
        return true
    }

    /** Waits until no read is running (tests: the read's cleanup has happened). */
    internal suspend fun awaitReadEnd() {
        readJob?.join()
    }

    /** The view-model is going away: cancel any read and free every core object. */
    fun dispose() {
        disposed = true
        endWaiting()
        cancel?.let { guardedOrNull { it.cancel() } }
        readJob?.cancel()
        lastTag = null
        carousel?.close()
        carousel = null
        scanner?.close()
        scanner = null
        zoom.close()
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
