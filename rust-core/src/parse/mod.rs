//! Raw chip files → typed card data. Every function takes untrusted bytes and returns either data
//! or a specific [`crate::ReadError::MalformedData`]; nothing here panics.

pub mod codes;
pub mod gen1;
pub mod gen2;
pub mod text;

use crate::error::ReadError;
use crate::tlv::{self, Tlv};

/// The data objects of one file, or a malformed-data error naming the file.
pub(crate) fn objects<'a>(file: &'a [u8], what: &'static str) -> Result<Vec<Tlv<'a>>, ReadError> {
    tlv::parse_all(file).map_err(|_| ReadError::malformed(what))
}

/// The value of the first object with tag `t`.
pub(crate) fn value<'a>(objs: &[Tlv<'a>], t: u32) -> Option<&'a [u8]> {
    objs.iter().find(|o| o.tag == t).map(|o| o.value)
}
