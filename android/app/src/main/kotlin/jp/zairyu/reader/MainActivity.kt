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
import android.view.View
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
import jp.zairyu.android.logic.MnRoute
import jp.zairyu.reader.nfc.AndroidNfcStatus
import jp.zairyu.reader.nfc.NfcReader
import jp.zairyu.reader.ui.AppRoot
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch

class MainActivity : ComponentActivity() {
    private val viewModel: ReaderViewModel by viewModels()
    private lateinit var nfcReader: NfcReader

    private val cameraPermission = registerForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        // The camera belongs to whichever section asked: the My Number in-person inputs, or the
        // residence card number.
        val mn = viewModel.myNumber
        if (mn.state.value.route == MnRoute.ENTRY) mn.onCameraPermissionResult(granted) else viewModel.flow.onCameraPermissionResult(granted)
    }

    /** NFC switched off (or on) in the quick settings while a read waits: the flow decides. */
    private val nfcStateReceiver = object : BroadcastReceiver() {
        override fun onReceive(context: Context, intent: Intent) {
            if (intent.action == NfcAdapter.ACTION_ADAPTER_STATE_CHANGED) {
                val nfcState = AndroidNfcStatus(context).state()
                viewModel.flow.onNfcStateChanged(nfcState)
                viewModel.myNumber.onNfcStateChanged(nfcState)
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
        nfcReader = NfcReader(this, listOf(viewModel.flow, viewModel.myNumber))
        val state = viewModel.flow.state
        val myNumberState = viewModel.myNumber.state

        lifecycleScope.launch {
            // FLAG_SECURE from the first frame that shows card data, the number or the camera:
            // no screenshots, no recordings, a blank task-switcher thumbnail.
            // Every My Number screen is secure (PINs, card-face inputs, results).
            combine(state, myNumberState) { r, m -> m.secure || r.showsCardData }.distinctUntilChanged().collect { secure ->
                if (secure) {
                    window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
                } else {
                    window.clearFlags(WindowManager.LayoutParams.FLAG_SECURE)
                }
            }
        }
        lifecycleScope.launch {
            // No autofill service is offered the My Number screens (PINs, card-face inputs,
            // match fields): the whole window is excluded while one shows (API 26+; older
            // versions have no autofill framework).
            myNumberState.map { it.secure }.distinctUntilChanged().collect { secure ->
                if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.O) {
                    window.decorView.importantForAutofill = if (secure) {
                        View.IMPORTANT_FOR_AUTOFILL_NO_EXCLUDE_DESCENDANTS
                    } else {
                        View.IMPORTANT_FOR_AUTOFILL_AUTO
                    }
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
                    combine(state, myNumberState) { r, m -> r.keepScreenOn || m.keepScreenOn }.distinctUntilChanged().collect { awake ->
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
                    viewModel.myNumber.onReaderModeOff()
                    window.clearFlags(WindowManager.LayoutParams.FLAG_KEEP_SCREEN_ON)
                }
            }
        }
        lifecycleScope.launch {
            repeatOnLifecycle(Lifecycle.State.STARTED) {
                viewModel.effects.collect { perform(it) }
            }
        }

        setContent { AppRoot(viewModel.flow, viewModel.myNumber) }
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
