//! The transport adapter: the My Number commands over our [`Session`] (so cancellation, the time
//! budget and the wire statistics work as for residence cards).
//!
//! Why not `myna_card::Card` over a `Transmit` shim: it retries `6Cxx` and follows `61xx` by
//! itself (extra APDUs we would not count or bound), and reads whole files with its own chunking;
//! the flows here must send exactly the protocol minimum and decide every status word themselves.
//! So this module sends the commands of mynumber-chip.md §1 directly: logical channel 0 (CLA
//! `00`), SELECT by AID every time (no usable SELECT MF), short READ BINARY in 256-byte chunks.

use crate::apdu::{sw as iso, Command};
use crate::error::ReadError;
use crate::session::{Answer, Session};

use super::chip::sw;
use super::error::MyNumberError;
use super::pin::Pin;

/// Largest file a flow reads (the card-face record is ~3 KB; certificates ~2 KB). Short READ
/// BINARY offsets reach 32 767; anything claiming more is malformed, not a reason to keep reading.
pub const MAX_FILE: usize = 0x7FFF;
const CHUNK: usize = 256;

/// `00 A4 04 0C 0A <AID>`; returns the status word.
pub fn select_ap(s: &mut Session<'_>, aid: &[u8]) -> Result<u16, MyNumberError> {
    Ok(s.exchange(&Command::new(0x00, 0xA4, 0x04, 0x0C, aid.to_vec(), None))?.sw)
}

/// `00 A4 02 0C 02 <FID>`; returns the status word.
pub fn select_ef(s: &mut Session<'_>, fid: u16) -> Result<u16, MyNumberError> {
    Ok(s.exchange(&Command::new(0x00, 0xA4, 0x02, 0x0C, fid.to_be_bytes().to_vec(), None))?.sw)
}

/// SELECT EF that must succeed; `6A 82` is `missing`, anything else a protocol error.
pub fn select_ef_ok(s: &mut Session<'_>, fid: u16, missing: MyNumberError) -> Result<(), MyNumberError> {
    match select_ef(s, fid)? {
        iso::OK => Ok(()),
        iso::FILE_NOT_FOUND => Err(missing),
        other => Err(unexpected(other, "SELECT EF")),
    }
}

/// A status word no step expects: a chip fault is its own error, the rest a protocol error.
pub fn unexpected(sw: u16, step: &'static str) -> MyNumberError {
    if iso::is_chip_fault(sw) {
        return ReadError::ChipBroken { sw }.into();
    }
    log::warn!("{step}: unexpected SW {sw:04X}");
    ReadError::CommunicationError { detail: format!("{step}: SW {sw:04X}") }.into()
}

fn read_binary(s: &mut Session<'_>, offset: usize, le: usize) -> Result<Answer, MyNumberError> {
    let [hi, lo] = u16::try_from(offset).map_err(|_| MyNumberError::malformed("file longer than READ BINARY reaches"))?.to_be_bytes();
    Ok(s.exchange(&Command::new(0x00, 0xB0, hi, lo, vec![], Some(le as u32)))?)
}

fn read_ok(answer: Answer, step: &'static str) -> Result<Vec<u8>, MyNumberError> {
    match answer.sw {
        iso::OK | sw::END_OF_FILE => Ok(answer.data),
        iso::SECURITY_STATUS => Err(unexpected(answer.sw, step)),
        other => Err(unexpected(other, step)),
    }
}

/// Reads exactly `len` bytes of the current EF from offset 0 (files whose physical size is fixed:
/// EF `0001` of the input helper, EF `0008` of JPKI). One APDU.
pub fn read_fixed(s: &mut Session<'_>, len: usize, what: &'static str) -> Result<Vec<u8>, MyNumberError> {
    let data = read_ok(read_binary(s, 0, len)?, "READ BINARY")?;
    if data.len() != len {
        return Err(MyNumberError::malformed(what));
    }
    Ok(data)
}

/// Reads the BER-TLV object the current EF holds: 256 bytes first, the object's header gives its
/// length, then the rest in 256-byte chunks — ⌈length / 256⌉ APDUs, the minimum with short
/// APDUs. Returns the object trimmed of the file's filler.
pub fn read_tlv_file(s: &mut Session<'_>, what: &'static str) -> Result<Vec<u8>, MyNumberError> {
    let mut out = read_ok(read_binary(s, 0, CHUNK)?, "READ BINARY")?;
    let total = tlv_total_len(&out).ok_or(MyNumberError::malformed(what))?;
    if total > MAX_FILE {
        return Err(MyNumberError::malformed(what));
    }
    while out.len() < total {
        let want = (total - out.len()).min(CHUNK);
        let chunk = read_ok(read_binary(s, out.len(), want)?, "READ BINARY")?;
        if chunk.is_empty() {
            return Err(MyNumberError::malformed(what));
        }
        out.extend_from_slice(&chunk);
    }
    out.truncate(total);
    Ok(out)
}

