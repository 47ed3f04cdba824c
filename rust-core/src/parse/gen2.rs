//! Second-generation files (gen2-chip.md §3, §5). Parsed by tag, never by position: the 06 tag
//! set is derived, not confirmed. Signed values are returned as read, padding included.

use crate::chip::gen2::{tag, LEN_SIGNED_PRINTED, PRINTED_FIELDS};
use crate::error::ReadError;
use crate::model::{Date, Gen2Other, Gen2Permissions, PeriodOfStay, PrintedEntries};
use crate::parse::{codes, text};
use crate::tlv::Tlv;
use crate::verify::SignatureEvidence;

use super::{flag, objects, value};

fn code(objs: &[Tlv<'_>], t: u32) -> Option<String> {
    value(objs, t).and_then(text::ascii)
}

fn date(objs: &[Tlv<'_>], t: u32) -> Option<Date> {
    value(objs, t).map(text::strip_padding).and_then(Date::parse_yyyymmdd)
}

/// DF1/EF01 → the card number the chip holds (`C2`).
pub fn card_number(file: &[u8]) -> Result<Option<String>, ReadError> {
    Ok(code(&objects(file, "card number file")?, tag::CARD_NUMBER))
}

/// DF1/EF02 → the printed entries, and the signed-data bytes: every value in file order, tags and
/// lengths removed, then `00` up to 53 bytes (the 06 layout, gen2-chip.md §7).
pub fn printed_entries(file: &[u8]) -> Result<(PrintedEntries, Vec<u8>), ReadError> {
    let objs = objects(file, "printed entries file")?;
    check_printed_layout(&objs)?;
    let mut signed: Vec<u8> = objs.iter().flat_map(|o| o.value.iter().copied()).collect();
    if signed.len() > LEN_SIGNED_PRINTED {
        return Err(ReadError::malformed("printed entries file"));
    }
    signed.resize(LEN_SIGNED_PRINTED, 0);
    let entries = PrintedEntries {
        card_expiry: date(&objs, tag::CARD_EXPIRY),
        birth_date: date(&objs, tag::BIRTH_DATE),
        sex: code(&objs, tag::SEX).map(|c| codes::sex(&c)),
        nationality: code(&objs, tag::NATIONALITY).map(|c| codes::nationality(&c)),
        status_of_residence: code(&objs, tag::STATUS_OF_RESIDENCE).map(|c| codes::unlabelled(&c)),
        period_of_stay: code(&objs, tag::PERIOD_OF_STAY).map(|c| period_of_stay(&c)),
        permission_type: code(&objs, tag::PERMISSION_TYPE).map(|c| codes::unlabelled(&c)),
        permission_date: date(&objs, tag::PERMISSION_DATE),
        work_restriction: code(&objs, tag::WORK_RESTRICTION).map(|c| codes::work_restriction(&c)),
        stay_expiry: date(&objs, tag::STAY_EXPIRY),
    };
    Ok((entries, signed))
}

/// The signature covers the printed values but not their tags, so a card whose tags were
/// relabelled (C5 and CD swapped, say) would still verify while showing the wrong field. Only the
/// spec's layout is accepted: known tags, each at its fixed length, once, in the spec's order.
fn check_printed_layout(objs: &[Tlv<'_>]) -> Result<(), ReadError> {
    let mut next = 0;
    for o in objs {
        let index = PRINTED_FIELDS[next..]
            .iter()
            .position(|(t, len)| *t == o.tag && *len == o.value.len())
            .ok_or(ReadError::malformed("printed entries file"))?;
        next += index + 1;
    }
    Ok(())
}

/// `CE`: `0000` indefinite, `YYMM`, or `DDD` days.
pub fn period_of_stay(raw: &str) -> PeriodOfStay {
    let digits = raw.bytes().all(|b| b.is_ascii_digit());
    match (raw.len(), digits) {
        (4, true) if raw == "0000" => PeriodOfStay::Indefinite,
        (4, true) => PeriodOfStay::YearsMonths {
            years: raw[..2].parse().unwrap_or(0),
            months: raw[2..].parse().unwrap_or(0),
        },
        (3, true) => PeriodOfStay::Days(raw.parse().unwrap_or(0)),
        _ => PeriodOfStay::Other(raw.to_owned()),
    }
}

/// The images of DF1/EF03 (`D0` name, `D1` face) and DF1/EF04 (`DF D1` address), as read.
pub struct Images<'a> {
    pub name: Option<&'a [u8]>,
    /// `None` when absent or all zeros: a holder under 1 year (gen2-chip.md §5).
    pub face: Option<&'a [u8]>,
}

pub fn name_and_face(file: &[u8]) -> Result<Images<'_>, ReadError> {
    let objs = objects(file, "name and face image file")?;
    Ok(Images {
        name: value(&objs, tag::NAME_IMAGE),
        face: value(&objs, tag::FACE_IMAGE).filter(|v| v.iter().any(|b| *b != 0)),
    })
}

pub fn address_image(file: &[u8]) -> Result<Option<&[u8]>, ReadError> {
    Ok(value(&objects(file, "address image file")?, tag::ADDRESS_IMAGE).filter(|v| v.iter().any(|b| *b != 0)))
}

/// DF2/EF01.
pub fn permissions(file: &[u8]) -> Result<Gen2Permissions, ReadError> {
    let objs = objects(file, "permission file")?;
    Ok(Gen2Permissions {
        comprehensive: code(&objs, tag::COMPREHENSIVE_PERMISSION).map(|c| codes::comprehensive_permission(&c)),
        comprehensive_expiry: date(&objs, tag::COMPREHENSIVE_PERMISSION_EXPIRY),
        individual: flag(&objs, tag::INDIVIDUAL_PERMISSION, "permission file")?,
    })
}

/// DF2/EF02 → `D8` application pending.
pub fn extension_application(file: &[u8]) -> Result<Option<bool>, ReadError> {
    flag(&objects(file, "application status file")?, tag::EXTENSION_APPLICATION, "application status file")
}

/// DF2/EF03.
pub fn other(file: &[u8]) -> Result<Gen2Other, ReadError> {
    let objs = objects(file, "other file")?;
    Ok(Gen2Other {
        commissioner_record: flag(&objs, tag::COMMISSIONER_RECORD, "other file")?,
        reserved_text: value(&objs, tag::RESERVED_TEXT).and_then(text::decode),
    })
}

/// DF3/EF01 → `DC` and `DD`, or `Absent` when the file holds no signature (all zeros, or empty
/// objects). `DD` carries the certificate's actual length; `00` fill follows the object.
pub fn signature(file: &[u8]) -> SignatureEvidence<'_> {
    super::signature_evidence(file, tag::CHECK_CODE, tag::CERTIFICATE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CodedValue;
    use crate::tlv;

    const PRINTED_05: &[u8] = include_bytes!("../../../fixtures/gen2/printed-05.bin");
    const PRINTED_06: &[u8] = include_bytes!("../../../fixtures/gen2/printed-06.bin");

    fn c(v: &Option<CodedValue>) -> Option<&str> {
        v.as_ref().map(|c| c.code.as_str())
    }

    #[test]
    fn residence_printed_entries() {
        let (p, signed) = printed_entries(PRINTED_05).unwrap();
        assert_eq!(p.card_expiry, Some(Date { year: 2030, month: 3, day: 31 }));
        assert_eq!(p.birth_date, Some(Date { year: 1995, month: 7, day: 4 }));
        assert_eq!(c(&p.sex), Some("2"));
        assert_eq!(p.sex.as_ref().unwrap().label_en.as_deref(), Some("Female"));
        assert_eq!(c(&p.nationality), Some("VNM"));
        assert_eq!(c(&p.status_of_residence), Some("14"));
        assert_eq!(p.status_of_residence.as_ref().unwrap().label_ja, None);
        assert_eq!(p.period_of_stay, Some(PeriodOfStay::YearsMonths { years: 3, months: 0 }));
        assert_eq!(c(&p.permission_type), Some("01"));
        assert_eq!(p.permission_date, Some(Date { year: 2027, month: 4, day: 1 }));
        assert_eq!(c(&p.work_restriction), Some("2"));
        assert_eq!(p.stay_expiry, Some(Date { year: 2030, month: 3, day: 31 }));
        assert_eq!(signed.len(), 53);
        assert_eq!(&signed[..8], b"20300331");
        assert_eq!(&signed[20..22], b"14");
        assert!(signed[22..30].iter().all(|b| *b == 0), "C9 padding is signed as stored");
    }

    #[test]
    fn sprc_printed_entries_pad_the_signed_data() {
        let (p, signed) = printed_entries(PRINTED_06).unwrap();
        assert_eq!(c(&p.nationality), Some("KOR"));
        assert_eq!(p.period_of_stay, Some(PeriodOfStay::Indefinite));
        assert_eq!((p.permission_type, p.permission_date, p.work_restriction, p.stay_expiry), (None, None, None, None));
        assert_eq!(signed.len(), 53);
        assert!(signed[34..].iter().all(|b| *b == 0));
    }

    #[test]
    fn periods_and_flags() {
        assert_eq!(period_of_stay("0106"), PeriodOfStay::YearsMonths { years: 1, months: 6 });
        assert_eq!(period_of_stay("090"), PeriodOfStay::Days(90));
        assert_eq!(period_of_stay("1A"), PeriodOfStay::Other("1A".into()));
        let mut f = tlv::encode(0xD5, b"1\0\0\0\0\0\0");
        f.extend(tlv::encode(0xD6, b"20300331"));
        f.extend(tlv::encode(0xD7, b"0"));
        let p = permissions(&f).unwrap();
        assert_eq!(c(&p.comprehensive), Some("1"));
        assert_eq!(p.comprehensive_expiry, Some(Date { year: 2030, month: 3, day: 31 }));
        assert_eq!(p.individual, Some(false));
        assert!(p.part_time_work_permitted());
        let none = Gen2Permissions { comprehensive: Some(codes::comprehensive_permission("0")), individual: Some(false), ..Default::default() };
        assert!(!none.part_time_work_permitted());
        let individual = Gen2Permissions { individual: Some(true), ..Default::default() };
        assert!(individual.part_time_work_permitted());
        assert!(extension_application(&[0xD8, 0x01, 0x35]).is_err());
        assert_eq!(extension_application(&[0xD8, 0x01, 0x31]).unwrap(), Some(true));
    }

    #[test]
    fn other_file_and_signature_forms() {
        let mut f = tlv::encode(0xD9, b"1");
        f.extend([0xDE, 0x82, 0x00, 0x06]);
        f.extend("テスト".as_bytes()[..6].iter());
        let o = other(&f).unwrap();
        assert_eq!(o.commissioner_record, Some(true));
        assert_eq!(o.reserved_text.unwrap().text, "テス");
        assert!(matches!(signature(&[0; 704]), SignatureEvidence::Absent));
        assert!(matches!(signature(&[0xDC, 0x60, 1]), SignatureEvidence::Present { .. }));
        assert!(printed_entries(&[0xC5, 0x82, 0x0F, 0xFF, 0x32]).is_err());
    }

    #[test]
    fn relabelled_or_reordered_entries_are_malformed() {
        // Swap the tags of C5 (card expiry) and CD (end of stay): same values, same signature.
        let mut swapped = PRINTED_05.to_vec();
        let cd = swapped.iter().rposition(|b| *b == 0xCD).unwrap();
        swapped[0] = 0xCD;
        swapped[cd] = 0xC5;
        assert_eq!(printed_entries(&swapped).unwrap_err(), ReadError::malformed("printed entries file"));
        let mut unknown = PRINTED_05.to_vec();
        unknown[0] = 0xC3;
        assert!(printed_entries(&unknown).is_err());
        let mut doubled = tlv::encode(0xC5, b"20300331");
        doubled.extend(tlv::encode(0xC5, b"20300331"));
        assert!(printed_entries(&doubled).is_err());
        assert!(printed_entries(&tlv::encode(0xC7, b"12")).is_err(), "wrong length");
        assert!(printed_entries(PRINTED_06).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..800)) {
            let _ = card_number(&bytes);
            let _ = printed_entries(&bytes);
            let _ = name_and_face(&bytes);
            let _ = address_image(&bytes);
            let _ = permissions(&bytes);
            let _ = extension_application(&bytes);
            let _ = other(&bytes);
            let _ = signature(&bytes);
            let _ = period_of_stay(&String::from_utf8_lossy(&bytes));
        }
    }
}
