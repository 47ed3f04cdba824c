//! Named card profiles: which number opens the card, what its files hold, and which faults it
//! shows. The content is synthetic test data, kept in `pub const`s so end-to-end tests can assert
//! exactly what a read must return.
//!
//! First-generation profiles use `fixtures/gen1/`; the `gen2-*` profiles (types 05/06, AES) use
//! `fixtures/gen2/` (see its README for which key signs which check code) and the `GEN2_*`
//! constants below. `specified` is still a detection-only stub (its chip spec is not available).

use std::borrow::Cow;

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

use super::faults::{Behaviour, ChipKind, Faults, Hostile};
use super::files::{
    fixed_tlv, gen2_signature_file, permission_files, Access, Dir, Ef, FileSystem, Gen1Content, Gen2Content,
    Gen2Permission,
};
use super::fixtures as fx;
use super::fixtures::gen2 as fx2;
use super::mynumber;
use crate::chip::{gen1, gen2};
use crate::number::CardNumber;

/// `C0` of every profile: spec version "0001".
pub const COMMON_DATA: &str = "0001";

/// Residence card (type 1) and its variants.
pub const RESIDENCE_NUMBER: &str = "AB12345678CD";
pub const RESIDENCE_ADDRESS_DATE: &str = "20240401";
pub const RESIDENCE_MUNICIPALITY: &str = "131016";
pub const RESIDENCE_ADDRESS: &str = "東京都千代田区霞が関１－１－１　テストハイツ１０１号";
pub const RESIDENCE_PERMISSION: &str = "許可（原則週28時間以内・風俗営業等の従事を除く）";
/// `D7`: '1' = extension application pending.
pub const RESIDENCE_EXTENSION_STATUS: &str = "1";
/// `D7` of `residence-no-permission`: '0' = none.
pub const NO_PERMISSION_EXTENSION_STATUS: &str = "0";

/// The number of the spec's Appendix 2 trace.
pub const APPENDIX2_NUMBER: &str = "AA12345678BB";

/// Special permanent resident certificate (type 2).
pub const SPRC_NUMBER: &str = "XY98765432ZW";
pub const SPRC_ADDRESS_DATE: &str = "20230915";
pub const SPRC_MUNICIPALITY: &str = "271004";
pub const SPRC_ADDRESS: &str = "大阪府大阪市中央区大手前２－１－２２";

/// Holder under 16.
pub const UNDER16_NUMBER: &str = "CD11223344EF";

