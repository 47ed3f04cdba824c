// Every error as a dialog with the core's title, message, tips and actions (product.md §9).
package jp.zairyu.reader.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import jp.zairyu.core.ErrorAction
import jp.zairyu.core.ErrorInfo
import jp.zairyu.reader.R

/**
 * The core decides which buttons a dialog has; the app names the generic ones (the catalogue
 * carries labels only for links). Scrollable, so the largest font sizes never clip.
 */
@Composable
fun ErrorDialog(info: ErrorInfo, onAction: (ErrorAction) -> Unit, onDismiss: () -> Unit, note: String? = null) {
    AlertDialog(
        onDismissRequest = onDismiss,
        modifier = Modifier.testTag(Tags.dialog(info.code)),
        title = { BilingualTitle(info.title, MaterialTheme.typography.headlineSmall) },
        text = {
            Column(
                modifier = Modifier.verticalScroll(rememberScrollState()),
                verticalArrangement = Arrangement.spacedBy(8.dp),
            ) {
                Text(info.message.local())
                // A wrong PIN: the tries left, in the core's words.
                note?.let { Text(it, style = MaterialTheme.typography.titleMedium, modifier = Modifier.testTag(Tags.DIALOG_NOTE)) }
                for (tip in info.tips) {
                    Text("• " + tip.local(), style = MaterialTheme.typography.bodySmall)
                }
                // The stable code from the core's catalogue, for the user to quote when asking for help.
                SelectionContainer {
                    Text(
                        stringResource(R.string.error_code, info.code),
                        style = MaterialTheme.typography.labelMedium,
                        color = MaterialTheme.colorScheme.onSurfaceVariant,
                        modifier = Modifier.testTag(Tags.dialogCode(info.code)),
                    )
                }
            }
        },
        confirmButton = {
            Column(horizontalAlignment = androidx.compose.ui.Alignment.End) {
                info.actions.forEachIndexed { index, action ->
                    TextButton(onClick = { onAction(action) }, modifier = Modifier.testTag(Tags.dialogAction(index))) {
                        Text(actionLabel(action))
                    }
                }
            }
        },
    )
}

@Composable
private fun actionLabel(action: ErrorAction): String = when (action) {
    ErrorAction.Retry -> stringResource(R.string.action_retry)
    ErrorAction.ReEnterNumber -> stringResource(R.string.action_reenter)
    ErrorAction.OpenNfcSettings -> stringResource(R.string.action_nfc_settings)
    ErrorAction.OpenAppSettings -> stringResource(R.string.action_app_settings)
    is ErrorAction.OpenUrl -> action.label.local()
    ErrorAction.ReturnToTop -> stringResource(R.string.action_return_to_top)
    ErrorAction.Close -> stringResource(R.string.action_close)
}
