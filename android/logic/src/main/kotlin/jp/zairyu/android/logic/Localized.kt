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
