// The start screen and the My Number checks without Android: choice of card → menu → inputs →
// card held → PIN screen (card still held) → result → viewer, and the errors in between. Every
// text, rule and verdict comes from the core; this class only sequences calls.
package jp.zairyu.android.logic

import java.util.concurrent.atomic.AtomicBoolean
import jp.zairyu.core.CancelHandle
import jp.zairyu.core.CardFaceScanner
import jp.zairyu.core.ErrorAction
import jp.zairyu.core.ErrorInfo
import jp.zairyu.core.MatchInput
import jp.zairyu.core.MyNumberCheck
import jp.zairyu.core.MyNumberImage
import jp.zairyu.core.MyNumberOptions
import jp.zairyu.core.MyNumberResult
import jp.zairyu.core.MyNumberTestAnchor
import jp.zairyu.core.PinKind
import jp.zairyu.core.PinPrompt
import jp.zairyu.core.SoftCardFamily
import jp.zairyu.core.SoftCardProfile
import jp.zairyu.core.SoftCardTransceiver
import jp.zairyu.core.StartChoice
import jp.zairyu.core.Transceiver
import jp.zairyu.core.ZairyuException
import jp.zairyu.core.checkCollationInput
import jp.zairyu.core.checkPinInput
import jp.zairyu.core.errorInfo
import jp.zairyu.core.inPersonEntryScreen
import jp.zairyu.core.matchFieldsScreen
import jp.zairyu.core.myNumberAuthCheck
import jp.zairyu.core.myNumberInPersonCheck
import jp.zairyu.core.myNumberMenu
import jp.zairyu.core.myNumberPinCheck
import jp.zairyu.core.myNumberSignatureCheck
import jp.zairyu.core.pinEntryScreen
import jp.zairyu.core.softcardProfiles
import jp.zairyu.core.startScreen
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

data class MyNumberConfig(
    /** Debug builds only: the TEST trust the software card chains to (always shown as TEST). */
    val testAnchors: List<MyNumberTestAnchor> = emptyList(),
    /** How long the reading thread waits on the PIN screen with the card held. */
    val pinTimeoutMillis: Long = PinBridge.DEFAULT_TIMEOUT_MILLIS,
    val nativeObjects: NativeObjectWatcher = NativeObjectWatcher { },
)

/**
 * Threads: public methods run on `scope`'s thread (the main thread) except [onTagDiscovered],
 * [onForeignTag], [onNfcStateChanged] and [onOcrLines], which hop onto it, and [image], which any
 * thread may call. A check runs on `io`; the core calls the transceiver and the [PinBridge] on
 * that same thread, and the bridge blocks it (never the main thread) while the PIN screen is up.
 *
 * The card stays on the phone across the PIN screen: the check is one core call that reads the
 * counter, asks the bridge, and sends VERIFY on the same connection. A check is never retried by
 * this class: a wrong PIN ends it with the core's error, and only the user starts the next one.
 *
 * The last try: every check starts with `allowLastTry = false`, so the core refuses a last try
 * before asking for the PIN ([ZairyuException.LastTryRefused], nothing sent). The flow then shows
 * the core's last-try confirmation; only [confirmLastTry] starts the check again with
 * `allowLastTry = true` (and a bridge that accepts a last-try prompt). That is the only place the
 * flag is set, and [lastTryAllowedFor] records it for the tests.
 */
