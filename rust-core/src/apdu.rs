//! ISO/IEC 7816-4 command and response APDUs, short and extended length.

/// `Le` meaning "as much as the file holds": 256 in a short APDU (`00`), 65536 in an extended one
/// (`00 00`).
pub const LE_MAX_SHORT: u32 = 256;
pub const LE_MAX_EXTENDED: u32 = 65_536;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthForm {
    Short,
    Extended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApduError {
    #[error("command data too long for the length form")]
    DataTooLong,
    #[error("Le out of range for the length form")]
    LeOutOfRange,
    #[error("response shorter than a status word")]
    ResponseTooShort,
}

/// A command APDU. Its `Debug` omits the data field, which may carry cryptograms.
#[derive(Clone, PartialEq, Eq)]
pub struct Command {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    pub data: Vec<u8>,
    /// Expected response length, 1..=65536; `None` = no Le field (ISO case 1 or 3).
    pub le: Option<u32>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Command({:02X} {:02X} {:02X} {:02X}, lc={}, le={:?})",
            self.cla,
            self.ins,
            self.p1,
            self.p2,
            self.data.len(),
            self.le
        )
    }
}

impl Command {
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8, data: Vec<u8>, le: Option<u32>) -> Self {
        Command { cla, ins, p1, p2, data, le }
    }

    /// Encodes in the given length form.
    pub fn encode(&self, form: LengthForm) -> Result<Vec<u8>, ApduError> {
        let mut out = Vec::with_capacity(4 + 3 + self.data.len() + 3);
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        let lc = self.data.len();
        match form {
            LengthForm::Short => {
                if lc > 255 {
                    return Err(ApduError::DataTooLong);
                }
                if lc > 0 {
                    out.push(lc as u8);
                    out.extend_from_slice(&self.data);
                }
                if let Some(le) = self.le {
                    if !(1..=LE_MAX_SHORT).contains(&le) {
                        return Err(ApduError::LeOutOfRange);
                    }
                    out.push((le % 256) as u8);
                }
            }
            LengthForm::Extended => {
                if lc > 65_535 {
                    return Err(ApduError::DataTooLong);
                }
                if lc > 0 {
                    out.push(0);
                    out.extend_from_slice(&(lc as u16).to_be_bytes());
                    out.extend_from_slice(&self.data);
                }
                if let Some(le) = self.le {
                    if !(1..=LE_MAX_EXTENDED).contains(&le) {
                        return Err(ApduError::LeOutOfRange);
                    }
                    if lc == 0 {
                        out.push(0);
                    }
                    out.extend_from_slice(&((le % 65_536) as u16).to_be_bytes());
                }
            }
        }
        Ok(out)
    }

    /// Encodes short when the command fits, extended otherwise.
    pub fn encode_auto(&self) -> Result<Vec<u8>, ApduError> {
        let fits_short = self.data.len() <= 255 && self.le.map_or(true, |le| le <= LE_MAX_SHORT);
        self.encode(if fits_short { LengthForm::Short } else { LengthForm::Extended })
    }
}

/// A response APDU split into data and status word, borrowing the transport's buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Response<'a> {
    pub data: &'a [u8],
    pub sw: u16,
}

impl std::fmt::Debug for Response<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Response(len={}, sw={:04X})", self.data.len(), self.sw)
    }
}

impl<'a> Response<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ApduError> {
        if bytes.len() < 2 {
            return Err(ApduError::ResponseTooShort);
        }
        let (data, sw) = bytes.split_at(bytes.len() - 2);
        Ok(Response { data, sw: u16::from_be_bytes([sw[0], sw[1]]) })
    }

    pub fn is_ok(&self) -> bool {
        self.sw == sw::OK
    }
}

/// Status words the protocol gives meaning to (gen1-chip.md §9).
pub mod sw {
    pub const OK: u16 = 0x9000;
    pub const DF_BLOCKED: u16 = 0x6283;
    pub const VERIFICATION_FAILED: u16 = 0x6300;
    pub const FCI_ABNORMAL: u16 = 0x6400;
    pub const MEMORY_FAILURE: u16 = 0x6581;
    pub const WRONG_LENGTH: u16 = 0x6700;
    pub const LOGICAL_CHANNEL_NOT_SUPPORTED: u16 = 0x6881;
    pub const SM_NOT_SUPPORTED: u16 = 0x6882;
    pub const INCOMPATIBLE_FILE: u16 = 0x6981;
    pub const SECURITY_STATUS: u16 = 0x6982;
    pub const CONDITIONS_NOT_SATISFIED: u16 = 0x6985;
    pub const NO_CURRENT_EF: u16 = 0x6986;
    pub const SM_DATA_INCORRECT: u16 = 0x6988;
    pub const FILE_NOT_FOUND: u16 = 0x6A82;
    pub const WRONG_P1P2: u16 = 0x6A86;
    pub const LC_INCONSISTENT: u16 = 0x6A87;
    pub const OFFSET_OUT_OF_RANGE: u16 = 0x6B00;
    pub const INS_NOT_SUPPORTED: u16 = 0x6D00;
    pub const CLA_NOT_SUPPORTED: u16 = 0x6E00;
    pub const SELF_DIAGNOSIS: u16 = 0x6F00;

