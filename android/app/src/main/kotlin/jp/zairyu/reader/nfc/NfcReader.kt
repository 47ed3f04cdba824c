// Reader mode for ISO 14443 Type B (residence cards) and A, on while the activity is resumed.
package jp.zairyu.reader.nfc

import android.app.Activity
import android.content.Context
import android.content.pm.PackageManager
import android.nfc.NfcAdapter
import android.nfc.Tag
import android.nfc.tech.IsoDep
import android.os.Bundle
import jp.zairyu.android.logic.NfcState
import jp.zairyu.android.logic.NfcStatus
import jp.zairyu.android.logic.TagSink

/** The phone's NFC, asked each time a read starts. */
class AndroidNfcStatus(context: Context) : NfcStatus {
    private val appContext = context.applicationContext

    override fun state(): NfcState {
        if (!appContext.packageManager.hasSystemFeature(PackageManager.FEATURE_NFC)) return NfcState.MISSING
        val adapter = NfcAdapter.getDefaultAdapter(appContext) ?: return NfcState.MISSING
        return if (adapter.isEnabled) NfcState.ON else NfcState.OFF
    }
}

/**
 * Turns reader mode on and off for one activity. Reader mode (not foreground dispatch): the
 * platform skips NDEF probing and its own sounds, and no other app is offered the card.
 */
class NfcReader(private val activity: Activity, private val sinks: List<TagSink>) {
    private var on = false

    private val callback = NfcAdapter.ReaderCallback { tag: Tag ->
        // Called on a binder thread; the flows hop onto the main thread themselves. Both the
        // residence and the My Number flow remember the card; only one of them waits for it.
        val isoDep = IsoDep.get(tag)
        if (isoDep == null) {
            sinks.forEach { it.onForeignTag() }
        } else {
            val wrapped = IsoDepTag(isoDep)
            sinks.forEach { it.onTagDiscovered(wrapped) }
        }
    }

    /**
     * `wanted` while the activity is resumed. Tags seen with no read waiting are remembered by the
     * flow (not dropped): Android does not announce a card again while it stays in the field.
     */
    fun update(wanted: Boolean) {
        val adapter = NfcAdapter.getDefaultAdapter(activity) ?: return
        if (wanted && !on) {
            val extras = Bundle().apply { putInt(NfcAdapter.EXTRA_READER_PRESENCE_CHECK_DELAY, PRESENCE_CHECK_MILLIS) }
            adapter.enableReaderMode(activity, callback, FLAGS, extras)
            on = true
        } else if (!wanted && on) {
            adapter.disableReaderMode(activity)
            on = false
        }
    }

    private companion object {
        const val FLAGS = NfcAdapter.FLAG_READER_NFC_B or
            NfcAdapter.FLAG_READER_NFC_A or
            NfcAdapter.FLAG_READER_SKIP_NDEF_CHECK or
            NfcAdapter.FLAG_READER_NO_PLATFORM_SOUNDS

        /** Notices a removed card quickly without disturbing the chip's slow signature steps. */
        const val PRESENCE_CHECK_MILLIS = 250
    }
}
