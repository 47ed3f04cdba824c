//! First-generation files (gen1-chip.md §2, §7). Values are returned as read, padding included,
//! because the tamper check hashes them that way; display code strips padding itself.

use crate::chip::gen1::tag;
use crate::chip::CardTypeCode;
use crate::error::ReadError;
use crate::model::{AddressEntry, ChipText, Date, Gen1Permissions};
use crate::parse::text;
use crate::tlv::{self, Tlv};
use crate::verify::SignatureEvidence;

use super::objects;

fn value<'a>(objs: &[Tlv<'a>], t: u8) -> Option<&'a [u8]> {
    super::value(objs, u32::from(t))
}

/// MF/EF02 → card type, read by its TLV length so a second-generation `"05"` is never cut to `"0"`.
/// A file that is not TLV at all is `NotResidenceCard`, not malformed data: this file is how a
/// card shows it is a residence card, and another card's EF02 (a transit or bank card answering
/// the same SFI) owes us no TLV. Files read after detection are malformed when they do not parse.
pub fn card_type(file: &[u8]) -> Result<CardTypeCode, ReadError> {
    let objs = tlv::parse_all(file).map_err(|_| ReadError::NotResidenceCard)?;
    let v = value(&objs, tag::CARD_TYPE).ok_or(ReadError::NotResidenceCard)?;
    CardTypeCode::from_c1_value(v).ok_or(ReadError::NotResidenceCard)
}

/// MF/EF01 → the spec version (`C0`), e.g. `"0001"`. Informational: a bad value is not an error.
pub fn spec_version(file: &[u8]) -> Option<String> {
    let objs = tlv::parse_all(file).ok()?;
    value(&objs, tag::COMMON).and_then(text::ascii)
}

/// DF1/EF01 → the `D0` value (7000 bytes, padding included).
pub fn front_image(file: &[u8]) -> Result<&[u8], ReadError> {
    let objs = objects(file, "front image file")?;
    value(&objs, tag::FRONT_IMAGE).ok_or(ReadError::malformed("front image file"))
}

/// DF1/EF02 → the `D1` value, or `None` for the under-16 forms (no object, zero length, or a
/// value of zeros: gen1-chip.md §7.1).
pub fn face_image(file: &[u8]) -> Result<Option<&[u8]>, ReadError> {
    let objs = objects(file, "face image file")?;
    Ok(value(&objs, tag::FACE_IMAGE).filter(|v| v.iter().any(|b| *b != 0)))
}

/// DF3/EF01 → the check code and certificate, or `Absent` for the under-16 forms (`DA 00 DB 00`,
/// `DA 00`, all zeros). Anything else that does not parse is handed to verification as present
/// but empty, so it fails the checks instead of passing or aborting the read.
pub fn signature(file: &[u8]) -> SignatureEvidence<'_> {
    super::signature_evidence(file, u32::from(tag::CHECK_CODE), u32::from(tag::CERTIFICATE))
}

/// DF2/EF01 → the address entries written on the back; empty when none is written.
pub fn addresses(file: &[u8]) -> Result<Vec<AddressEntry>, ReadError> {
    let objs = objects(file, "address file")?;
    let date_raw = value(&objs, tag::ADDRESS_DATE).map(text::strip_padding).unwrap_or(&[]);
    let code = value(&objs, tag::MUNICIPALITY).and_then(text::ascii).unwrap_or_default();
    let address = value(&objs, tag::ADDRESS).and_then(text::decode);
    if date_raw.is_empty() && code.is_empty() && address.is_none() {
        return Ok(Vec::new());
    }
    Ok(vec![AddressEntry {
        date: Date::parse_yyyymmdd(date_raw),
        date_raw: String::from_utf8_lossy(date_raw).into_owned(),
        municipality_code: code,
        address: address.unwrap_or(ChipText { text: String::new(), shift_jis_fallback: false }),
    }])
}

/// DF2/EF02 and DF2/EF03 → the permission texts. An all-zero file (tag, length and value `00`)
/// means the permission was rewritten to "none".
pub fn permissions(comprehensive: &[u8], individual: &[u8]) -> Result<Gen1Permissions, ReadError> {
    let c = objects(comprehensive, "permission file")?;
    let i = objects(individual, "permission file")?;
    Ok(Gen1Permissions {
        comprehensive: value(&c, tag::COMPREHENSIVE_PERMISSION).and_then(text::decode),
        individual: value(&i, tag::INDIVIDUAL_PERMISSION).and_then(text::decode),
    })
}