class MyNumberFlow(
    private val scope: CoroutineScope,
    private val io: CoroutineDispatcher,
    private val nfc: NfcStatus,
    private val effects: EffectSink,
    private val config: MyNumberConfig = MyNumberConfig(),
) : TagSink {
    private val mutableState = MutableStateFlow(MyNumberUiState())
    val state: StateFlow<MyNumberUiState> = mutableState.asStateFlow()

    /** Null when the core could not be loaded or answered with an error. */
    val texts: MyNumberTexts? by lazy {
        guardedOrNull { MyNumberTexts(startScreen(), myNumberMenu(), inPersonEntryScreen(), matchFieldsScreen()) }
    }

    @Volatile
    private var result: ResultOwner<MyNumberResult>? = null
    private var checkJob: Job? = null
    private var disposed = false

    @Volatile
    private var cancel: CancelHandle? = null

    @Volatile
    private var bridge: PinBridge? = null
    private var scanner: CardFaceScanner? = null
    private val zoom = ZoomSession(object : CoreGuard {
        override fun <T> run(call: () -> T): T? = guarded(call)
    })
    private var lastTag: RawTag? = null
    private var activeTag: RawTag? = null

    /** The check the next card starts with, and whether the user confirmed its last try. */
    private var pendingAllowLastTry = false

    /** Every `allowLastTry` a check was started with, in order (tests). */
    val lastTryAllowedFor: MutableList<Boolean> = java.util.Collections.synchronizedList(mutableListOf())

    val holdsCardData: Boolean get() = result != null

    // ---- start screen and menu -----------------------------------------------------------------

    fun choose(choice: StartChoice) {
        if (mutableState.value.route != MnRoute.START) return
        mutableState.update {
            it.copy(route = if (choice == StartChoice.RESIDENCE_CARD) MnRoute.RESIDENCE else MnRoute.MENU)
        }
    }

    /** Back from the residence flow's first screen, or from the menu. */
    fun returnToStart() {
        closeResult()
        closeScanner()
        mutableState.update { MyNumberUiState(readIndividualNumber = it.readIndividualNumber, demo = it.demo, dialog = it.dialog) }
    }

    fun setReadIndividualNumber(on: Boolean) {
        mutableState.update { it.copy(readIndividualNumber = on) }
    }

    /** The software card's My Number and specified-card profiles. */
    fun demoProfiles(): List<SoftCardProfile> =
        (guardedOrNull { softcardProfiles() } ?: emptyList()).filter { it.family != SoftCardFamily.RESIDENCE }

    fun enterDemo(profile: SoftCardProfile) = mutableState.update { it.copy(demo = profile) }

    fun exitDemo() = mutableState.update { it.copy(demo = null) }

    fun chooseCheck(check: MyNumberCheck) {
        if (mutableState.value.route != MnRoute.MENU) return
        mutableState.update { it.copy(check = check, entry = CollationEntry(), match = MatchEntry()) }
        when (check) {
            MyNumberCheck.IN_PERSON -> mutableState.update { it.copy(route = MnRoute.ENTRY) }
            MyNumberCheck.PIN_CHECK, MyNumberCheck.SIGNATURE -> mutableState.update { it.copy(route = MnRoute.MATCH) }
            MyNumberCheck.AUTH -> startCheck(allowLastTry = false)
        }
    }

    // ---- inputs --------------------------------------------------------------------------------

    fun onEntryChanged(birthDate: String, expiryYear: String, securityCode: String) {
        mutableState.update {
            it.copy(entry = it.entry.copy(
                birthDate = birthDate.take(MAX_INPUT),
                expiryYear = expiryYear.take(MAX_INPUT),
                securityCode = securityCode.take(MAX_INPUT),
                problem = null,
            ))
        }
    }

    /** "Read": the core checks the three inputs, then the card is asked for. */
    fun onEntrySubmit() {
        val s = mutableState.value
        if (s.route != MnRoute.ENTRY || checkJob?.isActive == true) return
        val e = s.entry
        val problem = try {
            checkCollationInput(e.birthDate, e.expiryYear, e.securityCode)
        } catch (t: Throwable) {
            if (t is CancellationException) throw t
            mutableState.update { it.copy(dialog = dialogFor(t)) }
            return
        }
        if (problem != null) {
            mutableState.update { it.copy(entry = it.entry.copy(problem = problem)) }
            return
        }
        startCheck(allowLastTry = false)
    }

    fun onMatchChanged(name: String, birthDate: String, address: String) {
        mutableState.update {
            it.copy(match = MatchEntry(name.take(MAX_MATCH), birthDate.take(MAX_INPUT), address.take(MAX_MATCH)))
        }
    }

    /** Next on the match fields (all empty = no comparison). */
    fun onMatchSubmit() {
        if (mutableState.value.route != MnRoute.MATCH || checkJob?.isActive == true) return
        startCheck(allowLastTry = false)
    }

    // ---- the card ------------------------------------------------------------------------------

    private fun startCheck(allowLastTry: Boolean) {
        pendingAllowLastTry = allowLastTry
        val demo = mutableState.value.demo
        if (demo != null) {
            val card = guarded { SoftCardTransceiver(demo.name) } ?: return
            config.nativeObjects.created(card)
            val anchors = guarded { card.myNumberTestAnchors() } ?: run {
                card.close()
                return
            }
            mutableState.update { it.copy(route = MnRoute.READING, dialog = null, dialogNote = null, reading = MnReading(demo = true, waitingForCard = false)) }
            launchCheck(card.asTransceiver(), anchors, reusedTag = null) { card.close() }
            return
        }
        val code = ShellErrors.forNfcState(nfc.state())
        if (code != null) {
            showError(code)
            return
        }
        mutableState.update { it.copy(route = MnRoute.READING, dialog = null, dialogNote = null, reading = MnReading(demo = false, waitingForCard = true)) }
        lastTag?.let { readTag(it, reused = true) }
    }

    /** Reader mode found a card (any thread): a waiting check starts with it; else remembered. */
    override fun onTagDiscovered(tag: RawTag) {
        scope.launch {
            if (disposed) return@launch
            lastTag = tag
            if (waitingForCard()) readTag(tag, reused = false)
        }
    }

    /** A card without ISO-DEP (any thread): not a My Number card. */
    override fun onForeignTag() {
        scope.launch {
            if (waitingForCard()) {
                mutableState.update { it.copy(route = routeBeforeCard(it), reading = null) }
                showError(NOT_A_MY_NUMBER_CARD)
                effects.perform(Effect.HapticFailure)
            }
        }
    }

    override fun onReaderModeOff() {
        if (activeTag == null) lastTag = null
    }

    override fun onNfcStateChanged(state: NfcState) {
        scope.launch {
            if (state == NfcState.ON) return@launch
            lastTag = null
            if (waitingForCard()) {
                mutableState.update { it.copy(route = routeBeforeCard(it), reading = null) }
                ShellErrors.forNfcState(state)?.let(::showError)
            }
        }
    }

    private fun waitingForCard(): Boolean {
        val s = mutableState.value
        val r = s.reading
        return s.route == MnRoute.READING && r != null && !r.demo && r.waitingForCard && checkJob?.isActive != true
    }

    private fun readTag(tag: RawTag, reused: Boolean) {
        val transceiver = TagTransceiver(tag)
        activeTag = tag
        launchCheck(transceiver, config.testAnchors, reusedTag = if (reused) transceiver else null) { transceiver.close() }
    }

    private fun launchCheck(
        transceiver: Transceiver,
        anchors: List<MyNumberTestAnchor>,
        reusedTag: TagTransceiver?,
        release: () -> Unit,
    ) {
        val s = mutableState.value
        val check = s.check ?: run {
            release()
            activeTag = null
            return
        }
        val allowLastTry = pendingAllowLastTry
        pendingAllowLastTry = false
        val handle = guarded { CancelHandle() } ?: run {
            release()
            activeTag = null
            return
        }
        config.nativeObjects.created(handle)
        cancel = handle
        val pins = PinBridge(lastTryConfirmed = allowLastTry, timeoutMillis = config.pinTimeoutMillis) { prompt -> onPrompt(prompt) }
        bridge = pins
        lastTryAllowedFor.add(allowLastTry)
        val options = MyNumberOptions(
            cancel = handle,
            allowLastTry = allowLastTry,
            readIndividualNumber = s.readIndividualNumber && check == MyNumberCheck.PIN_CHECK,
            testAnchors = anchors,
            nowUnix = null,
            skipImageDecoding = false,
        )
        val entry = s.entry
        mutableState.update { st -> st.copy(reading = st.reading?.copy(waitingForCard = false, liftAndHold = false, verifying = false)) }
        val released = AtomicBoolean(false)
        val releaseOnce = { if (released.compareAndSet(false, true)) release() }
        checkJob = scope.launch(start = CoroutineStart.ATOMIC) {
            var produced: MyNumberResult? = null
            var failure: Throwable? = null
            try {
                withContext(io) {
                    try {
                        val r = when (check) {
                            MyNumberCheck.IN_PERSON ->
                                myNumberInPersonCheck(transceiver, options, entry.birthDate, entry.expiryYear, entry.securityCode)
                            MyNumberCheck.PIN_CHECK -> myNumberPinCheck(transceiver, options, pins)
                            MyNumberCheck.AUTH -> myNumberAuthCheck(transceiver, options, pins)
                            MyNumberCheck.SIGNATURE -> myNumberSignatureCheck(transceiver, options, pins)
                        }
                        config.nativeObjects.created(r)
                        produced = r
                    } finally {
                        pins.wipe()
                        releaseOnce()
                    }
                }
            } catch (e: CancellationException) {
                guardedOrNull { handle.cancel() }
                pins.cancel()
                produced?.close()
                produced = null
                throw e
            } catch (t: Throwable) {
                failure = t
            } finally {
                pins.wipe()
                releaseOnce()
                if (cancel === handle) cancel = null
                if (bridge === pins) bridge = null
                handle.close()
                activeTag = null
            }
            val r = produced
            when {
                r != null -> showResult(r)
                reusedTag != null && reusedTag.exchanged == 0 && isTagGone(failure) -> tagWentStale()
                else -> checkFailed(failure)
            }
        }
    }

    /** The reading thread: the core read the counter and asks for the PIN. */
    private fun onPrompt(prompt: PinPrompt) {
        val asking = bridge
        scope.launch {
            if (disposed || bridge !== asking || asking == null) return@launch
            mutableState.update { s -> s.copy(route = MnRoute.PIN, pin = PinScreenState.of(prompt)) }
        }
    }

    /**
     * The PIN screen's submit. `typed` is the field's characters; this method wipes them (and
     * every array made from them) whatever happens. The core checks the format first (no card
     * contact); a bad format stays on the screen with the core's reason.
     */
    fun submitPin(typed: CharArray) {
        val s = mutableState.value
        val pin = s.pin
        val waiting = bridge
        if (s.route != MnRoute.PIN || pin == null || waiting == null) {
            typed.fill('\u0000')
            return
        }
        val bytes = Secrets.utf8(typed)
        typed.fill('\u0000')
        // The core zeroizes its own copy; ours is wiped here.
        val forCheck = bytes.copyOf()
        val problem = try {
            checkPinInput(pin.kind, forCheck)
        } catch (t: Throwable) {
            bytes.fill(0)
            if (t is CancellationException) throw t
            mutableState.update { it.copy(dialog = dialogFor(t)) }
            return
        } finally {
            forCheck.fill(0)
        }
        if (problem != null) {
            bytes.fill(0)
            mutableState.update { it.copy(pin = pin.copy(problem = problem)) }
            return
        }
        if (waiting.submit(bytes)) {
            mutableState.update { it.copy(route = MnRoute.READING, pin = null, reading = it.reading?.copy(verifying = true)) }
        }
    }

    /** The PIN screen's cancel (or back): the core gets no PIN and sends nothing. */
    fun cancelPin() {
        if (mutableState.value.route != MnRoute.PIN) return
        bridge?.cancel()
        mutableState.update { it.copy(route = MnRoute.READING, pin = null) }
    }

    /** The last-try confirmation was accepted: the same check again, the last try allowed. */
    fun confirmLastTry() {
        if (mutableState.value.route != MnRoute.LAST_TRY || checkJob?.isActive == true) return
        mutableState.update { it.copy(pin = null) }
        startCheck(allowLastTry = true)
    }

    fun declineLastTry() {
        if (mutableState.value.route != MnRoute.LAST_TRY) return
        mutableState.update { it.copy(route = MnRoute.MENU, pin = null, reading = null) }
    }

    /** The cancel button while waiting or reading. */
    fun onCancelReading() {
        val s = mutableState.value
        val r = s.reading ?: return
        if (r.waitingForCard) {
            mutableState.update { it.copy(route = routeBeforeCard(it), reading = null) }
        } else {
            bridge?.cancel()
            cancel?.let { guardedOrNull { it.cancel() } }
        }
    }

    private fun tagWentStale() {
        lastTag = null
        mutableState.update { s -> s.copy(route = MnRoute.READING, pin = null, reading = s.reading?.copy(waitingForCard = true, liftAndHold = true, verifying = false)) }
    }

    private fun isTagGone(failure: Throwable?): Boolean =
        failure is ZairyuException.CardLost || failure is ZairyuException.CommunicationException

    private fun showResult(r: MyNumberResult) {
        if (disposed) {
            r.close()
            return
        }
        val match = mutableState.value.match
        val owner = ResultOwner(r)
        val screen = guarded { owner.use { it.screen(matchInput(match), false) } }
        if (screen == null) {
            owner.close()
            mutableState.update { it.copy(route = MnRoute.MENU, reading = null, pin = null) }
            return
        }
        result?.close()
        result = owner
        mutableState.update {
            it.copy(route = MnRoute.RESULT, reading = null, pin = null, result = screen, revealed = false, entry = CollationEntry())
        }
        effects.perform(Effect.HapticSuccess)
    }

    private fun checkFailed(failure: Throwable?) {
        if (disposed) return
        val s = mutableState.value
        if (failure is ZairyuException.LastTryRefused) {
            // Nothing was sent: ask for the explicit confirmation with the core's words.
            val screen = guarded { pinEntryScreen(failure.pin, 1u) }
            if (screen != null) {
                mutableState.update { it.copy(route = MnRoute.LAST_TRY, reading = it.reading?.copy(verifying = false), pin = PinScreenState(failure.pin, 1, true, screen)) }
                return
            }
        }
        val info = failure?.let(::dialogFor) ?: internalInfo()
        val note = (failure as? ZairyuException.WrongPin)?.let { w ->
            guardedOrNull { pinEntryScreen(w.pin, w.triesLeft).triesLeft }
        }
        mutableState.update { it.copy(route = routeBeforeCard(s), reading = null, pin = null) }
        if (info?.dialog == false) return
        mutableState.update { it.copy(dialog = info, dialogNote = note) }
        effects.perform(Effect.HapticFailure)
    }

    /** Where a check that ends without a result goes back to: the inputs, kept for a retry. */
    private fun routeBeforeCard(s: MyNumberUiState): MnRoute = when (s.check) {
        MyNumberCheck.IN_PERSON -> MnRoute.ENTRY
        MyNumberCheck.PIN_CHECK, MyNumberCheck.SIGNATURE -> MnRoute.MATCH
        else -> MnRoute.MENU
    }

    // ---- camera (the in-person inputs from the card face) -------------------------------------

    fun openCamera(permissionGranted: Boolean) {
        if (mutableState.value.route != MnRoute.ENTRY) return
        if (!permissionGranted) {
            effects.perform(Effect.RequestCameraPermission)
            return
        }
        closeScanner()
        val s = guarded { CardFaceScanner() } ?: return
        config.nativeObjects.created(s)
        scanner = s
        mutableState.update { it.copy(route = MnRoute.CAMERA) }
    }

    fun onCameraPermissionResult(granted: Boolean) {
        if (granted) openCamera(true) else showError(ShellErrors.CAMERA_PERMISSION_DENIED)
    }

    /**
     * One frame's recognised lines (any thread). Each field the core reports stable fills its
     * input; once all three are stable the camera closes and the user is asked to compare.
     */
    fun onOcrLines(lines: List<String>) {
        scope.launch {
            val s = scanner ?: return@launch
            if (mutableState.value.route != MnRoute.CAMERA) return@launch
            val scan = guarded { s.feedFrame(lines.take(MAX_OCR_LINES).map { it.take(MAX_OCR_LINE) }) } ?: return@launch
            mutableState.update {
                val e = it.entry
                it.copy(entry = e.copy(
                    birthDate = scan.birthDate ?: e.birthDate,
                    expiryYear = scan.expiryYear ?: e.expiryYear,
                    securityCode = scan.securityCode ?: e.securityCode,
                    problem = null,
                    scanned = e.scanned || scan.birthDate != null || scan.expiryYear != null || scan.securityCode != null,
                ))
            }
            if (scan.complete) closeCamera()
        }
    }

    fun onCameraFailed() {
        closeCamera()
        showError(ShellErrors.CAMERA_SCAN_FAILED)
    }

    fun closeCamera() {
        closeScanner()
        if (mutableState.value.route == MnRoute.CAMERA) mutableState.update { it.copy(route = MnRoute.ENTRY) }
    }

    private fun closeScanner() {
        scanner?.close()
        scanner = null
    }

    // ---- result, 個人番号, images, viewer -------------------------------------------------------

    /** Tapping the masked 個人番号 shows it; tapping again masks it. */
    fun toggleIndividualNumber() {
        val s = mutableState.value
        if (s.route != MnRoute.RESULT || s.result?.individualNumber == null) return
        val owner = result ?: return
        val reveal = !s.revealed
        val screen = guarded { owner.use { it.screen(matchInput(s.match), reveal) } } ?: return
        mutableState.update { it.copy(result = screen, revealed = reveal) }
    }

    /** PNG of one card image fitted into the box, or null (any thread). */
    fun image(which: MyNumberImage, maxWidth: Int, maxHeight: Int): ByteArray? {
        val owner = result ?: return null
        if (maxWidth <= 0 || maxHeight <= 0) return null
        return guardedOrNull { owner.use { it.imagePng(which, maxWidth.toUInt(), maxHeight.toUInt()) } }
    }

    fun openViewer(which: MyNumberImage, viewportWidth: Double, viewportHeight: Double, contentWidth: Double, contentHeight: Double) {
        if (mutableState.value.route != MnRoute.RESULT) return
        if (!zoom.open(viewportWidth, viewportHeight, contentWidth, contentHeight)) return
        mutableState.update { it.copy(route = MnRoute.VIEWER, viewer = MnViewer(which, 1.0, 0.0, 0.0)) }
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
        if (mutableState.value.route == MnRoute.VIEWER) mutableState.update { it.copy(route = MnRoute.RESULT, viewer = null) }
    }

    /** Leaving the result: the card data is released and the menu shows again. */
    fun returnToMenu() {
        closeResult()
        mutableState.update {
            MyNumberUiState(route = MnRoute.MENU, readIndividualNumber = it.readIndividualNumber, demo = it.demo, dialog = it.dialog, dialogNote = it.dialogNote)
        }
    }

    private fun closeResult() {
        zoom.close()
        result?.close()
        result = null
    }

    // ---- dialogs and back ---------------------------------------------------------------------

    private fun showError(code: String) {
        mutableState.update { it.copy(dialog = guardedOrNull { errorInfo(code) }, dialogNote = null) }
    }

    /** A dialog button. Every button closes the dialog; Retry is the user's own new try. */
    fun onDialogAction(action: ErrorAction) {
        val info = mutableState.value.dialog ?: return
        mutableState.update { it.copy(dialog = null, dialogNote = null) }
        when (action) {
            ErrorAction.Retry -> {
                val r = mutableState.value.route
                if (r == MnRoute.ENTRY) onEntrySubmit() else if (r == MnRoute.MATCH) onMatchSubmit() else if (r == MnRoute.MENU) mutableState.value.check?.let { if (it == MyNumberCheck.AUTH) startCheck(false) }
            }
            ErrorAction.OpenNfcSettings -> effects.perform(Effect.OpenNfcSettings)
            ErrorAction.OpenAppSettings -> effects.perform(Effect.OpenAppSettings)
            is ErrorAction.OpenUrl -> effects.perform(Effect.OpenUrl(action.url))
            ErrorAction.ReturnToTop -> returnToMenu()
            ErrorAction.ReEnterNumber, ErrorAction.Close -> Unit
        }
        if (info.returnsToStart && mutableState.value.route != MnRoute.START && mutableState.value.route != MnRoute.RESIDENCE) returnToMenu()
    }

    fun onDialogDismissed() = onDialogAction(ErrorAction.Close)

    /** System back. Returns false when the app should handle it (RESIDENCE: ReaderFlow's; START: leave). */
    fun onBack(): Boolean {
        val s = mutableState.value
        when {
            s.dialog != null -> onDialogDismissed()
            s.route == MnRoute.START || s.route == MnRoute.RESIDENCE -> return false
            s.route == MnRoute.MENU -> returnToStart()
            s.route == MnRoute.ENTRY || s.route == MnRoute.MATCH -> mutableState.update { it.copy(route = MnRoute.MENU, entry = CollationEntry(), match = MatchEntry()) }
            s.route == MnRoute.CAMERA -> closeCamera()
            s.route == MnRoute.PIN -> cancelPin()
            s.route == MnRoute.LAST_TRY -> declineLastTry()
            s.route == MnRoute.READING -> onCancelReading()
            s.route == MnRoute.VIEWER -> closeViewer()
            s.route == MnRoute.RESULT -> returnToMenu()
        }
        return true
    }

    /** Waits until no check is running (tests). */
    internal suspend fun awaitCheckEnd() {
        checkJob?.join()
    }

    /** The view-model is going away: a waiting PIN screen is cancelled, every core object freed. */
    fun dispose() {
        disposed = true
        bridge?.cancel()
        cancel?.let { guardedOrNull { it.cancel() } }
        checkJob?.cancel()
        lastTag = null
        closeScanner()
        closeResult()
        mutableState.value = MyNumberUiState()
    }

    // ---- guards -------------------------------------------------------------------------------

    private fun <T> guarded(call: () -> T): T? = try {
        call()
    } catch (t: Throwable) {
        if (t is CancellationException) throw t
        mutableState.update { it.copy(dialog = dialogFor(t)) }
        null
    }

    companion object {
        const val NOT_A_MY_NUMBER_CARD = "not_a_my_number_card"
        private const val MAX_INPUT = 32
        private const val MAX_MATCH = 200
        // One past the core's own limits (face_scan: frames of over 64 lines are ignored, lines of
        // over 200 characters skipped): the copy across the boundary stays small, and a frame or
        // line too long for the core still arrives too long, so the core's rule decides.
        private const val MAX_OCR_LINES = 65
        private const val MAX_OCR_LINE = 201

        /** The typed fields as the core's MatchInput; blank fields are not compared. */
        fun matchInput(m: MatchEntry): MatchInput? = if (m.isEmpty) {
            null
        } else {
            MatchInput(m.name.ifBlank { null }, m.birthDate.ifBlank { null }, m.address.ifBlank { null })
        }

        private fun <T> guardedOrNull(call: () -> T): T? = try {
            call()
        } catch (e: Exception) {
            null
        } catch (e: LinkageError) {
            null
        }

        private fun internalInfo(): ErrorInfo? = guardedOrNull { errorInfo(ShellErrors.INTERNAL) }

        private fun dialogFor(t: Throwable): ErrorInfo? = if (t is ZairyuException) t.info else internalInfo()
    }
}
