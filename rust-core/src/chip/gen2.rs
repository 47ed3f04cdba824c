//! Second-generation chip map, types `05`/`06` (gen2-chip.md §3, §5). The DF AIDs are the
//! first generation's; SFIs, tags and capacities differ.

pub use super::gen1::{AID_DF1, AID_DF2, AID_DF3, SFI_CARD_TYPE, SFI_COMMON};

/// DF1/EF01 card number (C2), SM only.
pub const SFI_CARD_NUMBER: u8 = 0x01;
/// DF1/EF02 printed entries (券面記載事項), SM only.
pub const SFI_PRINTED: u8 = 0x03;
/// DF1/EF03 name image (D0) and face image (D1), SM only.
pub const SFI_NAME_FACE: u8 = 0x04;
/// DF1/EF04 address image (DF D1), SM only.
pub const SFI_ADDRESS_IMAGE: u8 = 0x06;
/// DF2/EF01 permission for activity outside status (D5 D6 D7), residence cards only.
pub const SFI_PERMISSION: u8 = 0x01;
/// DF2/EF02 extension application status (D8), residence cards only.
pub const SFI_EXTENSION_APPLICATION: u8 = 0x02;
/// DF2/EF03 other (D9 DE). On type 06 the transcription also names P1 81 (unconfirmed): the
/// reader tries 83 first, then 81.
pub const SFI_OTHER: u8 = 0x03;
pub const SFI_OTHER_ALT: u8 = 0x01;
/// DF3/EF01 check code (DC) and certificate (DD).
pub const SFI_SIGNATURE: u8 = 0x02;

pub const CAP_CARD_TYPE: usize = 4;
pub const CAP_CARD_NUMBER: usize = 14;
pub const CAP_PRINTED_RESIDENCE: usize = 73;
pub const CAP_PRINTED_SPRC: usize = 46;
pub const CAP_NAME_FACE: usize = 5508;
pub const CAP_ADDRESS_IMAGE: usize = 2505;
pub const CAP_PERMISSION: usize = 22;
pub const CAP_EXTENSION_APPLICATION: usize = 3;
pub const CAP_OTHER: usize = 207;
pub const CAP_SIGNATURE: usize = 704;

pub const LEN_NAME_IMAGE: usize = 2500;
pub const LEN_FACE_IMAGE: usize = 3000;
pub const LEN_ADDRESS_IMAGE: usize = 2500;
pub const LEN_CHECK_CODE: usize = 96;
/// Length of the printed-entry part of the signed data: the 05 values (53 bytes); type 06's 34
/// bytes are followed by `00` up to this length.
pub const LEN_SIGNED_PRINTED: usize = 53;

pub mod tag {
    pub const CARD_NUMBER: u32 = 0xC2;
    pub const CARD_EXPIRY: u32 = 0xC5;
    pub const BIRTH_DATE: u32 = 0xC6;
    pub const SEX: u32 = 0xC7;
    pub const NATIONALITY: u32 = 0xC8;
    pub const STATUS_OF_RESIDENCE: u32 = 0xC9;
    pub const PERMISSION_TYPE: u32 = 0xCA;
    pub const PERMISSION_DATE: u32 = 0xCB;
    pub const WORK_RESTRICTION: u32 = 0xCC;
    pub const STAY_EXPIRY: u32 = 0xCD;
    pub const PERIOD_OF_STAY: u32 = 0xCE;
    pub const NAME_IMAGE: u32 = 0xD0;
    pub const FACE_IMAGE: u32 = 0xD1;
    pub const ADDRESS_IMAGE: u32 = 0xDFD1;
    pub const COMPREHENSIVE_PERMISSION: u32 = 0xD5;
    pub const COMPREHENSIVE_PERMISSION_EXPIRY: u32 = 0xD6;
    pub const INDIVIDUAL_PERMISSION: u32 = 0xD7;
    pub const EXTENSION_APPLICATION: u32 = 0xD8;
    pub const COMMISSIONER_RECORD: u32 = 0xD9;
    pub const RESERVED_TEXT: u32 = 0xDE;
    pub const CHECK_CODE: u32 = 0xDC;
    pub const CERTIFICATE: u32 = 0xDD;
}

/// Field lengths of the printed entries in file order: type 05 uses all ten, type 06 the first six.
pub const PRINTED_FIELDS: [(u32, usize); 10] = [
    (tag::CARD_EXPIRY, 8),
    (tag::BIRTH_DATE, 8),
    (tag::SEX, 1),
    (tag::NATIONALITY, 3),
    (tag::STATUS_OF_RESIDENCE, 10),
    (tag::PERIOD_OF_STAY, 4),
    (tag::PERMISSION_TYPE, 2),
    (tag::PERMISSION_DATE, 8),
    (tag::WORK_RESTRICTION, 1),
    (tag::STAY_EXPIRY, 8),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_field_lengths_add_up() {
        let total: usize = PRINTED_FIELDS.iter().map(|f| f.1).sum();
        assert_eq!(total, LEN_SIGNED_PRINTED);
        assert_eq!(total + 2 * PRINTED_FIELDS.len(), CAP_PRINTED_RESIDENCE);
        let sprc: usize = PRINTED_FIELDS[..6].iter().map(|f| f.1).sum();
        assert_eq!(sprc, 34);
        assert_eq!(sprc + 12, CAP_PRINTED_SPRC);
        assert_eq!(4 + LEN_NAME_IMAGE + 4 + LEN_FACE_IMAGE, CAP_NAME_FACE);
    }
}
