//! Permission for activities outside the status of residence (資格外活動許可), work restriction and
//! application status, formatted as product.md §7.4 specifies.
//!
//! First-generation cards store free text (`D5` comprehensive, `D6` individual), so the summary
//! line is chosen by which field is present and the chip's own text is shown under it. Second-
//! generation cards store codes; those functions take the raw code strings so they can be tested
//! now and wired to the second-generation read when it lands.

use super::format::date_text;
use super::text::{Row, Section, SectionId, Text};
use crate::model::{ChipText, Date, Gen1Permissions};

/// Summary for a first-generation comprehensive permission. The manual's screenshots separate the
/// two clauses with a space and vary between `の従事` and `への従事`; we separate them with `・`
/// as the second-generation wording does, so the clauses cannot run together in narrow layouts.
pub const GEN1_COMPREHENSIVE_JA: &str = "許可（原則週28時間以内・風俗営業等の従事を除く）";
const GEN1_COMPREHENSIVE_EN: &str =
    "Permitted (in principle up to 28 hours a week; excluding work in adult entertainment businesses)";
/// Summary for a first-generation individual permission.
pub const GEN1_INDIVIDUAL_JA: &str = "許可（資格外活動許可書に記載された範囲内の活動）";
const GEN1_INDIVIDUAL_EN: &str =
    "Permitted (activities within the scope stated on the permit document)";

fn label_comprehensive() -> Text {
    Text::new("包括許可", "Comprehensive permission")
}

fn label_individual() -> Text {
    Text::new("個別許可", "Individual permission")
}

fn chip_text(t: &Option<ChipText>) -> Option<&str> {
    t.as_ref().map(|t| t.text.trim()).filter(|t| !t.is_empty())
}

/// Rows for a first-generation residence card; empty when neither permission exists, which hides
/// the section (product.md §7.1 item 7).
pub fn gen1_permission_rows(p: &Gen1Permissions) -> Vec<Row> {
    let mut rows = Vec::new();
    if let Some(text) = chip_text(&p.comprehensive) {
        rows.push(Row::new(
            label_comprehensive(),
            Text::new(GEN1_COMPREHENSIVE_JA, GEN1_COMPREHENSIVE_EN),
            true,
        ));
        rows.push(Row::new(
            Text::new(
                "包括許可（カードの記載）",
                "Comprehensive permission (as on the card)",
            ),
            Text::same(text),
            true,
        ));
    }
    if let Some(text) = chip_text(&p.individual) {
        rows.push(Row::new(
            label_individual(),
            Text::new(GEN1_INDIVIDUAL_JA, GEN1_INDIVIDUAL_EN),
            true,
        ));
        rows.push(Row::new(
            Text::new(
                "個別許可（カードの記載）",
                "Individual permission (as on the card)",
            ),
            Text::same(text),
            true,
        ));
    }
    rows
}

/// A one-character chip code with the padding the chip may leave around it removed.
fn code(raw: &str) -> &str {
    raw.trim_matches(|c: char| c == '\0' || c.is_whitespace())
}

/// A code we do not know, shown as the raw value only when it is short printable ASCII, so a
/// garbled field cannot inject arbitrary text into the screen.
fn unknown_code(raw: &str) -> Text {
    let c = code(raw);
    if !c.is_empty() && c.len() <= 8 && c.bytes().all(|b| b.is_ascii_graphic()) {
        Text::new(
            format!("不明なコード（{c}）"),
            format!("unknown code ({c})"),
        )
    } else {
        Text::new("不明なコード", "unknown code")
    }
}

fn expiry_value(d6: &str) -> Text {
    match Date::parse_yyyymmdd(code(d6).as_bytes()) {
        Some(d) => date_text(&d),
        None => {
            let c = code(d6);
            if !c.is_empty() && c.len() <= 8 && c.bytes().all(|b| b.is_ascii_digit()) {
                Text::new(
                    format!("{c}（日付として読めません）"),
                    format!("{c} (not a valid date)"),
                )
            } else {
                Text::new("不明", "unknown")
            }
        }
    }
}

