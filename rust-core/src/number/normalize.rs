//! Turning what people type (or OCR reads) into the half-width upper-case form the chip's key
//! derivation hashes (gen1-chip.md §5.2). Japanese IMEs readily produce full-width letters, the
//! ideographic space and long-vowel marks that look like hyphens, so all of those must be accepted.

/// Normalises typed text to the form the chip expects: full-width ASCII folded to half-width,
/// ASCII lower case upper-cased, and every space, dash and invisible formatting character dropped.
///
/// Non-ASCII letters are deliberately *not* case-mapped (`'ß'.to_uppercase()` is `"SS"`), so that
/// text which is not a card number cannot turn into one; such characters survive and are rejected
/// by validation with their position.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .map(fold_char)
        .filter(|&c| !is_separator(c))
        .collect()
}

/// Full-width ASCII (U+FF01–U+FF5E) to ASCII, then ASCII upper case; everything else unchanged.
pub(crate) fn fold_char(c: char) -> char {
    let c = match u32::from(c) {
        cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_uppercase()
}

/// Characters people put between groups of the number (or copy along with it) that carry no
/// meaning: whitespace, every hyphen/dash/minus/long-vowel look-alike, and zero-width characters.
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace() || is_dash(c) || is_invisible(c)
}

fn is_dash(c: char) -> bool {
    ('\u{2010}'..='\u{2015}').contains(&c) || DASHES.contains(&c)
}

/// Dash look-alikes besides U+2010–U+2015 (hyphen … horizontal bar). The box-drawing lines are
/// among Japanese IMEs' conversion candidates for "ー".
const DASHES: &[char] = &[
    '-',        // hyphen-minus
    '\u{00AD}', // soft hyphen
    '\u{02D7}', // modifier letter minus
    '\u{058A}', // Armenian hyphen
    '\u{05BE}', // Hebrew maqaf
    '\u{1400}', // Canadian syllabics hyphen
    '\u{1806}', // Mongolian todo soft hyphen
    '\u{2043}', // hyphen bullet
    '\u{207B}', // superscript minus
    '\u{208B}', // subscript minus
    '\u{2212}', // minus sign
    '\u{2500}', // box drawings light horizontal
    '\u{2501}', // box drawings heavy horizontal
    '\u{2796}', // heavy minus sign
    '\u{2E17}', // double oblique hyphen
    '\u{2E1A}', // hyphen with diaeresis
    '\u{2E3A}', // two-em dash
    '\u{2E3B}', // three-em dash
    '\u{2E40}', // double hyphen
    '\u{30A0}', // katakana-hiragana double hyphen
    '\u{30FC}', // katakana prolonged sound mark ー
    '\u{FE31}', // vertical em dash
    '\u{FE32}', // vertical en dash
    '\u{FE58}', // small em dash
    '\u{FE63}', // small hyphen-minus
    '\u{FF0D}', // full-width hyphen-minus, for callers that test before folding
    '\u{FF70}', // half-width katakana prolonged sound mark ｰ
];

/// Copy-paste from web pages and PDFs drags these along; they are invisible in the text field.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn number_normalize_full_width() {
        assert_eq!(normalize("ＡＢ１２３４５６７８ＣＤ"), "AB12345678CD");
        assert_eq!(normalize("ａｂ１２３４５６７８ｃｄ"), "AB12345678CD");
    }

    #[test]
    fn number_normalize_lower_case_and_spaces() {
        assert_eq!(normalize("ab12345678cd"), "AB12345678CD");
        assert_eq!(normalize("  AB 1234 5678 CD\t\n"), "AB12345678CD");
        assert_eq!(normalize("AB\u{3000}12345678\u{3000}CD"), "AB12345678CD");
        assert_eq!(normalize("AB\u{00A0}12345678\u{2009}CD"), "AB12345678CD");
    }

    #[test]
    fn number_normalize_every_dash() {
        for dash in [
            "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}",
            "\u{2212}", "ー", "－", "ｰ", "\u{00AD}", "\u{FE63}", "\u{2500}", "\u{2501}",
            "\u{2043}",
        ] {
            let input = format!("AB{dash}12345678{dash}CD");
            assert_eq!(
                normalize(&input),
                "AB12345678CD",
                "dash U+{:04X}",
                dash.chars().next().map_or(0, u32::from)
            );
        }
    }

    #[test]
    fn number_normalize_invisible_characters() {
        assert_eq!(
            normalize("\u{FEFF}AB12\u{200B}345678CD\u{2060}"),
            "AB12345678CD"
        );
    }

    #[test]
    fn number_normalize_keeps_what_it_cannot_fold() {
        // Left in place so validation can point at them.
        assert_eq!(normalize("ab1é"), "AB1é");
        assert_eq!(normalize("ß"), "ß");
        assert_eq!(normalize("番号：ab"), "番号:AB");
        assert_eq!(normalize("～"), "~");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" - ー "), "");
    }
}
