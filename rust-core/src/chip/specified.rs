//! Every parameter of the specified-card (types 07/08) residence application that is **not
//! confirmed** by an official document we hold, in one table: [`PARAMS`].
//!
//! Why one table: the official specified-card spec (`001460712.pdf`) is not in this workplace. The
//! key delivery and secure messaging of the 在留AP are known only from a transcription
//! (`gen2-chip.md` §9) and from the same chip platform's *measured* input-helper SM
//! (`mynumber-chip.md` §4.4, `soltia48/myna-card` `src/sm.rs`). When the official spec or an ISA
//! sample card says otherwise, change the value here and nothing else: the reader
//! (`crate::specified`) and the software card (`crate::softcard`) both take every one of these
//! values from this table, and `docs/specified-cards.md` lists what each change implies.
//!
//! Sources, as named in each field's doc comment:
//! - **§9**: `shared/specs/gen2-chip.md` §9 (transcription of `001460712.pdf` pp.6, 8–9, 25, 31–33
//!   and libjeid's comments) — one source, unconfirmed.
//! - **§1**: `gen2-chip.md` §1 (detection).
//! - **MN§4.4**: `shared/specs/mynumber-chip.md` §4.4 — measured on a real card, but on the
//!   *input-helper* AP, not on the 在留AP. Used here by analogy ("same chip platform").
//! - **G2§4**: `gen2-chip.md` §4 — the 05/06 chip's VERIFY/READ shapes, used by analogy.

/// How the SM initial vector of command number `N` is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IvRule {
    /// `IV_N = AES-128(key, N as 16 big-endian bytes)` (one block, i.e. AES-CBC with a zero IV);
    /// the response to command N is deciphered with the same `IV_N`. [MN§4.4]
    EncryptedCounter,
    /// `IV = 16 × 00` for every command and response, as the 05/06 chip. [G2§4] — the fallback if
    /// the 在留AP turns out to have no counter.
    Zero,
}

/// Which hash RSA-OAEP uses (for both the label hash and MGF1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OaepHash {
    Sha256,
    Sha1,
}

/// The whole table. Every field is an assumption until the official spec confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// AID of the 在留AP (16 bytes, selected with `00 A4 04 0C 10`). [§1, §9; mynumber-chip.md §2:
    /// one source, the eringoio transcription of 001460712.pdf]
    pub aid_residence_ap: [u8; 16],

    /// SET SESSION KEY header `CLA INS P1 P2`, sent with an extended Lc and no Le. [§9; MN§4.4]
    pub set_session_key_header: [u8; 4],
    /// Length of the RSA cryptogram SET SESSION KEY carries (RSA-2048). [§9]
    pub delivery_modulus_bytes: usize,
    /// RSA-OAEP hash and MGF1 hash. §9 says only "RSA-OAEP (PKCS#1 v2.2)"; SHA-256 is what the
    /// input-helper AP takes. [MN§4.4]
    pub oaep_hash: OaepHash,
    /// RSA-OAEP label; empty (the PKCS#1 default). [MN§4.4: myna-card sends no label]
    pub oaep_label: &'static [u8],
    /// The delivered plaintext: `outer { inner ‖ len ‖ seed }`, i.e. `A0 22 80 20 <seed>`. [MN§4.4]
    pub seed_outer_tag: u8,
    pub seed_inner_tag: u8,
    /// Random seed length. [MN§4.4: "32 bytes whichever cipher is in use"]
    pub seed_len: usize,
    /// The AES-128 session key is `seed[key_offset .. key_offset + 16]`. [MN§4.4]
    pub key_offset: usize,

    /// CLA of an SM command. [MN§4.4, G2§4: both `08`]
    pub cla_sm: u8,
    /// IV rule. §9 says "IVs derived from a message counter". [§9 + MN§4.4]
    pub iv: IvRule,
    /// Counter value of the first SM command after SET SESSION KEY. [MN§4.4]
    pub counter_start: u32,
    /// Counter increment per SM command, whether the card accepts it or not; plain commands do not
    /// advance it. [MN§4.4]
    pub counter_step: u32,
    /// Whether an SM command or response carries a cryptographic checksum (`8E`). §9 mentions
    /// AES-CMAC; the measured input-helper SM carries none and answers `69 87` to CLA `0C`.
    /// `false` = confidentiality only. [§9 vs MN§4.4 — conflicting; MN§4.4 taken]
    pub mac: bool,
    /// Cryptogram data object tag and its padding-content indicator (`86 L 01 ‖ ct`). [MN§4.4, G2§4]
    pub tag_cryptogram: u8,
    pub padding_indicator: u8,
    /// The SM READ's expected-length data object: tag and value length; `96 03 00 <Le hi> <Le lo>`
    /// on the input-helper AP (the 05/06 chip uses `96 02 <Le hi> <Le lo>`). [MN§4.4]
    pub tag_le: u8,
    pub le_object_len: usize,
    /// P2 of VERIFY of the card number: `86` as on the 05/06 chip. [G2§4 by analogy; unknown]
    pub verify_p2: u8,

    /// Status word of an SM failure (counter mismatch, bad padding). [MN§4.4]
    pub sw_sm_error: u16,
    /// Status word of every command after the session died, until the 在留AP is reselected. [MN§4.4]
    pub sw_session_dead: u16,
    /// DF2 and DF3 are read in plain after VERIFY, as on the 05/06 chip (DF1 only under SM).
    /// [G2§4 by analogy; §9 says only "then READ BINARY"]
    pub df2_df3_plain: bool,
}