/// AID of the 在留AP of a specified card (My Number chip), where its card type lives.
pub const AID_ZAIRYU_AP: [u8; 16] = [0xD3, 0x92, 0xF0, 0x00, 0x4F, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/// APDU number (1-based) from which the `pulled-away` profile loses the card.
pub const PULLED_AWAY_AFTER: usize = 6;

// Second generation (types 05/06, gen2-chip.md). Images, printed entries and signatures come from
// `fixtures/gen2/` (see `fixtures::gen2`); the values below are the rest of the content.

/// Second-generation residence card (type 05): `gen2-residence` and its variants.
pub const GEN2_RESIDENCE_NUMBER: &str = "EF98765432GH";
/// Second-generation SPRC (type 06): `gen2-sprc`, `gen2-sprc-other-81`.
pub const GEN2_SPRC_NUMBER: &str = "JK24681357LM";
/// Second-generation residence card of a holder under 1 year: `gen2-under1`, `gen2-under1-unsigned`.
pub const GEN2_UNDER1_NUMBER: &str = "NP11335577QR";
/// `gen2-appendix2` is opened by the number of the spec's Appendix 2 ([`APPENDIX2_NUMBER`]).
pub const GEN2_APPENDIX2_NUMBER: &str = APPENDIX2_NUMBER;
/// `C0` of the second-generation profiles.
pub const GEN2_COMMON_DATA: &str = "0001";
/// `C1` values.
pub const GEN2_RESIDENCE_CARD_TYPE: &str = "05";
pub const GEN2_SPRC_CARD_TYPE: &str = "06";
/// DF2/EF01 `D5` (comprehensive permission) of the type-05 profiles: '1' then six `00` in the
/// 7-byte field.
pub const GEN2_COMPREHENSIVE_PERMISSION: &str = "1";
/// DF2/EF01 `D6` (comprehensive permission expiry).
pub const GEN2_COMPREHENSIVE_PERMISSION_EXPIRY: &str = "20300331";
/// DF2/EF01 `D7` (individual permission): '0' = none.
pub const GEN2_INDIVIDUAL_PERMISSION: &str = "0";
/// DF2/EF02 `D8` (extension application): '1' = pending.
pub const GEN2_EXTENSION_APPLICATION: &str = "1";
/// DF2 "other" file `D9` (recorded by the ISA Commissioner): '0' = none. All gen2 profiles.
pub const GEN2_COMMISSIONER_RECORD: &str = "0";
/// DF2 "other" file `DE` (reserved text, UTF-8, `00`-filled to 200). All gen2 profiles.
pub const GEN2_RESERVED_TEXT: &str = "テスト記録";
/// `C5` of `gen2-tampered-printed` (the genuine card says "20300331").
pub const GEN2_TAMPERED_CARD_EXPIRY: &str = "20390331";
/// The `C5` header `gen2-malformed-printed` starts DF1/EF02 with (claims 4095 bytes).
pub const GEN2_MALFORMED_PRINTED_HEADER: [u8; 4] = [0xC5, 0x82, 0x0F, 0xFF];
/// APDU number (1-based) from which `gen2-pulled-away` loses the card.
pub const GEN2_PULLED_AWAY_AFTER: usize = 6;

/// Printed entries of the type-05 profiles (values without their `00` fill), in file order;
/// `printed-05.bin` is exactly these as fixed-length TLVs ([`gen2::PRINTED_FIELDS`]).
pub const GEN2_RESIDENCE_PRINTED: [(u32, &str); 10] = [
    (gen2::tag::CARD_EXPIRY, "20300331"),
    (gen2::tag::BIRTH_DATE, "19950704"),
    (gen2::tag::SEX, "2"),
    (gen2::tag::NATIONALITY, "VNM"),
    (gen2::tag::STATUS_OF_RESIDENCE, "14"),
    (gen2::tag::PERIOD_OF_STAY, "0300"),
    (gen2::tag::PERMISSION_TYPE, "01"),
    (gen2::tag::PERMISSION_DATE, "20270401"),
    (gen2::tag::WORK_RESTRICTION, "2"),
    (gen2::tag::STAY_EXPIRY, "20300331"),
];
/// Printed entries of the type-06 profiles (`printed-06.bin`).
pub const GEN2_SPRC_PRINTED: [(u32, &str); 6] = [
    (gen2::tag::CARD_EXPIRY, "20330915"),
    (gen2::tag::BIRTH_DATE, "19800220"),
    (gen2::tag::SEX, "1"),
    (gen2::tag::NATIONALITY, "KOR"),
    (gen2::tag::STATUS_OF_RESIDENCE, "90"),
    (gen2::tag::PERIOD_OF_STAY, "0000"),
];
/// Printed entries of the under-1 profiles (`printed-under1.bin`): the type-05 values with
/// another birth date.
pub const GEN2_UNDER1_PRINTED: [(u32, &str); 10] = [
    (gen2::tag::CARD_EXPIRY, "20300331"),
    (gen2::tag::BIRTH_DATE, "20260101"),
    (gen2::tag::SEX, "2"),
    (gen2::tag::NATIONALITY, "VNM"),
    (gen2::tag::STATUS_OF_RESIDENCE, "14"),
    (gen2::tag::PERIOD_OF_STAY, "0300"),
    (gen2::tag::PERMISSION_TYPE, "01"),
    (gen2::tag::PERMISSION_DATE, "20270401"),
    (gen2::tag::WORK_RESTRICTION, "2"),
    (gen2::tag::STAY_EXPIRY, "20300331"),
];

const NAMES: &[&str] = &[
    "residence",
    "residence-digestinfo",
    "residence-j2k",
    "residence-sjis",
    "residence-no-permission",
    "appendix2",
    "sprc",
    "under16",
    "under16-da-only",
    "under16-zeros",
    "under16-no-face-file",
    "tampered",
    "tampered-padding",
    "rogue-ca",
    "unknown-ca",
    "wrong-key",
    "not-residence",
    "broken-chip",
    "pulled-away",
    "short-apdu",
    "malformed-address",
    "malformed-signature",
    "bad-card-type",
    "gen2-residence",
    "gen2-residence-der",
    "gen2-sprc",
    "gen2-sprc-other-81",
    "gen2-under1",
    "gen2-under1-unsigned",
    "gen2-tampered",
    "gen2-tampered-printed",
    "gen2-rogue-ca",
    "gen2-wrong-key",
    "gen2-pulled-away",
    "gen2-short-apdu",
    "gen2-malformed-printed",
    "gen2-appendix2",
    "specified",
    // Hostile cards (issue 8): each must end in its specific error or an abnormal verdict.
    "hostile-64k-challenge",
    "hostile-sm-overclaim",
    "hostile-sm-padding",
    "hostile-endless-61xx",
    "hostile-endless-6cxx",
    "hostile-slow",
    "hostile-signs-other-data",
    "hostile-nonca-issuer",
    "hostile-expired-root",
    "hostile-expired-root-in-life",
    "hostile-future-root",
    "hostile-image-bombs",
    "gen2-hostile-64k-challenge",
    "gen2-hostile-sm-overclaim",
    "gen2-hostile-sm-padding",
    "gen2-hostile-endless-61xx",
    "gen2-hostile-endless-6cxx",
    "gen2-hostile-slow",
    "gen2-hostile-signs-other-data",
    "gen2-hostile-nonca-issuer",
    "gen2-hostile-expired-root",
    "gen2-hostile-expired-root-in-life",
    "gen2-hostile-future-root",
    "gen2-hostile-image-bombs",
    // My Number cards (issue 15; softcard/mynumber/): test JPKI hierarchy and CVC CA keys.
    "mynumber-complete",
    "mynumber-last-try",
    "mynumber-blocked",
    "mynumber-no-signature-cert",
    "mynumber-expired",
    "mynumber-basic-four-changed",
    "mynumber-photo-changed",
    "mynumber-rogue-root",
    "mynumber-pulled-away",
    "mynumber-garbage",
];

/// Delay per APDU of the slow profiles: past [`crate::read::DEFAULT_TIME_BUDGET`] after six.
pub const HOSTILE_SLOW_MILLIS: u64 = 10_000;

/// A card the software card can be: content, kind and faults. `Debug` names the profile only.
#[derive(Clone)]
pub struct Profile {
    name: &'static str,
    description: Cow<'static, str>,
    number: CardNumber,
    files: FileSystem,
    kind: ChipKind,
    faults: Faults,
    behaviour: Behaviour,
    /// A My Number chip (`mynumber-*` profiles): served by `mynumber::machine` instead of the
    /// residence-card machine, which never sees these profiles.
    my_number: Option<Box<mynumber::Chip>>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("faults", &self.faults)
            .field("behaviour", &self.behaviour)
            .finish_non_exhaustive()
    }
}

