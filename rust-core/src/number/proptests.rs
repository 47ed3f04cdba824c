//! Properties over arbitrary input: user text and OCR output are untrusted, and the number is
//! personal data that must never leak into `Debug` or error texts.

use super::*;
use proptest::prelude::*;

/// Arbitrary Unicode mixed with the characters the code treats specially, so the interesting
/// paths are hit often.
fn messy_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[A-Za-z0-9 \\-ー　ＡＢ０１|!.番号]{0,40}",
        "[a-zA-Z0-9]{10,14}",
    ]
}

/// Fails the case if `text` contains `number`; a function because `prop_assert!` cannot take
/// `format!` with captured identifiers.
fn no_leak(number: &str, text: &str) -> Result<(), TestCaseError> {
    if text.contains(number) {
        return Err(TestCaseError::fail("the card number leaked into a text"));
    }
    Ok(())
}

fn valid_number() -> impl Strategy<Value = String> {
    "[A-Z0-9]{12}"
}

fn first_generation_number() -> impl Strategy<Value = String> {
    "[A-Z]{2}[0-9]{8}[A-Z]{2}"
}

proptest! {
    #[test]
    fn number_prop_nothing_panics(input in messy_text(), lines in prop::collection::vec(messy_text(), 0..5)) {
        let _ = normalize(&input);
        let _ = CardNumber::parse(&input);
        let _ = CardNumber::parse_strict(&input);
        let c = check(&input);
        let _ = format!("{c:?}");
        let _ = best_candidate(&lines);
        let mut scanner = NumberScanner::new(2);
        for line in &lines {
            let _ = scanner.feed_frame(&[line]);
        }
        let _ = scanner.feed_frame(&lines);
        scanner.reset();
    }

    #[test]
    fn number_prop_normalize_is_idempotent(input in messy_text()) {
        let once = normalize(&input);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn number_prop_parse_agrees_with_check(input in messy_text()) {
        let c = check(&input);
        prop_assert_eq!(&c.result, &CardNumber::parse(&input));
        prop_assert_eq!(c.normalized.as_str(), normalize(&input));
        if let Ok(n) = &c.result {
            prop_assert_eq!(&c.warning, &pattern_warning(n));
        } else {
            prop_assert_eq!(&c.warning, &None);
        }
    }

    #[test]
    fn number_prop_errors_point_inside_the_normalised_text(input in messy_text()) {
        let normalized = normalize(&input);
        let len = normalized.chars().count();
        if let Err(e) = CardNumber::parse_strict(&input) {
            match e {
                NumberError::Empty => prop_assert_eq!(len, 0),
                NumberError::TooShort { count } => prop_assert!(count == len && (1..12).contains(&count)),
                NumberError::TooLong { count } => prop_assert!(count == len && count > 12),
                NumberError::InvalidCharacter { position } => {
                    let c = normalized.chars().nth(position - 1);
                    prop_assert!(c.is_some_and(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit())));
                }
                NumberError::ExpectedLetter { position } | NumberError::ExpectedDigit { position } => {
                    prop_assert!((1..=12).contains(&position));
                }
            }
        }
    }

    #[test]
    fn number_prop_valid_round_trips(number in valid_number()) {
        let n = CardNumber::parse(&number).expect("valid");
        prop_assert_eq!(n.as_str(), number.as_str());
        prop_assert_eq!(n.as_bytes(), number.as_bytes());
        let again = CardNumber::parse(n.as_str()).expect("round trip");
        prop_assert_eq!(&again, &n);
        let lower = CardNumber::parse(&number.to_lowercase()).expect("lower case");
        prop_assert_eq!(&lower, &n);
    }

    #[test]
    fn number_prop_first_generation_is_strict_and_ocr_exact(number in first_generation_number()) {
        let n = CardNumber::parse_strict(&number).expect("strict");
        prop_assert_eq!(pattern_warning(&n), None);
        let c = best_candidate(&[format!("番号 {number}")]).expect("candidate");
        prop_assert_eq!(c.number.as_str(), number.as_str());
        prop_assert_eq!(c.corrections, 0);
    }

    #[test]
    fn number_prop_ocr_output_is_first_generation(lines in prop::collection::vec(messy_text(), 0..5)) {
        if let Some(c) = best_candidate(&lines) {
            prop_assert_eq!(pattern_warning(&c.number), None);
            prop_assert_eq!(c.corrections, c.corrected_positions.len());
            prop_assert!(c.corrected_positions.iter().all(|p| (1..=12).contains(p)));
            prop_assert!(c.corrected_positions.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn number_prop_number_never_leaks(number in valid_number(), extra in "[A-Z0-9@]{0,3}") {
        let n = CardNumber::parse(&number).expect("valid");
        no_leak(&number, &format!("{n:?}"))?;

        for input in [number.clone(), format!("{number}{extra}"), format!("@{number}"), number[..5].to_owned()] {
            let c = check(&input);
            no_leak(&number, &format!("{c:?}"))?;
            for e in [c.result.as_ref().err(), c.warning.as_ref()].into_iter().flatten() {
                no_leak(&number, &e.to_string())?;
                no_leak(&number, &format!("{e:?}"))?;
                no_leak(&number, &e.message_ja())?;
                no_leak(&number, &e.message_en())?;
            }
            if let Err(e) = CardNumber::parse_strict(&input) {
                no_leak(&number, &e.to_string())?;
                no_leak(&number, &format!("{e:?}"))?;
            }
        }

        let lines = [format!("NO. {number}")];
        if let Some(c) = best_candidate(&lines) {
            no_leak(&number, &format!("{c:?}"))?;
            no_leak(&number, &format!("{:?}", c.number))?;
        }
        let mut scanner = NumberScanner::new(2);
        scanner.feed_frame(&lines);
        scanner.feed_frame(&lines);
        no_leak(&number, &format!("{scanner:?}"))?;
    }
}
