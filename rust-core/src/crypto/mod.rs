//! Cryptography of the chip protocol: access keys from the card number, the block-cipher suites
//! (2-key 3DES with the retail MAC for the first generation, AES-128 with CMAC for the second), mutual authentication and the session
//! key. All key material lives in [`Key16`], which zeroizes itself and never prints.

mod aes;
mod auth;
mod keys;
mod padding;
mod tdes;

pub use self::aes::{cbc_decrypt_iv, cbc_encrypt_iv, Aes};
pub use auth::{finish_mutual_authentication, start_mutual_authentication, AuthError, AuthRequest};
pub use keys::{access_key, session_key, Key16};
pub use padding::{pad_iso7816, unpad_iso7816};
pub use tdes::{retail_mac, Tdes};

/// Constant-time equality for MACs and hashes.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// Ciphertext is not a whole number of blocks.
    #[error("ciphertext length is not a multiple of the block size")]
    BlockLength,
    /// ISO/IEC 7816-4 padding (`80 00…`) missing or malformed after decryption.
    #[error("bad padding")]
    Padding,
}

/// A block cipher suite of the chip's secure messaging: CBC with a zero IV, no padding (callers
/// pad), and the 8-byte MAC the generation uses. Generic so the second generation's AES/CMAC
/// suite plugs into the same session code.
pub trait CipherSuite {
    /// Cipher block size in bytes (8 for 3DES, 16 for AES).
    const BLOCK: usize;
    /// CBC encryption with IV zero; `data.len()` must be a multiple of `BLOCK`.
    fn encrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>, CryptoError>;
    /// CBC decryption with IV zero.
    fn decrypt(key: &Key16, data: &[u8]) -> Result<Vec<u8>, CryptoError>;
    /// The authentication MAC over `data` (the suite applies its own padding rule).
    fn mac(key: &Key16, data: &[u8]) -> [u8; 8];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ct_eq_compares_length_and_content() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }
}
