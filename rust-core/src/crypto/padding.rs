//! ISO/IEC 9797-1 padding method 2 (= ISO/IEC 7816-4): `80` then zeros to the block boundary,
//! always at least one byte.

use super::CryptoError;

pub fn pad_iso7816(data: &[u8], block: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + block);
    out.extend_from_slice(data);
    out.push(0x80);
    while out.len() % block != 0 {
        out.push(0);
    }
    out
}

/// Removes method-2 padding; the padding must be 1..=`block` bytes long.
pub fn unpad_iso7816(data: &[u8], block: usize) -> Result<&[u8], CryptoError> {
    let mut i = data.len();
    while i > 0 && data.len() - i < block {
        i -= 1;
        match data[i] {
            0x00 => continue,
            0x80 => return Ok(&data[..i]),
            _ => return Err(CryptoError::Padding),
        }
    }
    Err(CryptoError::Padding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_unpads() {
        assert_eq!(pad_iso7816(&[1, 2, 3], 8), vec![1, 2, 3, 0x80, 0, 0, 0, 0]);
        assert_eq!(pad_iso7816(&[0; 8], 8).len(), 16);
        assert_eq!(unpad_iso7816(&[1, 2, 3, 0x80, 0, 0, 0, 0], 8).unwrap(), &[1, 2, 3]);
        assert_eq!(unpad_iso7816(&[1, 0x80], 8).unwrap(), &[1]);
    }

    #[test]
    fn rejects_bad_padding() {
        assert_eq!(unpad_iso7816(&[1, 2, 3, 0, 0, 0, 0, 0], 8), Err(CryptoError::Padding));
        assert_eq!(unpad_iso7816(&[], 8), Err(CryptoError::Padding));
        // 80 further back than one block is not padding.
        let mut v = vec![0x80];
        v.extend_from_slice(&[0; 8]);
        assert_eq!(unpad_iso7816(&v, 8), Err(CryptoError::Padding));
    }
}