/// Total length (header + value) of the BER-TLV object at the start of `data`, from its header
/// alone (the value may not have been read yet). Tags of up to three bytes, lengths of up to
/// three bytes; anything else is not what these files hold.
pub fn tlv_total_len(data: &[u8]) -> Option<usize> {
    let mut pos = 1;
    if data.first()? & 0x1F == 0x1F {
        while data.get(pos)? & 0x80 != 0 {
            pos += 1;
            if pos > 2 {
                return None;
            }
        }
        pos += 1;
    }
    let first = *data.get(pos)?;
    pos += 1;
    let len = match first {
        0..=0x7F => usize::from(first),
        0x81 => {
            pos += 1;
            usize::from(*data.get(pos - 1)?)
        }
        0x82 => {
            pos += 2;
            usize::from(u16::from_be_bytes([*data.get(pos - 2)?, *data.get(pos - 1)?]))
        }
        _ => return None,
    };
    pos.checked_add(len)
}

/// `00 20 00 80` without data: the tries left on the selected key, no try spent.
pub fn query_tries(s: &mut Session<'_>) -> Result<u16, MyNumberError> {
    Ok(s.exchange(&Command::new(0x00, 0x20, 0x00, 0x80, vec![], None))?.sw)
}

/// `00 20 00 80 Lc <PIN>` against the selected key. The command buffer is zeroized after sending.
pub fn verify(s: &mut Session<'_>, pin: &Pin) -> Result<u16, MyNumberError> {
    use zeroize::Zeroize;
    let mut cmd = Command::new(0x00, 0x20, 0x00, 0x80, pin.as_bytes().to_vec(), None);
    let answer = s.exchange(&cmd);
    cmd.data.zeroize();
    Ok(answer?.sw)
}

/// `80 2A 00 80 Lc <DigestInfo> 00` with the selected private key.
pub fn compute_signature(s: &mut Session<'_>, digest_info: &[u8]) -> Result<Answer, MyNumberError> {
    Ok(s.exchange(&Command::new(0x80, 0x2A, 0x00, 0x80, digest_info.to_vec(), Some(256)))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn header_lengths() {
        assert_eq!(tlv_total_len(&[0xFF, 0x20, 0x65]), Some(104));
        assert_eq!(tlv_total_len(&[0x30, 0x82, 0x06, 0xDA]), Some(0x6DA + 4));
        assert_eq!(tlv_total_len(&[0x7F, 0x21, 0x82, 0x02, 0x33]), Some(0x233 + 5));
        assert_eq!(tlv_total_len(&[0xFF, 0x30, 0x82, 0x01, 0x4B]), Some(0x14B + 5));
        assert_eq!(tlv_total_len(&[0x30, 0x84, 0, 0, 0, 1]), None);
        assert_eq!(tlv_total_len(&[0x30]), None);
        assert_eq!(tlv_total_len(&[0x1F, 0x80, 0x80, 0x80, 0x01]), None);
    }

    /// Answers every READ BINARY with `answer` and counts the APDUs.
    struct OneAnswer {
        answer: Vec<u8>,
        apdus: std::cell::Cell<usize>,
    }
    impl crate::transport::Transceiver for OneAnswer {
        fn transceive(&self, _apdu: Vec<u8>) -> Result<Vec<u8>, crate::transport::TransportError> {
            self.apdus.set(self.apdus.get() + 1);
            Ok(self.answer.clone())
        }
        fn max_apdu_length(&self) -> usize {
            crate::transport::SHORT_APDU_LENGTH
        }
    }

    /// A header declaring 65 535 bytes (what random card bytes often look like) ends the read after
    /// the first APDU: nothing is reserved or read on the card's word. myna-card's own
    /// `read_binary_all` reserves the declared length first, which is why the flows use this reader.
    #[test]
    fn oversized_header_stops_after_one_apdu() {
        let mut answer = vec![0x30, 0x82, 0xFF, 0xFF];
        answer.resize(256, 0xAA);
        answer.extend_from_slice(&[0x90, 0x00]);
        let card = OneAnswer { answer, apdus: std::cell::Cell::new(0) };
        let cancel = crate::transport::CancelToken::new();
        let noop = |_: usize| {};
        let mut s = Session::new(&card, &cancel, &noop);
        let err = read_tlv_file(&mut s, "certificate").unwrap_err();
        assert_eq!(err.code(), "malformed_data");
        assert_eq!(card.apdus.get(), 1);
    }

    proptest! {
        #[test]
        fn header_length_never_panics(b in proptest::collection::vec(any::<u8>(), 0..8)) {
            if let Some(n) = tlv_total_len(&b) { prop_assert!(n <= 3 + 3 + 0xFFFF); }
        }
    }
}