impl Profile {
    pub fn by_name(name: &str) -> Option<Profile> {
        let p = match name {
            "residence" => residence("residence", "Residence card (type 1), complete and genuine"),
            "residence-digestinfo" => {
                let mut p = residence(
                    "residence-digestinfo",
                    "Residence card whose check code uses the PKCS#1 DigestInfo layout (B)",
                );
                p.set_signature(fx::CHECK_RESIDENCE_DIGESTINFO, fx::CARD_SIGNER_DER);
                p
            }
            "residence-j2k" => {
                let mut content = residence_content();
                content.face = fx::FACE_J2K;
                content.check_code = fx::CHECK_RESIDENCE_J2K_RAW;
                gen1_profile(
                    "residence-j2k",
                    "Residence card whose face image is a raw JPEG 2000 codestream (J2K)",
                    RESIDENCE_NUMBER,
                    &content,
                )
            }
            "residence-sjis" => {
                let address = sjis(RESIDENCE_ADDRESS);
                let permission = sjis(RESIDENCE_PERMISSION);
                let mut content = residence_content();
                content.address = &address;
                content.permissions = Some(permission_files(&permission, b"", RESIDENCE_EXTENSION_STATUS.as_bytes()));
                gen1_profile(
                    "residence-sjis",
                    "Residence card with the address and permission text in Shift_JIS instead of UTF-8",
                    RESIDENCE_NUMBER,
                    &content,
                )
            }
            "residence-no-permission" => {
                let mut p = residence(
                    "residence-no-permission",
                    "Residence card with no address entry, permission rewritten to none, no application",
                );
                p.replace(Some(&gen1::AID_DF2), gen1::SFI_ADDRESS, vec![0; gen1::CAP_ADDRESS]);
                p.replace(Some(&gen1::AID_DF2), gen1::SFI_COMPREHENSIVE_PERMISSION, vec![0; gen1::CAP_PERMISSION]);
                p.replace(
                    Some(&gen1::AID_DF2),
                    gen1::SFI_EXTENSION_APPLICATION,
                    fixed_tlv(gen1::tag::EXTENSION_APPLICATION, 1, NO_PERMISSION_EXTENSION_STATUS.as_bytes()),
                );
                p
            }
            "appendix2" => gen1_profile(
                "appendix2",
                "Residence card opened by the spec's Appendix 2 number, for replaying its trace",
                APPENDIX2_NUMBER,
                &residence_content(),
            ),
            "sprc" => gen1_profile(
                "sprc",
                "Special permanent resident certificate (type 2): DF2 holds the address only",
                SPRC_NUMBER,
                &Gen1Content {
                    common: COMMON_DATA.as_bytes(),
                    card_type: b"2",
                    front: fx::FRONT_SPRC_TIFF,
                    face: fx::FACE_JP2,
                    address_date: SPRC_ADDRESS_DATE.as_bytes(),
                    municipality: SPRC_MUNICIPALITY.as_bytes(),
                    address: SPRC_ADDRESS.as_bytes(),
                    permissions: None,
                    check_code: fx::CHECK_SPRC_RAW,
                    certificate: fx::CARD_SIGNER_DER,
                },
            ),
            "under16" => under16("under16", "Holder under 16: empty face object, DF3 holds `DA 00 DB 00` (footnote 1)"),
            "under16-da-only" => {
                let mut p = under16("under16-da-only", "Holder under 16: DF3 holds `DA 00` then zeros (footnote 2)");
                let mut df3 = vec![gen1::tag::CHECK_CODE, 0x00];
                df3.resize(gen1::CAP_SIGNATURE, 0);
                p.replace(Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE, df3);
                p
            }
            "under16-zeros" => {
                let mut p = under16("under16-zeros", "Holder under 16: face file and DF3 all zero bytes");
                p.replace(Some(&gen1::AID_DF1), gen1::SFI_FACE_IMAGE, vec![0; gen1::CAP_FACE_IMAGE]);
                p.replace(Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE, vec![0; gen1::CAP_SIGNATURE]);
                p
            }
            "under16-no-face-file" => {
                let mut p = under16("under16-no-face-file", "Holder under 16: the face file does not exist (6A 82)");
                p.files.remove_ef(Some(&gen1::AID_DF1), gen1::SFI_FACE_IMAGE);
                p
            }
            "tampered" => {
                let mut front = fx::FRONT_RESIDENCE_TIFF.to_vec();
                let (start, count) = first_strip(&front).unwrap_or((8, 1));
                if let Some(b) = front.get_mut(start + count / 2) {
                    *b ^= 0x01;
                }
                let mut content = residence_content();
                content.front = &front;
                gen1_profile(
                    "tampered",
                    "Residence card with one byte of the front image's strip data changed",
                    RESIDENCE_NUMBER,
                    &content,
                )
            }
            "tampered-padding" => {
                let mut p = residence(
                    "tampered-padding",
                    "Residence card with one byte of the front image's zero padding set to 01",
                );
                if let Some(ef) = p.files.ef_mut(Some(&gen1::AID_DF1), gen1::SFI_FRONT_IMAGE) {
                    if let Some(last) = ef.data.last_mut() {
                        *last = 0x01;
                    }
                }
                p
            }
            "rogue-ca" => {
                let mut p = residence("rogue-ca", "Residence card signed under a forged CA with the trusted root's name");
                p.set_signature(fx::CHECK_RESIDENCE_ROGUE_RAW, fx::CARD_SIGNER_ROGUE_DER);
                p
            }
            "unknown-ca" => {
                let mut p = residence("unknown-ca", "Residence card whose certificate comes from an unrelated CA");
                p.set_signature(fx::CHECK_RESIDENCE_OTHER_RAW, fx::CARD_SIGNER_OTHER_DER);
                p
            }
            "wrong-key" => {
                let mut p = residence(
                    "wrong-key",
                    "Residence card whose check code was made with a key other than the certificate's",
                );
                p.set_signature(fx::CHECK_RESIDENCE_WRONGKEY_RAW, fx::CARD_SIGNER_DER);
                p
            }
            "not-residence" => Profile {
                name: "not-residence",
                description: "Some other ISO 14443-4 card: no residence card files or applications".into(),
                number: number(RESIDENCE_NUMBER),
                files: FileSystem::new(),
                kind: ChipKind::Foreign,
                faults: Faults::default(),
                behaviour: Behaviour::default(),
                my_number: None,
            },
            "broken-chip" => {
                let mut p = residence("broken-chip", "Residence card whose chip answers 6F 00 from GET CHALLENGE on");
                p.faults.broken_from_challenge = true;
                p
            }
            "pulled-away" => residence("pulled-away", "Residence card taken out of the field at the 6th APDU")
                .with_pull_after(PULLED_AWAY_AFTER),
            "short-apdu" => {
                residence("short-apdu", "Residence card behind a transport limited to short APDUs").with_short_apdu_only()
            }
            "malformed-address" => {
                let mut p = residence(
                    "malformed-address",
                    "Residence card whose address object claims a length beyond its file",
                );
                if let Some(ef) = p.files.ef_mut(Some(&gen1::AID_DF2), gen1::SFI_ADDRESS) {
                    // D2 (10 bytes) and D3 (8 bytes) stay intact; D4's header claims 0x0FFF bytes.
                    if let Some(header) = ef.data.get_mut(18..22) {
                        header.copy_from_slice(&[gen1::tag::ADDRESS, 0x82, 0x0F, 0xFF]);
                    }
                }
                p
            }
            "malformed-signature" => {
                let mut p = residence(
                    "malformed-signature",
                    "Residence card whose check code is random and whose certificate is garbage",
                );
                let mut rng = ChaCha20Rng::seed_from_u64(0x5AFE_CA4D);
                let mut check = vec![0u8; gen1::LEN_CHECK_CODE];
                rng.fill_bytes(&mut check);
                let mut garbage = vec![0u8; gen1::LEN_CERTIFICATE];
                rng.fill_bytes(&mut garbage);
                // Not a SEQUENCE, so no parser can take it for a certificate.
                garbage[0] = 0xA5;
                let mut df3 = fixed_tlv(gen1::tag::CHECK_CODE, gen1::LEN_CHECK_CODE, &check);
                df3.extend(fixed_tlv(gen1::tag::CERTIFICATE, gen1::LEN_CERTIFICATE, &garbage));
                p.replace(Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE, df3);
                p
            }
            "bad-card-type" => {
                let mut p = residence("bad-card-type", "Card whose type object holds '9', which no card type uses");
                p.replace(None, gen1::SFI_CARD_TYPE, vec![gen1::tag::CARD_TYPE, 0x01, b'9']);
                p
            }
            "gen2-residence" => gen2_residence(
                "gen2-residence",
                "Second-generation residence card (type 05), complete and genuine, AES secure messaging",
            ),
            "gen2-residence-der" => {
                let mut p = gen2_residence(
                    "gen2-residence-der",
                    "Second-generation residence card whose check code is DER-encoded (DC 68, 104 bytes)",
                );
                // 2 + 104 + 4 + 592 = 702 bytes: still within the 704-byte file, 2 bytes of fill.
                p.replace(
                    Some(&gen2::AID_DF3),
                    gen2::SFI_SIGNATURE,
                    gen2_signature_file(fx2::CHECK_05_DER, fx2::CARD_SIGNER_DER),
                );
                p
            }
            "gen2-sprc" => gen2_profile(
                "gen2-sprc",
                "Second-generation SPRC (type 06): no permission files, the other file at P1 83",
                GEN2_SPRC_NUMBER,
                &gen2_sprc_content(gen2::SFI_OTHER),
            ),
            "gen2-sprc-other-81" => gen2_profile(
                "gen2-sprc-other-81",
                "Second-generation SPRC whose other file answers at P1 81 instead of 83",
                GEN2_SPRC_NUMBER,
                &gen2_sprc_content(gen2::SFI_OTHER_ALT),
            ),
            "gen2-under1" => gen2_profile(
                "gen2-under1",
                "Second-generation residence card of a holder under 1 year: zero face, signature present",
                GEN2_UNDER1_NUMBER,
                &gen2_under1_content(),
            ),
            "gen2-under1-unsigned" => {
                let mut p = gen2_profile(
                    "gen2-under1-unsigned",
                    "Second-generation card of a holder under 1 year: zero face, DF3 all zero (no signature)",
                    GEN2_UNDER1_NUMBER,
                    &gen2_under1_content(),
                );
                p.replace(Some(&gen2::AID_DF3), gen2::SFI_SIGNATURE, vec![0; gen2::CAP_SIGNATURE]);
                p
            }
            "gen2-tampered" => {
                let mut name = fx2::NAME_05_TIFF.to_vec();
                let (start, count) = first_strip(&name).unwrap_or((8, 1));
                if let Some(b) = name.get_mut(start + count / 2) {
                    *b ^= 0x01;
                }
                let mut content = gen2_residence_content(GEN2_RESIDENCE_NUMBER);
                content.name = &name;
                gen2_profile(
                    "gen2-tampered",
                    "Second-generation residence card with one byte of the name image's strip data changed",
                    GEN2_RESIDENCE_NUMBER,
                    &content,
                )
            }
            "gen2-tampered-printed" => {
                let mut printed = fx2::PRINTED_05.to_vec();
                // `C5 08` then the 8 date bytes (printed-05.bin starts with the card expiry).
                if printed.get(..2) == Some(&[gen2::tag::CARD_EXPIRY as u8, 8][..]) {
                    printed[2..10].copy_from_slice(GEN2_TAMPERED_CARD_EXPIRY.as_bytes());
                }
                let mut content = gen2_residence_content(GEN2_RESIDENCE_NUMBER);
                content.printed = &printed;
                gen2_profile(
                    "gen2-tampered-printed",
                    "Second-generation residence card whose printed card expiry (C5) was rewritten",
                    GEN2_RESIDENCE_NUMBER,
                    &content,
                )
            }
            "gen2-rogue-ca" => {
                let mut p = gen2_residence(
                    "gen2-rogue-ca",
                    "Second-generation residence card signed under a forged CA2 with the trusted root's name",
                );
                p.replace(
                    Some(&gen2::AID_DF3),
                    gen2::SFI_SIGNATURE,
                    gen2_signature_file(fx2::CHECK_05_ROGUE_RAW, fx2::CARD_SIGNER_ROGUE_DER),
                );
                p
            }
            "gen2-wrong-key" => {
                let mut p = gen2_residence(
                    "gen2-wrong-key",
                    "Second-generation residence card whose check code was made with a key other than the certificate's",
                );
                p.replace(
                    Some(&gen2::AID_DF3),
                    gen2::SFI_SIGNATURE,
                    gen2_signature_file(fx2::CHECK_05_WRONGKEY_RAW, fx2::CARD_SIGNER_DER),
                );
                p
            }
            "gen2-pulled-away" => gen2_residence(
                "gen2-pulled-away",
                "Second-generation residence card taken out of the field at the 6th APDU",
            )
            .with_pull_after(GEN2_PULLED_AWAY_AFTER),
            "gen2-short-apdu" => gen2_residence(
                "gen2-short-apdu",
                "Second-generation residence card behind a transport limited to short APDUs",
            )
            .with_short_apdu_only(),
            "gen2-malformed-printed" => {
                let mut printed = fx2::PRINTED_05.to_vec();
                printed[..4].copy_from_slice(&GEN2_MALFORMED_PRINTED_HEADER);
                let mut content = gen2_residence_content(GEN2_RESIDENCE_NUMBER);
                content.printed = &printed;
                gen2_profile(
                    "gen2-malformed-printed",
                    "Second-generation residence card whose first printed entry claims a length beyond its file",
                    GEN2_RESIDENCE_NUMBER,
                    &content,
                )
            }
            "gen2-appendix2" => gen2_profile(
                "gen2-appendix2",
                "Second-generation residence card opened by the spec's Appendix 2 number, for its vectors",
                GEN2_APPENDIX2_NUMBER,
                &gen2_residence_content(GEN2_APPENDIX2_NUMBER),
            ),
            "specified" => {
                let mut p = detection_stub(
                    "specified",
                    "Specified residence card (My Number chip; detection stub): card type under the residence AP",
                    b"07",
                );
                p.files.remove_ef(None, gen1::SFI_CARD_TYPE);
                p.files.dirs.push(Dir {
                    aid: Some(AID_ZAIRYU_AP.to_vec()),
                    efs: vec![Ef {
                        sfi: gen1::SFI_CARD_TYPE,
                        access: Access::Free,
                        data: vec![gen1::tag::CARD_TYPE, 0x02, b'0', b'7'],
                    }],
                });
                p
            }
            _ if name.starts_with("mynumber-") => return my_number_profile(name),
            _ => return hostile(name),
        };
        Some(p)
    }

