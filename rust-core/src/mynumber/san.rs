//! The holder's attributes in a JPKI signature certificate (mynumber-chip.md §6.3): otherName
//! entries of subjectAltName under `1.2.392.200149.8.5.5`: `.1` name, `.3` sex, `.4` birth date
//! (`E` era digit + `YYYYMMDD`), `.5` address. `.2`/`.6` (substitute characters) are not needed.

use der::asn1::ObjectIdentifier;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::Certificate;

use super::model::{Holder, Sex};
use crate::verify::cert;

const NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.1");
const SEX: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.3");
const BIRTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.4");
const ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.392.200149.8.5.5.5");

fn text(any: &der::Any) -> Option<String> {
    use der::Tagged;
    // UTF8String on the cards seen; PrintableString and IA5String carry ASCII the same way.
    match any.tag() {
        der::Tag::Utf8String | der::Tag::PrintableString | der::Tag::Ia5String => {
            String::from_utf8(any.value().to_vec()).ok()
        }
        _ => None,
    }
}

/// `E` + `YYYYMMDD` → (Y, M, D), with the date checked; the era digit is not needed.
fn birth(s: &str) -> Option<(u16, u8, u8)> {
    let s = s.strip_prefix(|c: char| c.is_ascii_digit())?;
    super::collation::parse_date(s)
}

/// The holder as the signature certificate states them; fields it lacks stay `None`.
pub fn holder(c: &Certificate) -> Holder {
    let mut h = Holder::default();
    let Ok(Some(san)) = cert::extension::<SubjectAltName>(c) else { return h };
    for name in san.0 {
        let GeneralName::OtherName(other) = name else { continue };
        let Some(value) = text(&other.value) else { continue };
        match other.type_id {
            NAME => h.name = Some(value),
            ADDRESS => h.address = Some(value),
            SEX => h.sex = Some(Sex::from_code(value.as_bytes().first().copied().unwrap_or(0))),
            BIRTH => h.birth_date = birth(&value),
            _ => {}
        }
    }
    h
}
