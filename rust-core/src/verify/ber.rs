//! Minimal, bounded BER/DER helpers for certificates read from the chip (gen1-chip.md §8.2 step 1).
//!
//! Only what the issuer check needs: read one TLV header (BER length forms, no indefinite length),
//! cut the certificate out of the `DB` value, and re-encode a BER certificate as DER (minimal lengths,
//! BOOLEAN TRUE as `FF`) so that `x509-cert` can parse it. Input is untrusted: nothing here panics,
//! recursion depth and length arithmetic are bounded.

/// Deepest nesting accepted while normalising. X.509 certificates nest about ten levels.
const MAX_DEPTH: usize = 32;

/// One TLV as found in the input: where its header ends and how long its value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    /// Identifier octets (one or more).
    pub tag: &'a [u8],
    /// Header length (identifier + length octets).
    pub header_len: usize,
    /// Value length.
    pub len: usize,
}

impl Tlv<'_> {
    pub fn total_len(&self) -> usize {
        self.header_len + self.len
    }
    pub fn constructed(&self) -> bool {
        self.tag[0] & 0x20 != 0
    }
}

/// Reads one TLV header at the start of `input`; the value must fit in `input`.
/// Accepts every definite BER length form (short, long with leading zero octets); rejects the
/// indefinite form (`80`) and the reserved `FF`.
pub(crate) fn read_tlv(input: &[u8]) -> Option<Tlv<'_>> {
    let first = *input.first()?;
    let mut pos = 1usize;
    if first & 0x1F == 0x1F {
        // High tag number form: continuation octets have bit 8 set; at most 4 of them.
        loop {
            let b = *input.get(pos)?;
            pos += 1;
            if b & 0x80 == 0 {
                break;
            }
            if pos > 5 {
                return None;
            }
        }
    }
    let tag = &input[..pos];
    let l0 = *input.get(pos)?;
    pos += 1;
    let len = if l0 < 0x80 {
        l0 as usize
    } else if l0 == 0x80 || l0 == 0xFF {
        return None;
    } else {
        let n = (l0 & 0x7F) as usize;
        if n > 8 {
            return None;
        }
        let mut v: u64 = 0;
        for _ in 0..n {
            let b = *input.get(pos)?;
            pos += 1;
            v = v.checked_mul(256)?.checked_add(b as u64)?;
        }
        usize::try_from(v).ok()?
    };
    let end = pos.checked_add(len)?;
    if end > input.len() {
        return None;
    }
    Some(Tlv { tag, header_len: pos, len })
}

/// Why the `DB` value could not be cut into a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExtractError {
    /// Not a SEQUENCE, a bad length, or the length runs past the value.
    BadHeader,
    /// Bytes after the certificate that are not `00` fill.
    TrailingGarbage,
}

/// Cuts the certificate out of a `DB` value: the outer SEQUENCE (`30` + any definite length form),
/// followed only by `00` fill (gen1-chip.md §8.2 step 1). Returns the certificate's bytes as stored.
pub(crate) fn extract_certificate(db_value: &[u8]) -> Result<&[u8], ExtractError> {
    let tlv = read_tlv(db_value).ok_or(ExtractError::BadHeader)?;
    if tlv.tag != [0x30] {
        return Err(ExtractError::BadHeader);
    }
    let (cert, rest) = db_value.split_at(tlv.total_len());
    if rest.iter().any(|&b| b != 0) {
        return Err(ExtractError::TrailingGarbage);
    }
    Ok(cert)
}

/// The children of a constructed TLV's value, each as its full bytes (header + value) as stored.
/// `None` when the value is not an exact sequence of TLVs.
pub(crate) fn children(value: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let tlv = read_tlv(rest)?;
        let (child, tail) = rest.split_at(tlv.total_len());
        out.push(child);
        rest = tail;
    }
    Some(out)
}

/// Re-encodes one complete BER TLV (the whole input) as DER: minimal definite lengths everywhere,
/// BOOLEAN TRUE as `FF`. Constructed values are normalised child by child. Primitive values are
/// copied unchanged (OCTET STRING contents, e.g. extension values, are not touched).
/// `None` when the input is not exactly one well-formed TLV tree.
pub(crate) fn normalise_to_der(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let used = normalise_one(input, 0, &mut out)?;
    if used != input.len() {
        return None;
    }
    Some(out)
}

