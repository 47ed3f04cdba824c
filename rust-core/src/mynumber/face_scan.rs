//! Reading the in-person check's three inputs (照合番号B, mynumber-chip.md §3) off the card face
//! with the phone's camera (issue 17 item 3). The shell's OCR returns each frame's text lines;
//! this module cleans them up, finds the birth date (printed as an era date, 「昭和60年 4月12日生」),
//! the card's expiry year (「2034年 4月12日まで有効」) and the 4-digit security code printed under
//! the photo, and reports each field only once several consecutive frames agree, as the residence
//! card number scanner does ([`crate::number::NumberScanner`]): a wrong value would cost a try of
//! 照合番号B on the card.
//!
//! All three values are personal data: held in zeroizing buffers, never in `Debug` or logs.

use myna_card::data::{Date, Era};
use zeroize::Zeroizing;

use super::collation::is_calendar_date;
pub use crate::number::DEFAULT_REQUIRED_AGREEMENT;

/// Longer OCR lines are not a card-face line (the longest, the address, fits well within this);
/// skipping them bounds the work per frame whatever the shell hands over.
pub const MAX_LINE_CHARS: usize = 200;

/// A frame with more lines than this shows a page of text, not a card face: its dates could be
/// mistaken for the card's, so the whole frame is ignored (it neither extends nor breaks a streak).
pub const MAX_FRAME_LINES: usize = 64;

/// The three fields as read so far: each is `Some` once it is stable.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FaceScan {
    /// `YYYY-MM-DD`, Gregorian (converted from the printed era date).
    pub birth_date: Option<Zeroizing<String>>,
    /// `YYYY`, Gregorian.
    pub expiry_year: Option<Zeroizing<String>>,
    /// Four ASCII digits.
    pub security_code: Option<Zeroizing<String>>,
}

impl FaceScan {
    /// All three fields are stable: the shell can close the camera.
    pub fn complete(&self) -> bool {
        self.birth_date.is_some() && self.expiry_year.is_some() && self.security_code.is_some()
    }
}

impl std::fmt::Debug for FaceScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceScan")
            .field("birth_date", &self.birth_date.as_ref().map(|_| "<redacted>"))
            .field("expiry_year", &self.expiry_year.as_ref().map(|_| "<redacted>"))
            .field("security_code", &self.security_code.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// What one frame says about the three fields; `None` where it says nothing (or contradicts itself).
#[derive(Default, PartialEq, Eq)]
pub struct FrameReading {
    pub birth_date: Option<Zeroizing<String>>,
    pub expiry_year: Option<Zeroizing<String>>,
    pub security_code: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for FrameReading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameReading")
            .field("birth_date", &self.birth_date.is_some())
            .field("expiry_year", &self.expiry_year.is_some())
            .field("security_code", &self.security_code.is_some())
            .finish()
    }
}

/// One field's agreement across frames. Once stable the value is kept until [`FaceScanner::reset`]:
/// the shell fills the entry field from it and the user corrects by hand, so a later frame with
/// glare must not take a confirmed value away again.
#[derive(Default)]
struct FieldStreak {
    candidate: Option<Zeroizing<String>>,
    streak: usize,
    stable: Option<Zeroizing<String>>,
}

impl FieldStreak {
    fn feed(&mut self, reading: Option<Zeroizing<String>>, required: usize) {
        if self.stable.is_some() {
            return;
        }
        let Some(value) = reading else { return };
        if self.candidate.as_ref() == Some(&value) {
            self.streak = self.streak.saturating_add(1);
        } else {
            // Replacing drops (and so zeroizes) the previous candidate.
            self.candidate = Some(value);
            self.streak = 1;
        }
        if self.streak >= required {
            self.stable = self.candidate.clone();
        }
    }
}

/// Collects per-frame readings of the card face until each field has been read the same way in
/// enough consecutive frames. Frames without a field (blur, the card half out of view) leave that
/// field's streak as it is; a frame with a *different* value restarts it.
pub struct FaceScanner {
    required: usize,
    birth_date: FieldStreak,
    expiry_year: FieldStreak,
    security_code: FieldStreak,
}

