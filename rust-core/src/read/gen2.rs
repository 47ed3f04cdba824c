//! Second-generation read, types 05/06 (gen2-chip.md §1–§4): AES authentication, SM reads of DF1,
//! plain reads of DF3 and DF2. The order mirrors the official trace (DF1, then DF3) with DF2 last.

use rand_core::RngCore;

use super::{card_image, now_unix, ok_or_error, progress, ProgressTracker, ReadOptions};
use crate::apdu::sw;
use crate::chip::{gen2 as map, CardTypeCode};
use crate::crypto::Aes;
use crate::error::ReadError;
use crate::model::{CardInfo, CardKind, Generation, Reading};
use crate::number::CardNumber;
use crate::parse::gen2 as parse;
use crate::session::Session;
use crate::transport::ReadStep;
use crate::verify::{self, Gen2Evidence};

pub(super) fn read(
    session: &mut Session<'_>,
    tracker: &ProgressTracker<'_>,
    number: &CardNumber,
    card_type: CardTypeCode,
    spec_version: Option<String>,
    options: &ReadOptions,
    rng: &mut dyn RngCore,
) -> Result<Reading, ReadError> {
    tracker.set_plan(progress::GEN2_PLAN);
    let residence = card_type == CardTypeCode::Gen2Residence;

    tracker.begin(ReadStep::Authenticating);
    let ks = session.authenticate::<Aes>(number, rng)?;
    session.verify_number::<Aes>(&ks, number)?;

    super::gen1::select(session, &map::AID_DF1)?;
    tracker.begin(ReadStep::ReadingCardData);
    let number_file = ok_or_error(session.read_sm::<Aes>(&ks, map::SFI_CARD_NUMBER, map::CAP_CARD_NUMBER)?, "READ card number")?;
    let printed_cap = if residence { map::CAP_PRINTED_RESIDENCE } else { map::CAP_PRINTED_SPRC };
    let printed_file = ok_or_error(session.read_sm::<Aes>(&ks, map::SFI_PRINTED, printed_cap)?, "READ printed entries")?;
    tracker.begin(ReadStep::ReadingFaceImage);
    let images_file = ok_or_error(session.read_sm::<Aes>(&ks, map::SFI_NAME_FACE, map::CAP_NAME_FACE)?, "READ name and face")?;
    tracker.begin(ReadStep::ReadingAddress);
    let address_file =
        ok_or_error(session.read_sm::<Aes>(&ks, map::SFI_ADDRESS_IMAGE, map::CAP_ADDRESS_IMAGE)?, "READ address image")?;
    drop(ks);

    super::gen1::select(session, &map::AID_DF3)?;
    tracker.begin(ReadStep::ReadingSignature);
    let signature_file = ok_or_error(session.read_plain(map::SFI_SIGNATURE, map::CAP_SIGNATURE)?, "READ signature")?;

    super::gen1::select(session, &map::AID_DF2)?;
    tracker.begin(ReadStep::ReadingPermissions);
    let (permission, other_file) = read_df2(session, residence)?;

    let files = Files {
        number: number_file,
        printed: printed_file,
        images: images_file,
        address: address_file,
        signature: signature_file,
        permission,
        other: other_file,
    };
    let kind = if residence { CardKind::ResidenceCard } else { CardKind::SpecialPermanentResidentCertificate };
    assemble(tracker, &files, number, CardInfo { type_code: card_type, kind, generation: Generation::Second, spec_version }, options)
}

/// DF2 (already selected), plain reads after VERIFY: the permission and application files on a
/// residence card, then the "other" file, which the transcription puts at P1 83 or (type 06/08)
/// 81 (unconfirmed): both are tried.
pub(crate) fn read_df2(
    session: &mut Session<'_>,
    residence: bool,
) -> Result<(Option<(crate::model::Gen2Permissions, Option<bool>)>, Vec<u8>), ReadError> {
    let permission = if residence {
        let permission = ok_or_error(session.read_plain(map::SFI_PERMISSION, map::CAP_PERMISSION)?, "READ permission")?;
        let application = ok_or_error(
            session.read_plain(map::SFI_EXTENSION_APPLICATION, map::CAP_EXTENSION_APPLICATION)?,
            "READ application status",
        )?;
        Some((parse::permissions(&permission)?, parse::extension_application(&application)?))
    } else {
        None
    };
    let other = match session.read_plain(map::SFI_OTHER, map::CAP_OTHER)? {
        Err(sw::FILE_NOT_FOUND) if !residence => ok_or_error(session.read_plain(map::SFI_OTHER_ALT, map::CAP_OTHER)?, "READ other")?,
        other => ok_or_error(other, "READ other")?,
    };
    Ok((permission, other))
}

/// The files of a second-generation record set as read (DF1 deciphered), before parsing. The
/// specified cards (07/08) carry the same records and reach [`assemble`] by their own read path.
pub(crate) struct Files {
    pub number: Vec<u8>,
    pub printed: Vec<u8>,
    pub images: Vec<u8>,
    pub address: Vec<u8>,
    pub signature: Vec<u8>,
    /// Parsed DF2/EF01 and DF2/EF02 (residence cards only).
    pub permission: Option<(crate::model::Gen2Permissions, Option<bool>)>,
    pub other: Vec<u8>,
}

/// Parses and verifies a second-generation record set into a [`Reading`].
pub(crate) fn assemble(
    tracker: &ProgressTracker<'_>,
    files: &Files,
    number: &CardNumber,
    card: CardInfo,
    options: &ReadOptions,
) -> Result<Reading, ReadError> {
    tracker.begin(ReadStep::Verifying);
    if parse::card_number(&files.number)?.as_deref() != Some(number.as_str()) {
        // VERIFY accepted the number, so the chip's own C2 must be the same: anything else is a
        // card that contradicts itself.
        return Err(ReadError::malformed("card number file"));
    }
    let (printed, signed_printed) = parse::printed_entries(&files.printed)?;
    let images = parse::name_and_face(&files.images)?;
    let address = parse::address_image(&files.address)?;
    let other = parse::other(&files.other)?;
    let evidence = Gen2Evidence {
        printed: &signed_printed,
        face: images.face,
        name: images.name,
        signature: parse::signature(&files.signature),
    };
    let verification = verify::verify_gen2(&evidence, &options.trust, now_unix(options));
    log::info!("verification: verdict {:?}", verification.verdict);

    let decode = !options.skip_image_decoding;
    let (gen2_permissions, extension_application) = match &files.permission {
        Some((p, e)) => (Some(p.clone()), *e),
        None => (None, None),
    };
    Ok(Reading {
        card,
        card_number: number.clone(),
        front_image: None,
        face_image: images.face.map(|v| card_image(v, decode)),
        name_image: images.name.map(|v| card_image(v, decode)),
        address_image: address.map(|v| card_image(v, decode)),
        printed: Some(printed),
        gen2_permissions,
        gen2_other: Some(other),
        addresses: Vec::new(),
        permissions: None,
        extension_application,
        verification,
        wire: Default::default(),
    })
}
