//! Which card is this (issue 15 item 1). A specified card (types `07`/`08`) is a My Number chip
//! that also holds the residence application (在留AP); a plain My Number card has no such AP.
//! One SELECT tells them apart (two on a specified card, to read its type). A card with neither
//! is found out at the first My Number SELECT (`6A 82` → `not_a_my_number_card`).

use crate::apdu::sw as iso;
use crate::chip::{gen1 as map, CardTypeCode};
use crate::read::AID_RESIDENCE_AP;
use crate::session::Session;

use super::error::MyNumberError;
use super::link;
use super::model::CardKind;

pub fn identify(s: &mut Session<'_>) -> Result<CardKind, MyNumberError> {
    match link::select_ap(s, &AID_RESIDENCE_AP)? {
        iso::OK => {}
        sw if iso::is_chip_fault(sw) => return Err(link::unexpected(sw, "SELECT")),
        _ => return Ok(CardKind::MyNumberCard),
    }
    let card_type = s.read_plain(map::SFI_CARD_TYPE, 4)?.map_err(|_| MyNumberError::malformed("card type"))?;
    match crate::parse::gen1::card_type(&card_type).map_err(|_| MyNumberError::malformed("card type"))? {
        CardTypeCode::SpecifiedResidence => Ok(CardKind::SpecifiedResidenceCard),
        CardTypeCode::SpecifiedSprc => Ok(CardKind::SpecifiedSprc),
        // A residence AP holding a first/second-generation type is no My Number chip.
        _ => Err(MyNumberError::NotAMyNumberCard),
    }
}

/// SELECT of a My Number application: `6A 82` means this chip has none.
pub fn enter(s: &mut Session<'_>, aid: &[u8]) -> Result<(), MyNumberError> {
    match link::select_ap(s, aid)? {
        iso::OK => Ok(()),
        iso::FILE_NOT_FOUND => Err(MyNumberError::NotAMyNumberCard),
        sw => Err(link::unexpected(sw, "SELECT AP")),
    }
}
