// Chip images as the core renders them (PNG at the size asked for), decoded in memory only.
package jp.zairyu.reader.ui

import android.graphics.BitmapFactory
import androidx.compose.runtime.Composable
import androidx.compose.runtime.State
import androidx.compose.runtime.produceState
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.core.ImageSource
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** Largest box asked of the core; it caps sizes at its own card-image limits too. */
private const val MAX_SIDE = 4096

/**
 * The image for `source` fitted into `maxWidth` × `maxHeight` pixels, or null while loading and
 * when the card has none. Scaling and PNG encoding run off the main thread through
 * `ReaderFlow.cardImage`, which holds the result's ResultOwner for the length of the render: the
 * user may leave the result screen meanwhile (the result is then freed after the render, and a
 * render that starts later gets null). Nothing is cached to a file; the bitmap goes with the screen.
 */
@Composable
fun rememberCardImage(flow: ReaderFlow, source: ImageSource, maxWidth: Int, maxHeight: Int): State<ImageBitmap?> =
    produceState<ImageBitmap?>(initialValue = null, flow, source, maxWidth, maxHeight) {
        value = withContext(Dispatchers.Default) {
            val png = flow.cardImage(source, maxWidth.coerceIn(1, MAX_SIDE), maxHeight.coerceIn(1, MAX_SIDE))
            png?.let { BitmapFactory.decodeByteArray(it, 0, it.size)?.asImageBitmap() }
        }
    }