/// Rows for a second-generation or specified residence card from DF2/EF01 `D5`, `D6`, `D7`
/// (gen2-chip.md §5). Empty when both permissions are `0` (or absent): the section is hidden.
pub fn gen2_permission_rows(d5: &str, d6: &str, d7: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let comprehensive = match code(d5) {
        "" | "0" => None,
        "1" => Some(Text::new(
            "許可（週28時間以内・風俗営業不可）",
            "Permitted (up to 28 hours a week; no work in adult entertainment businesses)",
        )),
        "2" => Some(Text::new(
            "許可（週28時間以内・教育等の活動）",
            "Permitted (up to 28 hours a week; education-type activities)",
        )),
        _ => Some(unknown_code(d5)),
    };
    if let Some(value) = comprehensive {
        let known = matches!(code(d5), "1" | "2");
        rows.push(Row::new(label_comprehensive(), value, true));
        if known {
            rows.push(Row::new(
                Text::new("包括許可期限", "Comprehensive permission expires"),
                expiry_value(d6),
                true,
            ));
        }
    }
    match code(d7) {
        "" | "0" => {}
        "1" => rows.push(Row::new(
            label_individual(),
            Text::new(
                "許可（資格外活動許可書参照）",
                "Permitted (see the paper permit)",
            ),
            true,
        )),
        _ => rows.push(Row::new(label_individual(), unknown_code(d7), true)),
    }
    rows
}

/// [`gen2_permission_rows`] as the manual's one-line form, `包括許可：許可（…）`.
pub fn gen2_permission_lines(d5: &str, d6: &str, d7: &str) -> Vec<Text> {
    gen2_permission_rows(d5, d6, d7)
        .iter()
        .map(Row::line_text)
        .collect()
}

/// The permission section for a second-generation residence card; `None` hides it.
pub fn gen2_permission_section(d5: &str, d6: &str, d7: &str) -> Option<Section> {
    let rows = gen2_permission_rows(d5, d6, d7);
    (!rows.is_empty()).then(|| Section {
        id: SectionId::Permission,
        title: permission_title(),
        notice: None,
        rows,
    })
}

pub(crate) fn permission_title() -> Text {
    Text::new("資格外活動許可", "Permission for activities outside status")
}

/// Whether the holder may work part-time. Both codes count: a reader that looked only at `D7`
/// told ordinary students they had no permission (gen2-chip.md §5).
pub fn has_part_time_permission(d5: &str, d7: &str) -> bool {
    matches!(code(d5), "1" | "2") || code(d7) == "1"
}

/// `CC` work restriction (就労制限の有無).
pub fn work_restriction_text(cc: &str) -> Text {
    match code(cc) {
        "1" => Text::new("就労制限なし", "No restriction on work"),
        "2" => Text::new(
            "在留資格に基づく就労活動のみ可",
            "Only work permitted under the status of residence",
        ),
        "4" => Text::new(
            "指定書により指定された就労活動のみ可",
            "Only work designated in the designation document",
        ),
        "9" => Text::new("就労不可", "Work not permitted"),
        "" => Text::new("不明", "unknown"),
        _ => unknown_code(cc),
    }
}

/// [`work_restriction_text`] as a labelled row for the card-data section.
pub fn work_restriction_row(cc: &str) -> Row {
    Row::new(
        Text::new("就労制限の有無", "Work restriction"),
        work_restriction_text(cc),
        true,
    )
}

/// `D8` extension/change application status; `None` when nothing is pending (nothing to show).
pub fn extension_application_text(d8: &str) -> Option<Text> {
    (code(d8) == "1").then(pending_text)
}