    /// Status words by which the chip says it is itself faulty (the "reissue" message).
    pub fn is_chip_fault(sw: u16) -> bool {
        matches!(sw, SELF_DIAGNOSIS | FCI_ABNORMAL | DF_BLOCKED | MEMORY_FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    #[test]
    fn encodes_the_spec_commands_byte_for_byte() {
        let get_challenge = Command::new(0, 0x84, 0, 0, vec![], Some(8));
        assert_eq!(get_challenge.encode_auto().unwrap(), h("00 84 00 00 08"));
        let read_whole = Command::new(0, 0xB0, 0x8B, 0, vec![], Some(LE_MAX_EXTENDED));
        assert_eq!(read_whole.encode(LengthForm::Extended).unwrap(), h("00 B0 8B 00 00 00 00"));
        assert_eq!(read_whole.encode_auto().unwrap(), h("00 B0 8B 00 00 00 00"));
        let sm_read = Command::new(8, 0xB0, 0x85, 0, h("96 02 00 00"), Some(LE_MAX_EXTENDED));
        assert_eq!(sm_read.encode(LengthForm::Extended).unwrap(), h("08 B0 85 00 00 00 04 96 02 00 00 00 00"));
        let mutual = Command::new(0, 0x82, 0, 0, vec![0xAA; 40], Some(256));
        let enc = mutual.encode_auto().unwrap();
        assert_eq!(&enc[..5], &h("00 82 00 00 28")[..]);
        assert_eq!(enc.len(), 46);
        assert_eq!(enc[45], 0);
        let select = Command::new(0, 0xA4, 4, 0x0C, vec![0xD3; 16], None);
        assert_eq!(select.encode_auto().unwrap().len(), 21);
        let short_read = Command::new(0, 0xB0, 0x8A, 0, vec![], Some(256));
        assert_eq!(short_read.encode_auto().unwrap(), h("00 B0 8A 00 00"));
    }

    #[test]
    fn rejects_what_a_form_cannot_carry() {
        let long = Command::new(0, 0xB0, 0, 0, vec![0; 256], None);
        assert_eq!(long.encode(LengthForm::Short), Err(ApduError::DataTooLong));
        assert_eq!(long.encode_auto().unwrap()[4..7], [0, 1, 0]);
        let big_le = Command::new(0, 0xB0, 0, 0, vec![], Some(257));
        assert_eq!(big_le.encode(LengthForm::Short), Err(ApduError::LeOutOfRange));
        assert_eq!(big_le.encode_auto().unwrap(), h("00 B0 00 00 00 01 01"));
        let zero_le = Command::new(0, 0xB0, 0, 0, vec![], Some(0));
        assert_eq!(zero_le.encode(LengthForm::Extended), Err(ApduError::LeOutOfRange));
    }

    #[test]
    fn parses_responses() {
        let r = Response::parse(&[1, 2, 0x90, 0]).unwrap();
        assert_eq!((r.data, r.sw, r.is_ok()), (&[1u8, 2][..], 0x9000, true));
        assert_eq!(Response::parse(&[0x90]), Err(ApduError::ResponseTooShort));
        assert!(sw::is_chip_fault(0x6F00));
        assert!(!sw::is_chip_fault(0x6A82));
    }

    proptest::proptest! {
        #[test]
        fn response_parse_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = Response::parse(&bytes);
        }

        #[test]
        fn encoding_is_consistent(data in proptest::collection::vec(proptest::num::u8::ANY, 0..400), le in proptest::option::of(0u32..70_000)) {
            let c = Command::new(0, 0xB0, 0, 0, data.clone(), le);
            if let Ok(bytes) = c.encode_auto() {
                proptest::prop_assert!(bytes.len() >= 4 + data.len());
                proptest::prop_assert_eq!(&bytes[..4], &[0u8, 0xB0, 0, 0][..]);
            }
        }
    }
}
