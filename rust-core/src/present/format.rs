//! Dates as the screens write them.
//!
//! Japanese follows the manual's `YYYY年MM月DD日` with zero padding (the revocation page also wants
//! zero-padded months and days, so the user can copy what they see). English uses ISO 8601
//! (`2024-04-01`): unambiguous for every English-reading user, unlike `01/04/2024`, and identical
//! to what the CLI's JSON prints.

use super::text::Text;
use crate::model::Date;

pub fn date_ja(d: &Date) -> String {
    format!("{:04}年{:02}月{:02}日", d.year, d.month, d.day)
}

pub fn date_en(d: &Date) -> String {
    d.iso()
}

pub fn date_text(d: &Date) -> Text {
    Text::new(date_ja(d), date_en(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_dates_are_zero_padded() {
        let d = Date {
            year: 2024,
            month: 4,
            day: 1,
        };
        assert_eq!(date_ja(&d), "2024年04月01日");
        assert_eq!(date_en(&d), "2024-04-01");
        let d = Date {
            year: 2031,
            month: 12,
            day: 31,
        };
        assert_eq!(date_text(&d), Text::new("2031年12月31日", "2031-12-31"));
    }
}