pub(crate) fn pending_text() -> Text {
    Text::new("申請中", "Application pending")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::text::Lang;

    fn lines(d5: &str, d6: &str, d7: &str, lang: Lang) -> Vec<String> {
        gen2_permission_lines(d5, d6, d7)
            .iter()
            .map(|t| t.get(lang).to_owned())
            .collect()
    }

    #[test]
    fn present_gen2_permission_d5_1() {
        assert_eq!(
            lines("1", "20270331", "0", Lang::Ja),
            [
                "包括許可：許可（週28時間以内・風俗営業不可）",
                "包括許可期限：2027年03月31日"
            ]
        );
        assert_eq!(
            lines("1", "20270331", "0", Lang::En),
            [
                "Comprehensive permission: Permitted (up to 28 hours a week; no work in adult entertainment businesses)",
                "Comprehensive permission expires: 2027-03-31"
            ]
        );
    }

    #[test]
    fn present_gen2_permission_d5_2_and_d7() {
        assert_eq!(
            lines("2", "20260401", "1", Lang::Ja),
            [
                "包括許可：許可（週28時間以内・教育等の活動）",
                "包括許可期限：2026年04月01日",
                "個別許可：許可（資格外活動許可書参照）"
            ]
        );
        assert_eq!(
            lines("0", "", "1", Lang::En),
            ["Individual permission: Permitted (see the paper permit)"]
        );
        assert_eq!(
            lines("2", "", "0", Lang::En),
            [
                "Comprehensive permission: Permitted (up to 28 hours a week; education-type activities)",
                "Comprehensive permission expires: unknown"
            ]
        );
    }

    #[test]
    fn present_gen2_permission_hidden_and_odd_codes() {
        assert!(gen2_permission_lines("0", "", "0").is_empty());
        assert!(gen2_permission_lines("0\0\0", "00000000", "0").is_empty());
        assert!(gen2_permission_lines("", "", "").is_empty());
        assert!(gen2_permission_section("0", "", "0").is_none());
        let s = gen2_permission_section("1", "20270331", "0").expect("shown");
        assert_eq!(s.id, SectionId::Permission);
        assert_eq!(s.title.ja, "資格外活動許可");
        assert_eq!(
            lines("1", "20271340", "0", Lang::Ja)[1],
            "包括許可期限：20271340（日付として読めません）"
        );
        assert_eq!(
            lines("3", "", "0", Lang::En),
            ["Comprehensive permission: unknown code (3)"]
        );
        assert_eq!(
            lines("0", "", "\u{202e}x", Lang::Ja),
            ["個別許可：不明なコード"]
        );
    }

    #[test]
    fn present_part_time_permission() {
        assert!(has_part_time_permission("1", "0"));
        assert!(has_part_time_permission("2", "0"));
        assert!(has_part_time_permission("0", "1"));
        assert!(has_part_time_permission("2", "1"));
        assert!(!has_part_time_permission("0", "0"));
        assert!(!has_part_time_permission("", ""));
        assert!(!has_part_time_permission("3", "2"));
    }

    #[test]
    fn present_work_restriction_labels() {
        let cases = [
            ("1", "就労制限なし", "No restriction on work"),
            (
                "2",
                "在留資格に基づく就労活動のみ可",
                "Only work permitted under the status of residence",
            ),
            (
                "4",
                "指定書により指定された就労活動のみ可",
                "Only work designated in the designation document",
            ),
            ("9", "就労不可", "Work not permitted"),
            ("3", "不明なコード（3）", "unknown code (3)"),
            ("", "不明", "unknown"),
        ];
        for (cc, ja, en) in cases {
            assert_eq!(work_restriction_text(cc), Text::new(ja, en), "{cc}");
        }
        assert_eq!(
            work_restriction_row("9").line(Lang::Ja),
            "就労制限の有無：就労不可"
        );
    }

    #[test]
    fn present_extension_application() {
        assert_eq!(
            extension_application_text("1"),
            Some(Text::new("申請中", "Application pending"))
        );
        assert_eq!(extension_application_text("0"), None);
        assert_eq!(extension_application_text(""), None);
    }

    #[test]
    fn present_gen1_permission_rows() {
        let ct = |s: &str| {
            Some(ChipText {
                text: s.into(),
                shift_jis_fallback: false,
            })
        };
        let p = Gen1Permissions {
            comprehensive: ct("許可：原則週28時間以内"),
            individual: None,
        };
        let rows = gen1_permission_rows(&p);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].line(Lang::Ja),
            "包括許可：許可（原則週28時間以内・風俗営業等の従事を除く）"
        );
        assert_eq!(rows[1].value.ja, "許可：原則週28時間以内");
        let p = Gen1Permissions {
            comprehensive: ct("  "),
            individual: ct("個別許可あり"),
        };
        let rows = gen1_permission_rows(&p);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0].line(Lang::Ja),
            "個別許可：許可（資格外活動許可書に記載された範囲内の活動）"
        );
        assert_eq!(
            rows[0].line(Lang::En),
            "Individual permission: Permitted (activities within the scope stated on the permit document)"
        );
        assert!(gen1_permission_rows(&Gen1Permissions::default()).is_empty());
    }
}
