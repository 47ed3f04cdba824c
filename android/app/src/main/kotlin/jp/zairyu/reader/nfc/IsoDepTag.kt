// Android's IsoDep as the logic's RawTag: the one place TagLostException is seen.
package jp.zairyu.reader.nfc

import android.nfc.TagLostException
import android.nfc.tech.IsoDep
import jp.zairyu.android.logic.RawTag
import jp.zairyu.android.logic.TagGoneException

/**
 * Connects, then sets the transceive timeout (some Android versions reset it on connect). Only
 * `TagLostException` is translated; every other IOException, SecurityException ("tag out of
 * date") or IllegalStateException is mapped by the logic's TagTransceiver.
 */
class IsoDepTag(private val isoDep: IsoDep) : RawTag {
    override val extendedLengthSupported: Boolean
        get() = isoDep.isExtendedLengthApduSupported

    override val maxTransceiveLength: Int
        get() = isoDep.maxTransceiveLength

    override val isConnected: Boolean
        get() = isoDep.isConnected

    override fun connect(timeoutMillis: Int) {
        try {
            isoDep.connect()
            isoDep.timeout = timeoutMillis
        } catch (e: TagLostException) {
            throw TagGoneException()
        }
    }

    override fun transceive(apdu: ByteArray): ByteArray {
        try {
            return isoDep.transceive(apdu)
        } catch (e: TagLostException) {
            throw TagGoneException()
        }
    }

    override fun close() {
        isoDep.close()
    }
}
