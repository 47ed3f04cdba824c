//! Accepting a camera-scanned number only once several frames agree (product.md §4, "require
//! identical consecutive reads"): a single frame with glare can turn one glyph into another, and a
//! wrong number costs the user a failed NFC read.

use super::ocr::{best_candidate, OcrCandidate};
use super::CardNumber;

/// Frames that must agree when using [`NumberScanner::default`]; above the spec's minimum of two
/// because position-based repairs make single-frame mistakes look plausible.
pub const DEFAULT_REQUIRED_AGREEMENT: usize = 3;

/// Collects per-frame OCR results until the same number has been seen often enough in a row.
///
/// Frames without any candidate (motion blur, card out of frame) are skipped rather than breaking
/// the streak; a frame with a *different* candidate restarts it.
pub struct NumberScanner {
    required: usize,
    last: Option<CardNumber>,
    streak: usize,
    corrected_positions: Vec<usize>,
}

impl NumberScanner {
    /// A scanner that reports after `required_agreement` agreeing frames (at least one).
    pub fn new(required_agreement: usize) -> Self {
        NumberScanner {
            required: required_agreement.max(1),
            last: None,
            streak: 0,
            corrected_positions: Vec::new(),
        }
    }

    /// Feeds the OCR lines of one frame. Returns the number once the streak reaches the required
    /// agreement, and on every further agreeing frame, so a caller that missed one report is not
    /// stuck.
    pub fn feed_frame<S: AsRef<str>>(&mut self, lines: &[S]) -> Option<CardNumber> {
        let OcrCandidate {
            number,
            corrected_positions,
            ..
        } = best_candidate(lines)?;
        if self.last.as_ref() == Some(&number) {
            self.streak = self.streak.saturating_add(1);
        } else {
            // Replacing drops (and so zeroizes) the previous number.
            self.last = Some(number);
            self.streak = 1;
            self.corrected_positions.clear();
        }
        for p in corrected_positions {
            if !self.corrected_positions.contains(&p) {
                self.corrected_positions.push(p);
            }
        }
        self.corrected_positions.sort_unstable();
        if self.streak >= self.required {
            self.last.clone()
        } else {
            None
        }
    }

    /// Forgets the held number and streak, e.g. when the camera screen closes.
    pub fn reset(&mut self) {
        self.last = None;
        self.streak = 0;
        self.corrected_positions.clear();
    }

    /// How many agreeing frames in a row have been seen for the current candidate; for a
    /// progress indicator.
    pub fn current_streak(&self) -> usize {
        self.streak
    }

    /// How many agreeing frames are needed.
    pub fn required_agreement(&self) -> usize {
        self.required
    }

    /// 1-based positions OCR had to repair in any frame of the current streak: the characters the
    /// user should double-check against the card.
    pub fn corrected_positions(&self) -> &[usize] {
        &self.corrected_positions
    }
}

impl Default for NumberScanner {
    fn default() -> Self {
        Self::new(DEFAULT_REQUIRED_AGREEMENT)
    }
}

impl std::fmt::Debug for NumberScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NumberScanner")
            .field("required", &self.required)
            .field("streak", &self.streak)
            .field("holding_number", &self.last.is_some())
            .field("corrected_positions", &self.corrected_positions)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &[&str] = &["番号 AB12345678CD"];
    const A_MISREAD: &[&str] = &["AB1234567BCD"]; // corrects to A
    const B: &[&str] = &["EF87654321GH"];
    const NOTHING: &[&str] = &["在留カード"];

    fn s(n: Option<CardNumber>) -> Option<String> {
        n.map(|n| n.as_str().to_owned())
    }

    #[test]
    fn number_scanner_reports_after_three_frames_by_default() {
        let mut sc = NumberScanner::default();
        assert_eq!(sc.required_agreement(), 3);
        assert_eq!(sc.current_streak(), 0);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(sc.current_streak(), 1);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(sc.current_streak(), 2);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
        assert_eq!(sc.current_streak(), 3);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
        assert_eq!(sc.current_streak(), 4);
    }

    #[test]
    fn number_scanner_empty_frames_keep_the_streak() {
        let mut sc = NumberScanner::new(2);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(s(sc.feed_frame(NOTHING)), None);
        let none: &[&str] = &[];
        assert_eq!(s(sc.feed_frame(none)), None);
        assert_eq!(sc.current_streak(), 1);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
    }

    #[test]
    fn number_scanner_different_candidate_restarts() {
        let mut sc = NumberScanner::new(2);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(s(sc.feed_frame(B)), None);
        assert_eq!(sc.current_streak(), 1);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(sc.current_streak(), 1);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
    }

    #[test]
    fn number_scanner_corrected_frames_agree_with_clean_ones() {
        let mut sc = NumberScanner::new(3);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(sc.corrected_positions(), &[] as &[usize]);
        assert_eq!(s(sc.feed_frame(A_MISREAD)), None);
        assert_eq!(sc.corrected_positions(), &[10]);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
        assert_eq!(sc.corrected_positions(), &[10]);
        // A new candidate drops the old highlights.
        sc.feed_frame(B);
        assert_eq!(sc.corrected_positions(), &[] as &[usize]);
    }

    #[test]
    fn number_scanner_reset() {
        let mut sc = NumberScanner::new(2);
        sc.feed_frame(A_MISREAD);
        assert_eq!(sc.current_streak(), 1);
        sc.reset();
        assert_eq!(sc.current_streak(), 0);
        assert_eq!(sc.corrected_positions(), &[] as &[usize]);
        assert_eq!(s(sc.feed_frame(A)), None);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
    }

    #[test]
    fn number_scanner_zero_or_one_required() {
        let mut sc = NumberScanner::new(0);
        assert_eq!(sc.required_agreement(), 1);
        assert_eq!(s(sc.feed_frame(A)), Some("AB12345678CD".to_owned()));
        let mut sc = NumberScanner::new(1);
        assert_eq!(s(sc.feed_frame(NOTHING)), None);
        assert_eq!(s(sc.feed_frame(B)), Some("EF87654321GH".to_owned()));
    }

    #[test]
    fn number_scanner_debug_is_redacted() {
        let mut sc = NumberScanner::new(2);
        sc.feed_frame(A_MISREAD);
        assert_eq!(
            format!("{sc:?}"),
            "NumberScanner { required: 2, streak: 1, holding_number: true, corrected_positions: [10] }"
        );
    }
}
