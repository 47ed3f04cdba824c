// The PIN screen (card held) and the last-try confirmation. The texts are the core's PinEntryScreen:
// the tries left and the seed manuals' lock warning are shown before every try.
package jp.zairyu.reader.ui.mynumber

import androidx.compose.foundation.border
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.BasicSecureTextField
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.text.input.InputTransformation
import androidx.compose.foundation.text.input.TextFieldDecorator
import androidx.compose.foundation.text.input.TextFieldState
import androidx.compose.foundation.text.input.TextObfuscationMode
import androidx.compose.foundation.text.input.clearText
import androidx.compose.foundation.text.input.maxLength
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.error
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import jp.zairyu.android.logic.MyNumberFlow
import jp.zairyu.android.logic.PinScreenState
import jp.zairyu.reader.R
import jp.zairyu.reader.ui.BilingualTitle
import jp.zairyu.reader.ui.Tags
import jp.zairyu.reader.ui.local

/**
 * The typed PIN lives only in this screen's [TextFieldState] (plain `remember`, never
 * `rememberSaveable`/`rememberTextFieldState`, which would copy it into the saved-state Bundle),
 * is copied into a CharArray on submit (the flow wipes it after turning it into the UTF-8 bytes
 * the core gets), and the field is cleared on submit and when the screen goes.
 *
 * Secure input: `BasicSecureTextField` (always obscured, no copy or cut), a password keyboard
 * type (numeric for the 4-digit PINs) with autocorrection off (IMEs offer no suggestions and do
 * not learn from password fields), and no autofill: MainActivity excludes the window from
 * autofill while a My Number screen shows, and FLAG_SECURE keeps it out of screenshots.
 */
@Composable
fun PinScreen(pin: PinScreenState, flow: MyNumberFlow) {
    val field = remember(pin.kind) { TextFieldState() }
    DisposableEffect(field) {
        onDispose { field.clearText() }
    }
    val submit = {
        val text = field.text
        val typed = CharArray(text.length) { text[it] }
        field.clearText()
        flow.submitPin(typed)
    }
    val s = pin.screen
    val problem = pin.problem?.local()
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(20.dp)
            .testTag(Tags.PIN_SCREEN),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        BilingualTitle(s.title, MaterialTheme.typography.headlineSmall)
        Text(s.instruction.local(), style = MaterialTheme.typography.titleMedium)
        // Before every try: how many are left and what happens at zero (seeds 003/004).
        Card(
            colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer),
            modifier = Modifier.fillMaxWidth(),
        ) {
            Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                Text(s.triesLeft.local(), style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag(Tags.PIN_TRIES_LEFT))
                Text(s.lockWarning.local(), modifier = Modifier.testTag(Tags.PIN_LOCK_WARNING))
                Text(s.unlockNote.local(), style = MaterialTheme.typography.bodySmall)
                // Already confirmed on the previous screen; repeated here so it stays in view.
                s.lastTryConfirmation?.let { Text(it.local(), color = MaterialTheme.colorScheme.error) }
            }
        }
        val spoken = s.instruction.local()
        BasicSecureTextField(
            state = field,
            modifier = Modifier
                .fillMaxWidth()
                .testTag(Tags.PIN_FIELD)
                .semantics {
                    contentDescription = spoken
                    if (problem != null) error(problem)
                },
            inputTransformation = InputTransformation.maxLength(s.maxLength.toInt()),
            textStyle = TextStyle(fontSize = 24.sp, color = MaterialTheme.colorScheme.onSurface),
            keyboardOptions = KeyboardOptions(
                keyboardType = if (s.digitsOnly) KeyboardType.NumberPassword else KeyboardType.Password,
                autoCorrectEnabled = false,
                imeAction = ImeAction.Done,
            ),
            onKeyboardAction = { submit() },
            decorator = TextFieldDecorator { inner ->
                Box(
                    Modifier
                        .fillMaxWidth()
                        .border(1.dp, if (problem != null) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.outline, MaterialTheme.shapes.small)
                        .padding(16.dp),
                ) { inner() }
            },
            textObfuscationMode = TextObfuscationMode.Hidden,
        )
        problem?.let {
            Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.testTag(Tags.PIN_PROBLEM).semantics { liveRegion = LiveRegionMode.Polite })
        }
        Button(onClick = submit, modifier = Modifier.fillMaxWidth().testTag(Tags.PIN_SUBMIT)) { Text(stringResource(R.string.mn_pin_submit)) }
        OutlinedButton(onClick = flow::cancelPin, modifier = Modifier.fillMaxWidth().testTag(Tags.PIN_CANCEL)) { Text(stringResource(R.string.cancel)) }
    }
}

/**
 * One try left: the core refused it (nothing was sent) until the user confirms here. Confirming
 * starts the same check again with the last try allowed; the card stays on the phone.
 */
@Composable
fun LastTryScreen(pin: PinScreenState, flow: MyNumberFlow) {
    val s = pin.screen
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(20.dp)
            .testTag(Tags.LAST_TRY_SCREEN),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        BilingualTitle(s.title, MaterialTheme.typography.headlineSmall)
        Text(s.instruction.local(), style = MaterialTheme.typography.titleMedium)
        Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer), modifier = Modifier.fillMaxWidth()) {
            Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                Text(s.triesLeft.local(), style = MaterialTheme.typography.titleLarge, modifier = Modifier.testTag(Tags.PIN_TRIES_LEFT))
                Text(s.lockWarning.local(), modifier = Modifier.testTag(Tags.PIN_LOCK_WARNING))
                Text(s.unlockNote.local(), style = MaterialTheme.typography.bodySmall)
                s.lastTryConfirmation?.let { Text(it.local(), style = MaterialTheme.typography.titleMedium) }
            }
        }
        Button(onClick = flow::confirmLastTry, modifier = Modifier.fillMaxWidth().testTag(Tags.LAST_TRY_CONFIRM)) {
            Text(stringResource(R.string.mn_last_try_confirm))
        }
        OutlinedButton(onClick = flow::declineLastTry, modifier = Modifier.fillMaxWidth().testTag(Tags.LAST_TRY_DECLINE)) {
            Text(stringResource(R.string.cancel))
        }
    }
}
