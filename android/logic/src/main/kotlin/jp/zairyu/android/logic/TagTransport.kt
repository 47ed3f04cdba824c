// The card's side of a real read: the app's IsoDep wrapper seen as the core's Transceiver.
package jp.zairyu.android.logic

import java.io.IOException
import jp.zairyu.core.Transceiver
import jp.zairyu.core.TransportFailure

/**
 * What the app's `IsoDep` wrapper offers, and all of NFC the logic sees: the JVM tests implement
 * it over the software card, the app over `android.nfc.tech.IsoDep`.
 */
interface RawTag {
    /** `IsoDep.isExtendedLengthApduSupported`. */
    val extendedLengthSupported: Boolean

    /** `IsoDep.maxTransceiveLength`: the longest APDU the phone's controller sends. */
    val maxTransceiveLength: Int

    val isConnected: Boolean

    /** Sets the transceive timeout and connects. */
    fun connect(timeoutMillis: Int)

    /** Throws [TagGoneException] when the card left the field, another [IOException] otherwise. */
    fun transceive(apdu: ByteArray): ByteArray

    fun close()
}

/**
 * Where reader mode's cards go (the residence flow and the My Number flow both remember the
 * last card; only the one waiting for a card starts talking to it). Any thread.
 */
interface TagSink {
    fun onTagDiscovered(tag: RawTag)

    /** A card without ISO-DEP. */
    fun onForeignTag()

    fun onReaderModeOff()

    fun onNfcStateChanged(state: NfcState)
}

/**
 * Thrown by a [RawTag] when the platform reports that the card left the field (Android's
 * `TagLostException`). A type of our own, so this module needs no `android.*` class.
 */
class TagGoneException : IOException("the card left the field")

/** Turns what the phone says about its NFC controller into the core's `max_apdu_length`. */
object TransportCapability {
    /** A short APDU's longest response: 256 data bytes and the status word. */
    const val SHORT_APDU_LENGTH = 258

    /** An extended APDU's longest response: 65 536 data bytes and the status word (+ header room). */
    const val EXTENDED_APDU_LENGTH = 65_546

    /**
     * Without extended-length support the core must read in short chunks, whatever length the
     * controller claims; with it, the controller's own limit decides (the core reads whole files
     * once it reaches [EXTENDED_APDU_LENGTH], and sizes its chunks to fit below that). A limit too
     * small to carry a status word is nonsense from the platform, and the short default is used.
     */
    fun maxApduLength(extendedLengthSupported: Boolean, maxTransceiveLength: Int): UInt {
        if (maxTransceiveLength <= 2) return SHORT_APDU_LENGTH.toUInt()
        val cap = if (extendedLengthSupported) EXTENDED_APDU_LENGTH else SHORT_APDU_LENGTH
        return minOf(maxTransceiveLength, cap).toUInt()
    }
}

/**
 * The core's [Transceiver] over a [RawTag]. Runs on the thread that called `readCard` (the IO
 * dispatcher), connecting on the first APDU so that a card that is already gone fails inside the
 * read and is reported by the core as `card_lost`.
 *
 * Platform exceptions become [TransportFailure]s without their messages: those can quote
 * anything, and the failure's detail ends up in logs.
 */
class TagTransceiver(
    private val tag: RawTag,
    private val timeoutMillis: Int = DEFAULT_TIMEOUT_MILLIS,
) : Transceiver {
    private val maxApdu: UInt = try {
        TransportCapability.maxApduLength(tag.extendedLengthSupported, tag.maxTransceiveLength)
    } catch (e: RuntimeException) {
        TransportCapability.SHORT_APDU_LENGTH.toUInt()
    }

    override fun maxApduLength(): UInt = maxApdu

    /** Commands the card answered; 0 means it never answered (a stale, remembered tag). */
    @Volatile
    var exchanged: Int = 0
        private set

    override fun transceive(apdu: ByteArray): ByteArray {
        try {
            if (!tag.isConnected) tag.connect(timeoutMillis)
            val response = tag.transceive(apdu)
            exchanged++
            return response
        } catch (e: TagGoneException) {
            throw TransportFailure.TagLost()
        } catch (e: SecurityException) {
            // Android: "tag is out of date" once the card was removed and seen again.
            throw TransportFailure.TagLost()
        } catch (e: IllegalStateException) {
            throw TransportFailure.Io("tag not connected")
        } catch (e: IOException) {
            // Android throws a plain IOException for a card that has just left the field; the
            // connection being gone is the sign.
            if (!stillConnected()) throw TransportFailure.TagLost()
            throw TransportFailure.Io("transceive failed")
        }
    }

    private fun stillConnected(): Boolean = try {
        tag.isConnected
    } catch (e: RuntimeException) {
        false
    }

    /** Releases the tag; never throws (the read is over either way). */
    fun close() {
        try {
            tag.close()
        } catch (e: Exception) {
            // Closing a tag that already left the field throws; nothing is lost.
        }
    }

    companion object {
        /** Generous: the chip's RSA and ECDSA steps and image reads take seconds on slow phones. */
        const val DEFAULT_TIMEOUT_MILLIS = 5000
    }
}
