//! Picking the card number out of the text lines a phone's on-device OCR returns for one camera
//! frame (product.md §4), repairing the letter/digit confusions OCR typically makes.
//!
//! Corrections follow the first-generation layout `LL DDDDDDDD LL`, the only documented one: a
//! glyph in a digit slot that looks like a digit is read as that digit and vice versa. Every
//! correction is reported by position so the UI can ask the user to double-check exactly those
//! characters against the card.

use super::normalize::{fold_char, is_separator};
use super::pattern::{slot, Slot};
use super::{CardNumber, CARD_NUMBER_LEN};
use zeroize::{Zeroize, Zeroizing};

/// More repairs than this and the text is more likely something else (a date, a 12-digit My
/// Number, a word) than a misread card number; multi-frame agreement and the user's comparison
/// with the card guard what remains.
const MAX_CORRECTIONS: usize = 3;

/// The number found in one frame. `Debug` is redacted because [`CardNumber`]'s is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrCandidate {
    pub number: CardNumber,
    /// How many characters were changed from what OCR read.
    pub corrections: usize,
    /// 1-based positions of the changed characters, ascending, for highlighting.
    pub corrected_positions: Vec<usize>,
}

/// The most plausible card number in one frame's OCR lines, or `None` if there is none.
///
/// Fewest corrections wins; on a tie a window that is a whole token (bounded by line ends, spaces,
/// dashes or punctuation) beats one cut out of a longer run; on a further tie the first in reading
/// order wins, so equal frames always give equal answers.
pub fn best_candidate<S: AsRef<str>>(lines: &[S]) -> Option<OcrCandidate> {
    let mut best: Option<Scored> = None;
    for line in lines {
        scan_line(line.as_ref(), &mut best);
    }
    best.map(|s| s.candidate)
}

struct Scored {
    candidate: OcrCandidate,
    whole_token: bool,
}

impl Scored {
    fn rank(&self) -> (usize, bool) {
        (self.candidate.corrections, !self.whole_token)
    }
}

/// Splits a line into runs of number-like characters. Spaces and dashes may sit inside a printed
/// number ("AB 12345678 CD"), so they only mark token boundaries; any other character ends a run.
fn scan_line(line: &str, best: &mut Option<Scored>) {
    let mut run = Zeroizing::new(Vec::<u8>::new());
    // starts_token[i]: a separator, punctuation or the line start precedes run[i].
    let mut starts_token: Vec<bool> = Vec::new();
    let mut after_break = true;
    for c in line.chars().map(fold_char) {
        if is_separator(c) {
            after_break = true;
            continue;
        }
        match u8::try_from(c) {
            Ok(b) if b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'|' || b == b'!' => {
                run.push(b);
                starts_token.push(after_break);
                after_break = false;
            }
            _ => {
                scan_run(&run, &starts_token, best);
                run.zeroize();
                starts_token.clear();
                after_break = true;
            }
        }
    }
    scan_run(&run, &starts_token, best);
}

fn scan_run(run: &[u8], starts_token: &[bool], best: &mut Option<Scored>) {
    for (start, window) in run.windows(CARD_NUMBER_LEN).enumerate() {
        let Some(candidate) = correct(window) else {
            continue;
        };
        let starts = starts_token.get(start).copied().unwrap_or(false);
        let ends = starts_token
            .get(start + CARD_NUMBER_LEN)
            .copied()
            .unwrap_or(true);
        let scored = Scored {
            candidate,
            whole_token: starts && ends,
        };
        if best.as_ref().is_none_or(|b| scored.rank() < b.rank()) {
            *best = Some(scored);
        }
    }
}

/// Reads a 12-character window against the first-generation layout, repairing look-alikes.
fn correct(window: &[u8]) -> Option<OcrCandidate> {
    let mut fixed = Zeroizing::new([0u8; CARD_NUMBER_LEN]);
    let mut corrected_positions = Vec::new();
    for (i, (&read, out)) in window.iter().zip(fixed.iter_mut()).enumerate() {
        let (ok, repaired) = match slot(i) {
            Slot::Letter => (read.is_ascii_uppercase(), as_letter(read)),
            Slot::Digit => (read.is_ascii_digit(), as_digit(read)),
        };
        *out = if ok {
            read
        } else {
            corrected_positions.push(i + 1);
            if corrected_positions.len() > MAX_CORRECTIONS {
                return None;
            }
            repaired?
        };
    }
    let number = CardNumber::from_ascii(&fixed[..])?;
    Some(OcrCandidate {
        number,
        corrections: corrected_positions.len(),
        corrected_positions,
    })
}