    /// Every profile name, for `zairyu softcard list`.
    pub fn names() -> &'static [&'static str] {
        NAMES
    }
    pub fn name(&self) -> &str {
        self.name
    }
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The number that opens this card (derives its access key).
    pub fn card_number(&self) -> &CardNumber {
        &self.number
    }
    pub fn kind(&self) -> ChipKind {
        self.kind
    }
    pub fn faults(&self) -> &Faults {
        &self.faults
    }
    pub fn behaviour(&self) -> &Behaviour {
        &self.behaviour
    }
    /// The My Number chip of a `mynumber-*` profile.
    pub fn my_number(&self) -> Option<&mynumber::Chip> {
        self.my_number.as_deref()
    }
    /// The test credentials of a `mynumber-*` profile (PINs, password, collation inputs).
    pub fn my_number_credentials(&self) -> Option<&mynumber::Credentials> {
        self.my_number().map(|c| &c.credentials)
    }
    /// Repository-relative paths of the test trust material a `mynumber-*` profile chains to.
    pub fn test_trust_files(&self) -> &[&'static str] {
        self.my_number().map(|c| c.trust_files.as_slice()).unwrap_or_default()
    }
    pub fn files(&self) -> &FileSystem {
        &self.files
    }
    /// The whole content of an EF (`aid` `None` = MF), as a reader should get it back.
    pub fn file(&self, aid: Option<&[u8]>, sfi: u8) -> Option<&[u8]> {
        let dir = match aid {
            None => self.files.dirs.first()?,
            Some(aid) => self.files.dirs.get(self.files.dir_by_aid(aid)?)?,
        };
        Some(&dir.efs.get(dir.ef_by_sfi(sfi)?)?.data)
    }

    /// The card leaves the field at APDU number `n` (1-based, counted since creation or reset).
    pub fn with_pull_after(mut self, n: usize) -> Profile {
        self.faults.pull_after = Some(n);
        self
    }
    /// Short APDUs only (transport limit and card behaviour).
    pub fn with_short_apdu_only(mut self) -> Profile {
        self.faults.short_apdu_only = true;
        self
    }
    pub fn with_faults(mut self, faults: Faults) -> Profile {
        self.faults = faults;
        self
    }
    pub fn with_behaviour(mut self, behaviour: Behaviour) -> Profile {
        self.behaviour = behaviour;
        self
    }

    fn replace(&mut self, aid: Option<&[u8]>, sfi: u8, data: Vec<u8>) {
        if let Some(ef) = self.files.ef_mut(aid, sfi) {
            ef.data = data;
        }
    }

    fn set_gen2_signature(&mut self, check_code: &[u8], certificate: &[u8]) {
        self.replace(Some(&gen2::AID_DF3), gen2::SFI_SIGNATURE, gen2_signature_file(check_code, certificate));
    }

    fn set_signature(&mut self, check_code: &[u8], certificate: &[u8]) {
        let mut df3 = fixed_tlv(gen1::tag::CHECK_CODE, gen1::LEN_CHECK_CODE, check_code);
        df3.extend(fixed_tlv(gen1::tag::CERTIFICATE, gen1::LEN_CERTIFICATE, certificate));
        self.replace(Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE, df3);
    }
}