impl FaceScanner {
    /// A scanner that reports a field after `required_agreement` agreeing frames (at least one).
    pub fn new(required_agreement: usize) -> Self {
        FaceScanner {
            required: required_agreement.max(1),
            birth_date: FieldStreak::default(),
            expiry_year: FieldStreak::default(),
            security_code: FieldStreak::default(),
        }
    }

    /// Feeds the OCR lines of one frame; returns every field that is stable so far.
    pub fn feed_frame<S: AsRef<str>>(&mut self, lines: &[S]) -> FaceScan {
        let FrameReading { birth_date, expiry_year, security_code } = read_frame(lines);
        self.birth_date.feed(birth_date, self.required);
        self.expiry_year.feed(expiry_year, self.required);
        self.security_code.feed(security_code, self.required);
        self.current()
    }

    /// The stable fields, without feeding a frame.
    pub fn current(&self) -> FaceScan {
        FaceScan {
            birth_date: self.birth_date.stable.clone(),
            expiry_year: self.expiry_year.stable.clone(),
            security_code: self.security_code.stable.clone(),
        }
    }

    /// Forgets every candidate, streak and stable value, e.g. when the camera screen closes.
    pub fn reset(&mut self) {
        self.birth_date = FieldStreak::default();
        self.expiry_year = FieldStreak::default();
        self.security_code = FieldStreak::default();
    }

    /// Agreeing frames in a row for (birth date, expiry year, security code); for a progress
    /// indicator.
    pub fn streaks(&self) -> (usize, usize, usize) {
        (self.birth_date.streak, self.expiry_year.streak, self.security_code.streak)
    }

    pub fn required_agreement(&self) -> usize {
        self.required
    }
}

impl Default for FaceScanner {
    fn default() -> Self {
        Self::new(DEFAULT_REQUIRED_AGREEMENT)
    }
}

impl std::fmt::Debug for FaceScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaceScanner")
            .field("required", &self.required)
            .field("streaks", &self.streaks())
            .field("stable", &self.current().complete())
            .finish_non_exhaustive()
    }
}

/// What one frame's lines say. A field found with two different values in the same frame is
/// treated as not found: the frame contradicts itself, so it is no evidence either way.
pub fn read_frame<S: AsRef<str>>(lines: &[S]) -> FrameReading {
    let mut birth = Found::default();
    let mut expiry = Found::default();
    let mut code = Found::default();
    if lines.len() > MAX_FRAME_LINES {
        return FrameReading::default();
    }
    // The previous line, when it ends inside a date: a recogniser may break 「昭和60年 4月12日生」
    // at its wide space, so such a line is also read joined with the next one.
    let mut previous: Option<Zeroizing<Vec<char>>> = None;
    for line in lines {
        let Some(clean) = clean_line(line.as_ref()) else {
            previous = None;
            continue;
        };
        if let Some(c) = security_code(&clean) {
            code.add(c);
        }
        add_dates(&clean, &mut birth, &mut expiry);
        if let Some(prev) = previous.take() {
            let mut joined = Zeroizing::new(Vec::with_capacity(prev.len() + clean.len()));
            joined.extend_from_slice(&prev);
            joined.extend_from_slice(&clean);
            add_dates(&joined, &mut birth, &mut expiry);
        }
        if matches!(clean.last(), Some('年' | '月' | '日')) {
            previous = Some(clean);
        }
    }
    FrameReading { birth_date: birth.value(), expiry_year: expiry.value(), security_code: code.value() }
}

fn add_dates(clean: &[char], birth: &mut Found, expiry: &mut Found) {
    for date in dates(clean) {
        match date.suffix {
            Suffix::Birth => {
                if let Some(b) = birth_date(&date) {
                    birth.add(b);
                }
            }
            Suffix::Expiry => {
                if let Some(e) = expiry_year(&date) {
                    expiry.add(e);
                }
            }
            Suffix::Other => {}
        }
    }
}

