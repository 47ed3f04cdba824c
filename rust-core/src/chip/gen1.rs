//! First-generation chip map (gen1-chip.md §2, spec pp.6–13).

/// Common data (C0), free read, in the MF.
pub const SFI_COMMON: u8 = 0x0B;
/// Card type (C1), free read, in the MF.
pub const SFI_CARD_TYPE: u8 = 0x0A;
/// DF1/EF01 front image (D0), SM only.
pub const SFI_FRONT_IMAGE: u8 = 0x05;
/// DF1/EF02 face image (D1), SM only.
pub const SFI_FACE_IMAGE: u8 = 0x06;
/// DF2/EF01 address entries (D2 D3 D4).
pub const SFI_ADDRESS: u8 = 0x01;
/// DF2/EF02 comprehensive permission (D5), residence card only.
pub const SFI_COMPREHENSIVE_PERMISSION: u8 = 0x02;
/// DF2/EF03 individual permission (D6), residence card only.
pub const SFI_INDIVIDUAL_PERMISSION: u8 = 0x03;
/// DF2/EF04 extension application (D7), residence card only.
pub const SFI_EXTENSION_APPLICATION: u8 = 0x04;
/// DF3/EF01 check code and certificate (DA DB).
pub const SFI_SIGNATURE: u8 = 0x02;

pub const AID_DF1: [u8; 16] = aid(0x02);
pub const AID_DF2: [u8; 16] = aid(0x03);
pub const AID_DF3: [u8; 16] = aid(0x04);

const fn aid(n: u8) -> [u8; 16] {
    let mut a = [0u8; 16];
    a[0] = 0xD3;
    a[1] = 0x92;
    a[2] = 0xF0;
    a[3] = 0x00;
    a[4] = 0x4F;
    a[5] = n;
    a
}

/// File capacities in bytes (TLV headers included).
pub const CAP_COMMON: usize = 6;
pub const CAP_CARD_TYPE: usize = 3;
pub const CAP_FRONT_IMAGE: usize = 7004;
pub const CAP_FACE_IMAGE: usize = 3004;
pub const CAP_ADDRESS: usize = 342;
pub const CAP_PERMISSION: usize = 122;
pub const CAP_EXTENSION_APPLICATION: usize = 3;
pub const CAP_SIGNATURE: usize = 1464;

/// Value sizes of the fixed-length data objects.
pub const LEN_FRONT_IMAGE: usize = 7000;
pub const LEN_FACE_IMAGE: usize = 3000;
pub const LEN_CHECK_CODE: usize = 256;
pub const LEN_CERTIFICATE: usize = 1200;

pub mod tag {
    pub const COMMON: u8 = 0xC0;
    pub const CARD_TYPE: u8 = 0xC1;
    pub const FRONT_IMAGE: u8 = 0xD0;
    pub const FACE_IMAGE: u8 = 0xD1;
    pub const ADDRESS_DATE: u8 = 0xD2;
    pub const MUNICIPALITY: u8 = 0xD3;
    pub const ADDRESS: u8 = 0xD4;
    pub const COMPREHENSIVE_PERMISSION: u8 = 0xD5;
    pub const INDIVIDUAL_PERMISSION: u8 = 0xD6;
    pub const EXTENSION_APPLICATION: u8 = 0xD7;
    pub const CHECK_CODE: u8 = 0xDA;
    pub const CERTIFICATE: u8 = 0xDB;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aids_match_the_spec() {
        assert_eq!(
            AID_DF1,
            [0xD3, 0x92, 0xF0, 0x00, 0x4F, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(AID_DF3[5], 0x04);
    }
}
