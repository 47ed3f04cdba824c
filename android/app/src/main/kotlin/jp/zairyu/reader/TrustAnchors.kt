// The pinned ISA root certificates the release build carries, made readable as files.
package jp.zairyu.reader

import android.content.Context
import java.io.File
import java.io.IOException

/**
 * scripts/build-android.sh places the official roots (downloaded and checked by
 * scripts/fetch-trust-anchors.sh) in assets/trust/. The core reads a directory and uses only
 * files whose SHA-256 is pinned in its code, so copying public certificates into the app's
 * no-backup directory adds no trust of its own. These are the only files the app writes, and
 * they hold no card data.
 */
object TrustAnchors {
    private const val ASSET_DIR = "trust"

    /** ISA's RSA delivery key for specified cards (07/08), public material installed beside the
     * roots by scripts/fetch-trust-anchors.sh; the core loads it from the same directory. */
    private const val DELIVERY_KEY_FILE = "keys_smrsapub_001.bin"

    /** The directory for `ReadOptions.productionTrustDir`, or null when the build has no roots. */
    fun install(context: Context): String? {
        return try {
            val names = context.assets.list(ASSET_DIR)?.filter {
                it.endsWith(".der") || it.endsWith(".cer") || it.endsWith(".crt") || it == DELIVERY_KEY_FILE
            }
            if (names.isNullOrEmpty()) return null
            val dir = File(context.noBackupFilesDir, ASSET_DIR).apply { mkdirs() }
            for (name in names) {
                val target = File(dir, name)
                context.assets.open("$ASSET_DIR/$name").use { input ->
                    val bytes = input.readBytes()
                    if (!target.isFile || !target.readBytes().contentEquals(bytes)) target.writeBytes(bytes)
                }
            }
            dir.path
        } catch (e: IOException) {
            null
        }
    }
}
