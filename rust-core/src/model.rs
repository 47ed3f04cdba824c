//! What a finished read yields: the card's data and the verification outcome. Types that hold
//! personal data redact themselves in `Debug`, so a stray `{:?}` can never leak them.

use std::fmt;

use crate::chip::CardTypeCode;
use crate::image::{DecodedImage, ImageError, ImageFormat};
use crate::number::CardNumber;
use crate::verify::Verification;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    ResidenceCard,
    SpecialPermanentResidentCertificate,
    /// 特定在留カード (type `07`): a My Number card chip carrying the residence application.
    SpecifiedResidenceCard,
    /// 特定特別永住者証明書 (type `08`).
    SpecifiedSpecialPermanentResidentCertificate,
}

impl CardKind {
    /// Residence cards (plain or specified) carry the status-of-residence fields and DF2
    /// permissions; SPRCs do not.
    pub fn is_residence_card(self) -> bool {
        matches!(self, CardKind::ResidenceCard | CardKind::SpecifiedResidenceCard)
    }

    /// A specified card: the residence data sits on a My Number card chip.
    pub fn is_specified(self) -> bool {
        matches!(self, CardKind::SpecifiedResidenceCard | CardKind::SpecifiedSpecialPermanentResidentCertificate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    First,
    Second,
}

/// What kind of card was read, from its `C0`/`C1` files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardInfo {
    pub type_code: CardTypeCode,
    pub kind: CardKind,
    pub generation: Generation,
    /// `C0`, e.g. `"0001"`; `None` when the file held no readable text.
    pub spec_version: Option<String>,
}

/// A calendar date as the chip writes it (`YYYYMMDD`), checked to be a real date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYYMMDD` (8 ASCII digits) and rejects impossible dates.
    pub fn parse_yyyymmdd(s: &[u8]) -> Option<Date> {
        if s.len() != 8 || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s[r].iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
        let (year, month, day) = (n(0..4) as u16, n(4..6) as u8, n(6..8) as u8);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if year == 0 || day == 0 || day > days {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// ISO 8601, `2012-03-10`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Text decoded from the chip: UTF-8, or Shift_JIS when the bytes are not UTF-8 (gen1-chip.md §7).
#[derive(Clone, PartialEq, Eq)]
pub struct ChipText {
    pub text: String,
    /// True when the bytes were not valid UTF-8 and were decoded as Shift_JIS instead.
    pub shift_jis_fallback: bool,
}

impl fmt::Debug for ChipText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChipText(<{} chars redacted>, sjis={})", self.text.chars().count(), self.shift_jis_fallback)
    }
}

/// One address entry written on the back of a first-generation card (DF2/EF01).
#[derive(Clone, PartialEq, Eq)]
pub struct AddressEntry {
    /// `D2`: the date the entry was written; `None` when the field is not a valid date.
    pub date: Option<Date>,
    /// `D2` as the chip holds it, for display when it is not a valid date.
    pub date_raw: String,
    /// `D3`: 全国地方公共団体コード (6 digits).
    pub municipality_code: String,
    /// `D4`: the address.
    pub address: ChipText,
}

impl fmt::Debug for AddressEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AddressEntry(<redacted>)")
    }
}

/// Permission for activities outside the status of residence (資格外活動許可), first generation.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Gen1Permissions {
    /// `D5` comprehensive permission text (包括許可); `None` when the field is empty.
    pub comprehensive: Option<ChipText>,
    /// `D6` individual permission text (個別許可); `None` when the field is empty.
    pub individual: Option<ChipText>,
}

impl fmt::Debug for Gen1Permissions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen1Permissions")
            .field("comprehensive", &self.comprehensive.is_some())
            .field("individual", &self.individual.is_some())
            .finish()
    }
}

/// An image from the chip: the bytes as stored (padding cut by the format's own structure) and,
/// when decoding succeeded, the pixels.
#[derive(Clone)]
pub struct CardImage {
    pub format: Option<ImageFormat>,
    pub raw: Vec<u8>,
    pub decoded: Result<DecodedImage, ImageError>,
}

impl fmt::Debug for CardImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardImage")
            .field("format", &self.format)
            .field("raw_len", &self.raw.len())
            .field("decoded", &self.decoded.as_ref().map(|d| (d.width, d.height)))
            .finish()
    }
}

/// A coded field of a second-generation card: the code exactly as the chip holds it, and its
/// meaning when we know it. A code we have no label for is kept and shown raw, never dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct CodedValue {
    pub code: String,
    pub label_ja: Option<String>,
    pub label_en: Option<String>,
}

impl fmt::Debug for CodedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodedValue(<redacted>)")
    }
}

