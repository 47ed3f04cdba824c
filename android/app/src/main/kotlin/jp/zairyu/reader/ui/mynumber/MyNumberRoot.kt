// The start screen and the My Number screens, chosen by MyNumberFlow's state. Every text is the
// core's (start_screen, my_number_menu, in_person_entry_screen, match_fields_screen, the PIN
// prompt); the app adds only generic button words from its resources.
package jp.zairyu.reader.ui.mynumber

import android.Manifest
import android.content.pm.PackageManager
import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import jp.zairyu.android.logic.MnRoute
import jp.zairyu.android.logic.MyNumberFlow
import jp.zairyu.android.logic.MyNumberTexts
import jp.zairyu.android.logic.MyNumberUiState
import jp.zairyu.core.CollationField
import jp.zairyu.core.HoldInstructions
import jp.zairyu.core.SoftCardProfile
import jp.zairyu.reader.BuildConfig
import jp.zairyu.reader.R
import jp.zairyu.reader.camera.CameraScreen
import jp.zairyu.reader.ui.BilingualTitle
import jp.zairyu.reader.ui.ErrorDialog
import jp.zairyu.reader.ui.Tags
import jp.zairyu.reader.ui.local

@Composable
fun MyNumberRoot(state: MyNumberUiState, texts: MyNumberTexts, hold: HoldInstructions, flow: MyNumberFlow) {
    // Back on the start screen leaves the app; everywhere else the flow decides.
    BackHandler(enabled = state.route != MnRoute.START || state.dialog != null) { flow.onBack() }
    when (state.route) {
        MnRoute.CAMERA -> CameraScreen(
            guidance = texts.entry.scanInstruction.local(),
            onLines = flow::onOcrLines,
            onFailed = flow::onCameraFailed,
            onClose = flow::closeCamera,
            japanese = true,
        )
        MnRoute.VIEWER -> state.viewer?.let { MyNumberImageViewer(it, flow) }
        else -> Box(Modifier.fillMaxSize().safeDrawingPadding()) {
            when (state.route) {
                MnRoute.START -> StartScreen(texts, flow)
                MnRoute.MENU -> MenuScreen(state, texts, flow)
                MnRoute.ENTRY -> EntryScreen(state, texts, flow)
                MnRoute.MATCH -> MatchScreen(state, texts, flow)
                MnRoute.READING -> MyNumberReadingScreen(state, hold, flow::onCancelReading)
                MnRoute.PIN -> state.pin?.let { PinScreen(it, flow) }
                MnRoute.LAST_TRY -> state.pin?.let { LastTryScreen(it, flow) }
                MnRoute.RESULT -> state.result?.let { MyNumberResultScreen(it, flow) }
                MnRoute.CAMERA, MnRoute.VIEWER, MnRoute.RESIDENCE -> Unit
            }
        }
    }
    state.dialog?.let { ErrorDialog(it, flow::onDialogAction, flow::onDialogDismissed, note = state.dialogNote?.local()) }
}

@Composable
private fun Screen(tag: String, content: @Composable () -> Unit) {
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(20.dp)
            .testTag(tag),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) { content() }
}

@Composable
private fun StartScreen(texts: MyNumberTexts, flow: MyNumberFlow) {
    Screen(Tags.START_SCREEN) {
        BilingualTitle(texts.start.title, MaterialTheme.typography.headlineSmall)
        for (option in texts.start.options) {
            Card(modifier = Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    Text(option.detail.local(), style = MaterialTheme.typography.bodyMedium)
                    Button(
                        onClick = { flow.choose(option.choice) },
                        modifier = Modifier.fillMaxWidth().testTag(Tags.start(option.choice.name)),
                    ) { Text(option.label.local()) }
                }
            }
        }
    }
}