/// A `mynumber-*` profile: its chip, and the pull fault of `mynumber-pulled-away`. The card
/// number is a placeholder (a My Number card has no residence card number); it opens nothing.
fn my_number_profile(name: &str) -> Option<Profile> {
    let name: &'static str = NAMES.iter().find(|n| **n == name)?;
    let (description, chip, pull_after) = mynumber::profiles::chip(name)?;
    Some(Profile {
        name,
        description: description.into(),
        number: number(RESIDENCE_NUMBER),
        files: FileSystem::new(),
        kind: ChipKind::MyNumber,
        faults: Faults { pull_after, ..Faults::default() },
        behaviour: Behaviour::default(),
        my_number: Some(Box::new(chip)),
    })
}

/// The hostile profiles: a genuine `residence` / `gen2-residence` card with one attack each.
fn hostile(name: &str) -> Option<Profile> {
    let (gen2_card, attack) = match name.strip_prefix("gen2-") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let name: &'static str = NAMES.iter().find(|n| **n == name)?;
    let base = |description: &'static str| {
        if gen2_card {
            gen2_residence(name, description)
        } else {
            residence(name, description)
        }
    };
    let with = |p: Profile, h: Hostile| {
        let faults = Faults { hostile: Some(h), ..*p.faults() };
        p.with_faults(faults)
    };
    let p = match attack {
        "hostile-64k-challenge" => {
            with(base("Answers GET CHALLENGE (8 bytes asked) with 64 KB"), Hostile::HugeChallengeAnswer)
        }
        "hostile-sm-overclaim" => with(
            base("SM answers whose cryptogram object claims 16 bytes more than it carries"),
            Hostile::SmLengthOverclaim,
        ),
        "hostile-sm-padding" => {
            with(base("SM answers enciphered with zero padding instead of 80 00..."), Hostile::SmBadPadding)
        }
        "hostile-endless-61xx" => {
            with(base("Answers 61 FF to every command from GET CHALLENGE on"), Hostile::Endless61xx)
        }
        "hostile-endless-6cxx" => {
            with(base("Answers 6C xx (never the Le sent) to every command from the first SM READ on"), Hostile::Endless6Cxx)
        }
        "hostile-slow" => with(
            base("Takes 10 s per APDU: slower than the read's time budget"),
            Hostile::Slow { millis: HOSTILE_SLOW_MILLIS },
        ),
        "hostile-signs-other-data" => {
            let mut p = base("Valid certificate and a valid signature by its key, over another card's data");
            if gen2_card {
                p.set_gen2_signature(fx2::CHECK_06_RAW, fx2::CARD_SIGNER_DER);
            } else {
                p.set_signature(fx::CHECK_SPRC_RAW, fx::CARD_SIGNER_DER);
            }
            p
        }
        "hostile-nonca-issuer" => base_with_cert(base("Certificate issued by a self-signed certificate that is not a CA"), gen2_card, fx::CARD_SIGNER_NONCA_DER, fx2::CARD_SIGNER_NONCA_DER),
        "hostile-expired-root" => base_with_cert(base("Certificate issued by an expired root after it expired"), gen2_card, fx::CARD_SIGNER_EXPIRED_DER, fx2::CARD_SIGNER_EXPIRED_DER),
        "hostile-expired-root-in-life" => base_with_cert(
            base("Certificate issued by a since-expired root while it was valid (passes, dates reported)"),
            gen2_card,
            fx::CARD_SIGNER_EXPIRED_IN_LIFE_DER,
            fx2::CARD_SIGNER_EXPIRED_IN_LIFE_DER,
        ),
        "hostile-future-root" => base_with_cert(base("Certificate issued by a root not valid until 2040"), gen2_card, fx::CARD_SIGNER_FUTURE_DER, fx2::CARD_SIGNER_FUTURE_DER),
        "hostile-image-bombs" => {
            let front = tiff_with_dimensions(fx::FRONT_RESIDENCE_TIFF, u32::from(u16::MAX), u32::from(u16::MAX));
            let face = j2k_with_siz(fx::FACE_JP2, 60_000, 60_000, None);
            if gen2_card {
                let name_tiff = tiff_with_dimensions(fx2::NAME_05_TIFF, u32::from(u16::MAX), u32::from(u16::MAX));
                let address = tiff_with_dimensions(fx2::ADDRESS_05_TIFF, 1_000_000, 1_000_000);
                // A million 1×1 tiles: small dimensions, huge decoder bookkeeping.
                let face = j2k_with_siz(fx2::FACE_JP2, 1000, 1000, Some(1));
                let mut content = gen2_residence_content(GEN2_RESIDENCE_NUMBER);
                content.name = &name_tiff;
                content.face = &face;
                content.address = &address;
                gen2_profile(name, "Images declaring huge dimensions or a million tiles (decompression bombs)", GEN2_RESIDENCE_NUMBER, &content)
            } else {
                let mut content = residence_content();
                content.front = &front;
                content.face = &face;
                gen1_profile(name, "Images declaring huge dimensions (decompression bombs)", RESIDENCE_NUMBER, &content)
            }
        }
        _ => return None,
    };
    let generation = if gen2_card { "Second-generation residence card" } else { "Residence card" };
    let description = format!("{generation}, hostile: {}", p.description);
    Some(Profile { description: description.into(), ..p })
}

