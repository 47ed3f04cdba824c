//! 照合番号B (mynumber-chip.md §3): birth date as era-year `YYMMDD`, the card's expiry year
//! (Gregorian), and the 4-digit security code printed under the photo — fourteen digits.
//!
//! The era arithmetic is `myna_card::verification_code_b` (confirmed on a real card: 1980-02-17,
//! 2035, 2285 → `55021720352285`); this module owns the validation of what a person typed, so a
//! malformed input names its field and never reaches the card. Error values carry no digits.

use super::pin::{fold_width, Pin, PinKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollationField {
    BirthDate,
    ExpiryYear,
    SecurityCode,
}

impl CollationField {
    pub fn as_str(self) -> &'static str {
        match self {
            CollationField::BirthDate => "birth_date",
            CollationField::ExpiryYear => "expiry_year",
            CollationField::SecurityCode => "security_code",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollationReason {
    /// Not `YYYY-MM-DD`, `YYYY`, or four digits.
    BadFormat,
    /// A date that does not exist (month 13, 30 February).
    NoSuchDate,
    /// Before the Meiji era (1868-01-25), or an era year that needs three digits.
    OutOfRange,
}

impl CollationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CollationReason::BadFormat => "bad_format",
            CollationReason::NoSuchDate => "no_such_date",
            CollationReason::OutOfRange => "out_of_range",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollationInputError {
    pub field: CollationField,
    pub reason: CollationReason,
}

fn err(field: CollationField, reason: CollationReason) -> CollationInputError {
    CollationInputError { field, reason }
}

fn folded_digits(s: &str) -> String {
    s.trim().chars().map(fold_width).collect()
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// A calendar date `YYYY-MM-DD` (also `YYYYMMDD`; full-width accepted), checked against month
/// lengths and leap years.
pub fn parse_date(input: &str) -> Option<(u16, u8, u8)> {
    let s: String = folded_digits(input).chars().filter(|&c| c != '-').collect();
    if !all_digits(&s, 8) {
        return None;
    }
    let y: u16 = s[0..4].parse().ok()?;
    let m: u8 = s[4..6].parse().ok()?;
    let d: u8 = s[6..8].parse().ok()?;
    is_calendar_date(y, m, d).then_some((y, m, d))
}

/// Whether `y-m-d` exists in the Gregorian calendar (month lengths, leap years); shared with the
/// card-face scanner, which reads the date from era text rather than `YYYY-MM-DD`.
pub fn is_calendar_date(y: u16, m: u8, d: u8) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Builds 照合番号B. The inputs are what the person typed: `birth` as `YYYY-MM-DD`, `expiry_year`
/// as `YYYY`, `code` as four digits.
pub fn collation_b(birth: &str, expiry_year: &str, code: &str) -> Result<Pin, CollationInputError> {
    use CollationField as F;
    use CollationReason as R;
    let b = folded_digits(birth);
    let shaped = b.len() == 10 && b.as_bytes()[4] == b'-' && b.as_bytes()[7] == b'-' || all_digits(&b, 8);
    if !shaped {
        return Err(err(F::BirthDate, R::BadFormat));
    }
    let (y, m, d) = parse_date(&b).ok_or(err(F::BirthDate, R::NoSuchDate))?;
    let e = folded_digits(expiry_year);
    if !all_digits(&e, 4) {
        return Err(err(F::ExpiryYear, R::BadFormat));
    }
    let expiry: u16 = e.parse().map_err(|_| err(F::ExpiryYear, R::BadFormat))?;
    let c = zeroize::Zeroizing::new(folded_digits(code));
    if !all_digits(&c, 4) {
        return Err(err(F::SecurityCode, R::BadFormat));
    }
    let date = myna_card::Date { year: y, month: m, day: d };
    // The crate refuses dates before Meiji and era years of three digits; its error text names the
    // date, so only the fact is kept.
    let pin = myna_card::verification_code_b(date, expiry, c.as_bytes()).map_err(|_| err(F::BirthDate, R::OutOfRange))?;
    Ok(Pin::from_ascii(PinKind::CollationB, pin.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_real_card_example() {
        assert_eq!(collation_b("1980-02-17", "2035", "2285").unwrap().as_bytes(), b"55021720352285");
        assert_eq!(collation_b("１９８０－０２－１７", "２０３５", "２２８５").unwrap().as_bytes(), b"55021720352285");
        // Era boundaries: 1989-01-07 is 昭和64, 1989-01-08 平成1, 2019-05-01 令和1.
        assert_eq!(collation_b("1989-01-07", "2030", "0001").unwrap().as_bytes(), b"64010720300001");
        assert_eq!(collation_b("1989-01-08", "2030", "0001").unwrap().as_bytes(), b"01010820300001");
        assert_eq!(collation_b("2019-05-01", "2030", "0001").unwrap().as_bytes(), b"01050120300001");
    }

    #[test]
    fn malformed_inputs_name_their_field() {
        use CollationField as F;
        use CollationReason as R;
        assert_eq!(collation_b("1980/02/17", "2035", "2285").unwrap_err(), err(F::BirthDate, R::BadFormat));
        assert_eq!(collation_b("1981-02-29", "2035", "2285").unwrap_err(), err(F::BirthDate, R::NoSuchDate));
        assert_eq!(collation_b("1980-13-01", "2035", "2285").unwrap_err(), err(F::BirthDate, R::NoSuchDate));
        assert_eq!(collation_b("1800-01-01", "2035", "2285").unwrap_err(), err(F::BirthDate, R::OutOfRange));
        assert_eq!(collation_b("1980-02-17", "35", "2285").unwrap_err(), err(F::ExpiryYear, R::BadFormat));
        assert_eq!(collation_b("1980-02-17", "2035", "228").unwrap_err(), err(F::SecurityCode, R::BadFormat));
        assert_eq!(collation_b("1980-02-17", "2035", "22a5").unwrap_err(), err(F::SecurityCode, R::BadFormat));
        assert!(collation_b("2000-02-29", "2035", "2285").is_ok());
        assert_eq!(collation_b("1900-02-29", "2035", "2285").unwrap_err(), err(F::BirthDate, R::NoSuchDate));
    }

    proptest! {
        #[test]
        fn never_panics_and_is_fourteen_digits(b in "\\PC{0,12}", e in "\\PC{0,6}", c in "\\PC{0,6}") {
            if let Ok(p) = collation_b(&b, &e, &c) {
                prop_assert_eq!(p.as_bytes().len(), 14);
                prop_assert!(p.as_bytes().iter().all(u8::is_ascii_digit));
            }
        }
    }
}
