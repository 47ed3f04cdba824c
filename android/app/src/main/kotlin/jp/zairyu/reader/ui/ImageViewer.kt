// The enlarged image viewer (product.md §10). Pinch 1.0×–5.0×, the double-tap rule and the pan
// limits are the core's ZoomController's; this screen only feeds it gestures and draws its state.
package jp.zairyu.reader.ui

import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.gestures.detectTapGestures
import androidx.compose.foundation.gestures.detectTransformGestures
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Close
import androidx.compose.material3.FilledTonalIconButton
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.graphicsLayer
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.ui.unit.dp
import java.util.Locale
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.android.logic.ViewerState
import jp.zairyu.core.ResultScreen as ResultModel
import jp.zairyu.reader.R

@Composable
fun ImageViewer(viewer: ViewerState, result: ResultModel, flow: ReaderFlow) {
    val view = result.images.firstOrNull { it.source == viewer.source }
    Box(
        modifier = Modifier
            .fillMaxSize()
            .background(Color.Black)
            .testTag(Tags.VIEWER),
    ) {
        BoxWithConstraints(modifier = Modifier.fillMaxSize()) {
            val vw = constraints.maxWidth.toFloat()
            val vh = constraints.maxHeight.toFloat()
            // The viewport's own pixels, not more: the core scales up when asked for more than
            // the chip image has, which only costs memory (the GPU scales the layer when zoomed).
            val bitmap by rememberCardImage(flow, viewer.source, vw.toInt(), vh.toInt())
            bitmap?.let { bmp ->
                val fit = minOf(vw / bmp.width, vh / bmp.height)
                val contentWidth = bmp.width * fit
                val contentHeight = bmp.height * fit
                LaunchedEffect(vw, vh, contentWidth, contentHeight) {
                    flow.onViewerResize(vw.toDouble(), vh.toDouble(), contentWidth.toDouble(), contentHeight.toDouble())
                }
                val zoomText = stringResource(R.string.viewer_zoom_state, String.format(Locale.ROOT, "%.1f", viewer.scale))
                Image(
                    bitmap = bmp,
                    contentDescription = view?.accessibility?.local(),
                    contentScale = ContentScale.Fit,
                    modifier = Modifier
                        .fillMaxSize()
                        .testTag(Tags.VIEWER_IMAGE)
                        .semantics { stateDescription = zoomText }
                        .pointerInput(Unit) { detectTapGestures(onDoubleTap = { flow.onDoubleTap() }) }
                        .pointerInput(Unit) {
                            detectTransformGestures { centroid, pan, zoom, _ ->
                                // The core's controller works from the viewport's centre.
                                if (zoom != 1f) flow.onPinch(zoom.toDouble(), (centroid.x - vw / 2).toDouble(), (centroid.y - vh / 2).toDouble())
                                if (pan != Offset.Zero) flow.onPan(pan.x.toDouble(), pan.y.toDouble())
                            }
                        }
                        .graphicsLayer {
                            scaleX = viewer.scale.toFloat()
                            scaleY = viewer.scale.toFloat()
                            translationX = viewer.offsetX.toFloat()
                            translationY = viewer.offsetY.toFloat()
                        },
                )
            }
        }
        FilledTonalIconButton(
            onClick = flow::closeViewer,
            modifier = Modifier
                .align(Alignment.TopEnd)
                .safeDrawingPadding()
                .padding(16.dp)
                .testTag(Tags.VIEWER_CLOSE),
        ) {
            Icon(Icons.Filled.Close, contentDescription = stringResource(R.string.viewer_close))
        }
        Text(
            stringResource(R.string.viewer_hint),
            color = Color.White,
            style = MaterialTheme.typography.bodySmall,
            modifier = Modifier
                .align(Alignment.BottomCenter)
                .fillMaxWidth()
                .background(Color.Black.copy(alpha = 0.6f))
                .safeDrawingPadding()
                .padding(12.dp),
        )
    }
}
