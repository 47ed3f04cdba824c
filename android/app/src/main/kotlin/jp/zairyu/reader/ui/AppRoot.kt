// Which screen is showing, decided by the flow's state; system back goes through the flow.
package jp.zairyu.reader.ui

import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.core.os.ConfigurationCompat
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import jp.zairyu.android.logic.Lang
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.android.logic.Route
import jp.zairyu.reader.R
import jp.zairyu.reader.camera.CameraScreen

@Composable
fun AppRoot(flow: ReaderFlow) {
    val state by flow.state.collectAsStateWithLifecycle()
    val locale = ConfigurationCompat.getLocales(LocalConfiguration.current)[0]
    val lang = Lang.fromLanguageTag(locale?.toLanguageTag())
    CompositionLocalProvider(LocalLang provides lang) {
        ZairyuTheme {
            Surface(modifier = Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
                val texts = flow.texts
                if (texts == null) {
                    CoreUnavailable()
                    return@Surface
                }
                // Back on number entry (nothing open) leaves the app; everywhere else the flow decides.
                val backHandled = state.route != Route.NUMBER_ENTRY || state.helpPage != null || state.dialog != null
                BackHandler(enabled = backHandled) { flow.onBack() }
                when (state.route) {
                    Route.NUMBER_ENTRY -> {
                        val page = state.helpPage
                        if (page != null) {
                            HelpCarousel(texts.carousel, page, flow::onCarouselGesture)
                        } else {
                            NumberEntryScreen(state, texts.numberEntry, flow)
                        }
                    }
                    Route.CAMERA -> CameraScreen(
                        guidance = texts.numberEntry.cameraGuidance.local(),
                        onLines = flow::onOcrLines,
                        onFailed = flow::onCameraFailed,
                        onClose = flow::closeCamera,
                    )
                    Route.READING -> ReadingScreen(state, texts.hold, flow::onCancelReading)
                    Route.RESULT -> state.result?.let { ResultScreen(it, flow) }
                    Route.VIEWER -> {
                        val viewer = state.viewer
                        val result = state.result
                        if (viewer != null && result != null) ImageViewer(viewer, result, flow)
                    }
                    Route.INQUIRY -> state.result?.let { InquiryScreen(it.revocation, flow::closeInquiry) }
                }
                state.dialog?.let { ErrorDialog(it, flow::onDialogAction, flow::onDialogDismissed) }
            }
        }
    }
}

/** The native core failed to load: nothing can be read, and the core's own texts are missing. */
@Composable
private fun CoreUnavailable() {
    Column(modifier = Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(stringResource(R.string.core_unavailable_title), style = MaterialTheme.typography.headlineSmall)
        Text(stringResource(R.string.core_unavailable_message))
    }
}
