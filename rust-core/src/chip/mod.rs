//! The chip's map as data: AIDs, short EF identifiers, tags, capacities. Shared by the reader and
//! the software card; behaviour lives elsewhere.

pub mod gen1;
pub mod gen2;
pub mod specified;

/// `C1` card type values, read by TLV length (gen1-chip.md §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardTypeCode {
    /// `'1'` 在留カード, first generation.
    Gen1Residence,
    /// `'2'` 特別永住者証明書, first generation.
    Gen1Sprc,
    /// `"05"` second-generation residence card.
    Gen2Residence,
    /// `"06"` second-generation SPRC.
    Gen2Sprc,
    /// `"07"` specified residence card (My Number chip).
    SpecifiedResidence,
    /// `"08"` specified SPRC (My Number chip).
    SpecifiedSprc,
}

impl CardTypeCode {
    /// Classifies the value of a `C1` data object. Anything else is not a card we know.
    pub fn from_c1_value(value: &[u8]) -> Option<Self> {
        match value {
            b"1" => Some(Self::Gen1Residence),
            b"2" => Some(Self::Gen1Sprc),
            b"05" => Some(Self::Gen2Residence),
            b"06" => Some(Self::Gen2Sprc),
            b"07" => Some(Self::SpecifiedResidence),
            b"08" => Some(Self::SpecifiedSprc),
            _ => None,
        }
    }

    /// The code as printed in JSON and logs: `"1"`, `"2"`, `"05"` … `"08"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gen1Residence => "1",
            Self::Gen1Sprc => "2",
            Self::Gen2Residence => "05",
            Self::Gen2Sprc => "06",
            Self::SpecifiedResidence => "07",
            Self::SpecifiedSprc => "08",
        }
    }

    pub fn is_residence_card(self) -> bool {
        matches!(self, Self::Gen1Residence | Self::Gen2Residence | Self::SpecifiedResidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_type_is_read_by_length() {
        assert_eq!(CardTypeCode::from_c1_value(b"1"), Some(CardTypeCode::Gen1Residence));
        assert_eq!(CardTypeCode::from_c1_value(b"05"), Some(CardTypeCode::Gen2Residence));
        // The truncated form a 3-byte read of a gen2 card yields must not look like gen1.
        assert_eq!(CardTypeCode::from_c1_value(b"0"), None);
        assert_eq!(CardTypeCode::from_c1_value(b"01"), None);
    }
}