@Composable
private fun MenuScreen(state: MyNumberUiState, texts: MyNumberTexts, flow: MyNumberFlow) {
    var pickingDemo by remember { mutableStateOf(false) }
    Screen(Tags.MN_MENU) {
        BilingualTitle(texts.menu.title, MaterialTheme.typography.headlineSmall)
        Text(texts.menu.intro.local())
        state.demo?.let { DemoBanner(it, flow::exitDemo) }
        for (item in texts.menu.items) {
            Card(modifier = Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                    Text(item.detail.local(), style = MaterialTheme.typography.bodyMedium)
                    Text(item.needs.local(), style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.secondary)
                    Button(
                        onClick = { flow.chooseCheck(item.check) },
                        modifier = Modifier.fillMaxWidth().testTag(Tags.mnCheck(item.check.name)),
                    ) { Text(item.label.local()) }
                }
            }
        }
        // The operator's setting (off by default): read the 個人番号 in the PIN check.
        Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.fillMaxWidth()) {
            Text(texts.menu.individualNumberSetting.local(), modifier = Modifier.weight(1f))
            Switch(
                checked = state.readIndividualNumber,
                onCheckedChange = flow::setReadIndividualNumber,
                modifier = Modifier.testTag(Tags.MN_SETTING_INDIVIDUAL_NUMBER),
            )
        }
        if (state.demo == null) {
            TextButton(onClick = { pickingDemo = true }, modifier = Modifier.testTag(Tags.MN_DEMO)) {
                Text(stringResource(R.string.demo_button))
            }
        }
        OutlinedButton(onClick = flow::returnToStart, modifier = Modifier.fillMaxWidth()) {
            Text(stringResource(R.string.mn_menu_back))
        }
    }
    if (pickingDemo) {
        AlertDialog(
            onDismissRequest = { pickingDemo = false },
            title = { Text(stringResource(R.string.demo_picker_title)) },
            text = {
                LazyColumn {
                    items(flow.demoProfiles(), key = { it.name }) { profile ->
                        TextButton(
                            onClick = {
                                pickingDemo = false
                                flow.enterDemo(profile)
                            },
                            modifier = Modifier.fillMaxWidth().testTag(Tags.demoProfile(profile.name)),
                        ) {
                            Column(Modifier.fillMaxWidth()) {
                                Text(if (BuildConfig.DEBUG) profile.name else profile.description, style = MaterialTheme.typography.titleSmall)
                                if (BuildConfig.DEBUG) Text(profile.description, style = MaterialTheme.typography.bodySmall)
                            }
                        }
                    }
                }
            },
            confirmButton = { TextButton(onClick = { pickingDemo = false }) { Text(stringResource(R.string.action_close)) } },
        )
    }
}

/** Demo mode: the software card's synthetic TEST secrets are shown, so the checks can be tried. */
@Composable
private fun DemoBanner(profile: SoftCardProfile, onExit: () -> Unit) {
    Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer), modifier = Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            val banner = if (BuildConfig.DEBUG) stringResource(R.string.demo_banner, profile.name) else stringResource(R.string.demo_banner_release)
            Text(banner, style = MaterialTheme.typography.titleSmall)
            profile.credentials?.let { c ->
                Text(
                    stringResource(R.string.mn_demo_credentials, c.inputHelperPin, c.authPin, c.signaturePassword, c.birthDate, c.expiryYear, c.securityCode),
                    style = MaterialTheme.typography.bodySmall,
                    modifier = Modifier.testTag(Tags.MN_DEMO_CREDENTIALS),
                )
            }
            TextButton(onClick = onExit, modifier = Modifier.testTag(Tags.MN_DEMO_EXIT)) { Text(stringResource(R.string.demo_exit)) }
        }
    }
}

@Composable
private fun EntryScreen(state: MyNumberUiState, texts: MyNumberTexts, flow: MyNumberFlow) {
    val context = LocalContext.current
    val t = texts.entry
    val e = state.entry
    val problem = e.problem
    Screen(Tags.ENTRY_SCREEN) {
        BilingualTitle(t.title, MaterialTheme.typography.headlineSmall)
        Text(t.instruction.local())
        OutlinedButton(
            onClick = {
                val granted = ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED
                flow.openCamera(granted)
            },
            modifier = Modifier.testTag(Tags.ENTRY_SCAN),
        ) { Text(t.scanButton.local()) }
        if (e.scanned) {
            Card(
                colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer),
                modifier = Modifier.fillMaxWidth().testTag(Tags.ENTRY_SCANNED),
            ) { Text(stringResource(R.string.mn_scanned), modifier = Modifier.padding(12.dp)) }
        }
        // Card-face data, not secrets: plain fields, but no suggestions or autocorrection, and
        // the window is excluded from autofill (MainActivity).
        InputField(e.birthDate, t.birthDateLabel.local(), t.birthDateHint.local(), Tags.ENTRY_BIRTH_DATE, KeyboardType.Number,
            problem?.takeIf { it.field == CollationField.BIRTH_DATE }?.text?.local()) {
            flow.onEntryChanged(it, e.expiryYear, e.securityCode)
        }
        InputField(e.expiryYear, t.expiryYearLabel.local(), t.expiryYearHint.local(), Tags.ENTRY_EXPIRY_YEAR, KeyboardType.Number,
            problem?.takeIf { it.field == CollationField.EXPIRY_YEAR }?.text?.local()) {
            flow.onEntryChanged(e.birthDate, it, e.securityCode)
        }
        InputField(e.securityCode, t.securityCodeLabel.local(), t.securityCodeHint.local(), Tags.ENTRY_SECURITY_CODE, KeyboardType.NumberPassword,
            problem?.takeIf { it.field == CollationField.SECURITY_CODE }?.text?.local()) {
            flow.onEntryChanged(e.birthDate, e.expiryYear, it)
        }
        problem?.let {
            Text(it.text.local(), color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag(Tags.ENTRY_PROBLEM).semantics { liveRegion = LiveRegionMode.Polite })
        }
        Button(onClick = flow::onEntrySubmit, modifier = Modifier.fillMaxWidth().testTag(Tags.ENTRY_READ)) { Text(t.readButton.local()) }
    }
}

