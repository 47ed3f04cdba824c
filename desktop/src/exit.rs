//! Exit statuses, so scripts can tell a genuine card, a suspicious card and a failed read apart
//! without parsing output.

use zairyu_core::verify::Verdict;

/// Normal card, or a young holder's card (no signature to check, which is not a failure).
pub const OK: u8 = 0;
/// A check failed: the card may be damaged or forged.
pub const ABNORMAL: u8 = 1;
/// The read (or the command) failed.
pub const ERROR: u8 = 2;
/// Bad command line (BSD `EX_USAGE`).
pub const USAGE: u8 = 64;

pub fn for_verdict(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Normal | Verdict::YoungHolder => OK,
        Verdict::Abnormal => ABNORMAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_map_to_exit_codes() {
        assert_eq!(for_verdict(Verdict::Normal), 0);
        assert_eq!(for_verdict(Verdict::YoungHolder), 0);
        assert_eq!(for_verdict(Verdict::Abnormal), 1);
        assert_eq!((ERROR, USAGE), (2, 64));
    }
}