/// The values in use. See the module documentation before changing one.
pub const PARAMS: Params = Params {
    aid_residence_ap: [0xD3, 0x92, 0xF0, 0x00, 0x4F, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    set_session_key_header: [0x80, 0xAE, 0x00, 0x00],
    delivery_modulus_bytes: 256,
    oaep_hash: OaepHash::Sha256,
    oaep_label: b"",
    seed_outer_tag: 0xA0,
    seed_inner_tag: 0x80,
    seed_len: 32,
    key_offset: 0,
    cla_sm: 0x08,
    iv: IvRule::EncryptedCounter,
    counter_start: 1,
    counter_step: 1,
    mac: false,
    tag_cryptogram: 0x86,
    padding_indicator: 0x01,
    tag_le: 0x96,
    le_object_len: 3,
    verify_p2: 0x86,
    sw_sm_error: 0x6988,
    sw_session_dead: 0x69FC,
    df2_df3_plain: true,
};

/// The delivered plaintext for `seed`: `A0 L (80 L seed)`.
pub fn seed_message(seed: &[u8]) -> Vec<u8> {
    let p = &PARAMS;
    let mut m = Vec::with_capacity(4 + seed.len());
    m.extend_from_slice(&[p.seed_outer_tag, (2 + seed.len()) as u8, p.seed_inner_tag, seed.len() as u8]);
    m.extend_from_slice(seed);
    m
}

/// The seed inside a delivered plaintext, if it has exactly the [`seed_message`] shape.
pub fn seed_from_message(m: &[u8]) -> Option<&[u8]> {
    let p = &PARAMS;
    match m {
        [o, ol, i, il, seed @ ..]
            if *o == p.seed_outer_tag
                && *i == p.seed_inner_tag
                && usize::from(*il) == p.seed_len
                && usize::from(*ol) == p.seed_len + 2
                && seed.len() == p.seed_len =>
        {
            Some(seed)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_message_shape_is_a0_22_80_20() {
        let m = seed_message(&[7; 32]);
        assert_eq!(&m[..4], &[0xA0, 0x22, 0x80, 0x20]);
        assert_eq!(m.len(), 36);
        assert_eq!(seed_from_message(&m), Some(&[7u8; 32][..]));
        assert_eq!(seed_from_message(&m[..35]), None);
        let mut bad = m.clone();
        bad[2] = 0x81;
        assert_eq!(seed_from_message(&bad), None);
    }

    #[test]
    fn key_fits_in_the_seed() {
        assert!(PARAMS.key_offset + 16 <= PARAMS.seed_len);
        assert_eq!(PARAMS.aid_residence_ap, crate::read::AID_RESIDENCE_AP);
    }
}
