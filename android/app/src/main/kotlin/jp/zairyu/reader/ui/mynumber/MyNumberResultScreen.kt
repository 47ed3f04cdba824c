// The result of a My Number check, as the core's MyNumberScreen lists it: verdict, indicators,
// holder rows and match rows, the masked 個人番号, the revocation note, and the card images with
// the zoom viewer.
package jp.zairyu.reader.ui.mynumber

import android.graphics.BitmapFactory
import androidx.compose.foundation.Image
import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.gestures.detectTapGestures
import androidx.compose.foundation.gestures.detectTransformGestures
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.CheckCircle
import androidx.compose.material.icons.filled.Close
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.FilledTonalIconButton
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.State
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.graphics.graphicsLayer
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.semantics.stateDescription
import androidx.compose.ui.unit.dp
import java.util.Locale
import jp.zairyu.android.logic.MnViewer
import jp.zairyu.android.logic.MyNumberFlow
import jp.zairyu.core.MnIndicator
import jp.zairyu.core.MyNumberImage
import jp.zairyu.core.MyNumberScreen
import jp.zairyu.core.Verdict
import jp.zairyu.reader.R
import jp.zairyu.reader.ui.BilingualTitle
import jp.zairyu.reader.ui.LocalStatusColors
import jp.zairyu.reader.ui.Tags
import jp.zairyu.reader.ui.local
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

@Composable
fun MyNumberResultScreen(screen: MyNumberScreen, flow: MyNumberFlow) {
    val colors = LocalStatusColors.current
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(20.dp)
            .testTag(Tags.MN_RESULT),
        verticalArrangement = Arrangement.spacedBy(14.dp),
    ) {
        BilingualTitle(screen.title, MaterialTheme.typography.headlineSmall)
        Text(screen.kindText.local(), style = MaterialTheme.typography.titleSmall)
        screen.testAnchorNotice?.let { notice ->
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer)) {
                Text(notice.local(), modifier = Modifier.padding(12.dp), style = MaterialTheme.typography.titleSmall)
            }
        }
        val (icon, tint) = when (screen.verdict) {
            Verdict.NORMAL -> Icons.Filled.CheckCircle to colors.pass
            Verdict.ABNORMAL -> Icons.Filled.Warning to colors.fail
            Verdict.YOUNG_HOLDER -> Icons.Filled.Info to colors.neutral
        }
        Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.testTag(Tags.mnVerdict(screen.verdict.name))) {
            Icon(icon, contentDescription = null, tint = tint, modifier = Modifier.size(32.dp))
            BilingualTitle(screen.headline, MaterialTheme.typography.titleLarge, modifier = Modifier.padding(start = 8.dp))
        }
        screen.indicators.forEachIndexed { index, indicator -> IndicatorCard(index, indicator) }
        screen.mismatch?.let {
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer), modifier = Modifier.fillMaxWidth().testTag(Tags.MN_MISMATCH)) {
                Text(it.local(), modifier = Modifier.padding(12.dp))
            }
        }
        screen.revocationNote?.let {
            // "Revocation not checked", stated plainly.
            Text(it.local(), style = MaterialTheme.typography.titleSmall, modifier = Modifier.testTag(Tags.MN_REVOCATION_NOTE))
        }
        for (image in screen.images) ResultImage(image, flow)
        screen.individualNumber?.let { row ->
            // The operator turned the setting on; masked until tapped, and tapping again hides it.
            Column(
                modifier = Modifier
                    .fillMaxWidth()
                    .clickable { flow.toggleIndividualNumber() }
                    .testTag(Tags.MN_INDIVIDUAL_NUMBER)
                    .semantics(mergeDescendants = true) {},
            ) {
                Text(row.label.local(), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.secondary)
                Text(row.value, style = MaterialTheme.typography.bodyLarge)
                Text(
                    stringResource(if (row.revealed) R.string.mn_hide_hint else R.string.mn_reveal_hint),
                    style = MaterialTheme.typography.bodySmall,
                    color = MaterialTheme.colorScheme.secondary,
                )
            }
        }
        HorizontalDivider()
        screen.rows.forEachIndexed { index, row ->
            Column(modifier = Modifier.testTag(Tags.mnRow(index)).semantics(mergeDescendants = true) {}) {
                Text(row.label.local(), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.secondary)
                Text(row.value.local(), style = MaterialTheme.typography.bodyLarge)
            }
        }
        Button(onClick = flow::returnToMenu, modifier = Modifier.fillMaxWidth().testTag(Tags.MN_BACK_TO_MENU)) {
            Text(stringResource(R.string.mn_back_to_menu))
        }
    }
}

