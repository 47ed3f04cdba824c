// The revocation inquiry page: where it starts, what stays in the in-app browser, the date fields.
package jp.zairyu.android.logic

import java.net.URI
import java.net.URISyntaxException

/**
 * The core gives the inquiry service's host (product.md §8: configured, never a guessed path);
 * the in-app browser opens its top page and keeps only that host's HTTPS pages, anything else
 * goes to the user's browser.
 */
object RevocationLinks {
    private val hostPattern = Regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")
    private val isoDate = Regex("^(\\d{4})-(\\d{2})-(\\d{2})$")

    /** `https://HOST/`, or null when the host is not a plain DNS name. */
    fun startUrl(host: String): String? {
        val h = host.trim().lowercase()
        return if (hostPattern.matches(h)) "https://$h/" else null
    }

    /** True for an HTTPS page on exactly the inquiry host (default port, no user info). */
    fun staysInApp(url: String, host: String): Boolean {
        val uri = try {
            URI(url)
        } catch (e: URISyntaxException) {
            return false
        }
        return uri.scheme.equals("https", ignoreCase = true) &&
            uri.rawUserInfo == null &&
            (uri.port == -1 || uri.port == 443) &&
            uri.host != null && uri.host.equals(host.trim(), ignoreCase = true)
    }

    /** The page's three date fields: year, zero-padded month and day, in half-width digits. */
    data class DateParts(val year: String, val month: String, val day: String)

    /** Splits the core's `YYYY-MM-DD` expiry; null when there is none or it is not that shape. */
    fun expiryParts(iso: String?): DateParts? {
        val m = iso?.let { isoDate.matchEntire(it) } ?: return null
        val (y, mo, d) = m.destructured
        return DateParts(y, mo, d)
    }
}
