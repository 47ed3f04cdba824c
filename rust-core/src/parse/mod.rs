//! Raw chip files → typed card data. Every function takes untrusted bytes and returns either data
//! or a specific [`crate::ReadError::MalformedData`]; nothing here panics.

pub mod codes;
pub mod gen1;
pub mod gen2;
pub mod text;

use crate::error::ReadError;
use crate::tlv::{self, Tlv};
use crate::verify::SignatureEvidence;

/// The data objects of one file, or a malformed-data error naming the file.
pub(crate) fn objects<'a>(file: &'a [u8], what: &'static str) -> Result<Vec<Tlv<'a>>, ReadError> {
    tlv::parse_all(file).map_err(|_| ReadError::malformed(what))
}

/// The value of the first object with tag `t`.
pub(crate) fn value<'a>(objs: &[Tlv<'a>], t: u32) -> Option<&'a [u8]> {
    objs.iter().find(|o| o.tag == t).map(|o| o.value)
}

/// A `'0'`/`'1'` flag field: `None` when empty, anything else malformed.
pub(crate) fn flag(objs: &[Tlv<'_>], t: u32, what: &'static str) -> Result<Option<bool>, ReadError> {
    match value(objs, t).map(text::strip_padding) {
        None | Some([]) => Ok(None),
        Some(b"0") => Ok(Some(false)),
        Some(b"1") => Ok(Some(true)),
        Some(_) => Err(ReadError::malformed(what)),
    }
}

/// The signature file of either generation: check code and certificate, or `Absent` when both are
/// missing or all zeros (the young-holder forms). A file that does not parse is handed to
/// verification as present but empty, so it fails the checks instead of passing or aborting.
pub(crate) fn signature_evidence(file: &[u8], check_code: u32, certificate: u32) -> SignatureEvidence<'_> {
    let Ok(objs) = tlv::parse_all(file) else {
        return SignatureEvidence::Present { check_code: &[], certificate: &[] };
    };
    let code = value(&objs, check_code);
    let cert = value(&objs, certificate);
    let empty = |v: Option<&[u8]>| v.is_none_or(|v| v.iter().all(|b| *b == 0));
    if empty(code) && empty(cert) {
        return SignatureEvidence::Absent;
    }
    SignatureEvidence::Present { check_code: code.unwrap_or(&[]), certificate: cert.unwrap_or(&[]) }
}
