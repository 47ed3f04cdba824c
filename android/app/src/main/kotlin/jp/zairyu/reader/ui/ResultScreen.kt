// The result screen (product.md §7): headline, both indicators, the validity check, card
// images and every section, exactly as the core's presentation model lists them.
package jp.zairyu.reader.ui

import androidx.compose.foundation.Image
import androidx.compose.foundation.ScrollState
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.CheckCircle
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Warning
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.core.HeadlineKind
import jp.zairyu.core.ImageView
import jp.zairyu.core.Indicator
import jp.zairyu.core.IndicatorState
import jp.zairyu.core.ResultScreen as ResultModel
import jp.zairyu.core.Section

/** `scroll` is kept by the caller, so the position survives the viewer and the inquiry. */
@Composable
fun ResultScreen(screen: ResultModel, flow: ReaderFlow, scroll: ScrollState) {
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(scroll)
            .padding(20.dp)
            .testTag(Tags.RESULT),
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        BilingualTitle(screen.title, MaterialTheme.typography.headlineSmall)
        screen.testAnchorNotice?.let { notice ->
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer)) {
                Text(notice.local(), modifier = Modifier.padding(12.dp), style = MaterialTheme.typography.titleSmall)
            }
        }
        // Through the app's effect, like the dialogs' links: no crash on a phone without a browser.
        Headline(screen, onLink = flow::openLink)
        for (indicator in screen.indicators) IndicatorCard(indicator)
        OutlinedButton(onClick = flow::openInquiry, modifier = Modifier.fillMaxWidth().testTag(Tags.VALIDITY)) {
            Text(screen.revocation.buttonLabel.local())
        }
        CardImages(screen.images, flow)
        for (section in screen.sections) SectionCard(section)
        Button(onClick = flow::returnToTop, modifier = Modifier.fillMaxWidth().testTag(Tags.RETURN_TO_TOP)) {
            Text(screen.returnToTop.local())
        }
    }
}

@Composable
private fun Headline(screen: ResultModel, onLink: (String) -> Unit) {
    val colors = LocalStatusColors.current
    val h = screen.headline
    val (icon, tint) = when (h.kind) {
        HeadlineKind.NORMAL -> Icons.Filled.CheckCircle to colors.pass
        HeadlineKind.ABNORMAL -> Icons.Filled.Warning to colors.fail
        HeadlineKind.YOUNG_HOLDER -> Icons.Filled.Info to colors.neutral
    }
    Column(modifier = Modifier.testTag(Tags.headline(h.kind.name)), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            // The words carry the meaning; the icon repeats it.
            Icon(icon, contentDescription = null, tint = tint, modifier = Modifier.size(32.dp))
            BilingualTitle(h.text, MaterialTheme.typography.titleLarge, modifier = Modifier.padding(start = 8.dp))
        }
        h.detail?.let { Text(it.local()) }
        h.action?.let { action -> TextButton(onClick = { onLink(action.url) }) { Text(action.label.local()) } }
    }
}

@Composable
private fun IndicatorCard(indicator: Indicator) {
    val colors = LocalStatusColors.current
    val (icon, tint) = when (indicator.state) {
        IndicatorState.PASSED -> Icons.Filled.CheckCircle to colors.pass
        IndicatorState.FAILED -> Icons.Filled.Warning to colors.fail
        IndicatorState.NOT_CHECKED -> Icons.Filled.Info to colors.neutral
    }
    val spoken = indicator.accessibility.local()
    Card(
        modifier = Modifier
            .fillMaxWidth()
            .testTag(Tags.indicator(indicator.check.name, indicator.state.name))
            .semantics(mergeDescendants = true) { contentDescription = spoken },
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            BilingualTitle(indicator.label, MaterialTheme.typography.titleSmall)
            Row(verticalAlignment = Alignment.CenterVertically) {
                Icon(icon, contentDescription = null, tint = tint)
                Text(indicator.status.local(), color = tint, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(start = 8.dp))
            }
            Text(indicator.detail.local(), style = MaterialTheme.typography.bodySmall)
        }
    }
}

@Composable
private fun CardImages(images: List<ImageView>, flow: ReaderFlow) {
    // The main image (the card face) first and full width; the others (face photo, name or
    // address images) below it.
    for (image in images.sortedByDescending { it.main }) {
        val spoken = image.accessibility.local()
        if (!image.decoded) {
            image.placeholder?.let { Text(it.local(), style = MaterialTheme.typography.bodySmall) }
        } else {
            CardImage(image, spoken, flow)
        }
    }
}

@Composable
private fun CardImage(image: ImageView, spoken: String, flow: ReaderFlow) {
    BoxWithConstraints(modifier = Modifier.fillMaxWidth(if (image.main) 1f else 0.5f)) {
        val widthPx = constraints.maxWidth
        val bitmap by rememberCardImage(flow, image.source, widthPx, widthPx)
        bitmap?.let { bmp ->
            Image(
                bitmap = bmp,
                contentDescription = spoken,
                contentScale = ContentScale.FillWidth,
                modifier = Modifier
                    .fillMaxWidth()
                    .testTag(Tags.cardImage(image.source.name))
                    .clickable {
                        // The viewer measures itself and corrects the sizes on its first layout.
                        flow.openViewer(image.source, 0.0, 0.0, 0.0, 0.0)
                    },
            )
        }
    }
}

@Composable
private fun SectionCard(section: Section) {
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        HorizontalDivider()
        BilingualTitle(section.title, MaterialTheme.typography.titleMedium)
        section.notice?.let { Text(it.local(), style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.secondary) }
        var lastEntry: UInt? = null
        for (row in section.rows) {
            val entry = row.entry
            if (entry != null && entry != lastEntry) {
                Text("($entry)", style = MaterialTheme.typography.labelLarge, color = Color.Unspecified)
                lastEntry = entry
            }
            Column(modifier = Modifier.semantics(mergeDescendants = true) {}) {
                Text(row.label.local(), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.secondary)
                Text(row.value.local(), style = MaterialTheme.typography.bodyLarge)
            }
        }
    }
}
