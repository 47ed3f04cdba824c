//! Bilingual text and the generic "section of labelled rows" every detail block is made of.

use std::fmt;

/// The two languages the official apps show side by side (product.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Ja,
    En,
}

/// One piece of user-facing text in both languages. Both are always filled, so a shell can pick a
/// language or show both without a fallback path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// For values that read the same in both languages: codes, numbers, chip text.
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            ja: s.clone(),
            en: s,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// Which block a [`Section`] is, so shells can pick an icon or layout without parsing titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionId {
    CardData,
    Address,
    Permission,
    ExtensionApplication,
    WorkRestriction,
    /// Second generation DF2/EF03: the Commissioner's record and reserved text.
    Other,
}

/// A titled block of label/value rows. Generic on purpose: second-generation fields (sex, status,
/// work restriction, permission expiry) arrive later and must fit without new screen code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: SectionId,
    pub title: Text,
    /// Shown under the title, e.g. the address-history caveat.
    pub notice: Option<Text>,
    pub rows: Vec<Row>,
}

/// One labelled value.
#[derive(Clone, PartialEq, Eq)]
pub struct Row {
    pub label: Text,
    pub value: Text,
    /// True when the value comes from the card's contents, so the CLI can hide it without
    /// `--show-data` and `Debug` can redact it.
    pub personal: bool,
    /// 1-based entry number when one section lists several records (address history), so shells
    /// can draw separators; `None` for single-record sections.
    pub entry: Option<u32>,
}

impl Row {
    pub(crate) fn new(label: Text, value: Text, personal: bool) -> Self {
        Row {
            label,
            value,
            personal,
            entry: None,
        }
    }

    /// The row as one line, `ラベル：値` / `Label: value` — the form the manual prints
    /// second-generation permissions in (product.md §7.4).
    pub fn line(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!("{}：{}", self.label.ja, self.value.ja),
            Lang::En => format!("{}: {}", self.label.en, self.value.en),
        }
    }

    /// Both languages of [`Row::line`].
    pub fn line_text(&self) -> Text {
        Text::new(self.line(Lang::Ja), self.line(Lang::En))
    }
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Row");
        d.field("label", &self.label.en);
        if self.personal {
            d.field("value", &"<redacted>");
        } else {
            d.field("value", &self.value);
        }
        d.field("entry", &self.entry).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_text_get_and_row_lines() {
        let t = Text::new("許可", "Permitted");
        assert_eq!(t.get(Lang::Ja), "許可");
        assert_eq!(t.get(Lang::En), "Permitted");
        let row = Row::new(Text::new("個別許可", "Individual permission"), t, true);
        assert_eq!(row.line(Lang::Ja), "個別許可：許可");
        assert_eq!(row.line(Lang::En), "Individual permission: Permitted");
        assert_eq!(
            format!("{row:?}"),
            "Row { label: \"Individual permission\", value: \"<redacted>\", entry: None }"
        );
    }
}
