// Which screen is showing, decided by the flow's state; system back goes through the flow.
package jp.zairyu.reader.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.ScrollState
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.zairyu.android.logic.Lang
import jp.zairyu.android.logic.MnRoute
import jp.zairyu.android.logic.MyNumberFlow
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.android.logic.Route
import jp.zairyu.reader.R
import jp.zairyu.reader.camera.CameraScreen
import jp.zairyu.reader.ui.mynumber.MyNumberRoot

@Composable
fun AppRoot(flow: ReaderFlow, myNumber: MyNumberFlow) {
    val state by flow.state.collectAsStateWithLifecycle()
    val mn by myNumber.state.collectAsStateWithLifecycle()
    // One locale source: the language Android picked for our own resources (values-ja or
    // values) also picks the half of every core text, so the two never disagree (for example
    // with a French-then-Japanese locale list, both are Japanese).
    val lang = Lang.fromLanguageTag(stringResource(R.string.core_language))
    CompositionLocalProvider(LocalLang provides lang) {
        ZairyuTheme {
            Surface(modifier = Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
                val texts = flow.texts
                val mnTexts = myNumber.texts
                if (texts == null || mnTexts == null) {
                    CoreUnavailable()
                    return@Surface
                }
                // The start screen and the My Number checks; the residence flow below is
                // unchanged once "residence card" was chosen.
                if (mn.route != MnRoute.RESIDENCE) {
                    MyNumberRoot(mn, mnTexts, texts.hold, myNumber)
                    return@Surface
                }
                // The result screen's scroll position survives the viewer and the inquiry, which
                // replace it on screen (keyed to the result, so a new read starts at the top).
                val resultScroll = rememberSaveable(state.result?.revocation?.cardNumber, saver = ScrollState.Saver) { ScrollState(0) }
                // Back on number entry (nothing open) returns to the start screen; everywhere else
                // the flow decides.
                BackHandler {
                    if (!flow.onBack()) myNumber.returnToStart()
                }
                when (state.route) {
                    // Full-bleed screens pad their own controls; every other one keeps clear of the
                    // status bar, the navigation bar, cut-outs and the keyboard.
                    Route.CAMERA -> CameraScreen(
                        guidance = texts.numberEntry.cameraGuidance.local(),
                        onLines = flow::onOcrLines,
                        onFailed = flow::onCameraFailed,
                        onClose = flow::closeCamera,
                    )
                    Route.VIEWER -> {
                        val viewer = state.viewer
                        val result = state.result
                        if (viewer != null && result != null) ImageViewer(viewer, result, flow)
                    }
                    else -> Box(Modifier.fillMaxSize().safeDrawingPadding()) {
                        when (state.route) {
                            Route.NUMBER_ENTRY -> {
                                val page = state.helpPage
                                if (page != null) {
                                    HelpCarousel(texts.carousel, page, flow::onCarouselGesture)
                                } else {
                                    NumberEntryScreen(state, texts.numberEntry, flow)
                                }
                            }
                            Route.READING -> ReadingScreen(state, texts.hold, flow::onCancelReading)
                            Route.RESULT -> state.result?.let { ResultScreen(it, flow, resultScroll) }
                            Route.INQUIRY -> state.result?.let { InquiryScreen(it.revocation, flow::closeInquiry) }
                            Route.ABOUT -> AboutScreen(flow::closeAbout)
                            Route.CAMERA, Route.VIEWER -> Unit
                        }
                    }
                }
                state.dialog?.let { ErrorDialog(it, flow::onDialogAction, flow::onDialogDismissed) }
            }
        }
    }
}

/** The native core failed to load: nothing can be read, and the core's own texts are missing. */
@Composable
private fun CoreUnavailable() {
    Column(
        modifier = Modifier.safeDrawingPadding().padding(24.dp).testTag(Tags.CORE_UNAVAILABLE),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(stringResource(R.string.core_unavailable_title), style = MaterialTheme.typography.headlineSmall)
        Text(stringResource(R.string.core_unavailable_message))
    }
}