fn base_with_cert(mut p: Profile, gen2_card: bool, gen1_cert: &[u8], gen2_cert: &[u8]) -> Profile {
    if gen2_card {
        p.set_gen2_signature(fx2::CHECK_05_RAW, gen2_cert);
    } else {
        p.set_signature(fx::CHECK_RESIDENCE_RAW, gen1_cert);
    }
    p
}

/// A copy of a baseline TIFF whose ImageWidth/ImageLength say `width`×`height` (SHORT fields are
/// widened to their maximum when the value does not fit). Only run on compiled-in fixtures.
fn tiff_with_dimensions(tiff: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = tiff.to_vec();
    let le = tiff.starts_with(b"II");
    let rd16 = |b: &[u8], o: usize| {
        let x = [b[o], b[o + 1]];
        if le { u16::from_le_bytes(x) } else { u16::from_be_bytes(x) }
    };
    let rd32 = |b: &[u8], o: usize| {
        let x = [b[o], b[o + 1], b[o + 2], b[o + 3]];
        if le { u32::from_le_bytes(x) } else { u32::from_be_bytes(x) }
    };
    let ifd = rd32(tiff, 4) as usize;
    for i in 0..usize::from(rd16(tiff, ifd)) {
        let e = ifd + 2 + 12 * i;
        let value = match rd16(tiff, e) {
            256 => width,
            257 => height,
            _ => continue,
        };
        match rd16(tiff, e + 2) {
            3 => {
                let v = u16::try_from(value).unwrap_or(u16::MAX);
                out[e + 8..e + 10].copy_from_slice(&if le { v.to_le_bytes() } else { v.to_be_bytes() });
            }
            _ => out[e + 8..e + 12].copy_from_slice(&if le { value.to_le_bytes() } else { value.to_be_bytes() }),
        }
    }
    out
}

