// About (issue 14 "Both" 1): that the app is not the Immigration Services Agency's, the privacy
// policy, and the open-source notices of what ships — texts from assets/about/, written by
// scripts/gen-about.py (privacy-policy.{en,ja}.txt, notices.json), read off the main thread.
package jp.zairyu.reader.ui

import android.content.Context
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Tab
import androidx.compose.material3.TabRow
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.produceState
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import java.io.IOException
import jp.zairyu.android.logic.Lang
import jp.zairyu.android.logic.Notices
import jp.zairyu.reader.R
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** What the About screen shows; null parts are missing or unreadable assets. */
private class AboutTexts(val policy: String?, val notices: Notices?)

private fun readAsset(context: Context, path: String): String? = try {
    context.assets.open(path).use { it.readBytes().toString(Charsets.UTF_8) }
} catch (e: IOException) {
    null
}

private fun loadAbout(context: Context, lang: Lang): AboutTexts {
    val suffix = if (lang == Lang.JA) "ja" else "en"
    val policy = readAsset(context, "about/privacy-policy.$suffix.txt") ?: readAsset(context, "about/privacy-policy.en.txt")
    val notices = readAsset(context, "about/notices.json")?.let {
        try {
            Notices.parse(it)
        } catch (e: Notices.FormatException) {
            null
        }
    }
    return AboutTexts(policy, notices)
}

@Composable
fun AboutScreen(onBack: () -> Unit) {
    val context = LocalContext.current
    val lang = LocalLang.current
    val loadedTexts by produceState<AboutTexts?>(initialValue = null, lang) {
        value = withContext(Dispatchers.IO) { loadAbout(context.applicationContext, lang) }
    }
    var tab by rememberSaveable { mutableIntStateOf(0) }
    Column(modifier = Modifier.fillMaxSize().testTag(Tags.ABOUT)) {
        TextButton(onClick = onBack, modifier = Modifier.padding(8.dp).testTag(Tags.ABOUT_BACK)) {
            Text(stringResource(R.string.about_back))
        }
        Text(
            stringResource(R.string.about_title),
            style = MaterialTheme.typography.headlineSmall,
            modifier = Modifier.padding(horizontal = 20.dp).semantics { heading() },
        )
        Card(
            colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer),
            modifier = Modifier.fillMaxWidth().padding(20.dp),
        ) {
            Text(stringResource(R.string.not_affiliated), modifier = Modifier.padding(12.dp), style = MaterialTheme.typography.titleSmall)
        }
        TabRow(selectedTabIndex = tab) {
            Tab(selected = tab == 0, onClick = { tab = 0 }, text = { Text(stringResource(R.string.about_privacy)) })
            Tab(selected = tab == 1, onClick = { tab = 1 }, text = { Text(stringResource(R.string.about_notices)) })
        }
        val loaded = loadedTexts
        val missing = stringResource(R.string.about_missing)
        if (loaded != null && tab == 0) {
            val policy = loaded.policy ?: missing
            Text(policy, modifier = Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(20.dp))
        } else if (loaded != null) {
            val notices = loaded.notices
            if (notices != null) NoticeList(notices) else Text(missing, modifier = Modifier.padding(20.dp))
        }
    }
}

@Composable
private fun NoticeList(notices: Notices) {
    val components = remember(notices) { notices.forAndroid() }
    var shown by remember { mutableStateOf<Notices.Component?>(value = null) }
    LazyColumn(modifier = Modifier.fillMaxSize(), contentPadding = PaddingValues(20.dp)) {
        items(components, key = { "${it.origin}/${it.name}/${it.version}" }) { c ->
            Column(
                modifier = Modifier.fillMaxWidth().clickable { shown = c }.padding(vertical = 8.dp),
                verticalArrangement = Arrangement.spacedBy(2.dp),
            ) {
                Text("${c.name} ${c.version}", style = MaterialTheme.typography.titleSmall)
                Text(c.license, style = MaterialTheme.typography.bodySmall)
                c.url?.let { Text(it, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.secondary) }
            }
            HorizontalDivider()
        }
    }
    shown?.let { c ->
        AlertDialog(
            onDismissRequest = { shown = null },
            title = { Text("${c.name} ${c.version}") },
            text = {
                Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                    Text(c.license, style = MaterialTheme.typography.titleSmall)
                    for ((id, text) in notices.textsFor(c)) {
                        Text(id, style = MaterialTheme.typography.labelLarge)
                        Text(text, style = MaterialTheme.typography.bodySmall)
                    }
                }
            },
            confirmButton = { TextButton(onClick = { shown = null }) { Text(stringResource(R.string.action_close)) } },
        )
    }
}
