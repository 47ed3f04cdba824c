//! PIN status and the safety policy (mynumber-chip.md §3): the tries left are read without
//! spending one before every VERIFY; `63 C0`, `69 83`, `69 84` mean blocked; with one try left
//! VERIFY is refused unless the caller confirmed (`allow_last_try`); a wrong PIN reports the tries
//! left; nothing here ever sends a PIN twice.

use crate::apdu::sw as iso;
use crate::session::Session;

use super::chip::sw;
use super::error::MyNumberError;
use super::link;
use super::pin::{Pin, PinKind};

/// A retry counter as read from the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinStatus {
    pub kind: PinKind,
    pub tries_left: u8,
    pub blocked: bool,
}

/// What a status word to `VERIFY` (with or without data) says about the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// `90 00` to a VERIFY with data.
    Accepted,
    /// `63 Cx`, x ≥ 1.
    TriesLeft(u8),
    /// `63 C0`, `69 83`, `69 84`.
    Blocked,
    /// `63 00`: wrong value for a key without a retry limit.
    WrongUnlimited,
    Other(u16),
}

pub fn classify(sw_: u16) -> Counter {
    match sw_ {
        iso::OK => Counter::Accepted,
        0x63C0 | sw::AUTH_METHOD_BLOCKED | sw::REFERENCE_DATA_BLOCKED => Counter::Blocked,
        0x63C1..=0x63CF => Counter::TriesLeft((sw_ & 0x0F) as u8),
        iso::VERIFICATION_FAILED => Counter::WrongUnlimited,
        other => Counter::Other(other),
    }
}

/// Reads the counter of the selected key (`00 20 00 80`, no data): one APDU, no try spent.
pub fn read_status(s: &mut Session<'_>, kind: PinKind) -> Result<PinStatus, MyNumberError> {
    let status = |tries_left, blocked| PinStatus { kind, tries_left, blocked };
    match classify(link::query_tries(s)?) {
        Counter::TriesLeft(n) => Ok(status(n, false)),
        Counter::Blocked => Ok(status(0, true)),
        Counter::Other(iso::FILE_NOT_FOUND) => Err(MyNumberError::NotAMyNumberCard),
        // A counter-less key or a card that says "already verified" is not what these keys are.
        Counter::Accepted | Counter::WrongUnlimited => Err(MyNumberError::malformed("PIN counter")),
        Counter::Other(other) => Err(link::unexpected(other, "VERIFY (tries)")),
    }
}

/// The policy before a VERIFY, on a status just read: blocked and last-try refusals.
pub fn may_try(status: &PinStatus, allow_last_try: bool) -> Result<(), MyNumberError> {
    if status.blocked || status.tries_left == 0 {
        return Err(MyNumberError::PinBlocked { pin: status.kind });
    }
    if status.tries_left == 1 && !allow_last_try {
        return Err(MyNumberError::LastTryRefused { pin: status.kind });
    }
    Ok(())
}

/// Reads the counter, applies the policy, then sends the PIN once. The key EF must be selected.
/// Returns the counter as read before the try (for the result screen).
pub fn verify_once(
    s: &mut Session<'_>,
    pin: &Pin,
    allow_last_try: bool,
) -> Result<PinStatus, MyNumberError> {
    let kind = pin.kind();
    let before = read_status(s, kind)?;
    may_try(&before, allow_last_try)?;
    match classify(link::verify(s, pin)?) {
        Counter::Accepted => {
            log::info!("VERIFY {}: accepted", kind.as_str());
            Ok(before)
        }
        Counter::TriesLeft(n) => {
            log::info!("VERIFY {}: wrong, {n} tries left", kind.as_str());
            Err(MyNumberError::WrongPin { pin: kind, tries_left: n })
        }
        Counter::Blocked => {
            log::info!("VERIFY {}: wrong, now blocked", kind.as_str());
            Err(MyNumberError::PinBlocked { pin: kind })
        }
        // The counter was read as limited a moment ago; a card that now claims otherwise still
        // refused the PIN. Report the count it had minus the try just spent.
        Counter::WrongUnlimited => {
            Err(MyNumberError::WrongPin { pin: kind, tries_left: before.tries_left.saturating_sub(1) })
        }
        Counter::Other(other) => Err(link::unexpected(other, "VERIFY")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        assert_eq!(classify(0x63C3), Counter::TriesLeft(3));
        assert_eq!(classify(0x63C1), Counter::TriesLeft(1));
        for blocked in [0x63C0, 0x6983, 0x6984] {
            assert_eq!(classify(blocked), Counter::Blocked);
        }
        assert_eq!(classify(0x6300), Counter::WrongUnlimited);
        assert_eq!(classify(0x9000), Counter::Accepted);
        assert_eq!(classify(0x6982), Counter::Other(0x6982));
    }

    #[test]
    fn the_policy() {
        let st = |tries_left, blocked| PinStatus { kind: PinKind::Auth, tries_left, blocked };
        assert_eq!(may_try(&st(3, false), false), Ok(()));
        assert_eq!(may_try(&st(2, false), false), Ok(()));
        assert_eq!(may_try(&st(1, false), false), Err(MyNumberError::LastTryRefused { pin: PinKind::Auth }));
        assert_eq!(may_try(&st(1, false), true), Ok(()));
        assert_eq!(may_try(&st(0, true), true), Err(MyNumberError::PinBlocked { pin: PinKind::Auth }));
    }
}
