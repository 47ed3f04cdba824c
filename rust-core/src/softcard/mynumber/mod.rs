//! The My Number card (マイナンバーカード) chip: the JPKI, input-helper (券面事項入力補助AP),
//! card-face (券面事項確認AP) and common applications, written from `mynumber-chip.md` on their
//! own — not from the reader's code, and not from any client library's.
//!
//! A profile with a [`Chip`] is served by this module's machine instead of the residence-card one
//! (`SoftCard` dispatches on [`crate::softcard::Profile::my_number`]); the residence profiles are
//! untouched. Content comes from `fixtures/mynumber/` (TEST ONLY, `scripts/gen-fixtures-mynumber.py`).
//!
//! What the card does, and the choices where the spec note is silent (reader code must not depend
//! on the choices):
//! - Applications are selected by AID only (`00 A4 04 0C 0A <AID>`). `00 A4 00 00` (SELECT MF)
//!   answers `6A 86` and keeps the current application; an unknown AID `6A 82` (and leaves no
//!   application selected). Every SELECT of an application — the same one included — drops every
//!   verified key and the current EF.
//! - SELECT EF `00 A4 02 0C 02 <FID>` works inside the current application only (`6A 82`
//!   otherwise, and with no application selected); key references are selectable EFs too.
//! - READ BINARY (`00 B0`, offset in P1‖P2, or P1 = `80|SFI`) needs an Le (short or extended) and
//!   answers at most the rest of the file; an offset at or past the end → `6B 00`; no current EF →
//!   `69 86`; a key or record EF → `69 81`; a file whose credential is not verified → `69 82`.
//! - VERIFY `00 20 00 80` against the selected key (or P2 `80|SFI`): no data → `63 Cx` with the tries
//!   left and nothing spent (`63 C0` when blocked); a wrong value → `63 Cx` with one try fewer
//!   (`63 C0` for the try that blocks it) and the key's verified state dropped; a blocked key →
//!   `69 84`; the right value → `90 00` and the counter back to its maximum. Counters persist
//!   across resets (they are in the chip's memory); verified state does not.
//! - COMPUTE DIGITAL SIGNATURE `80 2A 00 80 <DigestInfo> 00` signs (PKCS#1 v1.5, the DigestInfo
//!   as given) with the selected JPKI key EF (`0017`/`001A`, or P2 `97`/`9A`) once its PIN
//!   (`0018`/`001B`) is verified, else `69 82`; `80 2A 00 00` in the card-face and input-helper
//!   applications signs with the application's own key, no credential. P1 other than `00` → `6A 86`
//!   (card-side hashing is not emulated).
//! - GET DATA `00 CA` answers the MF-level objects only while no application is selected (and the
//!   contact ATR also in the common application); an object longer than a short Le allows answers
//!   `67 00` to a short Le. Anything else → `6A 88`.
//! - GET CHALLENGE `00 84 00 00 Le` (1–256 bytes); READ RECORD `00 B2 <n> 04 Le` for the common
//!   application's record file.
//! - CLA with logical-channel bits (`01`–`03`, `09`–`0B`, `40`–`7F`) → `68 81`; secure messaging
//!   CLAs (`08`, `0C`) → `68 82` (SM of the input helper is not emulated); other CLAs → `6E 00`;
//!   unknown INS → `6D 00`.

pub mod fixtures;
pub(crate) mod machine;
pub mod profiles;

#[cfg(test)]
mod tests;

use zeroize::Zeroizing;

/// AIDs (mynumber-chip.md §2).
pub const AID_JPKI: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
pub const AID_INPUT_HELPER: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
pub const AID_CARD_FACE: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
pub const AID_COMMON: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00];

/// Who may read an EF: nobody needs anything, or one of these key references of the same
/// application must be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    Free,
    AnyOf(Vec<u16>),
}

