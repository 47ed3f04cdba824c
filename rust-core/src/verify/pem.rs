//! Just enough PEM to read trust-anchor files (`-----BEGIN CERTIFICATE-----`, RFC 7468). Anchor files
//! are public, but still read carefully: strict base64, bounded, no panics.

const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
const END: &[u8] = b"-----END CERTIFICATE-----";

/// True when the bytes look like PEM text rather than DER (first non-blank bytes are `-----BEGIN`).
pub(crate) fn looks_like_pem(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    bytes[start..].starts_with(b"-----BEGIN")
}

/// All `CERTIFICATE` blocks in PEM text, decoded to DER. `None` when a block is malformed, or
/// when there is no certificate block at all.
pub(crate) fn decode_certificates(text: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(b) = find(rest, BEGIN) {
        let after = &rest[b + BEGIN.len()..];
        let e = find(after, END)?;
        out.push(base64_decode(&after[..e])?);
        rest = &after[e + END.len()..];
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// The first `-----BEGIN <label>-----` block, decoded (e.g. `PUBLIC KEY` for the specified cards'
/// delivery key). `None` when there is no such block or it is malformed.
pub(crate) fn decode_block(text: &[u8], label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let b = find(text, begin.as_bytes())?;
    let after = &text[b + begin.len()..];
    let e = find(after, end.as_bytes())?;
    base64_decode(&after[..e])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Standard base64 with `=` padding; ASCII whitespace ignored; anything else refused.
fn base64_decode(body: &[u8]) -> Option<Vec<u8>> {
    let chars: Vec<u8> = body.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    if chars.is_empty() || chars.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let quads = chars.len() / 4;
    for (i, q) in chars.chunks(4).enumerate() {
        let last = i + 1 == quads;
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut acc: u32 = 0;
        for &c in &q[..4 - pad] {
            acc = (acc << 6) | sextet(c)?;
        }
        acc <<= 6 * pad as u32;
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_known_answers() {
        assert_eq!(base64_decode(b"TWFu").unwrap(), b"Man");
        assert_eq!(base64_decode(b"TWE=").unwrap(), b"Ma");
        assert_eq!(base64_decode(b"TQ==").unwrap(), b"M");
        assert_eq!(base64_decode(b"TW\nFu\r\n").unwrap(), b"Man");
        assert_eq!(base64_decode(b"TQ=="), Some(b"M".to_vec()));
        assert_eq!(base64_decode(b"TQ="), None);
        assert_eq!(base64_decode(b"T===" ), None);
        assert_eq!(base64_decode(b"TQ==TWFu"), None);
        assert_eq!(base64_decode(b"TW!u"), None);
        assert_eq!(base64_decode(b""), None);
    }

    #[test]
    fn pem_blocks() {
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n\
                    -----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        assert!(!looks_like_pem(pem));
        assert!(looks_like_pem(&pem[5..]));
        assert_eq!(
            decode_certificates(pem).unwrap(),
            vec![vec![0x30, 0x03, 0x02, 0x01, 0x05], vec![0x30, 0x00]]
        );
        assert_eq!(decode_certificates(b"-----BEGIN CERTIFICATE-----\nMAA=\n"), None);
        assert_eq!(decode_certificates(b"no pem here"), None);
    }
}
