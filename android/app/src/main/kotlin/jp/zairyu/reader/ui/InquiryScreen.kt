// The revocation inquiry (product.md §8): the official page in an in-app browser, with the card
// number and expiry date shown and copyable, since the page's pre-fill is not documented.
package jp.zairyu.reader.ui

import android.annotation.SuppressLint
import android.content.ClipData
import android.content.ClipDescription
import android.content.ClipboardManager
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.os.PersistableBundle
import android.view.ViewGroup
import android.webkit.CookieManager
import android.webkit.WebResourceRequest
import android.webkit.WebSettings
import android.webkit.WebStorage
import android.webkit.WebView
import android.webkit.WebViewClient
import android.widget.Toast
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Tab
import androidx.compose.material3.TabRow
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import jp.zairyu.android.logic.RevocationLinks
import jp.zairyu.core.RevocationInquiry
import jp.zairyu.reader.R

@Composable
fun InquiryScreen(inquiry: RevocationInquiry, onBack: () -> Unit) {
    var tab by rememberSaveable { mutableIntStateOf(0) }
    val startUrl = remember(inquiry.urlHost) { RevocationLinks.startUrl(inquiry.urlHost) }
    val context = LocalContext.current
    // One WebView for as long as the inquiry screen is open: switching to the details tab and
    // back keeps the official page where the user left it (no reload, no second bot check).
    val webView = remember(startUrl) { startUrl?.let { inquiryWebView(context, it, inquiry.urlHost) } }
    DisposableEffect(webView) {
        onDispose { webView?.let(::forget) }
    }
    Column(modifier = Modifier.fillMaxSize().testTag(Tags.INQUIRY)) {
        TextButton(onClick = onBack, modifier = Modifier.padding(8.dp).testTag(Tags.INQUIRY_BACK)) {
            Text(stringResource(R.string.inquiry_back))
        }
        TabRow(selectedTabIndex = tab) {
            Tab(selected = tab == 0, onClick = { tab = 0 }, text = { Text(stringResource(R.string.inquiry_tab_details)) })
            Tab(selected = tab == 1, onClick = { tab = 1 }, text = { Text(stringResource(R.string.inquiry_tab_page)) })
        }
        if (tab == 0) {
            Details(inquiry, startUrl)
        } else if (webView != null) {
            AndroidView(
                modifier = Modifier.fillMaxSize(),
                factory = {
                    // Detached from the previous tab's container, if any, before it is shown again.
                    (webView.parent as? ViewGroup)?.removeView(webView)
                    webView
                },
                // Leaving the tab only detaches the view; it is destroyed with the screen.
                onRelease = {},
            )
        } else {
            Text(stringResource(R.string.inquiry_page_unavailable), modifier = Modifier.padding(20.dp))
        }
    }
}

@Composable
private fun Details(inquiry: RevocationInquiry, startUrl: String?) {
    val context = LocalContext.current
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(20.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        CopyRow(stringResource(R.string.inquiry_number), inquiry.cardNumber, stringResource(R.string.copy_number))
        val parts = RevocationLinks.expiryParts(inquiry.cardExpiry)
        if (parts != null) {
            CopyRow(
                stringResource(R.string.inquiry_expiry),
                stringResource(R.string.inquiry_expiry_parts, parts.year, parts.month, parts.day),
                stringResource(R.string.copy_expiry),
                copyValue = parts.year + parts.month + parts.day,
            )
        }
        inquiry.expiryHint?.let { Text(it.local(), style = MaterialTheme.typography.bodyMedium) }
        for (line in inquiry.instructions) Text("• " + line.local())
        for (line in inquiry.caveats) Text("• " + line.local(), style = MaterialTheme.typography.bodySmall)
        if (startUrl != null) {
            OutlinedButton(
                onClick = { openExternally(context, startUrl) },
                modifier = Modifier.fillMaxWidth(),
            ) { Text(stringResource(R.string.inquiry_open_browser)) }
        }
    }
}

@Composable
private fun CopyRow(label: String, shown: String, copyDescription: String, copyValue: String = shown) {
    val context = LocalContext.current
    val copied = stringResource(R.string.copied)
    Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.fillMaxWidth()) {
        Column(modifier = Modifier.weight(1f)) {
            Text(label, style = MaterialTheme.typography.labelMedium)
            Text(shown, style = MaterialTheme.typography.titleLarge)
        }
        OutlinedButton(
            onClick = { copySensitive(context, label, copyValue, copied) },
            modifier = Modifier.semantics { contentDescription = copyDescription },
        ) { Text(stringResource(R.string.copy)) }
    }
}

/** Marked sensitive (Android 13+: hidden from the clipboard preview and keyboard suggestions). */
private fun copySensitive(context: Context, label: String, value: String, confirmation: String) {
    val clipboard = context.getSystemService(ClipboardManager::class.java) ?: return
    val clip = ClipData.newPlainText(label, value)
    if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
        clip.description.extras = PersistableBundle().apply { putBoolean(ClipDescription.EXTRA_IS_SENSITIVE, true) }
    }
    clipboard.setPrimaryClip(clip)
    // Android 13+ confirms a copy itself.
    if (Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU) Toast.makeText(context, confirmation, Toast.LENGTH_SHORT).show()
}

private fun openExternally(context: Context, url: String) {
    try {
        context.startActivity(Intent(Intent.ACTION_VIEW, Uri.parse(url)))
    } catch (e: android.content.ActivityNotFoundException) {
        // No browser installed: the in-app page remains.
    }
}

/**
 * Only HTTPS pages of the inquiry host stay inside; everything else opens in the browser. No
 * cache and no form data are kept.
 */
@SuppressLint("SetJavaScriptEnabled")
private fun inquiryWebView(context: Context, startUrl: String, host: String): WebView =
    WebView(context).apply {
        settings.javaScriptEnabled = true // the official page's bot check needs it
        settings.domStorageEnabled = true
        settings.cacheMode = WebSettings.LOAD_NO_CACHE
        settings.allowFileAccess = false
        settings.allowContentAccess = false
        @Suppress("DEPRECATION")
        settings.saveFormData = false
        webViewClient = object : WebViewClient() {
            override fun shouldOverrideUrlLoading(view: WebView, request: WebResourceRequest): Boolean =
                route(view, request.url.toString())

            // API 23 calls only this older variant (the request form exists from API 24).
            @Deprecated("Replaced by the WebResourceRequest variant from API 24")
            override fun shouldOverrideUrlLoading(view: WebView, url: String): Boolean = route(view, url)

            private fun route(view: WebView, url: String): Boolean {
                if (RevocationLinks.staysInApp(url, host)) return false
                openExternally(view.context, url)
                return true
            }
        }
        loadUrl(startUrl)
    }

/**
 * Leaving the inquiry: nothing of the visit stays on the phone — page, history, cache, form
 * data, cookies and web storage (the app has no other web content to keep them for).
 */
private fun forget(webView: WebView) {
    webView.stopLoading()
    (webView.parent as? ViewGroup)?.removeView(webView)
    webView.clearFormData()
    webView.clearHistory()
    webView.clearCache(true)
    CookieManager.getInstance().apply {
        removeAllCookies(null)
        flush()
    }
    WebStorage.getInstance().deleteAllData()
    webView.destroy()
}
