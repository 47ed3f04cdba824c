//! The reader against cards that answer garbage: it must never panic and never call such a card
//! genuine.

mod common;

use std::sync::Mutex;

use common::*;
use proptest::prelude::*;
use zairyu_core::softcard::SoftCard;
use zairyu_core::transport::{NoProgress, Transceiver, TransportError, EXTENDED_APDU_LENGTH};
use zairyu_core::verify::Verdict;
use zairyu_core::read_card;

/// Answers each APDU with the next scripted response.
struct Garbage(Mutex<Vec<Vec<u8>>>, usize);

impl Transceiver for Garbage {
    fn transceive(&self, _apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let mut v = self.0.lock().unwrap();
        if v.is_empty() {
            Err(TransportError::CardRemoved)
        } else {
            Ok(v.remove(0))
        }
    }
    fn max_apdu_length(&self) -> usize {
        self.1
    }
}

/// A genuine card whose response number `index` is corrupted at one byte, or cut short.
struct Corrupting {
    card: SoftCard,
    index: usize,
    position: usize,
    xor: u8,
    truncate: bool,
}

impl Transceiver for Corrupting {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let n = self.card.apdu_count();
        let mut r = self.card.transceive(apdu)?;
        if n == self.index && !r.is_empty() {
            let p = self.position % r.len();
            if self.truncate {
                r.truncate(p);
            } else {
                r[p] ^= self.xor;
            }
        }
        Ok(r)
    }
    fn max_apdu_length(&self) -> usize {
        self.card.max_apdu_length()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn garbage_answers_never_panic_or_pass(
        responses in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..20),
        short in any::<bool>(),
    ) {
        let t = Garbage(Mutex::new(responses), if short { 258 } else { EXTENDED_APDU_LENGTH });
        if let Ok(r) = read_card(&number("AB12345678CD"), &t, &options(), &NoProgress) {
            prop_assert_ne!(r.verification.verdict, Verdict::Normal);
        }
    }

    #[test]
    fn garbage_after_a_valid_start_never_panics(
        tail in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..12),
    ) {
        let mut responses = vec![h("C0 04 30 30 30 31 90 00"), h("C1 01 31 90 00")];
        responses.extend(tail);
        let t = Garbage(Mutex::new(responses), EXTENDED_APDU_LENGTH);
        if let Ok(r) = read_card(&number("AB12345678CD"), &t, &options(), &NoProgress) {
            prop_assert_ne!(r.verification.verdict, Verdict::Normal);
        }
    }

    #[test]
    fn a_corrupted_signed_response_is_never_genuine(
        index in 6usize..8, position in 5usize..3000, xor in 1u8..=255, truncate in any::<bool>(),
    ) {
        // Responses 6 and 7 carry the SM-encrypted front and face images: any change is either a
        // malformed-data error or an abnormal card, never a genuine one.
        let t = Corrupting { card: SoftCard::with_seed(profile("residence"), 3), index, position, xor, truncate };
        if let Ok(r) = read_card(&number("AB12345678CD"), &t, &options(), &NoProgress) {
            prop_assert_ne!(r.verification.verdict, Verdict::Normal);
        }
    }

    #[test]
    fn a_corrupted_gen2_response_is_never_genuine(
        index in 6usize..12, position in 3usize..6000, xor in 1u8..=255, truncate in any::<bool>(),
    ) {
        // Responses 6–9 are the SM reads of DF1 (number, printed entries, name and face, address),
        // 11 the signature file. The address image (9) and the SELECT (10) are not signed; in the
        // signature file only the check code (offsets 2–97) and the certificate's own bytes
        // (102–693) are: a changed length that takes in a fill byte, or a changed fill byte,
        // leaves both intact and may rightly still verify.
        let t = Corrupting { card: SoftCard::with_seed(profile("gen2-residence"), 3), index, position, xor, truncate };
        let options = zairyu_core::ReadOptions { trust: trust_both(), ..options() };
        if let Ok(r) = read_card(&number("EF98765432GH"), &t, &options, &NoProgress) {
            let offset = position % 706;
            let signed_bytes = (2..98).contains(&offset) || (102..694).contains(&offset);
            if index != 9 && index != 10 && (index != 11 || signed_bytes) {
                prop_assert_ne!(r.verification.verdict, Verdict::Normal);
            }
        }
    }

    #[test]
    fn any_corrupted_response_never_panics(
        index in 0usize..15, position in any::<usize>(), xor in 1u8..=255, truncate in any::<bool>(),
    ) {
        let t = Corrupting { card: SoftCard::with_seed(profile("residence"), 3), index, position, xor, truncate };
        let _ = read_card(&number("AB12345678CD"), &t, &options(), &NoProgress);
    }
}

/// A card whose MF files answer bytes that are not TLV (another kind of card at the same SFIs) has
/// not shown it is a residence card: `not_a_residence_card` after the two MF reads, never
/// `malformed_data`.
#[test]
fn non_tlv_mf_files_mean_not_a_residence_card() {
    for card_type_file in [&[0xFFu8, 0xFF, 0x00, 0x12][..], &[0xC1, 0x09, 0x30][..]] {
        let mut ef02 = card_type_file.to_vec();
        ef02.extend_from_slice(&[0x90, 0x00]);
        let answers = vec![vec![0x12, 0x34, 0x56, 0x78, 0x9A, 0x90, 0x00], ef02];
        let t = Garbage(Mutex::new(answers), 65_535);
        let e = read_card(&number("AB12345678CD"), &t, &Default::default(), &NoProgress).unwrap_err();
        assert_eq!(e.code(), "not_a_residence_card", "{e:?}");
        assert!(t.0.lock().unwrap().is_empty(), "both MF files were read");
    }
}

