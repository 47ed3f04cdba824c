// The reading screen (product.md §6): how to hold the card, the core's progress, cancel.
package jp.zairyu.reader.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import jp.zairyu.android.logic.UiState
import jp.zairyu.core.HoldInstructions
import jp.zairyu.reader.R

@Composable
fun ReadingScreen(state: UiState, hold: HoldInstructions, onCancel: () -> Unit) {
    val reading = state.reading ?: return
    Column(
        modifier = Modifier
            .fillMaxSize()
            .verticalScroll(rememberScrollState())
            .padding(20.dp)
            .testTag(Tags.READING),
        verticalArrangement = Arrangement.spacedBy(16.dp),
    ) {
        Text(hold.title.local(), style = MaterialTheme.typography.headlineSmall, modifier = Modifier.semantics { heading() })
        if (reading.demo) {
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer)) {
                Text(stringResource(R.string.demo_reading), modifier = Modifier.padding(12.dp))
            }
        }
        for ((index, step) in hold.steps.withIndex()) {
            Text("${index + 1}. ${step.local()}")
        }
        if (reading.waitingForCard) {
            // Android starts by itself when the card is detected (no start button).
            LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
        } else {
            LinearProgressIndicator(progress = { reading.fraction }, modifier = Modifier.fillMaxWidth())
        }
        reading.step?.let { step ->
            Text(
                step.local(),
                style = MaterialTheme.typography.titleMedium,
                modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
            )
        }
        OutlinedButton(onClick = onCancel, modifier = Modifier.fillMaxWidth().testTag(Tags.CANCEL)) {
            Text(stringResource(R.string.cancel))
        }
    }
}
