//! Zairyu Reader core: reads and verifies Japanese residence cards (在留カード) and special
//! permanent resident certificates (特別永住者証明書).
//!
//! The core reaches the card only through [`transport::Transceiver`], so the same code runs behind
//! Android IsoDep, iOS CoreNFC, a PC/SC reader and the embedded [`softcard`]. One read flows
//! `number → crypto → session → read → parse → verify → model`; nothing flows backwards.

pub mod airtime;
pub mod apdu;
pub mod chip;
pub mod crypto;
pub mod error;
pub mod image;
pub mod model;
pub mod mynumber;
pub mod number;
pub mod parse;
pub mod present;
pub mod read;
pub mod session;
pub mod sm;
pub mod softcard;
// Specified cards (types 07/08), issue 16.
pub mod specified;
pub mod tlv;
pub mod transport;
pub mod verify;

pub use error::ReadError;
pub use model::Reading;
pub use number::CardNumber;
pub use read::{read_card, ReadOptions};
pub use transport::{CancelToken, ProgressListener, ReadStep, Transceiver, TransportError};
