//! Meanings of the second-generation code fields (gen2-chip.md §5). Only codes whose meaning is
//! published are labelled; the status-of-residence (`C9`) and permission-type (`CA`) tables are
//! issued by ISA separately and are not public, so those codes are shown raw.

use crate::model::CodedValue;

fn coded(code: &str, labels: Option<(&str, &str)>) -> CodedValue {
    CodedValue {
        code: code.to_owned(),
        label_ja: labels.map(|l| l.0.to_owned()),
        label_en: labels.map(|l| l.1.to_owned()),
    }
}

/// `C7`.
pub fn sex(code: &str) -> CodedValue {
    coded(
        code,
        match code {
            "1" => Some(("男", "Male")),
            "2" => Some(("女", "Female")),
            "3" => Some(("不詳", "Not stated")),
            _ => None,
        },
    )
}

/// `CC`.
pub fn work_restriction(code: &str) -> CodedValue {
    coded(
        code,
        match code {
            "1" => Some(("就労制限なし", "No work restriction")),
            "2" => Some(("在留資格に基づく就労活動のみ可", "Only work permitted under the status of residence")),
            "4" => Some((
                "指定書により指定された就労活動のみ可",
                "Only work designated in the designation document",
            )),
            "9" => Some(("就労不可", "Work not permitted")),
            _ => None,
        },
    )
}

/// `D5`.
pub fn comprehensive_permission(code: &str) -> CodedValue {
    coded(
        code,
        match code {
            "0" => Some(("なし", "None")),
            "1" => Some((
                "許可（週28時間以内・風俗営業不可）",
                "Permitted (up to 28 hours a week; no work in adult entertainment businesses)",
            )),
            "2" => Some((
                "許可（週28時間以内・教育等の活動）",
                "Permitted (up to 28 hours a week; education-type activities)",
            )),
            _ => None,
        },
    )
}

/// Raw code without a published table (`C9`, `CA`).
pub fn unlabelled(code: &str) -> CodedValue {
    coded(code, None)
}

/// `C8` nationality/region. The spec calls it a 3-character code; these labels assume ISO 3166-1
/// alpha-3 (unconfirmed, gen2-chip.md §5), so the raw code is always shown beside the label.
pub fn nationality(code: &str) -> CodedValue {
    let label = NATIONALITIES.iter().find(|(c, _, _)| *c == code).map(|(_, ja, en)| (*ja, *en));
    coded(code, label)
}

/// The countries and regions with the most residents in Japan, and a few more.
const NATIONALITIES: &[(&str, &str, &str)] = &[
    ("AUS", "オーストラリア", "Australia"),
    ("BGD", "バングラデシュ", "Bangladesh"),
    ("BOL", "ボリビア", "Bolivia"),
    ("BRA", "ブラジル", "Brazil"),
    ("CAN", "カナダ", "Canada"),
    ("CHN", "中国", "China"),
    ("DEU", "ドイツ", "Germany"),
    ("EGY", "エジプト", "Egypt"),
    ("ESP", "スペイン", "Spain"),
    ("FRA", "フランス", "France"),
    ("GBR", "英国", "United Kingdom"),
    ("GHA", "ガーナ", "Ghana"),
    ("IDN", "インドネシア", "Indonesia"),
    ("IND", "インド", "India"),
    ("IRN", "イラン", "Iran"),
    ("ITA", "イタリア", "Italy"),
    ("KHM", "カンボジア", "Cambodia"),
    ("KOR", "韓国", "Republic of Korea"),
    ("LAO", "ラオス", "Laos"),
    ("LKA", "スリランカ", "Sri Lanka"),
    ("MEX", "メキシコ", "Mexico"),
    ("MMR", "ミャンマー", "Myanmar"),
    ("MNG", "モンゴル", "Mongolia"),
    ("MYS", "マレーシア", "Malaysia"),
    ("NGA", "ナイジェリア", "Nigeria"),
    ("NPL", "ネパール", "Nepal"),
    ("NZL", "ニュージーランド", "New Zealand"),
    ("PAK", "パキスタン", "Pakistan"),
    ("PER", "ペルー", "Peru"),
    ("PHL", "フィリピン", "Philippines"),
    ("RUS", "ロシア", "Russia"),
    ("SGP", "シンガポール", "Singapore"),
    ("THA", "タイ", "Thailand"),
    ("TUR", "トルコ", "Türkiye"),
    ("TWN", "台湾", "Taiwan"),
    ("UKR", "ウクライナ", "Ukraine"),
    ("USA", "米国", "United States"),
    ("UZB", "ウズベキスタン", "Uzbekistan"),
    ("VNM", "ベトナム", "Viet Nam"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_raw_codes() {
        let v = nationality("VNM");
        assert_eq!((v.code.as_str(), v.label_ja.as_deref(), v.label_en.as_deref()), ("VNM", Some("ベトナム"), Some("Viet Nam")));
        let unknown = nationality("XXA");
        assert_eq!((unknown.code.as_str(), unknown.label_en), ("XXA", None));
        assert_eq!(work_restriction("4").label_en.as_deref(), Some("Only work designated in the designation document"));
        assert_eq!(work_restriction("3").label_ja, None);
        assert_eq!(sex("3").label_ja.as_deref(), Some("不詳"));
        assert_eq!(comprehensive_permission("2").label_ja.as_deref(), Some("許可（週28時間以内・教育等の活動）"));
        assert_eq!(unlabelled("14").code, "14");
        assert!(NATIONALITIES.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no duplicates");
    }
}
