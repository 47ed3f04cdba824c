// Picks the language of the core's bilingual texts.
package jp.zairyu.android.logic

import jp.zairyu.core.Text

/**
 * The two languages the core writes every text in. The device's language decides; any language
 * other than Japanese reads English, because the core has no third language to offer.
 */
enum class Lang {
    JA,
    EN,
    ;

    companion object {
        /** `tag` is a BCP 47 tag or a bare language code (`Locale.toLanguageTag()`, `"ja"`). */
        fun fromLanguageTag(tag: String?): Lang {
            val language = tag?.trim()?.lowercase()?.substringBefore('-')?.substringBefore('_')
            return if (language == "ja") JA else EN
        }
    }
}

/** The text in `lang`. */
fun Text.pick(lang: Lang): String = when (lang) {
    Lang.JA -> ja
    Lang.EN -> en
}

/**
 * A title or heading in both languages, as the official apps show them: the device language
 * first, the other one under it. Null [secondary] when both halves are the same text.
 */
data class Bilingual(val primary: String, val secondary: String?)

fun Text.bilingual(lang: Lang): Bilingual {
    val first = pick(lang)
    val other = pick(if (lang == Lang.JA) Lang.EN else Lang.JA)
    return Bilingual(first, other.takeIf { it.isNotBlank() && it != first })
}
