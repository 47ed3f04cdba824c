// Material 3 colours and the language every core text is shown in.
package jp.zairyu.reader.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.graphics.Color
import jp.zairyu.android.logic.Lang
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

@Composable
fun ZairyuTheme(content: @Composable () -> Unit) {
    val colors = if (isSystemInDarkTheme()) {
        darkColorScheme(primary = Color(0xFF9CC3EA), secondary = Color(0xFFB0BCC9))
    } else {
        lightColorScheme(primary = Navy, secondary = Neutral)
    }
    MaterialTheme(colorScheme = colors, content = content)
}