/// The distinct values of one field in one frame.
#[derive(Default)]
struct Found {
    first: Option<Zeroizing<String>>,
    conflict: bool,
}

impl Found {
    fn add(&mut self, v: Zeroizing<String>) {
        match &self.first {
            None => self.first = Some(v),
            Some(f) if *f == v => {}
            Some(_) => self.conflict = true,
        }
    }

    fn value(self) -> Option<Zeroizing<String>> {
        if self.conflict {
            None
        } else {
            self.first
        }
    }
}

/// OCR clean-up of one line: full-width forms folded, every space and stray punctuation mark
/// dropped (OCR scatters both between the characters of a printed date), and letters that look
/// like digits read as digits where they sit in a run of digits (「2O34」, 「l2」, 「2B5S」). A letter
/// in a run with no digit, or next to a letter that is no look-alike, is left alone, so words stay
/// words. `None` for lines too long to be a card-face line.
fn clean_line(line: &str) -> Option<Zeroizing<Vec<char>>> {
    // A byte bound first, so a huge line is refused without walking all of it.
    if line.len() > MAX_LINE_CHARS * 4 || line.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    let mut out = Zeroizing::new(Vec::with_capacity(line.len()));
    for c in line.chars() {
        let c = fold_width(c);
        if c.is_whitespace() || is_invisible(c) || is_stray_punctuation(c) {
            continue;
        }
        out.push(c);
    }
    repair_digit_runs(&mut out);
    Some(out)
}

fn fold_width(c: char) -> char {
    match u32::from(c) {
        cp @ 0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Punctuation OCR adds around or inside the card-face lines (dust, the card's edge, guilloche
/// lines read as dots or dashes); none of it is part of a date or the code. `|` is kept: in a digit
/// run it is a misread `1`.
fn is_stray_punctuation(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '|')
        || matches!(
            c,
            '、' | '。' | '・' | '･' | '「' | '」' | '『' | '』' | '〔' | '〕' | '【' | '】' | '〈' | '〉' | '《'
                | '》' | '〜' | 'ー' | 'ｰ' | '‐'..='―' | '−' | '…' | '‥' | '゛' | '゜' | '“' | '”' | '‘' | '’'
                | '°' | '·'
        )
}

/// Letters OCR reads for digits, and the digit each most likely is.
fn look_alike_digit(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' => '0',
        'I' | 'l' | '|' => '1',
        'S' => '5',
        'B' => '8',
        _ => return None,
    })
}

/// Replaces look-alikes inside each run of ASCII letters, digits and `|` that holds no letter other
/// than a look-alike and either holds a digit or stands where a date has a number.
fn repair_digit_runs(chars: &mut [char]) {
    let mut start = 0;
    while start < chars.len() {
        let is_run_char = |c: char| c.is_ascii_alphanumeric() || c == '|';
        if !chars.get(start).is_some_and(|&c| is_run_char(c)) {
            start += 1;
            continue;
        }
        let len = chars[start..].iter().take_while(|&&c| is_run_char(c)).count();
        // Right before 年/月/日 or right after 年/月 only a number can stand (「l月」 is January).
        let before = start.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let after = chars.get(start + len).copied();
        let date_slot = matches!(before, Some('年' | '月')) || matches!(after, Some('年' | '月' | '日'));
        let run = &mut chars[start..start + len];
        let has_digit = run.iter().any(char::is_ascii_digit);
        let only_look_alikes = run.iter().all(|&c| c.is_ascii_digit() || look_alike_digit(c).is_some());
        if (has_digit || date_slot) && only_look_alikes {
            for c in run.iter_mut() {
                if let Some(d) = look_alike_digit(*c) {
                    *c = d;
                }
            }
        }
        start += len;
    }
}

/// The security code: a line that is exactly four digits after clean-up.
fn security_code(clean: &[char]) -> Option<Zeroizing<String>> {
    (clean.len() == 4 && clean.iter().all(char::is_ascii_digit)).then(|| Zeroizing::new(clean.iter().collect()))
}