/// A copy of a JPEG 2000 file (JP2 or J2K) whose SIZ says `width`×`height`, with square tiles of
/// `tile` pixels when given. Only run on compiled-in fixtures.
fn j2k_with_siz(image: &[u8], width: u32, height: u32, tile: Option<u32>) -> Vec<u8> {
    let mut out = image.to_vec();
    let Some(soc) = image.windows(4).position(|w| w == [0xFF, 0x4F, 0xFF, 0x51]) else { return out };
    let siz = soc + 2;
    // Marker(2) Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4) XTsiz(4) YTsiz(4) …
    out[siz + 6..siz + 10].copy_from_slice(&width.to_be_bytes());
    out[siz + 10..siz + 14].copy_from_slice(&height.to_be_bytes());
    out[siz + 14..siz + 22].fill(0);
    let tile = tile.unwrap_or(width.max(height));
    out[siz + 22..siz + 26].copy_from_slice(&tile.to_be_bytes());
    out[siz + 26..siz + 30].copy_from_slice(&tile.to_be_bytes());
    out[siz + 30..siz + 38].fill(0);
    out
}

fn number(s: &str) -> CardNumber {
    CardNumber::parse(s).expect("profile card numbers are valid constants")
}

fn residence_content() -> Gen1Content<'static> {
    Gen1Content {
        common: COMMON_DATA.as_bytes(),
        card_type: b"1",
        front: fx::FRONT_RESIDENCE_TIFF,
        face: fx::FACE_JP2,
        address_date: RESIDENCE_ADDRESS_DATE.as_bytes(),
        municipality: RESIDENCE_MUNICIPALITY.as_bytes(),
        address: RESIDENCE_ADDRESS.as_bytes(),
        permissions: Some(permission_files(
            RESIDENCE_PERMISSION.as_bytes(),
            b"",
            RESIDENCE_EXTENSION_STATUS.as_bytes(),
        )),
        check_code: fx::CHECK_RESIDENCE_RAW,
        certificate: fx::CARD_SIGNER_DER,
    }
}

fn gen1_profile(name: &'static str, description: &'static str, num: &str, content: &Gen1Content) -> Profile {
    Profile {
        name,
        description: description.into(),
        number: number(num),
        files: content.build(),
        kind: ChipKind::Gen1,
        faults: Faults::default(),
        behaviour: Behaviour::default(),
                my_number: None,
    }
}

fn residence(name: &'static str, description: &'static str) -> Profile {
    gen1_profile(name, description, RESIDENCE_NUMBER, &residence_content())
}

fn under16(name: &'static str, description: &'static str) -> Profile {
    let mut content = residence_content();
    content.front = fx::FRONT_UNDER16_TIFF;
    content.face = b"";
    let mut p = gen1_profile(name, description, UNDER16_NUMBER, &content);
    let mut df3 = vec![gen1::tag::CHECK_CODE, 0x00, gen1::tag::CERTIFICATE, 0x00];
    df3.resize(gen1::CAP_SIGNATURE, 0);
    p.replace(Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE, df3);
    p
}

