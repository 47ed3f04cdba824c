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
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.itemsIndexed
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardActions
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
import androidx.compose.ui.platform.LocalFocusManager
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.TextRange
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.TextFieldValue
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import jp.zairyu.android.logic.NumberField as FieldRule
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
            .padding(20.dp)
            .testTag(Tags.NUMBER_SCREEN),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        BilingualTitle(texts.title, MaterialTheme.typography.headlineSmall)
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
        Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.fillMaxWidth()) {
            Text(
                stringResource(R.string.app_name) + "  " + stringResource(R.string.version, BuildConfig.VERSION_NAME),
                style = MaterialTheme.typography.bodySmall,
                modifier = Modifier.weight(1f),
            )
            // Privacy policy, open-source notices, and that the app is not the ISA's.
            TextButton(onClick = flow::openAbout, modifier = Modifier.testTag(Tags.ABOUT_BUTTON)) {
                Text(stringResource(R.string.about_button))
            }
        }
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
    // The field shows the core's normalised number after every edit (half-width, upper case),
    // with the cursor kept in place; text an IME is still composing is left alone (the rule is
    // :logic's NumberField). Changes from elsewhere (camera, demo, clear) put the cursor at the end.
    var field by remember { mutableStateOf(TextFieldValue(state.number, TextRange(state.number.length))) }
    LaunchedEffect(state.number) {
        if (field.composition == null && field.text != state.number) field = TextFieldValue(state.number, TextRange(state.number.length))
    }
    val feedback = state.feedback
    val focus = LocalFocusManager.current
    val errorText = feedback?.error?.local()
    OutlinedTextField(
        value = field,
        onValueChange = { edited ->
            val shown = flow.onNumberEdited(
                FieldRule.Edit(edited.text, edited.selection.start, edited.selection.end, composing = edited.composition != null),
            )
            field = if (shown.rewritten) {
                TextFieldValue(shown.text, TextRange(shown.selectionStart, shown.selectionEnd))
            } else {
                edited
            }
        },
        modifier = Modifier
            .fillMaxWidth()
            .testTag(Tags.NUMBER_FIELD)
            // TalkBack announces the field's error with the field.
            .semantics { if (errorText != null) error(errorText) },
        label = { Text(texts.hint.local()) },
        singleLine = true,
        isError = feedback?.error != null,
        keyboardOptions = KeyboardOptions(
            capitalization = KeyboardCapitalization.Characters,
            autoCorrectEnabled = false,
            keyboardType = KeyboardType.Ascii,
            imeAction = ImeAction.Done,
        ),
        // "Done" on the keyboard is "next" when the number can proceed; otherwise it just closes
        // the keyboard, leaving the field's message in view.
        keyboardActions = KeyboardActions(onDone = {
            focus.clearFocus()
            flow.onNext()
        }),
        trailingIcon = {
            if (state.number.isNotEmpty()) {
                IconButton(onClick = { flow.onNumberChanged("") }) {
                    Icon(Icons.Filled.Clear, contentDescription = texts.clearButton.accessibility.local())
                }
            }
        },
        supportingText = {
            val message = feedback?.error ?: feedback?.warning
            // Polite live region: read out when the message appears or changes.
            if (message != null) Text(message.local(), modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
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
            // Profile names are developers' words: release builds do not show them.
            val banner = if (BuildConfig.DEBUG) stringResource(R.string.demo_banner, profile.name) else stringResource(R.string.demo_banner_release)
            Text(banner, style = MaterialTheme.typography.titleSmall)
            TextButton(onClick = onExit, modifier = Modifier.testTag(Tags.DEMO_EXIT)) { Text(stringResource(R.string.demo_exit)) }
        }
    }
}

/**
 * The software card's profiles. Debug builds name them as the core does (developer-facing,
 * English); release builds number them and show no developer names or descriptions.
 */
@Composable
private fun DemoPicker(profiles: List<SoftCardProfile>, onPick: (SoftCardProfile) -> Unit, onDismiss: () -> Unit) {
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.demo_picker_title)) },
        text = {
            LazyColumn {
                itemsIndexed(profiles, key = { _, p -> p.name }) { index, profile ->
                    TextButton(onClick = { onPick(profile) }, modifier = Modifier.fillMaxWidth().testTag(Tags.demoProfile(profile.name))) {
                        Column(Modifier.fillMaxWidth()) {
                            if (BuildConfig.DEBUG) {
                                Text(profile.name, style = MaterialTheme.typography.titleSmall)
                                Text(profile.description, style = MaterialTheme.typography.bodySmall)
                            } else {
                                Text(stringResource(R.string.demo_card_numbered, index + 1), style = MaterialTheme.typography.titleSmall)
                            }
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