/// DF2/EF04 → whether an extension/change application is pending (`'1'`); `None` when unstated.
pub fn extension_application(file: &[u8]) -> Result<Option<bool>, ReadError> {
    let what = "application status file";
    super::flag(&objects(file, what)?, u32::from(tag::EXTENSION_APPLICATION), what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(t: u8, v: &[u8]) -> Vec<u8> {
        tlv::encode(u32::from(t), v)
    }

    #[test]
    fn card_types() {
        assert_eq!(card_type(&[0xC1, 0x01, 0x31]).unwrap(), CardTypeCode::Gen1Residence);
        assert_eq!(card_type(&[0xC1, 0x01, 0x32]).unwrap(), CardTypeCode::Gen1Sprc);
        assert_eq!(card_type(&[0xC1, 0x02, 0x30, 0x35]).unwrap(), CardTypeCode::Gen2Residence);
        assert_eq!(card_type(&[0xC1, 0x01, 0x39]), Err(ReadError::NotResidenceCard));
        // Not TLV (a length past the end, or another card's bytes): not a residence card.
        assert_eq!(card_type(&[0xC1, 0x05, 0x31]), Err(ReadError::NotResidenceCard));
        assert_eq!(card_type(&[0x12, 0x34, 0x56, 0x78]), Err(ReadError::NotResidenceCard));
        assert_eq!(spec_version(&[0xC0, 0x04, 0x30, 0x30, 0x30, 0x31]).as_deref(), Some("0001"));
    }

    #[test]
    fn under16_forms_are_absent() {
        let mut f = vec![0xDA, 0x00, 0xDB, 0x00];
        f.resize(1464, 0);
        assert!(matches!(signature(&f), SignatureEvidence::Absent));
        let mut f = vec![0xDA, 0x00];
        f.resize(1464, 0);
        assert!(matches!(signature(&f), SignatureEvidence::Absent));
        assert!(matches!(signature(&[0; 1464]), SignatureEvidence::Absent));
        let mut face = obj(0xD1, &[0; 3000]);
        assert_eq!(face_image(&face).unwrap(), None);
        face[10] = 1;
        assert_eq!(face_image(&face).unwrap().map(<[u8]>::len), Some(3000));
        assert_eq!(face_image(&[0; 3004]).unwrap(), None);
    }

    #[test]
    fn garbage_signature_is_present_but_empty() {
        match signature(&[0xDA, 0x82, 0x0F, 0xFF, 1, 2]) {
            SignatureEvidence::Present { check_code, certificate } => {
                assert!(check_code.is_empty() && certificate.is_empty())
            }
            SignatureEvidence::Absent => panic!("must not be absent"),
        }
    }

    #[test]
    fn address_and_permissions() {
        let mut f = obj(0xD2, b"20240401");
        f.extend(obj(0xD3, b"131016"));
        let mut addr = "東京都".as_bytes().to_vec();
        addr.resize(320, 0);
        f.extend(obj(0xD4, &addr));
        let a = addresses(&f).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].date, Some(Date { year: 2024, month: 4, day: 1 }));
        assert_eq!(a[0].municipality_code, "131016");
        assert_eq!(a[0].address.text, "東京都");
        assert!(addresses(&[0; 342]).unwrap().is_empty());
        assert_eq!(addresses(&[0xD2, 0x08, 0x32]).unwrap_err().code(), "malformed_data");

        let mut d5 = "許可".as_bytes().to_vec();
        d5.resize(120, 0);
        let p = permissions(&obj(0xD5, &d5), &obj(0xD6, &[0; 120])).unwrap();
        assert_eq!(p.comprehensive.unwrap().text, "許可");
        assert_eq!(p.individual, None);
        let none = permissions(&[0; 122], &[0; 122]).unwrap();
        assert_eq!((none.comprehensive, none.individual), (None, None));

        assert_eq!(extension_application(&[0xD7, 0x01, 0x31]).unwrap(), Some(true));
        assert_eq!(extension_application(&[0xD7, 0x01, 0x30]).unwrap(), Some(false));
        assert_eq!(extension_application(&[0; 3]).unwrap(), None);
        assert!(extension_application(&[0xD7, 0x01, 0x37]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..1500)) {
            let _ = card_type(&bytes);
            let _ = spec_version(&bytes);
            let _ = front_image(&bytes);
            let _ = face_image(&bytes);
            let _ = signature(&bytes);
            let _ = addresses(&bytes);
            let _ = permissions(&bytes, &bytes);
            let _ = extension_application(&bytes);
        }
    }
}
