// Number entry (product.md §3): the field with the core's live validation, camera and "?" help,
// "next", and the clearly labelled demo card.
package jp.zairyu.reader.ui

import android.Manifest
import android.content.pm.PackageManager
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Clear
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.TextRange
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.TextFieldValue
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import jp.zairyu.android.logic.ReaderFlow
import jp.zairyu.android.logic.UiState
import jp.zairyu.core.NumberEntryScreen as NumberEntryTexts
import jp.zairyu.core.SoftCardProfile
import jp.zairyu.reader.BuildConfig
import jp.zairyu.reader.R

@Composable
fun NumberEntryScreen(state: UiState, texts: NumberEntryTexts, flow: ReaderFlow) {
    val context = LocalContext.current
    var pickingDemo by remember { mutableStateOf(false) }
    val cameraSpoken = texts.cameraButton.accessibility.local()
    val helpSpoken = texts.helpButton.accessibility.local()
    val nextSpoken = texts.nextButton.accessibility.local()
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .imePadding()
            .padding(20.dp)
            .testTag(Tags.NUMBER_SCREEN),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Text(
            texts.title.local(),
            style = MaterialTheme.typography.headlineSmall,
            modifier = Modifier.semantics { heading() },
        )
        Text(texts.subtitle.local(), style = MaterialTheme.typography.bodyMedium)
        state.demo?.let { DemoBanner(it, flow::exitDemo) }
        Text(texts.step1Prompt.local(), style = MaterialTheme.typography.titleMedium)
        NumberField(state, texts, flow)
        Row(modifier = Modifier.fillMaxWidth(), verticalAlignment = Alignment.CenterVertically) {
            OutlinedButton(
                onClick = {
                    val granted = ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED
                    flow.openCamera(granted)
                },
                modifier = Modifier
                    .testTag(Tags.CAMERA)
                    .semantics { contentDescription = cameraSpoken },
            ) { Text(texts.cameraButton.label.local()) }
            Spacer(Modifier.weight(1f))
            OutlinedButton(
                onClick = flow::openHelp,
                modifier = Modifier
                    .testTag(Tags.HELP)
                    .semantics { contentDescription = helpSpoken },
            ) { Text(texts.helpButton.label.local()) }
        }
        Button(
            onClick = flow::onNext,
            enabled = state.feedback?.canProceed == true,
            modifier = Modifier
                .fillMaxWidth()
                .testTag(Tags.NEXT)
                .semantics { contentDescription = nextSpoken },
        ) { Text(texts.nextButton.label.local()) }
        if (state.demo == null) {
            TextButton(onClick = { pickingDemo = true }, modifier = Modifier.testTag(Tags.DEMO)) {
                Text(stringResource(R.string.demo_button))
            }
        }
        Text(
            stringResource(R.string.app_name) + "  " + stringResource(R.string.version, BuildConfig.VERSION_NAME),
            style = MaterialTheme.typography.bodySmall,
        )
    }
    if (pickingDemo) {
        DemoPicker(
            profiles = remember { flow.demoProfiles() },
            onPick = {
                pickingDemo = false
                flow.enterDemo(it)
            },
            onDismiss = { pickingDemo = false },
        )
    }
}

@Composable
private fun NumberField(state: UiState, texts: NumberEntryTexts, flow: ReaderFlow) {
    // The core normalises what is typed (half-width, upper case); the field follows its answer
    // and keeps the cursor at the end when the text was rewritten.
    var field by remember { mutableStateOf(TextFieldValue(state.number, TextRange(state.number.length))) }
    LaunchedEffect(state.number) {
        if (field.text != state.number) field = TextFieldValue(state.number, TextRange(state.number.length))
    }
    val feedback = state.feedback
    OutlinedTextField(
        value = field,
        onValueChange = {
            field = it
            flow.onNumberChanged(it.text)
        },
        modifier = Modifier
            .fillMaxWidth()
            .testTag(Tags.NUMBER_FIELD),
        label = { Text(texts.hint.local()) },
        singleLine = true,
        isError = feedback?.error != null,
        keyboardOptions = KeyboardOptions(
            capitalization = KeyboardCapitalization.Characters,
            autoCorrectEnabled = false,
            keyboardType = KeyboardType.Ascii,
            imeAction = ImeAction.Done,
        ),
        trailingIcon = {
            if (state.number.isNotEmpty()) {
                IconButton(onClick = { flow.onNumberChanged("") }) {
                    Icon(Icons.Filled.Clear, contentDescription = texts.clearButton.accessibility.local())
                }
            }
        },
        supportingText = {
            val message = feedback?.error ?: feedback?.warning
            if (message != null) Text(message.local())
        },
    )
    if (state.scanConfirmation) {
        Card(
            colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer),
            modifier = Modifier
                .fillMaxWidth()
                .testTag(Tags.SCAN_CONFIRMATION),
        ) {
            Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(texts.scanConfirmation.local())
                if (state.highlighted.isNotEmpty()) {
                    Text(stringResource(R.string.scan_corrected, state.highlighted.joinToString(", ")), style = MaterialTheme.typography.bodySmall)
                }
            }
        }
    }
}

@Composable
private fun DemoBanner(profile: SoftCardProfile, onExit: () -> Unit) {
    Card(
        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer),
        modifier = Modifier.fillMaxWidth(),
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(stringResource(R.string.demo_banner, profile.name), style = MaterialTheme.typography.titleSmall)
            TextButton(onClick = onExit, modifier = Modifier.testTag(Tags.DEMO_EXIT)) { Text(stringResource(R.string.demo_exit)) }
        }
    }
}

/** The software card's profiles, named as the core names them (developer-facing, English). */
@Composable
private fun DemoPicker(profiles: List<SoftCardProfile>, onPick: (SoftCardProfile) -> Unit, onDismiss: () -> Unit) {
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.demo_picker_title)) },
        text = {
            LazyColumn {
                items(profiles, key = { it.name }) { profile ->
                    TextButton(onClick = { onPick(profile) }, modifier = Modifier.fillMaxWidth().testTag(Tags.demoProfile(profile.name))) {
                        Column(Modifier.fillMaxWidth()) {
                            Text(profile.name, style = MaterialTheme.typography.titleSmall)
                            Text(profile.description, style = MaterialTheme.typography.bodySmall)
                        }
                    }
                }
            }
        },
        confirmButton = {
            TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_close)) }
        },
    )
}