@Composable
private fun IndicatorCard(index: Int, indicator: MnIndicator) {
    val colors = LocalStatusColors.current
    // The state's name carries the meaning (the core's enum); the colour and icon repeat it.
    val state = indicator.state.toString()
    val (icon, tint) = when {
        state in GOOD -> Icons.Filled.CheckCircle to colors.pass
        state in BAD -> Icons.Filled.Warning to colors.fail
        else -> Icons.Filled.Info to colors.neutral
    }
    Card(modifier = Modifier.fillMaxWidth().testTag(Tags.mnIndicator(index, state)).semantics(mergeDescendants = true) {}) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            BilingualTitle(indicator.label, MaterialTheme.typography.titleSmall)
            Row(verticalAlignment = Alignment.CenterVertically) {
                Icon(icon, contentDescription = null, tint = tint)
                Text(indicator.text.local(), color = tint, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(start = 8.dp))
            }
        }
    }
}

private val GOOD = setOf("OK", "PASSED", "VALID")
private val BAD = setOf("FAILED", "EXPIRED", "NOT_YET_VALID")

/** The PNG the core renders for `which`, decoded in memory off the main thread; null while loading or absent. */
@Composable
private fun rememberMnImage(flow: MyNumberFlow, which: MyNumberImage, maxWidth: Int, maxHeight: Int): State<ImageBitmap?> =
    produceState<ImageBitmap?>(initialValue = null, flow, which, maxWidth, maxHeight) {
        value = withContext(Dispatchers.Default) {
            val png = flow.image(which, maxWidth.coerceIn(1, MAX_SIDE), maxHeight.coerceIn(1, MAX_SIDE))
            png?.let { BitmapFactory.decodeByteArray(it, 0, it.size)?.asImageBitmap() }
        }
    }

private const val MAX_SIDE = 4096

@Composable
private fun ResultImage(which: MyNumberImage, flow: MyNumberFlow) {
    BoxWithConstraints(modifier = Modifier.fillMaxWidth(if (which == MyNumberImage.PHOTO) 0.5f else 1f)) {
        val widthPx = constraints.maxWidth
        val bitmap by rememberMnImage(flow, which, widthPx, widthPx)
        val spoken = stringResource(R.string.mn_image_viewer_open)
        bitmap?.let { bmp ->
            Image(
                bitmap = bmp,
                contentDescription = spoken,
                contentScale = ContentScale.FillWidth,
                modifier = Modifier
                    .fillMaxWidth()
                    .testTag(Tags.mnImage(which.name))
                    // The viewer measures itself and corrects the sizes on its first layout.
                    .clickable { flow.openViewer(which, 0.0, 0.0, 0.0, 0.0) },
            )
        }
    }
}

/** The zoom viewer for a My Number image: the core's ZoomController decides, as for the residence card. */
@Composable
fun MyNumberImageViewer(viewer: MnViewer, flow: MyNumberFlow) {
    Box(modifier = Modifier.fillMaxSize().background(Color.Black).testTag(Tags.VIEWER)) {
        BoxWithConstraints(modifier = Modifier.fillMaxSize()) {
            val vw = constraints.maxWidth.toFloat()
            val vh = constraints.maxHeight.toFloat()
            val bitmap by rememberMnImage(flow, viewer.image, vw.toInt(), vh.toInt())
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
                    contentDescription = null,
                    contentScale = ContentScale.Fit,
                    modifier = Modifier
                        .fillMaxSize()
                        .testTag(Tags.VIEWER_IMAGE)
                        .semantics { stateDescription = zoomText }
                        .pointerInput(Unit) { detectTapGestures(onDoubleTap = { flow.onDoubleTap() }) }
                        .pointerInput(Unit) {
                            detectTransformGestures { centroid, pan, zoom, _ ->
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
            modifier = Modifier.align(Alignment.TopEnd).safeDrawingPadding().padding(16.dp).testTag(Tags.VIEWER_CLOSE),
        ) { Icon(Icons.Filled.Close, contentDescription = stringResource(R.string.viewer_close)) }
        Text(
            stringResource(R.string.viewer_hint),
            color = Color.White,
            style = MaterialTheme.typography.bodySmall,
            modifier = Modifier.align(Alignment.BottomCenter).fillMaxWidth().background(Color.Black.copy(alpha = 0.6f)).safeDrawingPadding().padding(12.dp),
        )
    }
}
