//! The card's own reading of a command APDU (ISO/IEC 7816-3 §12.1, short and extended length).
//!
//! Written independently of the reader's `apdu::Command` encoder so that an encoding bug on the
//! reader side shows up as a status word instead of being mirrored by the card.

/// One decoded command. `data` borrows the `Lc` bytes of the raw APDU.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct CardApdu<'a> {
    pub cla: u8,
    pub ins: u8,
    pub p1: u8,
    pub p2: u8,
    /// Exactly `Lc` bytes (empty when there is no `Lc`).
    pub data: &'a [u8],
    /// Expected response length, already decoded: short `00` = 256, extended `00 00` = 65536.
    pub le: Option<u32>,
    /// The command used extended length fields.
    pub extended: bool,
    /// More bytes followed the data than a valid `Le` field. Only SELECT, VERIFY and MUTUAL
    /// AUTHENTICATE tolerate this (the spec lets them process `Lc` bytes); others answer `67 00`.
    pub excess: bool,
}

// Deliberately no Debug derive on the data: commands carry cryptograms.
impl std::fmt::Debug for CardApdu<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CardApdu({:02X} {:02X} {:02X} {:02X}, lc={}, le={:?}, ext={}, excess={})",
            self.cla,
            self.ins,
            self.p1,
            self.p2,
            self.data.len(),
            self.le,
            self.extended,
            self.excess
        )
    }
}

/// The bytes do not form any ISO case (the card answers `67 00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Malformed;

/// Decodes the four ISO cases. Never panics: every index is checked against the length first.
pub(crate) fn parse(raw: &[u8]) -> Result<CardApdu<'_>, Malformed> {
    let (header, body) = match raw.split_first_chunk::<4>() {
        Some(split) => split,
        None => return Err(Malformed),
    };
    let [cla, ins, p1, p2] = *header;
    let mut apdu = CardApdu { cla, ins, p1, p2, data: &[], le: None, extended: false, excess: false };
    match body {
        // Case 1.
        [] => Ok(apdu),
        // Case 2 short.
        [le] => {
            apdu.le = Some(short_le(*le));
            Ok(apdu)
        }
        // Extended: a zero first length byte followed by more bytes.
        [0, rest @ ..] => {
            apdu.extended = true;
            match rest {
                // Case 2 extended.
                [hi, lo] => {
                    apdu.le = Some(extended_le(*hi, *lo));
                    Ok(apdu)
                }
                [hi, lo, tail @ ..] => {
                    let lc = usize::from(u16::from_be_bytes([*hi, *lo]));
                    if lc == 0 || tail.len() < lc {
                        return Err(Malformed);
                    }
                    let (data, after) = tail.split_at(lc);
                    apdu.data = data;
                    match after {
                        [] => {}
                        [hi, lo] => apdu.le = Some(extended_le(*hi, *lo)),
                        _ => apdu.excess = true,
                    }
                    Ok(apdu)
                }
                _ => Err(Malformed),
            }
        }
        [lc, tail @ ..] => {
            let lc = usize::from(*lc);
            if tail.len() < lc {
                return Err(Malformed);
            }
            let (data, after) = tail.split_at(lc);
            apdu.data = data;
            match after {
                [] => {}
                [le] => apdu.le = Some(short_le(*le)),
                _ => apdu.excess = true,
            }
            Ok(apdu)
        }
    }
}

fn short_le(b: u8) -> u32 {
    if b == 0 {
        256
    } else {
        u32::from(b)
    }
}

fn extended_le(hi: u8, lo: u8) -> u32 {
    match u16::from_be_bytes([hi, lo]) {
        0 => 65_536,
        n => u32::from(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    #[test]
    fn four_cases_short() {
        let raw = h("00 A4 00 00");
        let a = parse(&raw).unwrap();
        assert_eq!((a.data.len(), a.le, a.extended, a.excess), (0, None, false, false));

        let raw = h("00 84 00 00 08");
        assert_eq!(parse(&raw).unwrap().le, Some(8));
        let raw = h("00 B0 8A 00 00");
        assert_eq!(parse(&raw).unwrap().le, Some(256));

        let raw = h("00 A4 00 00 02 3F 00");
        let a = parse(&raw).unwrap();
        assert_eq!((a.data, a.le), (&[0x3F, 0x00][..], None));

        let raw = h("08 B0 01 00 04 96 02 00 E0 00");
        let a = parse(&raw).unwrap();
        assert_eq!((a.data, a.le, a.extended), (&[0x96, 0x02, 0x00, 0xE0][..], Some(256), false));
    }

    #[test]
    fn four_cases_extended() {
        let raw = h("00 B0 8B 00 00 00 00");
        let a = parse(&raw).unwrap();
        assert_eq!((a.le, a.extended), (Some(65_536), true));
        let raw = h("00 B0 8B 00 00 01 00");
        assert_eq!(parse(&raw).unwrap().le, Some(256));

        let raw = h("08 B0 85 00 00 00 04 96 02 00 00 00 00");
        let a = parse(&raw).unwrap();
        assert_eq!((a.data, a.le, a.extended), (&[0x96, 0x02, 0x00, 0x00][..], Some(65_536), true));

        let raw = h("00 A4 00 00 00 00 02 3F 00");
        let a = parse(&raw).unwrap();
        assert_eq!((a.data, a.le, a.extended), (&[0x3F, 0x00][..], None, true));
    }

    #[test]
    fn malformed_and_excess() {
        for bad in ["", "00", "00 A4 00", "00 A4 00 00 02 3F", "00 B0 8B 00 00 00", "00 A4 00 00 00 00 00 3F", "00 A4 00 00 00 00 03 3F 00"] {
            assert_eq!(parse(&h(bad)), Err(Malformed), "{bad}");
        }
        let raw = h("00 A4 04 0C 02 3F 00 AA BB");
        let a = parse(&raw).unwrap();
        assert!(a.excess);
        assert_eq!((a.data, a.le), (&[0x3F, 0x00][..], None));
        let raw = h("00 A4 00 00 00 00 02 3F 00 00");
        assert!(parse(&raw).unwrap().excess);
    }
}