/// What follows a printed date: 「生」 (born) or 「まで有効」 (valid until).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Birth,
    Expiry,
    Other,
}

/// A date as printed: `era` is `None` for a Gregorian year.
struct PrintedDate {
    era: Option<Era>,
    year: u16,
    year_digits: usize,
    month: u8,
    day: u8,
    suffix: Suffix,
}

const ERAS: [(char, char, Era); 5] = [
    ('明', '治', Era::Meiji),
    ('大', '正', Era::Taisho),
    ('昭', '和', Era::Showa),
    ('平', '成', Era::Heisei),
    ('令', '和', Era::Reiwa),
];

/// Every `[era] N年 M月 D日` in a cleaned line, with what follows it. `N` is 1–4 digits or 元
/// (the era's first year).
fn dates(clean: &[char]) -> impl Iterator<Item = PrintedDate> + '_ {
    clean.iter().enumerate().filter(|(_, &c)| c == '年').filter_map(|(i, _)| date_at(clean, i))
}

fn date_at(clean: &[char], nen: usize) -> Option<PrintedDate> {
    let before = &clean[..nen];
    let (year, year_digits, year_start) = if before.last() == Some(&'元') {
        (1, 0, nen - 1)
    } else {
        let n = before.iter().rev().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 4 {
            return None;
        }
        (number(&before[nen - n..])?, n, nen - n)
    };
    let era = match before[..year_start] {
        [.., a, b] => ERAS.iter().find(|(x, y, _)| (*x, *y) == (a, b)).map(|&(_, _, e)| e),
        _ => None,
    };
    if year_digits == 0 && era.is_none() {
        return None; // 元年 without an era
    }
    let rest = &clean[nen + 1..];
    let (month, rest) = digits_then(rest, '月')?;
    let (day, rest) = digits_then(rest, '日')?;
    let suffix = match rest {
        ['生', ..] => Suffix::Birth,
        ['ま', 'で', ..] => Suffix::Expiry,
        _ => Suffix::Other,
    };
    Some(PrintedDate {
        era,
        year,
        year_digits,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        suffix,
    })
}

/// One or two digits, then `unit`; the value and what follows the unit.
fn digits_then(s: &[char], unit: char) -> Option<(u16, &[char])> {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&n) || s.get(n) != Some(&unit) {
        return None;
    }
    Some((number(&s[..n])?, &s[n + 1..]))
}

fn number(digits: &[char]) -> Option<u16> {
    digits.iter().try_fold(0u16, |acc, c| acc.checked_mul(10)?.checked_add(u16::try_from(c.to_digit(10)?).ok()?))
}

/// The Gregorian year of era year `n`; `None` for year 0 or more than two digits (never printed).
fn gregorian_year(era: Era, d: &PrintedDate) -> Option<u16> {
    if d.year == 0 || d.year_digits > 2 {
        return None;
    }
    era.first_gregorian_year().checked_add(d.year - 1)
}

/// A birth date as `YYYY-MM-DD`. An era date must lie inside its era (「平成31年5月1日」 does not
/// exist: that day is 令和元年), so the conversion is checked by converting back
/// (`myna_card::data::Date::to_era`, the same arithmetic 照合番号B uses). A Gregorian date must be
/// on or after the Meiji era's start, which 照合番号B needs.
fn birth_date(d: &PrintedDate) -> Option<Zeroizing<String>> {
    let year = match d.era {
        Some(era) => gregorian_year(era, d)?,
        None if d.year_digits == 4 => d.year,
        None => return None,
    };
    if !is_calendar_date(year, d.month, d.day) {
        return None;
    }
    let back = Date { year, month: d.month, day: d.day }.to_era()?;
    if let Some(era) = d.era {
        if back != (era, d.year) {
            return None;
        }
    }
    Some(Zeroizing::new(format!("{year:04}-{:02}-{:02}", d.month, d.day)))
}