/// What an EF is.
#[derive(Clone)]
pub enum EfKind {
    /// Transparent file, read with READ BINARY.
    Binary(Vec<u8>),
    /// Record file (one simple-TLV record per entry), read with READ RECORD.
    Records(Vec<Vec<u8>>),
    /// A PIN / collation-number key reference, for VERIFY.
    Key(KeyRef),
    /// A private key, for COMPUTE DIGITAL SIGNATURE once `pin` is verified.
    PrivateKey { der: &'static [u8], pin: u16 },
}

#[derive(Clone)]
pub struct KeyRef {
    pub secret: Zeroizing<Vec<u8>>,
    pub max_tries: u8,
    /// Tries left when the card is created (0 = blocked).
    pub initial_tries: u8,
}

#[derive(Clone)]
pub struct Ef {
    pub fid: u16,
    pub read: Rule,
    pub kind: EfKind,
}

// Content is personal (test) data and keys: Debug names the shape only.
impl std::fmt::Debug for Ef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.kind {
            EfKind::Binary(d) => format!("{} bytes", d.len()),
            EfKind::Records(r) => format!("{} records", r.len()),
            EfKind::Key(k) => format!("key, {} tries", k.max_tries),
            EfKind::PrivateKey { pin, .. } => format!("private key behind {pin:04X}"),
        };
        write!(f, "Ef({:04X}, {:?}, {what})", self.fid, self.read)
    }
}

/// One application: its AID, files and (for the 券面 applications) its own signing key.
#[derive(Debug, Clone)]
pub struct App {
    pub aid: [u8; 10],
    pub efs: Vec<Ef>,
    /// The application's default signing key (`80 2A 00 00`), PKCS#1 DER.
    pub own_key: Option<&'static [u8]>,
    /// GET DATA objects answered while this application is current.
    pub data_objects: Vec<(u16, Vec<u8>)>,
}

impl App {
    pub fn ef(&self, fid: u16) -> Option<&Ef> {
        self.efs.iter().find(|e| e.fid == fid)
    }
    pub fn ef_mut(&mut self, fid: u16) -> Option<&mut Ef> {
        self.efs.iter_mut().find(|e| e.fid == fid)
    }
}

/// The test credentials a profile's card accepts (synthetic TEST values, shown by `softcard list`).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// 券面事項入力補助用暗証番号, 4 digits.
    pub input_helper_pin: &'static str,
    /// 利用者証明用電子証明書の暗証番号, 4 digits.
    pub auth_pin: &'static str,
    /// 署名用電子証明書の暗証番号, 6–16 of A–Z/0–9; `None` when the card has no signature certificate.
    pub signature_password: Option<&'static str>,
    /// Birth date `YYYY-MM-DD` (Gregorian).
    pub birth_date: &'static str,
    /// Card expiry year (Gregorian).
    pub expiry_year: &'static str,
    /// The 4-digit security code printed under the photo.
    pub security_code: &'static str,
    /// 照合番号B: era-year `YYMMDD` ‖ expiry year ‖ security code (14 digits).
    pub collation_b: &'static str,
    /// The card-face application's birth-date key: era-year `YYMMDD`.
    pub birth_date_key: &'static str,
    /// The synthetic 個人番号 (also 照合番号A).
    pub individual_number: &'static str,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(..)")
    }
}

/// A whole My Number chip.
#[derive(Debug, Clone)]
pub struct Chip {
    pub apps: Vec<App>,
    /// GET DATA objects of the MF level (no application selected).
    pub mf_objects: Vec<(u16, Vec<u8>)>,
    pub credentials: Credentials,
    /// Test trust material the profile's certificates and records chain to, as repository-relative
    /// paths (JPKI roots, CVC CA keys as JSON).
    pub trust_files: Vec<&'static str>,
    /// Every READ BINARY, READ RECORD and GET DATA answers pseudo-random bytes (`90 00`).
    pub garbage: bool,
}

impl Chip {
    pub fn app(&self, aid: &[u8]) -> Option<&App> {
        self.apps.iter().find(|a| a.aid == aid)
    }
    pub fn app_mut(&mut self, aid: &[u8]) -> Option<&mut App> {
        self.apps.iter_mut().find(|a| a.aid == aid)
    }
    /// The bytes of a binary EF, as a reader should get them back.
    pub fn file(&self, aid: &[u8], fid: u16) -> Option<&[u8]> {
        match &self.app(aid)?.ef(fid)?.kind {
            EfKind::Binary(d) => Some(d),
            _ => None,
        }
    }
    /// Sets the tries left of every key reference (the issue-blocked one stays blocked).
    pub(crate) fn set_all_tries(&mut self, tries: u8) {
        for app in &mut self.apps {
            for ef in &mut app.efs {
                if let EfKind::Key(k) = &mut ef.kind {
                    if k.initial_tries > 0 {
                        k.initial_tries = tries.min(k.max_tries);
                    }
                }
            }
        }
    }
}
