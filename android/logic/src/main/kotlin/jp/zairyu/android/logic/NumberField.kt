// What the number field shows after an edit: the core's normalised number, cursor kept in place.
package jp.zairyu.android.logic

/**
 * The field always shows the normalised number (half-width upper case, as the core makes it),
 * not what was typed, so "ab12…" reads "AB12…" at once. Two exceptions keep input methods
 * working: while an IME is composing (a Japanese keyboard's unconverted text) the typed text
 * stays until it is committed, and the cursor stays where it was relative to the characters
 * the core kept.
 */
object NumberField {
    /** The edit as the text field reports it. */
    data class Edit(val text: String, val selectionStart: Int, val selectionEnd: Int, val composing: Boolean)

    /** What the field shows next. */
    data class Shown(val text: String, val selectionStart: Int, val selectionEnd: Int, val rewritten: Boolean)

    /**
     * `normalized` is the core's normalised form of the whole text; `normalizedPrefix` gives it
     * for a prefix (the core's rules, so full-width and dropped characters move the cursor right).
     */
    fun show(edit: Edit, normalized: String, normalizedPrefix: (String) -> String): Shown {
        if (edit.composing || edit.text == normalized) {
            return Shown(edit.text, edit.selectionStart, edit.selectionEnd, rewritten = false)
        }
        fun map(offset: Int): Int {
            val cut = offset.coerceIn(0, edit.text.length)
            if (cut == edit.text.length) return normalized.length
            return normalizedPrefix(edit.text.substring(0, cut)).length.coerceIn(0, normalized.length)
        }
        return Shown(normalized, map(edit.selectionStart), map(edit.selectionEnd), rewritten = true)
    }
}
