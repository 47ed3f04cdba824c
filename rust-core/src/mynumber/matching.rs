//! Does the card match the person (seed 003: 「入力された利用者情報と読み取られたカードの情報が一致
//! しません」). Each field typed is compared with the card's; the result names each field.
//!
//! Rules, the same for what was typed and what the card holds:
//! - Unicode NFKC, which folds full-width Latin letters and digits to ASCII, half-width katakana to
//!   full-width, and compatibility forms (e.g. `㈱`) to their plain spelling;
//! - every whitespace character removed (ASCII space, U+3000 ideographic space, tabs), because the
//!   card separates family and given names with U+3000 and people type either space or none;
//! - name: ASCII letters compared case-insensitively (romanised names);
//! - address: hyphen and dash variants (‐ ‑ ‒ – — ― − ﹣ －) read as `-`; the katakana prolonged
//!   sound mark `ー` is *not* a hyphen (it is part of names like `ハイツ`), so it is kept;
//! - birth date: compared as a calendar date, typed as `YYYY-MM-DD` (full-width accepted).
//!
//! No other equivalences (old and new kanji forms such as 髙/高 differ): a false "differs" sends
//! the operator to look at the card, a false "matches" would hide a different person.

use unicode_normalization::UnicodeNormalization;

use super::model::Holder;

/// What the person typed; `None` fields are not compared.
#[derive(Clone, Default)]
pub struct MatchInput {
    pub name: Option<String>,
    pub birth_date: Option<String>,
    pub address: Option<String>,
}

impl std::fmt::Debug for MatchInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MatchInput(<redacted>)")
    }
}

/// Per field: `Some(true)` matches, `Some(false)` differs (or the card lacks the field),
/// `None` not asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchResult {
    pub name: Option<bool>,
    pub birth_date: Option<bool>,
    pub address: Option<bool>,
}

impl MatchResult {
    pub fn all_match(&self) -> bool {
        [self.name, self.birth_date, self.address].iter().flatten().all(|m| *m)
    }
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.birth_date.is_none() && self.address.is_none()
    }
}

fn base(s: &str) -> impl Iterator<Item = char> + '_ {
    s.nfkc().filter(|c| !c.is_whitespace())
}

pub fn normalise_name(s: &str) -> String {
    base(s).map(|c| c.to_ascii_uppercase()).collect()
}

pub fn normalise_address(s: &str) -> String {
    base(s)
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            c => c,
        })
        .collect()
}

pub fn compare(typed: &MatchInput, card: &Holder) -> MatchResult {
    MatchResult {
        name: typed.name.as_ref().map(|t| card.name.as_ref().is_some_and(|c| normalise_name(t) == normalise_name(c))),
        address: typed
            .address
            .as_ref()
            .map(|t| card.address.as_ref().is_some_and(|c| normalise_address(t) == normalise_address(c))),
        birth_date: typed.birth_date.as_ref().map(|t| {
            let typed = super::collation::parse_date(t);
            typed.is_some() && typed == card.birth_date
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Holder {
        Holder {
            name: Some("黒桐\u{3000}幹也".into()),
            address: Some("東京都清瀬市観布子南１２－７－２０２".into()),
            birth_date: Some((1980, 2, 17)),
            sex: None,
        }
    }

    #[test]
    fn rules() {
        let m = |name: &str, birth: &str, address: &str| {
            compare(&MatchInput { name: Some(name.into()), birth_date: Some(birth.into()), address: Some(address.into()) }, &card())
        };
        let all = MatchResult { name: Some(true), birth_date: Some(true), address: Some(true) };
        assert_eq!(m("黒桐 幹也", "1980-02-17", "東京都清瀬市観布子南12-7-202"), all);
        assert_eq!(m("黒桐幹也", "１９８０－０２－１７", "東京都 清瀬市 観布子南12‐7‐202"), all);
        let r = m("黒桐 幹矢", "1980-02-18", "東京都清瀬市観布子南12-7-203");
        assert_eq!(r, MatchResult { name: Some(false), birth_date: Some(false), address: Some(false) });
        assert!(!r.all_match());
        assert_eq!(normalise_name("ｋｏｋｕｔｏｕ　Mikiya"), "KOKUTOUMIKIYA");
        assert_eq!(normalise_address("ハイツー"), "ハイツー");
        let only_name = compare(&MatchInput { name: Some("黒桐 幹也".into()), ..Default::default() }, &card());
        assert_eq!(only_name, MatchResult { name: Some(true), birth_date: None, address: None });
        assert!(compare(&MatchInput { address: Some("x".into()), ..Default::default() }, &Holder::default()).address == Some(false));
    }
}