/// What a glyph OCR read in a digit slot most likely is.
fn as_digit(read: u8) -> Option<u8> {
    Some(match read {
        b'O' | b'D' | b'Q' | b'U' => b'0',
        b'I' | b'L' | b'|' | b'!' => b'1',
        b'Z' => b'2',
        b'A' => b'4',
        b'S' => b'5',
        b'G' => b'6',
        b'T' => b'7',
        b'B' => b'8',
        _ => return None,
    })
}

/// What a glyph OCR read in a letter slot most likely is.
fn as_letter(read: u8) -> Option<u8> {
    Some(match read {
        b'0' => b'O',
        b'1' | b'|' | b'!' => b'I',
        b'2' => b'Z',
        b'4' => b'A',
        b'5' => b'S',
        b'6' => b'G',
        b'7' => b'T',
        b'8' => b'B',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (number, corrected positions) of the best candidate.
    fn best(lines: &[&str]) -> Option<(String, Vec<usize>)> {
        best_candidate(lines).map(|c| {
            assert_eq!(c.corrections, c.corrected_positions.len());
            (c.number.as_str().to_owned(), c.corrected_positions.clone())
        })
    }

    fn found(number: &str, positions: &[usize]) -> Option<(String, Vec<usize>)> {
        Some((number.to_owned(), positions.to_vec()))
    }

    #[test]
    fn number_ocr_clean_reads() {
        assert_eq!(best(&["AB12345678CD"]), found("AB12345678CD", &[]));
        assert_eq!(best(&["AB 12345678 CD"]), found("AB12345678CD", &[]));
        assert_eq!(best(&["AB-1234-5678-CD"]), found("AB12345678CD", &[]));
        assert_eq!(best(&["ab12345678cd"]), found("AB12345678CD", &[]));
        assert_eq!(
            best(&["ＡＢ１２３４５６７８ＣＤ"]),
            found("AB12345678CD", &[])
        );
        assert_eq!(
            best(&["ＡＢ　１２３４５６７８　ＣＤ"]),
            found("AB12345678CD", &[])
        );
    }

    #[test]
    fn number_ocr_text_around_the_number() {
        assert_eq!(best(&["番号 NO. AB12345678CD"]), found("AB12345678CD", &[]));
        assert_eq!(best(&["番号NO.AB12345678CD"]), found("AB12345678CD", &[]));
        assert_eq!(best(&["NO AB12345678CD"]), found("AB12345678CD", &[]));
        assert_eq!(best(&["NOAB12345678CD"]), found("AB12345678CD", &[]));
        assert_eq!(
            best(&["在留カード", "番号 AB12345678CD", "氏名 NAME"]),
            found("AB12345678CD", &[])
        );
        assert_eq!(
            best(&["AB12345678CD 2025年05月01日"]),
            found("AB12345678CD", &[])
        );
    }

    #[test]
    fn number_ocr_letters_read_in_digit_slots() {
        assert_eq!(best(&["ABO2345678CD"]), found("AB02345678CD", &[3]));
        assert_eq!(best(&["AB1D345678CD"]), found("AB10345678CD", &[4]));
        assert_eq!(best(&["ABI2345678CD"]), found("AB12345678CD", &[3]));
        assert_eq!(best(&["ABl2345678CD"]), found("AB12345678CD", &[3]));
        assert_eq!(best(&["AB|2345678CD"]), found("AB12345678CD", &[3]));
        assert_eq!(best(&["AB1Z345678CD"]), found("AB12345678CD", &[4]));
        assert_eq!(best(&["AB123A5678CD"]), found("AB12345678CD", &[6]));
        assert_eq!(best(&["AB1234S678CD"]), found("AB12345678CD", &[7]));
        assert_eq!(best(&["AB12345G78CD"]), found("AB12345678CD", &[8]));
        assert_eq!(best(&["AB123456T8CD"]), found("AB12345678CD", &[9]));
        assert_eq!(best(&["AB1234567BCD"]), found("AB12345678CD", &[10]));
        assert_eq!(best(&["ABO23456B8CD"]), found("AB02345688CD", &[3, 9]));
    }

    #[test]
    fn number_ocr_digits_read_in_letter_slots() {
        assert_eq!(best(&["0B12345678CD"]), found("OB12345678CD", &[1]));
        assert_eq!(best(&["1B12345678CD"]), found("IB12345678CD", &[1]));
        assert_eq!(best(&["A812345678CD"]), found("AB12345678CD", &[2]));
        assert_eq!(best(&["2B12345678CD"]), found("ZB12345678CD", &[1]));
        assert_eq!(best(&["AB123456785D"]), found("AB12345678SD", &[11]));
        assert_eq!(best(&["AB12345678C6"]), found("AB12345678CG", &[12]));
        assert_eq!(best(&["4B12345678C7"]), found("AB12345678CT", &[1, 12]));
        assert_eq!(best(&["A!12345678CD"]), found("AI12345678CD", &[2]));
    }

    #[test]
    fn number_ocr_fewest_corrections_wins() {
        // Same line: the clean one wins although it comes second.
        assert_eq!(
            best(&["XY1234S678ZW AB12345678CD"]),
            found("AB12345678CD", &[])
        );
        // Across lines.
        assert_eq!(
            best(&["AB1234567BCD", "AB12345678CD"]),
            found("AB12345678CD", &[])
        );
        assert_eq!(
            best(&["AB1234567BCD", "EF1O34S678GH"]),
            found("AB12345678CD", &[10])
        );
    }

    #[test]
    fn number_ocr_two_equal_candidates_first_wins() {
        assert_eq!(
            best(&["AB12345678CD EF87654321GH"]),
            found("AB12345678CD", &[])
        );
        assert_eq!(
            best(&["EF87654321GH", "AB12345678CD"]),
            found("EF87654321GH", &[])
        );
    }

    #[test]
    fn number_ocr_whole_token_beats_substring() {
        // Line 1 only has a clean window inside a longer run; line 2 is a whole token.
        assert_eq!(
            best(&["QAB12345678CD", "EF87654321GH"]),
            found("EF87654321GH", &[])
        );
        assert_eq!(best(&["QAB12345678CD"]), found("AB12345678CD", &[]));
    }

    #[test]
    fn number_ocr_garbage_is_none() {
        let none: &[&str] = &[];
        assert_eq!(best(none), None);
        assert_eq!(best(&[""]), None);
        assert_eq!(best(&["在留カード RESIDENCE CARD"]), None);
        assert_eq!(best(&["ABCDEFGHIJKLMNOP"]), None);
        assert_eq!(best(&["!!!!!!!!!!!!"]), None);
        assert_eq!(best(&["AB1234567CD"]), None); // 11 characters
        assert_eq!(best(&["AB12345.678CD"]), None); // punctuation splits it
        assert_eq!(best(&["AB12345678", "CD"]), None); // lines are not joined
        assert_eq!(best(&["2025年05月01日"]), None);
        // A 12-digit My Number would need four repairs.
        assert_eq!(best(&["123456789012"]), None);
        assert_eq!(best(&["1234 5678 9012"]), None);
        assert_eq!(best(&["ABCD345678CD"]), None); // C cannot be a digit
    }

    #[test]
    fn number_ocr_correction_limit() {
        assert_eq!(best(&["0BOZ345678CD"]), found("OB02345678CD", &[1, 3, 4]));
        assert_eq!(best(&["0BOZS45678CD"]), None);
    }

    #[test]
    fn number_ocr_debug_is_redacted() {
        let c = best_candidate(&["AB1234567BCD"]).expect("candidate");
        assert_eq!(
            format!("{c:?}"),
            "OcrCandidate { number: CardNumber(<redacted>), corrections: 1, corrected_positions: [10] }"
        );
    }
}
