// The only activity: hosts the Compose screens, reader mode, FLAG_SECURE and the effects.
package jp.zairyu.reader

import android.Manifest
import android.content.ActivityNotFoundException
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.graphics.Color
import android.nfc.NfcAdapter
import android.net.Uri
import android.os.Build
import android.os.Bundle
import android.provider.Settings
import android.view.HapticFeedbackConstants
import android.view.WindowManager
import androidx.activity.ComponentActivity
import androidx.activity.SystemBarStyle
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.lifecycleScope
import androidx.lifecycle.repeatOnLifecycle
import jp.zairyu.android.logic.Effect
import jp.zairyu.reader.nfc.AndroidNfcStatus
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

    /** NFC switched off (or on) in the quick settings while a read waits: the flow decides. */
    private val nfcStateReceiver = object : BroadcastReceiver() {
        override fun onReceive(context: Context, intent: Intent) {
            if (intent.action == NfcAdapter.ACTION_ADAPTER_STATE_CHANGED) {
                viewModel.flow.onNfcStateChanged(AndroidNfcStatus(context).state())
            }
        }
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        // Edge to edge on every Android version (Android 15+ enforces it for targetSdk 35+); the
        // screens pad themselves with the safe-drawing insets. `auto`: dark status-bar icons on
        // the light theme, light icons on the dark one.
        enableEdgeToEdge(
            statusBarStyle = SystemBarStyle.auto(Color.TRANSPARENT, Color.TRANSPARENT),
            navigationBarStyle = SystemBarStyle.auto(LIGHT_SCRIM, DARK_SCRIM),
        )
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
                // Reader mode for as long as the app is in front, not only while a read waits:
                // Android announces a card once while it stays on the phone, and the flow keeps
                // it for the next read (a retry with the card still in place).
                nfcReader.update(true)
                try {
                    // The card must stay still until the result: the screen must not sleep, for a
                    // limited time while waiting (the flow's keepScreenOn).
                    state.map { it.keepScreenOn }.distinctUntilChanged().collect { awake ->
                        if (awake) {
                            window.addFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                        } else {
                            window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                        }
                    }
                } finally {
                    // Paused: reader mode belongs to the foreground activity only.
                    nfcReader.update(false)
                    viewModel.flow.onReaderModeOff()
                    window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
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

    override fun onStart() {
        super.onStart()
        // Sent by the NFC service, which is not the system server: some devices drop such broadcasts
        // for RECEIVER_NOT_EXPORTED receivers. The action is a protected broadcast (only the
        // platform may send it), so exporting the receiver lets no other app reach it.
        ContextCompat.registerReceiver(
            this,
            nfcStateReceiver,
            IntentFilter(NfcAdapter.ACTION_ADAPTER_STATE_CHANGED),
            ContextCompat.RECEIVER_EXPORTED,
        )
    }

    override fun onStop() {
        unregisterReceiver(nfcStateReceiver)
        super.onStop()
    }

    private fun perform(effect: Effect) {
        when (effect) {
            Effect.OpenNfcSettings -> startFirst(Intent(Settings.ACTION_NFC_SETTINGS), Intent(Settings.ACTION_WIRELESS_SETTINGS))
            Effect.OpenAppSettings -> startFirst(Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", packageName, null)))
            Effect.RequestCameraPermission -> cameraPermission.launch(Manifest.permission.CAMERA)
            // No browser installed: nothing happens instead of a crash (startFirst).
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

    private companion object {
        /** The 3-button navigation bar's scrim before API 29 (the platform's own defaults). */
        val LIGHT_SCRIM = Color.argb(0xe6, 0xFF, 0xFF, 0xFF)
        val DARK_SCRIM = Color.argb(0x80, 0x1b, 0x1b, 0x1b)
    }
}
