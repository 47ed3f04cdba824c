// Camera number scan (product.md §4): CameraX preview with a card-shaped guide frame, ML Kit's
// on-device Latin text recognition on each frame, and the core's NumberScanner deciding when
// the number is stable (via ReaderFlow.onOcrLines).
package jp.zairyu.reader.camera

import android.util.Size
import androidx.annotation.OptIn
import androidx.camera.core.CameraSelector
import androidx.camera.core.ExperimentalGetImage
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import androidx.camera.core.Preview
import androidx.camera.core.resolutionselector.AspectRatioStrategy
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Box
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
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.CornerRadius
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.BlendMode
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.CompositingStrategy
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.graphics.graphicsLayer
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.LocalLifecycleOwner
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.text.TextRecognition
import com.google.mlkit.vision.text.TextRecognizer
import com.google.mlkit.vision.text.japanese.JapaneseTextRecognizerOptions
import com.google.mlkit.vision.text.latin.TextRecognizerOptions
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import jp.zairyu.reader.R
import jp.zairyu.reader.ui.Tags

/** ID-1 card proportions (85.60 × 53.98 mm). */
private const val CARD_ASPECT = 85.60f / 53.98f

/**
 * Analysis frames of about 1920×1080: CameraX's default 640×480 leaves the number's characters
 * about 8 px tall inside the guide frame, and ML Kit wants at least 16 px per character. The
 * closest size above, else below, is taken where a camera has no exact match.
 */
private val ANALYSIS_RESOLUTION = ResolutionSelector.Builder()
    .setAspectRatioStrategy(AspectRatioStrategy.RATIO_16_9_FALLBACK_AUTO_STRATEGY)
    .setResolutionStrategy(ResolutionStrategy(Size(1920, 1080), ResolutionStrategy.FALLBACK_RULE_CLOSEST_HIGHER_THEN_LOWER))
    .build()

/**
 * `japanese`: the My Number card face (birth date in era years and 年月日) needs ML Kit's
 * Japanese model, which reads Latin as well; the residence card number needs only Latin.
 */
@Composable
fun CameraScreen(
    guidance: String,
    onLines: (List<String>) -> Unit,
    onFailed: () -> Unit,
    onClose: () -> Unit,
    japanese: Boolean = false,
) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    val previewView = remember {
        PreviewView(context).apply { scaleType = PreviewView.ScaleType.FILL_CENTER }
    }
    DisposableEffect(lifecycleOwner, japanese) {
        val executor = Executors.newSingleThreadExecutor()
        val recognizer = if (japanese) {
            TextRecognition.getClient(JapaneseTextRecognizerOptions.Builder().build())
        } else {
            TextRecognition.getClient(TextRecognizerOptions.DEFAULT_OPTIONS)
        }
        val future = ProcessCameraProvider.getInstance(context)
        var provider: ProcessCameraProvider? = null
        // Main thread only (the listener runs on the main executor): the screen may be gone
        // (rotated, closed) before the provider is ready, and must then not start the camera,
        // which would stay on with the privacy indicator lit.
        var disposed = false
        future.addListener(
            {
                if (disposed) return@addListener
                try {
                    val p = future.get()
                    provider = p
                    val preview = Preview.Builder().build()
                    preview.setSurfaceProvider(previewView.surfaceProvider)
                    val analysis = ImageAnalysis.Builder()
                        .setResolutionSelector(ANALYSIS_RESOLUTION)
                        .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                        .build()
                    analysis.setAnalyzer(executor, TextAnalyzer(recognizer, onLines, onFailed))
                    p.unbindAll()
                    p.bindToLifecycle(lifecycleOwner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
                } catch (e: Exception) {
                    // No back camera, camera in use, or CameraX could not start.
                    onFailed()
                }
            },
            ContextCompat.getMainExecutor(context),
        )
        onDispose {
            disposed = true
            provider?.unbindAll()
            recognizer.close()
            executor.shutdown()
        }
    }
    val previewDescription = stringResource(R.string.camera_preview)
    Box(modifier = Modifier.fillMaxSize().testTag(Tags.CAMERA_SCREEN)) {
        AndroidView(
            factory = { previewView },
            modifier = Modifier
                .fillMaxSize()
                .semantics { contentDescription = previewDescription },
        )
        GuideFrame()
        Text(
            guidance,
            color = Color.White,
            style = MaterialTheme.typography.titleMedium,
            modifier = Modifier
                .align(Alignment.BottomCenter)
                .fillMaxWidth()
                .background(Color.Black.copy(alpha = 0.6f))
                .safeDrawingPadding()
                .padding(16.dp),
        )
        FilledTonalIconButton(
            onClick = onClose,
            modifier = Modifier
                .align(Alignment.TopEnd)
                .safeDrawingPadding()
                .padding(16.dp),
        ) {
            Icon(Icons.Filled.Close, contentDescription = stringResource(R.string.camera_close))
        }
    }
}

/** Darkens everything but a card-shaped window in the middle, and outlines it. */
@Composable
private fun GuideFrame() {
    Canvas(
        modifier = Modifier
            .fillMaxSize()
            .graphicsLayer { compositingStrategy = CompositingStrategy.Offscreen },
    ) {
        val width = size.width * 0.88f
        val height = width / CARD_ASPECT
        val topLeft = Offset((size.width - width) / 2f, (size.height - height) / 2f)
        val radius = CornerRadius(width * 0.04f)
        drawRect(Color.Black.copy(alpha = 0.55f))
        drawRoundRect(Color.Transparent, topLeft, Size(width, height), radius, blendMode = BlendMode.Clear)
        drawRoundRect(Color.White, topLeft, Size(width, height), radius, style = Stroke(width = 3.dp.toPx()))
    }
}

/**
 * One ML Kit pass per frame (older frames are dropped while one runs). Lines go to the core as
 * text; nothing is saved. Three failures in a row end the scan with the core's
 * camera_scan_failed dialog.
 */
private class TextAnalyzer(
    private val recognizer: TextRecognizer,
    private val onLines: (List<String>) -> Unit,
    private val onFailed: () -> Unit,
) : ImageAnalysis.Analyzer {
    private val failures = AtomicInteger(0)

    @OptIn(ExperimentalGetImage::class)
    override fun analyze(proxy: ImageProxy) {
        val media = proxy.image
        if (media == null) {
            proxy.close()
            return
        }
        val input = InputImage.fromMediaImage(media, proxy.imageInfo.rotationDegrees)
        recognizer.process(input)
            .addOnSuccessListener { text ->
                failures.set(0)
                onLines(text.textBlocks.flatMap { block -> block.lines.map { it.text } })
            }
            .addOnFailureListener {
                if (failures.incrementAndGet() >= MAX_FAILURES) onFailed()
            }
            .addOnCompleteListener { proxy.close() }
    }

    private companion object {
        const val MAX_FAILURES = 3
    }
}
