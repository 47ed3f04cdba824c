// The only activity: hosts the Compose screens, reader mode, FLAG_SECURE and the effects.
package jp.zairyu.reader

import android.Manifest
import android.content.ActivityNotFoundException
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.os.Bundle
import android.provider.Settings
import android.view.HapticFeedbackConstants
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.lifecycleScope
import androidx.lifecycle.repeatOnLifecycle
import jp.zairyu.android.logic.Effect
import jp.zairyu.reader.nfc.NfcReader
import jp.zairyu.reader.ui.AppRoot
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch

class MainActivity : ComponentActivity() {
    private val viewModel: ReaderViewModel by viewModels()
    private lateinit var nfcReader: NfcReader

    private val cameraPermission = registerForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        viewModel.flow.onCameraPermissionResult(granted)
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        nfcReader = NfcReader(this, viewModel.flow)
        val state = viewModel.flow.state

        lifecycleScope.launch {
            // FLAG_SECURE from the first frame that shows card data, the number or the camera:
            // no screenshots, no recordings, a blank task-switcher thumbnail.
            state.map { it.showsCardData }.distinctUntilChanged().collect { secure ->
                if (secure) {
                    window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
                } else {
                    window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
                }
            }
        }
        lifecycleScope.launch {
            repeatOnLifecycle(Lifecycle.State.RESUMED) {
                try {
                    state.map { it.nfcListening }.distinctUntilChanged().collect { listening ->
                        nfcReader.update(listening)
                        // The card must stay still until the result: the screen must not sleep.
                        if (listening) {
                            window.addFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                        } else {
                            window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                        }
                    }
                } finally {
                    // Paused: reader mode belongs to the foreground activity only.
                    nfcReader.update(false)
                }
            }
        }
        lifecycleScope.launch {
            repeatOnLifecycle(Lifecycle.State.STARTED) {
                viewModel.effects.collect { perform(it) }
            }
        }

        setContent { AppRoot(viewModel.flow) }
    }

    private fun perform(effect: Effect) {
        when (effect) {
            Effect.OpenNfcSettings -> startFirst(Intent(Settings.ACTION_NFC_SETTINGS), Intent(Settings.ACTION_WIRELESS_SETTINGS))
            Effect.OpenAppSettings -> startFirst(Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", packageName, null)))
            Effect.RequestCameraPermission -> cameraPermission.launch(Manifest.permission.CAMERA)
            is Effect.OpenUrl -> if (effect.url.startsWith("https://")) startFirst(Intent(Intent.ACTION_VIEW, Uri.parse(effect.url)))
            Effect.HapticSuccess -> haptic(success = true)
            Effect.HapticFailure -> haptic(success = false)
        }
    }

    private fun startFirst(vararg intents: Intent) {
        for (intent in intents) {
            try {
                startActivity(intent)
                return
            } catch (e: ActivityNotFoundException) {
                // Some phones lack the specific settings screen; try the next one.
            }
        }
    }

    private fun haptic(success: Boolean) {
        val constant = when {
            Build.VERSION.SDK_INT >= Build.VERSION_CODES.R && success -> HapticFeedbackConstants.CONFIRM
            Build.VERSION.SDK_INT >= Build.VERSION_CODES.R -> HapticFeedbackConstants.REJECT
            else -> HapticFeedbackConstants.LONG_PRESS
        }
        window.decorView.performHapticFeedback(constant)
    }
}
