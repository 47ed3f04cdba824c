// Material 3 colours and the language every core text is shown in.
package jp.zairyu.reader.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.TextStyle
import jp.zairyu.android.logic.Lang
import jp.zairyu.android.logic.bilingual
import jp.zairyu.android.logic.pick
import jp.zairyu.core.Text as CoreText

private val Navy = Color(0xFF1F4E79)
private val Pass = Color(0xFF2E7D32)
private val Fail = Color(0xFFC62828)
private val Neutral = Color(0xFF5B6B7F)

/** Indicator colours; never the only signal (each state also has an icon and words). */
data class StatusColors(val pass: Color, val fail: Color, val neutral: Color)

val LocalStatusColors = staticCompositionLocalOf { StatusColors(Pass, Fail, Neutral) }

/** The device language, deciding which half of every core `Text` is shown. */
val LocalLang = staticCompositionLocalOf { Lang.EN }

@Composable
@ReadOnlyComposable
fun CoreText.local(): String = pick(LocalLang.current)

/**
 * A screen title or result heading in Japanese and English together, as the official apps show
 * them: the device language first, the other language under it, smaller. One heading for
 * TalkBack, read in both languages.
 */
@Composable
fun BilingualTitle(text: CoreText, style: TextStyle, modifier: Modifier = Modifier) {
    val both = text.bilingual(LocalLang.current)
    Column(modifier = modifier.semantics(mergeDescendants = true) { heading() }) {
        Text(both.primary, style = style)
        both.secondary?.let {
            Text(it, style = MaterialTheme.typography.labelLarge, color = MaterialTheme.colorScheme.onSurfaceVariant)
        }
    }
}

@Composable
fun ZairyuTheme(content: @Composable () -> Unit) {
    val colors = if (isSystemInDarkTheme()) {
        darkColorScheme(primary = Color(0xFF9CC3EA), secondary = Color(0xFFB0BCC9))
    } else {
        lightColorScheme(primary = Navy, secondary = Neutral)
    }
    MaterialTheme(colorScheme = colors, content = content)
}