/// `CE` period of stay (在留期間).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodOfStay {
    /// `0000`: no limit (無期限), e.g. permanent residents.
    Indefinite,
    /// `YYMM`.
    YearsMonths { years: u8, months: u8 },
    /// `DDD`.
    Days(u16),
    /// Anything else, as the chip holds it.
    Other(String),
}

/// The printed entries (券面記載事項) of a second-generation card, DF1/EF02. Residence-card-only
/// fields are `None` on SPRCs.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PrintedEntries {
    /// `C5` card validity end (有効期間満了日): what the revocation inquiry asks for.
    pub card_expiry: Option<Date>,
    /// `C6`.
    pub birth_date: Option<Date>,
    /// `C7`: 1 male, 2 female, 3 not stated.
    pub sex: Option<CodedValue>,
    /// `C8` nationality/region.
    pub nationality: Option<CodedValue>,
    /// `C9` status of residence (在留資格).
    pub status_of_residence: Option<CodedValue>,
    /// `CE`.
    pub period_of_stay: Option<PeriodOfStay>,
    /// `CA` type of permission (許可の種類).
    pub permission_type: Option<CodedValue>,
    /// `CB` permission date (許可年月日).
    pub permission_date: Option<Date>,
    /// `CC` work restriction (就労制限の有無).
    pub work_restriction: Option<CodedValue>,
    /// `CD` end of the period of stay (在留期間満了日).
    pub stay_expiry: Option<Date>,
}

impl fmt::Debug for PrintedEntries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrintedEntries(<redacted>)")
    }
}

/// Permission for activity outside status, second generation (DF2/EF01 `D5`/`D6`/`D7`).
/// Redacted in `Debug` (only which fields are present): the expiry is card content.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Gen2Permissions {
    /// `D5`: `0` none, `1` ≤28 h/week without adult entertainment, `2` ≤28 h/week education-type.
    pub comprehensive: Option<CodedValue>,
    /// `D6`: the comprehensive permission's expiry.
    pub comprehensive_expiry: Option<Date>,
    /// `D7`: an individual permission exists (details only on the paper permit).
    pub individual: Option<bool>,
}

impl fmt::Debug for Gen2Permissions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen2Permissions")
            .field("comprehensive", &self.comprehensive.is_some())
            .field("comprehensive_expiry", &self.comprehensive_expiry.is_some())
            .field("individual", &self.individual.is_some())
            .finish()
    }
}

impl Gen2Permissions {
    /// "Has permission to work part-time": `D5` is 1 or 2, or `D7` is 1 (gen2-chip.md §5).
    pub fn part_time_work_permitted(&self) -> bool {
        matches!(self.comprehensive.as_ref().map(|c| c.code.as_str()), Some("1") | Some("2"))
            || self.individual == Some(true)
    }
}

/// DF2/EF03 of a second-generation card.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Gen2Other {
    /// `D9`: an entry recorded by the ISA Commissioner (出入国在留管理庁長官が記録).
    pub commissioner_record: Option<bool>,
    /// `DE`: reserved text.
    pub reserved_text: Option<ChipText>,
}

impl fmt::Debug for Gen2Other {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gen2Other")
            .field("commissioner_record", &self.commissioner_record)
            .field("reserved_text", &self.reserved_text.is_some())
            .finish()
    }
}

/// Everything a read produced.
#[derive(Debug, Clone)]
pub struct Reading {
    pub card: CardInfo,
    /// The number the card accepted (VERIFY succeeded with it).
    pub card_number: CardNumber,
    /// First generation: DF1/EF01 `D0`, the card front without background and face.
    pub front_image: Option<CardImage>,
    /// Gen 1 DF1/EF02 `D1`, gen 2 DF1/EF03 `D1`; `None` on a young holder's card.
    pub face_image: Option<CardImage>,
    /// Second generation: DF1/EF03 `D0`, the name (氏名) as an image.
    pub name_image: Option<CardImage>,
    /// Second generation: DF1/EF04 `DF D1`, the address (住居地) as an image.
    pub address_image: Option<CardImage>,
    /// Second generation: DF1/EF02.
    pub printed: Option<PrintedEntries>,
    /// Second generation: DF2/EF01. Residence cards only.
    pub gen2_permissions: Option<Gen2Permissions>,
    /// Second generation: DF2/EF03.
    pub gen2_other: Option<Gen2Other>,
    /// DF2/EF01 entries; empty when nothing is written.
    pub addresses: Vec<AddressEntry>,
    /// Residence cards only; `None` on SPRCs.
    pub permissions: Option<Gen1Permissions>,
    /// An extension/change application is pending (申請中): gen 1 `D7`, gen 2 `D8`. Residence
    /// cards only.
    pub extension_application: Option<bool>,
    pub verification: Verification,
    /// What the read cost on the wire (APDUs and bytes); no content.
    pub wire: crate::session::WireStats,
}
