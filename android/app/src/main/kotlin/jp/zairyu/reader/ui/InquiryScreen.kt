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
import android.webkit.WebResourceRequest
import android.webkit.WebSettings
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
        } else if (startUrl != null) {
            InquiryWebView(startUrl, inquiry.urlHost)
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
 * cache and no form data are kept, and the WebView is cleared when the screen closes.
 */
@SuppressLint("SetJavaScriptEnabled")
@Composable
private fun InquiryWebView(startUrl: String, host: String) {
    AndroidView(
        modifier = Modifier.fillMaxSize(),
        factory = { context ->
            WebView(context).apply {
                settings.javaScriptEnabled = true // the official page's bot check needs it
                settings.domStorageEnabled = true
                settings.cacheMode = WebSettings.LOAD_NO_CACHE
                settings.allowFileAccess = false
                settings.allowContentAccess = false
                webViewClient = object : WebViewClient() {
                    override fun shouldOverrideUrlLoading(view: WebView, request: WebResourceRequest): Boolean {
                        val url = request.url.toString()
                        if (RevocationLinks.staysInApp(url, host)) return false
                        openExternally(view.context, url)
                        return true
                    }
                }
                loadUrl(startUrl)
            }
        },
        onRelease = { webView ->
            webView.stopLoading()
            webView.clearFormData()
            webView.clearHistory()
            webView.clearCache(true)
            webView.destroy()
        },
    )
}
