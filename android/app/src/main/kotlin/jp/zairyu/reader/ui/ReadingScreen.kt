// The reading screen (product.md §6): how to hold the card, the core's progress, cancel.
package jp.zairyu.reader.ui

import android.annotation.SuppressLint
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import jp.zairyu.android.logic.Illustrations
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
        BilingualTitle(hold.title, MaterialTheme.typography.headlineSmall)
        if (reading.demo) {
            Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer)) {
                Text(stringResource(R.string.demo_reading), modifier = Modifier.padding(12.dp))
            }
        } else {
            HoldPicture()
        }
        if (reading.liftAndHold) {
            // The remembered card did not answer: Android announces it again once it is lifted.
            Card(
                colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer),
                modifier = Modifier.fillMaxWidth().testTag(Tags.LIFT_AND_HOLD),
            ) {
                Text(
                    stringResource(R.string.lift_and_hold),
                    style = MaterialTheme.typography.titleMedium,
                    modifier = Modifier.padding(12.dp).semantics { liveRegion = LiveRegionMode.Polite },
                )
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

/** Where to hold the card: on the middle of the phone's back (design/illustrations/hold-android.svg). */
@SuppressLint("DiscouragedApi")
@Composable
private fun HoldPicture() {
    val context = LocalContext.current
    // By name, like the carousel's drawings; kept by R8's resource shrinker through res/raw/keep.xml.
    val id = context.resources.getIdentifier(Illustrations.HOLD_ON_PHONE, "drawable", context.packageName)
    if (id == 0) return
    Image(
        painter = painterResource(id),
        contentDescription = stringResource(R.string.hold_picture),
        modifier = Modifier
            .fillMaxWidth()
            .heightIn(max = 200.dp)
            .testTag(Tags.HOLD_PICTURE),
        alignment = Alignment.Center,
    )
}
