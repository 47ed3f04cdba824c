//! Readers that cannot carry extended-length APDUs (product.md §1 requires ones that can) answer
//! them with `67 00` or fail the transmit outright. Left alone, the core would read that as "file
//! not found" and call the card "not a residence card". This wrapper notices the rejection, stops
//! the read at once with a transport failure, and lets the caller retry with short APDUs only.

use std::sync::atomic::{AtomicBool, Ordering};

use zairyu_core::transport::SHORT_APDU_LENGTH;
use zairyu_core::{Transceiver, TransportError};

/// True for an ISO 7816-4 extended-length command: after the header, a `00` byte followed by at
/// least two more bytes (extended Lc, or extended Le). A 5-byte case-2 command with `Le = 00` is
/// short.
pub fn is_extended(apdu: &[u8]) -> bool {
    apdu.len() >= 7 && apdu[4] == 0x00
}

/// The detail text the read error carries when the reader refused an extended APDU.
pub const EXTENDED_REJECTED: &str = "the reader rejected an extended-length APDU";

pub struct Guarded<T> {
    inner: T,
    short_only: bool,
    rejected: AtomicBool,
}

impl<T: Transceiver> Guarded<T> {
    pub fn new(inner: T, short_only: bool) -> Self {
        Guarded { inner, short_only, rejected: AtomicBool::new(false) }
    }

    /// Whether an extended APDU was refused during this read, i.e. a short-only retry may help.
    pub fn extended_rejected(&self) -> bool {
        self.rejected.load(Ordering::SeqCst)
    }

    pub fn into_inner(self) -> T {
        self.inner
    }
}

impl<T: Transceiver> Transceiver for Guarded<T> {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let extended = is_extended(&apdu);
        match self.inner.transceive(apdu) {
            Ok(response) if extended && response == [0x67, 0x00] => {
                self.rejected.store(true, Ordering::SeqCst);
                log::warn!("extended-length APDU answered 6700");
                Err(TransportError::Failed { detail: EXTENDED_REJECTED.into() })
            }
            Err(TransportError::Failed { detail }) if extended => {
                self.rejected.store(true, Ordering::SeqCst);
                log::warn!("extended-length APDU failed at the transport: {detail}");
                Err(TransportError::Failed { detail: format!("{EXTENDED_REJECTED} ({detail})") })
            }
            other => other,
        }
    }

    fn max_apdu_length(&self) -> usize {
        if self.short_only {
            SHORT_APDU_LENGTH
        } else {
            self.inner.max_apdu_length()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use zairyu_core::transport::EXTENDED_APDU_LENGTH;

    struct Fixed(Mutex<Vec<Result<Vec<u8>, TransportError>>>);
    impl Transceiver for Fixed {
        fn transceive(&self, _apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
            self.0.lock().unwrap().remove(0)
        }
        fn max_apdu_length(&self) -> usize {
            EXTENDED_APDU_LENGTH
        }
    }

    #[test]
    fn extended_detection() {
        assert!(!is_extended(&[0x00, 0xB0, 0x81, 0x00, 0x00])); // short Le=256
        assert!(is_extended(&[0x00, 0xB0, 0x81, 0x00, 0x00, 0x00, 0x00])); // extended Le=65536
        assert!(!is_extended(&[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x01])); // short Lc=2
        assert!(is_extended(&[0x0C, 0xB0, 0x81, 0x00, 0x00, 0x00, 0x0E, 1, 2, 3]));
        assert!(!is_extended(&[0x00, 0x84]));
    }

    #[test]
    fn rejection_is_flagged_only_for_extended_apdus() {
        let g = Guarded::new(Fixed(Mutex::new(vec![Ok(vec![0x67, 0x00]), Ok(vec![0x67, 0x00])])), false);
        assert_eq!(g.transceive(vec![0x00, 0xB0, 0x81, 0x00, 0x05]), Ok(vec![0x67, 0x00]));
        assert!(!g.extended_rejected());
        assert_eq!(
            g.transceive(vec![0x00, 0xB0, 0x81, 0x00, 0x00, 0x00, 0x00]),
            Err(TransportError::Failed { detail: EXTENDED_REJECTED.into() })
        );
        assert!(g.extended_rejected());
    }

    #[test]
    fn transmit_failure_on_extended_is_flagged_but_removal_is_not() {
        let g = Guarded::new(
            Fixed(Mutex::new(vec![Err(TransportError::CardRemoved), Err(TransportError::Failed { detail: "comm".into() })])),
            false,
        );
        assert_eq!(g.transceive(vec![0, 0xB0, 0, 0, 0, 0, 0]), Err(TransportError::CardRemoved));
        assert!(!g.extended_rejected());
        assert!(g.transceive(vec![0, 0xB0, 0, 0, 0, 0, 0]).is_err());
        assert!(g.extended_rejected());
    }

    #[test]
    fn short_only_reports_short_length() {
        assert_eq!(Guarded::new(Fixed(Mutex::new(vec![])), true).max_apdu_length(), SHORT_APDU_LENGTH);
        assert_eq!(Guarded::new(Fixed(Mutex::new(vec![])), false).max_apdu_length(), EXTENDED_APDU_LENGTH);
    }
}