fn normalise_one(input: &[u8], depth: usize, out: &mut Vec<u8>) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tlv = read_tlv(input)?;
    let value = &input[tlv.header_len..tlv.total_len()];
    let mut content = Vec::with_capacity(value.len());
    if tlv.constructed() {
        let mut rest = value;
        while !rest.is_empty() {
            let used = normalise_one(rest, depth + 1, &mut content)?;
            rest = &rest[used..];
        }
    } else if tlv.tag == [0x01] {
        // BOOLEAN: BER allows any non-zero octet for TRUE, DER requires FF.
        if value.len() != 1 {
            return None;
        }
        content.push(if value[0] == 0 { 0x00 } else { 0xFF });
    } else {
        content.extend_from_slice(value);
    }
    out.extend_from_slice(tlv.tag);
    push_der_len(out, content.len());
    out.extend_from_slice(&content);
    Some(tlv.total_len())
}

/// Appends a DER (minimal) length.
pub(crate) fn push_der_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = (len as u64).to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    out.push(0x80 | (8 - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_definite_length_forms() {
        assert_eq!(read_tlv(&[0x04, 0x01, 0xAA]).map(|t| (t.header_len, t.len)), Some((2, 1)));
        assert_eq!(read_tlv(&[0x04, 0x81, 0x01, 0xAA]).map(|t| (t.header_len, t.len)), Some((3, 1)));
        assert_eq!(read_tlv(&[0x04, 0x82, 0x00, 0x01, 0xAA]).map(|t| (t.header_len, t.len)), Some((4, 1)));
        // Indefinite and reserved forms are refused; lengths past the end are refused.
        assert_eq!(read_tlv(&[0x30, 0x80, 0x00, 0x00]), None);
        assert_eq!(read_tlv(&[0x30, 0xFF, 0x00]), None);
        assert_eq!(read_tlv(&[0x04, 0x02, 0xAA]), None);
        assert_eq!(read_tlv(&[0x04, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1]), None);
        assert_eq!(read_tlv(&[]), None);
        assert_eq!(read_tlv(&[0x04]), None);
    }

    #[test]
    fn high_tag_numbers() {
        let t = read_tlv(&[0x9F, 0x81, 0x01, 0x01, 0x00]).unwrap();
        assert_eq!(t.tag, &[0x9F, 0x81, 0x01]);
        assert_eq!(t.header_len, 4);
        assert_eq!(read_tlv(&[0x9F, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00]), None);
    }

    #[test]
    fn extract_requires_zero_fill_only() {
        let mut db = vec![0x30, 0x82, 0x00, 0x03, 0x02, 0x01, 0x05];
        assert_eq!(extract_certificate(&db), Ok(&db[..7]));
        db.resize(1200, 0);
        assert_eq!(extract_certificate(&db).map(|c| c.len()), Ok(7));
        db[1199] = 1;
        assert_eq!(extract_certificate(&db), Err(ExtractError::TrailingGarbage));
        assert_eq!(extract_certificate(&[0x31, 0x00]), Err(ExtractError::BadHeader));
        assert_eq!(extract_certificate(&[0u8; 1200]), Err(ExtractError::BadHeader));
        assert_eq!(extract_certificate(&[0x30, 0x82, 0x04, 0xB0, 0x00]), Err(ExtractError::BadHeader));
    }

    #[test]
    fn normalises_lengths_and_booleans() {
        // SEQUENCE (long-form 82 00 06) { BOOLEAN 01, INTEGER (81 01) 05 }
        let ber = [0x30, 0x82, 0x00, 0x07, 0x01, 0x01, 0x01, 0x02, 0x81, 0x01, 0x05];
        let der = normalise_to_der(&ber).unwrap();
        assert_eq!(der, [0x30, 0x06, 0x01, 0x01, 0xFF, 0x02, 0x01, 0x05]);
        // Already DER: unchanged.
        assert_eq!(normalise_to_der(&der).unwrap(), der);
        // Trailing bytes or a child overrunning its parent are refused.
        assert_eq!(normalise_to_der(&[0x30, 0x00, 0x00]), None);
        assert_eq!(normalise_to_der(&[0x30, 0x02, 0x02, 0x05]), None);
    }

    #[test]
    fn long_lengths_are_minimal() {
        let mut v = Vec::new();
        push_der_len(&mut v, 0x7F);
        push_der_len(&mut v, 0x80);
        push_der_len(&mut v, 0x1234);
        assert_eq!(v, [0x7F, 0x81, 0x80, 0x82, 0x12, 0x34]);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut v: Vec<u8> = vec![];
        for _ in 0..2000 {
            let mut outer = vec![0x30];
            push_der_len(&mut outer, v.len());
            outer.extend_from_slice(&v);
            v = outer;
        }
        assert_eq!(normalise_to_der(&v), None);
    }
}