/// A card answering only detection (the specified card until its spec is available): gen1
/// content with another card type, and every MUTUAL AUTHENTICATE answered `63 00`.
fn detection_stub(name: &'static str, description: &'static str, card_type: &[u8; 2]) -> Profile {
    let mut p = residence(name, description);
    p.kind = ChipKind::Gen2Stub;
    p.replace(None, gen1::SFI_CARD_TYPE, vec![gen1::tag::CARD_TYPE, 0x02, card_type[0], card_type[1]]);
    p
}

fn gen2_profile(name: &'static str, description: &'static str, num: &str, content: &Gen2Content) -> Profile {
    Profile {
        name,
        description: description.into(),
        number: number(num),
        files: content.build(),
        kind: ChipKind::Gen2,
        faults: Faults::default(),
        behaviour: Behaviour::default(),
                my_number: None,
    }
}

fn gen2_df2_permission() -> Gen2Permission<'static> {
    Gen2Permission {
        comprehensive: GEN2_COMPREHENSIVE_PERMISSION.as_bytes(),
        comprehensive_expiry: GEN2_COMPREHENSIVE_PERMISSION_EXPIRY.as_bytes(),
        individual: GEN2_INDIVIDUAL_PERMISSION.as_bytes(),
        extension_application: GEN2_EXTENSION_APPLICATION.as_bytes(),
    }
}

/// The type-05 content; `num` is a `'static` constant (it fills DF1/EF01).
fn gen2_residence_content(num: &'static str) -> Gen2Content<'static> {
    Gen2Content {
        common: GEN2_COMMON_DATA.as_bytes(),
        card_type: GEN2_RESIDENCE_CARD_TYPE.as_bytes(),
        card_number: num.as_bytes(),
        printed: fx2::PRINTED_05,
        name: fx2::NAME_05_TIFF,
        face: fx2::FACE_JP2,
        address: fx2::ADDRESS_05_TIFF,
        permission: Some(gen2_df2_permission()),
        other_sfi: gen2::SFI_OTHER,
        commissioner_record: GEN2_COMMISSIONER_RECORD.as_bytes(),
        reserved_text: GEN2_RESERVED_TEXT.as_bytes(),
        signature: gen2_signature_file(fx2::CHECK_05_RAW, fx2::CARD_SIGNER_DER),
    }
}

fn gen2_residence(name: &'static str, description: &'static str) -> Profile {
    gen2_profile(name, description, GEN2_RESIDENCE_NUMBER, &gen2_residence_content(GEN2_RESIDENCE_NUMBER))
}

fn gen2_sprc_content(other_sfi: u8) -> Gen2Content<'static> {
    Gen2Content {
        card_type: GEN2_SPRC_CARD_TYPE.as_bytes(),
        card_number: GEN2_SPRC_NUMBER.as_bytes(),
        printed: fx2::PRINTED_06,
        name: fx2::NAME_06_TIFF,
        address: fx2::ADDRESS_06_TIFF,
        permission: None,
        other_sfi,
        signature: gen2_signature_file(fx2::CHECK_06_RAW, fx2::CARD_SIGNER_DER),
        ..gen2_residence_content(GEN2_SPRC_NUMBER)
    }
}

/// Under 1 year: the face value is 3000 `00` bytes; no address image of its own (reuses the
/// type-05 one, as the fixtures README allows).
fn gen2_under1_content() -> Gen2Content<'static> {
    Gen2Content {
        card_number: GEN2_UNDER1_NUMBER.as_bytes(),
        printed: fx2::PRINTED_UNDER1,
        name: fx2::NAME_UNDER1_TIFF,
        face: b"",
        signature: gen2_signature_file(fx2::CHECK_UNDER1_RAW, fx2::CARD_SIGNER_DER),
        ..gen2_residence_content(GEN2_UNDER1_NUMBER)
    }
}

fn sjis(text: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
}

/// Offset and length of the first strip of a baseline TIFF (tags 273/279), so `tampered` changes
/// image data rather than the header. Only ever run on the compiled-in fixture.
fn first_strip(tiff: &[u8]) -> Option<(usize, usize)> {
    let le = match tiff.get(..4)? {
        [b'I', b'I', 42, 0] => true,
        [b'M', b'M', 0, 42] => false,
        _ => return None,
    };
    let u16_at = |o: usize| -> Option<u32> {
        let b: [u8; 2] = tiff.get(o..o + 2)?.try_into().ok()?;
        Some(u32::from(if le { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) }))
    };
    let u32_at = |o: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(o..o + 4)?.try_into().ok()?;
        Some(if le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::try_from(u16_at(ifd)?).ok()?;
    let (mut offset, mut count) = (None, None);
    for i in 0..entries {
        let e = ifd + 2 + 12 * i;
        let tag = u16_at(e)?;
        let value = match (u16_at(e + 2)?, u32_at(e + 4)?) {
            (3, 1) => u16_at(e + 8)?,
            (4, 1) => u32_at(e + 8)?,
            // Several strips: the value field points at the array; its first element is enough.
            (3, _) => u16_at(usize::try_from(u32_at(e + 8)?).ok()?)?,
            (4, _) => u32_at(usize::try_from(u32_at(e + 8)?).ok()?)?,
            _ => continue,
        };
        match tag {
            273 => offset = Some(value as usize),
            279 => count = Some(value as usize),
            _ => {}
        }
    }
    let (offset, count) = (offset?, count?);
    (count > 0 && offset.checked_add(count)? <= tiff.len()).then_some((offset, count))
}
