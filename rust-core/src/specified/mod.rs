//! Specified cards (特定在留カード `07`, 特定特別永住者証明書 `08`): a My Number card chip carrying the
//! residence application (在留AP) with the second-generation records (gen2-chip.md §9).
//!
//! What differs from a 05/06 card is only how the records are opened: the terminal delivers a
//! session seed enciphered to ISA's RSA delivery key (SET SESSION KEY), then verifies the card
//! number and reads DF1 under counter-based AES secure messaging. Parsing and verification are the
//! second generation's. Every unconfirmed protocol value is in [`crate::chip::specified::PARAMS`].
//!
//! Modules: `delivery_key` (loading and pinning ISA's public key), `key_delivery` (SET SESSION
//! KEY), `sm` (the session), `read` (the sequence).

pub mod delivery_key;
pub mod key_delivery;
pub(crate) mod read;
pub mod sm;

pub use delivery_key::{DeliveryKey, DeliveryKeyError, DeliveryKeyKind, KeyFileFormat};