@Composable
private fun InputField(
    value: String,
    label: String,
    hint: String,
    tag: String,
    type: KeyboardType,
    errorText: String?,
    onChange: (String) -> Unit,
) {
    OutlinedTextField(
        value = value,
        onValueChange = onChange,
        label = { Text(label) },
        placeholder = { Text(hint) },
        singleLine = true,
        isError = errorText != null,
        keyboardOptions = KeyboardOptions(autoCorrectEnabled = false, keyboardType = type, imeAction = ImeAction.Next),
        modifier = Modifier
            .fillMaxWidth()
            .testTag(tag)
            // TalkBack announces the field's error with the field.
            .semantics { if (errorText != null) error(errorText) },
    )
}

@Composable
private fun MatchScreen(state: MyNumberUiState, texts: MyNumberTexts, flow: MyNumberFlow) {
    val t = texts.match
    val m = state.match
    Screen(Tags.MATCH_SCREEN) {
        BilingualTitle(t.title, MaterialTheme.typography.headlineSmall)
        Text(t.intro.local())
        InputField(m.name, t.nameLabel.local(), "", Tags.MATCH_NAME, KeyboardType.Text, null) { flow.onMatchChanged(it, m.birthDate, m.address) }
        InputField(m.birthDate, t.birthDateLabel.local(), "", Tags.MATCH_BIRTH_DATE, KeyboardType.Number, null) { flow.onMatchChanged(m.name, it, m.address) }
        InputField(m.address, t.addressLabel.local(), "", Tags.MATCH_ADDRESS, KeyboardType.Text, null) { flow.onMatchChanged(m.name, m.birthDate, it) }
        Button(onClick = flow::onMatchSubmit, modifier = Modifier.fillMaxWidth().testTag(Tags.MATCH_NEXT)) { Text(stringResource(R.string.mn_match_next)) }
    }
}

/** Holding the card: the same instructions as the residence card; the PIN screen comes with the card held. */
@Composable
private fun MyNumberReadingScreen(state: MyNumberUiState, hold: HoldInstructions, onCancel: () -> Unit) {
    val reading = state.reading ?: return
    Screen(Tags.MN_READING) {
        BilingualTitle(hold.title, MaterialTheme.typography.headlineSmall)
        if (reading.demo) {
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer)) {
                Text(stringResource(R.string.demo_reading), modifier = Modifier.padding(12.dp))
            }
        }
        if (reading.liftAndHold) {
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer), modifier = Modifier.fillMaxWidth().testTag(Tags.LIFT_AND_HOLD)) {
                Text(stringResource(R.string.lift_and_hold), modifier = Modifier.padding(12.dp).semantics { liveRegion = LiveRegionMode.Polite })
            }
        }
        for ((index, step) in hold.steps.withIndex()) Text("${index + 1}. ${step.local()}")
        if (reading.verifying) {
            Text(stringResource(R.string.mn_verifying), style = MaterialTheme.typography.titleMedium, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
        }
        LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
        OutlinedButton(onClick = onCancel, modifier = Modifier.fillMaxWidth().testTag(Tags.MN_CANCEL)) { Text(stringResource(R.string.cancel)) }
    }
}
