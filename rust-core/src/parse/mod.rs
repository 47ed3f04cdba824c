//! Raw chip files → typed card data. Every function takes untrusted bytes and returns either data
//! or a specific [`crate::ReadError::MalformedData`]; nothing here panics.

pub mod codes;
pub mod gen1;
pub mod gen2;
pub mod text;
