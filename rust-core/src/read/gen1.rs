//! First-generation read (gen1-chip.md §4). DF3 is read right after DF1 so that the spec's
//! Appendix 2 trace appears in our read as one unbroken run of commands; DF2 follows.

use rand_core::RngCore;

use super::{card_image, now_unix, ok_or_error, ProgressTracker, ReadOptions};
use crate::apdu::sw;
use crate::chip::{gen1 as map, CardTypeCode};
use crate::crypto::Tdes;
use crate::error::ReadError;
use crate::model::{CardInfo, CardKind, Generation, Reading};
use crate::number::CardNumber;
use crate::parse::gen1 as parse;
use crate::session::{expect_ok, Session};
use crate::transport::ReadStep;
use crate::verify::{self, Gen1Evidence};

pub(super) fn read(
    session: &mut Session<'_>,
    tracker: &ProgressTracker<'_>,
    number: &CardNumber,
    card_type: CardTypeCode,
    spec_version: Option<String>,
    options: &ReadOptions,
    rng: &mut dyn RngCore,
) -> Result<Reading, ReadError> {
    let residence = card_type == CardTypeCode::Gen1Residence;

    tracker.begin(ReadStep::Authenticating);
    let ks = session.authenticate::<Tdes>(number, rng)?;
    session.verify_number::<Tdes>(&ks, number)?;

    select(session, &map::AID_DF1)?;
    tracker.begin(ReadStep::ReadingFrontImage);
    let front_file = ok_or_error(session.read_sm::<Tdes>(&ks, map::SFI_FRONT_IMAGE, map::CAP_FRONT_IMAGE)?, "READ front image")?;
    tracker.begin(ReadStep::ReadingFaceImage);
    let face_file = match session.read_sm::<Tdes>(&ks, map::SFI_FACE_IMAGE, map::CAP_FACE_IMAGE)? {
        Ok(f) => f,
        // No face file at all is one of the under-16 forms (gen1-chip.md §7.1).
        Err(sw::FILE_NOT_FOUND) => Vec::new(),
        Err(other) => return Err(expect_ok(other, "READ face image").unwrap_err()),
    };
    drop(ks);

    select(session, &map::AID_DF3)?;
    tracker.begin(ReadStep::ReadingSignature);
    let signature_file = ok_or_error(session.read_plain(map::SFI_SIGNATURE, map::CAP_SIGNATURE)?, "READ signature")?;

    select(session, &map::AID_DF2)?;
    tracker.begin(ReadStep::ReadingAddress);
    let address_file = ok_or_error(session.read_plain(map::SFI_ADDRESS, map::CAP_ADDRESS)?, "READ address")?;
    let (mut permissions, mut extension_application) = (None, None);
    if residence {
        tracker.begin(ReadStep::ReadingPermissions);
        let comprehensive = ok_or_error(
            session.read_plain(map::SFI_COMPREHENSIVE_PERMISSION, map::CAP_PERMISSION)?,
            "READ permission",
        )?;
        let individual =
            ok_or_error(session.read_plain(map::SFI_INDIVIDUAL_PERMISSION, map::CAP_PERMISSION)?, "READ permission")?;
        let application = ok_or_error(
            session.read_plain(map::SFI_EXTENSION_APPLICATION, map::CAP_EXTENSION_APPLICATION)?,
            "READ application status",
        )?;
        permissions = Some(parse::permissions(&comprehensive, &individual)?);
        extension_application = parse::extension_application(&application)?;
    }

    tracker.begin(ReadStep::Verifying);
    let addresses = parse::addresses(&address_file)?;
    let front = parse::front_image(&front_file).ok();
    let face = if face_file.is_empty() { None } else { parse::face_image(&face_file)? };
    let evidence = Gen1Evidence { front, face, signature: parse::signature(&signature_file) };
    let verification = verify::verify_gen1(&evidence, &options.trust, now_unix(options));
    log::info!("verification: verdict {:?}", verification.verdict);

    let decode = !options.skip_image_decoding;
    Ok(Reading {
        card: CardInfo {
            type_code: card_type,
            kind: if residence { CardKind::ResidenceCard } else { CardKind::SpecialPermanentResidentCertificate },
            generation: Generation::First,
            spec_version,
        },
        card_number: number.clone(),
        front_image: front.map(|v| card_image(v, decode)),
        face_image: face.map(|v| card_image(v, decode)),
        name_image: None,
        address_image: None,
        printed: None,
        gen2_permissions: None,
        gen2_other: None,
        addresses,
        permissions,
        extension_application,
        verification,
        wire: Default::default(),
    })
}

/// SELECT of a DF that every residence card has: `6A 82` means this is not one.
pub(crate) fn select(session: &mut Session<'_>, aid: &[u8]) -> Result<(), ReadError> {
    match session.select_df(aid)? {
        sw::FILE_NOT_FOUND => Err(ReadError::NotResidenceCard),
        other => expect_ok(other, "SELECT"),
    }
}
