// The number-position help (product.md §5): three pages whose swipes and close gestures are
// decided by the core's CarouselController, so Android and iOS follow the same rules.
package jp.zairyu.reader.ui

import android.annotation.SuppressLint
import androidx.compose.foundation.Image
import androidx.compose.foundation.gestures.detectHorizontalDragGestures
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Close
import androidx.compose.material3.Button
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.CustomAccessibilityAction
import androidx.compose.ui.semantics.customActions
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import jp.zairyu.android.logic.Illustrations
import jp.zairyu.core.Carousel
import jp.zairyu.core.CarouselGesture
import jp.zairyu.reader.R

/** A drag shorter than this (in pixels) is not a swipe. */
private const val SWIPE_THRESHOLD_PX = 80f

@Composable
fun HelpCarousel(carousel: Carousel, page: Int, onGesture: (CarouselGesture) -> Unit) {
    val current = carousel.pages.getOrNull(page) ?: return
    var dragged = 0f
    val nextPage = stringResource(R.string.carousel_next)
    val previousPage = stringResource(R.string.carousel_previous)
    Column(
        modifier = Modifier
            .fillMaxSize()
            .testTag(Tags.CAROUSEL)
            .pointerInput(Unit) {
                detectHorizontalDragGestures(
                    onDragStart = { dragged = 0f },
                    onDragEnd = {
                        when {
                            dragged <= -SWIPE_THRESHOLD_PX -> onGesture(CarouselGesture.SWIPE_LEFT)
                            dragged >= SWIPE_THRESHOLD_PX -> onGesture(CarouselGesture.SWIPE_RIGHT)
                        }
                    },
                    onHorizontalDrag = { _, amount -> dragged += amount },
                )
            }
            // TalkBack users cannot swipe the page: the same moves as accessibility actions.
            .semantics {
                customActions = listOf(
                    CustomAccessibilityAction(nextPage) { onGesture(CarouselGesture.SWIPE_LEFT); true },
                    CustomAccessibilityAction(previousPage) { onGesture(CarouselGesture.SWIPE_RIGHT); true },
                )
            }
            .verticalScroll(rememberScrollState())
            .padding(20.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            BilingualTitle(carousel.title, MaterialTheme.typography.titleLarge, modifier = Modifier.weight(1f))
            IconButton(onClick = { onGesture(CarouselGesture.CLOSE_ICON) }, modifier = Modifier.testTag(Tags.CAROUSEL_CLOSE_ICON)) {
                Icon(Icons.Filled.Close, contentDescription = carousel.closeIconAccessibility.local())
            }
        }
        Column(modifier = Modifier.testTag(Tags.carouselPage(page)), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            Text(current.title.local(), style = MaterialTheme.typography.titleMedium)
            Illustration(current.illustrationId, current.accessibility.local())
            Text(current.caption.local())
            Text("${page + 1} / ${carousel.pages.size}", style = MaterialTheme.typography.bodySmall)
        }
        Spacer(Modifier.padding(4.dp))
        Button(
            onClick = { onGesture(CarouselGesture.CLOSE_BUTTON) },
            modifier = Modifier
                .fillMaxWidth()
                .testTag(Tags.CAROUSEL_CLOSE_BUTTON),
        ) { Text(carousel.closeButton.local()) }
    }
}

/** The shared schematic drawing for a page (design/illustrations → res/drawable). */
@SuppressLint("DiscouragedApi")
@Composable
private fun Illustration(illustrationId: String, description: String) {
    val context = LocalContext.current
    val name = Illustrations.drawableName(illustrationId) ?: return
    // Looked up by name because the core names the drawing; the three names are fixed and kept
    // by R8's resource shrinker through res/raw/keep.xml.
    val id = context.resources.getIdentifier(name, "drawable", context.packageName)
    if (id == 0) return
    Image(
        painter = painterResource(id),
        contentDescription = description,
        modifier = Modifier
            .fillMaxWidth()
            .aspectRatio(856f / 540f),
    )
}
