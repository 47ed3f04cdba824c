//! Rows for the second-generation fields (gen2-chip.md §5, product.md §7.4): the printed entries
//! in the card-data section, the permission section in the official format, and DF2/EF03.

use super::format::date_text;
use super::permission::{gen2_permission_section, permission_title, work_restriction_row};
use super::text::{Row, Section, SectionId, Text};
use crate::model::{CodedValue, Gen2Other, Gen2Permissions, PeriodOfStay, PrintedEntries};

/// A code with its meaning, `ベトナム（VNM）`; a code we have no table for is shown raw and says so.
fn coded(c: &CodedValue) -> Text {
    match (&c.label_ja, &c.label_en) {
        (Some(ja), Some(en)) => Text::new(format!("{ja}（{}）", c.code), format!("{en} ({})", c.code)),
        _ => Text::new(format!("コード {}", c.code), format!("code {}", c.code)),
    }
}

fn period(p: &PeriodOfStay) -> Text {
    match p {
        PeriodOfStay::Indefinite => Text::new("無期限", "Indefinite"),
        PeriodOfStay::YearsMonths { years, months: 0 } => Text::new(format!("{years}年"), format!("{years} year(s)")),
        PeriodOfStay::YearsMonths { years: 0, months } => Text::new(format!("{months}月"), format!("{months} month(s)")),
        PeriodOfStay::YearsMonths { years, months } => {
            Text::new(format!("{years}年{months}月"), format!("{years} year(s) {months} month(s)"))
        }
        PeriodOfStay::Days(d) => Text::new(format!("{d}日"), format!("{d} day(s)")),
        PeriodOfStay::Other(raw) => Text::new(format!("コード {raw}"), format!("code {raw}")),
    }
}

/// The printed entries, in the card's own order. Fields the card does not have (SPRC) are absent.
pub(crate) fn printed_rows(p: &PrintedEntries) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut push = |ja: &str, en: &str, value: Option<Text>| {
        if let Some(v) = value {
            rows.push(Row::new(Text::new(ja, en), v, true));
        }
    };
    push("有効期間満了日", "Card valid until", p.card_expiry.as_ref().map(date_text));
    push("生年月日", "Date of birth", p.birth_date.as_ref().map(date_text));
    push("性別", "Sex", p.sex.as_ref().map(coded));
    push("国籍・地域", "Nationality/region", p.nationality.as_ref().map(coded));
    push("在留資格", "Status of residence", p.status_of_residence.as_ref().map(coded));
    push("在留期間", "Period of stay", p.period_of_stay.as_ref().map(period));
    push("許可の種類", "Type of permission", p.permission_type.as_ref().map(coded));
    push("許可年月日", "Date of permission", p.permission_date.as_ref().map(date_text));
    push("在留期間満了日", "Period of stay ends", p.stay_expiry.as_ref().map(date_text));
    if let Some(cc) = &p.work_restriction {
        rows.push(work_restriction_row(&cc.code));
    }
    rows
}

/// The permission section in the official second-generation format, plus the answer an employer
/// is looking for: may this person work part-time? Hidden when there is no permission at all.
pub(crate) fn permission_section(p: &Gen2Permissions) -> Option<Section> {
    let d5 = p.comprehensive.as_ref().map_or("", |c| c.code.as_str());
    let d6 = p.comprehensive_expiry.map(|d| format!("{:04}{:02}{:02}", d.year, d.month, d.day)).unwrap_or_default();
    let d7 = match p.individual {
        Some(true) => "1",
        Some(false) => "0",
        None => "",
    };
    let mut section = gen2_permission_section(d5, &d6, d7)?;
    section.rows.push(Row::new(
        Text::new("資格外活動（アルバイト等）", "Part-time work outside status"),
        if p.part_time_work_permitted() {
            Text::new("許可あり", "Permitted")
        } else {
            Text::new("許可なし", "Not permitted")
        },
        true,
    ));
    debug_assert_eq!(section.title, permission_title());
    Some(section)
}

/// DF2/EF03: shown only when something is recorded.
pub(crate) fn other_section(o: &Gen2Other) -> Option<Section> {
    let mut rows = Vec::new();
    if o.commissioner_record == Some(true) {
        rows.push(Row::new(
            Text::new("記録", "Record"),
            Text::new("出入国在留管理庁長官が記録", "Recorded by the Commissioner of the Immigration Services Agency"),
            true,
        ));
    }
    if let Some(t) = &o.reserved_text {
        rows.push(Row::new(Text::new("備考", "Remarks"), Text::same(t.text.trim()), true));
    }
    (!rows.is_empty()).then(|| Section { id: SectionId::Other, title: Text::new("その他", "Other"), notice: None, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::parse::codes;

    #[test]
    fn printed_rows_exact() {
        let p = PrintedEntries {
            card_expiry: Some(Date { year: 2030, month: 3, day: 31 }),
            sex: Some(codes::sex("2")),
            nationality: Some(codes::nationality("VNM")),
            status_of_residence: Some(codes::unlabelled("14")),
            period_of_stay: Some(PeriodOfStay::YearsMonths { years: 3, months: 0 }),
            work_restriction: Some(codes::work_restriction("2")),
            ..Default::default()
        };
        let lines: Vec<String> = printed_rows(&p).iter().map(|r| r.line_text().ja).collect();
        assert_eq!(
            lines,
            vec![
                "有効期間満了日：2030年03月31日",
                "性別：女（2）",
                "国籍・地域：ベトナム（VNM）",
                "在留資格：コード 14",
                "在留期間：3年",
                "就労制限の有無：在留資格に基づく就労活動のみ可",
            ]
        );
        assert_eq!(period(&PeriodOfStay::Days(90)).en, "90 day(s)");
        assert_eq!(period(&PeriodOfStay::Indefinite).ja, "無期限");
    }

    #[test]
    fn permission_section_in_the_official_format() {
        let p = Gen2Permissions {
            comprehensive: Some(codes::comprehensive_permission("1")),
            comprehensive_expiry: Some(Date { year: 2030, month: 3, day: 31 }),
            individual: Some(false),
        };
        let s = permission_section(&p).unwrap();
        let lines: Vec<String> = s.rows.iter().map(|r| r.line_text().ja).collect();
        assert_eq!(
            lines,
            vec!["包括許可：許可（週28時間以内・風俗営業不可）", "包括許可期限：2030年03月31日", "資格外活動（アルバイト等）：許可あり"]
        );
        let none = Gen2Permissions { comprehensive: Some(codes::comprehensive_permission("0")), individual: Some(false), ..Default::default() };
        assert!(permission_section(&none).is_none());
        let individual = Gen2Permissions { individual: Some(true), ..Default::default() };
        let lines: Vec<String> = permission_section(&individual).unwrap().rows.iter().map(|r| r.line_text().ja).collect();
        assert_eq!(lines, vec!["個別許可：許可（資格外活動許可書参照）", "資格外活動（アルバイト等）：許可あり"]);
    }

    #[test]
    fn other_section_only_when_recorded() {
        assert!(other_section(&Gen2Other::default()).is_none());
        let o = Gen2Other { commissioner_record: Some(true), reserved_text: None };
        assert_eq!(other_section(&o).unwrap().rows.len(), 1);
    }
}