/// The expiry year as `YYYY`. Cards issued before 2019 printed their expiry in 平成 years past
/// the era's end (「平成38年」 = 2026), so an era date only has to start on or after its era's first
/// day. Only a date from 平成 on can be a My Number card's expiry (cards exist since 2016), which
/// also keeps a misread Gregorian year such as 「0034年」 out.
fn expiry_year(d: &PrintedDate) -> Option<Zeroizing<String>> {
    let year = match d.era {
        Some(era @ (Era::Heisei | Era::Reiwa)) => gregorian_year(era, d)?,
        Some(_) => return None,
        None if d.year_digits == 4 => d.year,
        None => return None,
    };
    if !is_calendar_date(year, d.month, d.day) {
        return None;
    }
    let (actual, _) = Date { year, month: d.month, day: d.day }.to_era()?;
    if actual < d.era.unwrap_or(Era::Heisei) {
        return None;
    }
    Some(Zeroizing::new(format!("{year:04}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (birth date, expiry year, security code) one frame reads.
    fn read(lines: &[&str]) -> (Option<String>, Option<String>, Option<String>) {
        let r = read_frame(lines);
        let s = |v: Option<Zeroizing<String>>| v.map(|z| z.as_str().to_owned());
        (s(r.birth_date), s(r.expiry_year), s(r.security_code))
    }

    fn birth(line: &str) -> Option<String> {
        read(&[line]).0
    }

    fn expiry(line: &str) -> Option<String> {
        read(&[line]).1
    }

    fn code(line: &str) -> Option<String> {
        read(&[line]).2
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    fn scan(s: &FaceScan) -> (Option<&str>, Option<&str>, Option<&str>, bool) {
        (
            s.birth_date.as_ref().map(|z| z.as_str()),
            s.expiry_year.as_ref().map(|z| z.as_str()),
            s.security_code.as_ref().map(|z| z.as_str()),
            s.complete(),
        )
    }

    /// A card face as a phone's Japanese text recogniser returns it, with the usual noise.
    const SHOWA_CARD: &[&str] = &[
        "個人番号カード",
        "氏名 番号 花子",
        "住所 東京都千代田区霞が関２丁目１番２号",
        "昭和60年 4月12日生",
        "性別 女",
        "2034年 4月12日まで有効",
        "電子証明書の有効期限",
        "2029年 4月12日",
        "1234",
    ];

    #[test]
    fn face_scan_realistic_frames_per_era() {
        assert_eq!(read(SHOWA_CARD), (some("1985-04-12"), some("2034"), some("1234")));
        assert_eq!(
            read(&[
                "個人番号カード",
                "平成28年8月1日生 性別 男",
                "２０３１年　８月　１日まで有効",
                "５６７８",
            ]),
            (some("2016-08-01"), some("2031"), some("5678"))
        );
        assert_eq!(
            read(&["令和元年5月1日生", "令和11年 5月 1日まで有効", "0O42"]),
            (some("2019-05-01"), some("2029"), some("0042"))
        );
        assert_eq!(read(&["大正15年 1月 2日生"]).0, some("1926-01-02"));
        assert_eq!(read(&["明治45年 7月29日生"]).0, some("1912-07-29"));
        assert_eq!(read(&["1985年4月12日生", "2035年4月12日まで有効"]), (some("1985-04-12"), some("2035"), None));
        // Noise and misreads: spaces between characters, O/I/l/S/B for digits, stray dots.
        assert_eq!(
            read(&[
                "昭 和 6O 年 4 月 l2 日 生",
                "2O34年.4月12日まで有効",
                "・ 2B5S .",
                "性別 女",
            ]),
            (some("1985-04-12"), some("2034"), some("2855"))
        );
        // A lone look-alike where a date has a number.
        assert_eq!(birth("昭和60年l月2日生"), some("1985-01-02"));
        assert_eq!(birth("平成S年1月O日生"), None); // day 0
        assert_eq!(birth("平成S年1月2日生"), some("1993-01-02"));
        assert_eq!(code("IOIS"), None);
        // A date broken over two lines at its wide space, or before its suffix.
        assert_eq!(read(&["昭和60年", "4月12日生", "2034年 4月12日", "まで有効"]), (some("1985-04-12"), some("2034"), None));
        assert_eq!(read(&["昭和60年", "性別 女", "4月12日生"]), (None, None, None));
        assert_eq!(read(&["2034年 4月12日", "1234"]), (None, None, some("1234")));
        // An older card's expiry in 平成 years past the era's end.
        assert_eq!(expiry("平成38年 3月31日まで有効"), some("2026"));
        // Birth and expiry merged into one OCR line.
        assert_eq!(read(&["平成2年1月3日生2030年1月3日まで有効"]), (some("1990-01-03"), some("2030"), None));
    }

    #[test]
    fn face_scan_era_boundaries() {
        let cases: &[(&str, Option<&str>)] = &[
            ("明治元年1月25日生", Some("1868-01-25")),
            ("明治元年1月24日生", None),
            ("明治45年7月29日生", Some("1912-07-29")),
            ("明治45年7月30日生", None),
            ("大正元年7月30日生", Some("1912-07-30")),
            ("大正元年7月29日生", None),
            ("大正15年12月24日生", Some("1926-12-24")),
            ("大正15年12月25日生", None),
            ("昭和元年12月25日生", Some("1926-12-25")),
            ("昭和元年12月24日生", None),
            ("昭和64年1月7日生", Some("1989-01-07")),
            ("昭和64年1月8日生", None),
            ("平成元年1月8日生", Some("1989-01-08")),
            ("平成元年1月7日生", None),
            ("平成1年1月8日生", Some("1989-01-08")),
            ("平成31年4月30日生", Some("2019-04-30")),
            ("平成31年5月1日生", None),
            ("令和元年5月1日生", Some("2019-05-01")),
            ("令和元年4月30日生", None),
            ("1868年1月25日生", Some("1868-01-25")),
            ("1868年1月24日生", None),
        ];
        for (line, want) in cases {
            assert_eq!(birth(line).as_deref(), *want, "{line}");
        }
        assert_eq!(expiry("平成元年1月8日まで有効"), some("1989"));
        assert_eq!(expiry("平成元年1月7日まで有効"), None);
        assert_eq!(expiry("令和元年5月1日まで有効"), some("2019"));
        assert_eq!(expiry("令和元年4月30日まで有効"), None);
    }

    #[test]
    fn face_scan_impossible_dates_are_refused() {
        assert_eq!(birth("平成8年2月29日生"), some("1996-02-29"));
        assert_eq!(birth("平成9年2月29日生"), None);
        assert_eq!(birth("昭和50年4月31日生"), None);
        assert_eq!(birth("昭和50年13月1日生"), None);
        assert_eq!(birth("昭和50年0月1日生"), None);
        assert_eq!(birth("昭和50年1月0日生"), None);
        assert_eq!(birth("令和0年6月1日生"), None);
        assert_eq!(birth("昭和100年1月1日生"), None);
        assert_eq!(birth("元年1月1日生"), None); // no era
        assert_eq!(birth("60年4月12日生"), None); // two-digit year without an era
        assert_eq!(birth("昭和1985年4月12日生"), None);
        assert_eq!(birth("12345年4月12日生"), None);
        assert_eq!(birth("昭和60年123月12日生"), None);
        assert_eq!(expiry("2034年2月30日まで有効"), None);
        assert_eq!(expiry("昭和60年4月12日まで有効"), None);
        assert_eq!(expiry("34年4月12日まで有効"), None);
        assert_eq!(expiry("0034年4月12日まで有効"), None);
        assert_eq!(expiry("1989年1月7日まで有効"), None);
        assert_eq!(expiry("1989年1月8日まで有効"), some("1989"));
    }

    #[test]
    fn face_scan_fields_are_not_confused() {
        // The birth line is never the expiry and vice versa; other dates (certificate expiry, an
        // issue date) are neither.
        assert_eq!(read(&["昭和60年4月12日生"]), (some("1985-04-12"), None, None));
        assert_eq!(read(&["2034年4月12日まで有効"]), (None, some("2034"), None));
        assert_eq!(read(&["2024年4月12日発行"]), (None, None, None));
        assert_eq!(read(&["2029年 4月12日"]), (None, None, None));
        assert_eq!(read(&["電子証明書の有効期限 2029年4月12日"]), (None, None, None));
        // Only a line of exactly four digits is the code.
        assert_eq!(code("1234"), some("1234"));
        assert_eq!(code(" １ ２ ３ ４ "), some("1234"));
        assert_eq!(code("12345"), None);
        assert_eq!(code("123"), None);
        assert_eq!(code("2034年"), None);
        assert_eq!(code("A123"), None);
        assert_eq!(code("SOIL"), None); // no digit: a word, not a number
        assert_eq!(code("I2O4"), some("1204"));
        assert_eq!(code("|234"), some("1234"));
        assert_eq!(code("b234"), None);
        // Two different values in one frame: no evidence for that field.
        assert_eq!(read(&["1234", "5678"]).2, None);
        assert_eq!(read(&["1234", "1234"]).2, some("1234"));
        assert_eq!(read(&["昭和60年4月12日生", "昭和61年4月12日生"]).0, None);
    }

    #[test]
    fn face_scan_bounds_the_work() {
        let long = format!("{}昭和60年4月12日生", "あ".repeat(MAX_LINE_CHARS));
        assert_eq!(birth(&long), None);
        let just = format!("{}昭和60年4月12日生", "あ".repeat(MAX_LINE_CHARS - 11));
        assert_eq!(just.chars().count(), MAX_LINE_CHARS);
        assert_eq!(birth(&just), some("1985-04-12"));
        let mut many = vec!["x"; MAX_FRAME_LINES];
        many[0] = "1234";
        assert_eq!(read(&many).2, some("1234"));
        many.push("y");
        assert_eq!(read(&many), (None, None, None));
    }

    #[test]
    fn face_scan_stable_exactly_at_the_nth_frame() {
        let mut sc = FaceScanner::default();
        assert_eq!(sc.required_agreement(), 3);
        assert_eq!(scan(&sc.feed_frame(SHOWA_CARD)), (None, None, None, false));
        assert_eq!(sc.streaks(), (1, 1, 1));
        // A frame that misses the code (a finger over it) keeps the other streaks going.
        let no_code: Vec<&str> = SHOWA_CARD.iter().copied().filter(|l| *l != "1234").collect();
        assert_eq!(scan(&sc.feed_frame(&no_code)), (None, None, None, false));
        assert_eq!(sc.streaks(), (2, 2, 1));
        assert_eq!(scan(&sc.feed_frame(SHOWA_CARD)), (Some("1985-04-12"), Some("2034"), None, false));
        assert_eq!(sc.streaks(), (3, 3, 2));
        assert_eq!(
            scan(&sc.feed_frame(SHOWA_CARD)),
            (Some("1985-04-12"), Some("2034"), Some("1234"), true)
        );
        // Stable fields are kept: later glare changes nothing.
        assert_eq!(
            scan(&sc.feed_frame(&["昭和61年4月12日生", "9999"])),
            (Some("1985-04-12"), Some("2034"), Some("1234"), true)
        );
        sc.reset();
        assert_eq!(sc.streaks(), (0, 0, 0));
        assert_eq!(scan(&sc.current()), (None, None, None, false));
    }

    #[test]
    fn face_scan_conflicting_frames_restart_the_streak() {
        let mut sc = FaceScanner::new(2);
        assert_eq!(scan(&sc.feed_frame(&["1234"])), (None, None, None, false));
        assert_eq!(scan(&sc.feed_frame(&["1284"])), (None, None, None, false));
        assert_eq!(sc.streaks(), (0, 0, 1));
        assert_eq!(scan(&sc.feed_frame(&["1234"])), (None, None, None, false));
        assert_eq!(scan(&sc.feed_frame(&[] as &[&str])), (None, None, None, false));
        assert_eq!(scan(&sc.feed_frame(&["性別 女"])), (None, None, None, false));
        assert_eq!(sc.streaks(), (0, 0, 1));
        assert_eq!(scan(&sc.feed_frame(&["1234"])), (None, None, Some("1234"), false));
        // A self-contradicting frame neither extends nor breaks a streak.
        assert_eq!(scan(&sc.feed_frame(&["平成2年1月3日生"])).0, None);
        assert_eq!(scan(&sc.feed_frame(&["平成2年1月3日生", "平成3年1月3日生"])).0, None);
        assert_eq!(sc.streaks().0, 1);
        assert_eq!(scan(&sc.feed_frame(&["平成2年1月3日生"])).0, Some("1990-01-03"));
        // Misread and clean frames agree once cleaned.
        let mut sc = FaceScanner::new(2);
        sc.feed_frame(&["2O34年 4月l2日まで有効"]);
        assert_eq!(scan(&sc.feed_frame(&["2034年4月12日まで有効"])).1, Some("2034"));
    }

    #[test]
    fn face_scan_zero_or_one_required() {
        let mut sc = FaceScanner::new(0);
        assert_eq!(sc.required_agreement(), 1);
        assert_eq!(scan(&sc.feed_frame(SHOWA_CARD)), (Some("1985-04-12"), Some("2034"), Some("1234"), true));
    }

    #[test]
    fn face_scan_debug_is_redacted() {
        let mut sc = FaceScanner::new(1);
        let s = sc.feed_frame(SHOWA_CARD);
        let text = format!("{s:?} {sc:?} {:?}", read_frame(SHOWA_CARD));
        for secret in ["1985", "2034", "1234", "04-12"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert_eq!(
            format!("{s:?}"),
            "FaceScan { birth_date: Some(\"<redacted>\"), expiry_year: Some(\"<redacted>\"), security_code: Some(\"<redacted>\") }"
        );
        assert_eq!(format!("{sc:?}"), "FaceScanner { required: 1, streaks: (1, 1, 1), stable: true, .. }");
    }

    fn messy_line() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9０-９OoIlSB|元年月日生まで有効明治大正昭和平成令 .・]{0,40}",
            "(明治|大正|昭和|平成|令和)?[0-9元]{1,3}年[0-9]{1,2}月[0-9]{1,2}日(生|まで有効)?",
            "\\PC{150,260}",
        ]
    }

    proptest! {
        #[test]
        fn face_scan_prop_never_panics(frames in prop::collection::vec(prop::collection::vec(messy_line(), 0..8), 0..6)) {
            let mut sc = FaceScanner::new(2);
            for frame in &frames {
                let s = sc.feed_frame(frame);
                if let Some(b) = &s.birth_date {
                    prop_assert_eq!(b.len(), 10);
                    let (y, m, d) = super::super::collation::parse_date(b).expect("a calendar date");
                    let in_an_era = Date { year: y, month: m, day: d }.to_era().is_some();
                    prop_assert!(in_an_era);
                }
                if let Some(e) = &s.expiry_year {
                    prop_assert!(e.len() == 4 && e.bytes().all(|b| b.is_ascii_digit()));
                }
                if let Some(c) = &s.security_code {
                    prop_assert!(c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()));
                }
                let _ = format!("{s:?} {sc:?}");
            }
            sc.reset();
        }

        #[test]
        fn face_scan_prop_huge_input_is_bounded(n in 0usize..100_000, lines in 0usize..200) {
            let huge = "1".repeat(n);
            let frame: Vec<&str> = std::iter::repeat_n(huge.as_str(), lines).collect();
            let r = read_frame(&frame);
            // Only a line of exactly four characters can be a code; no date can come from a digit run.
            prop_assert_eq!(r.security_code.is_some(), n == 4 && lines > 0 && lines <= MAX_FRAME_LINES);
            prop_assert!(r.birth_date.is_none() && r.expiry_year.is_none());
        }
    }
}
