//! The genuine test-card evidence (from the software card's profiles, which compile in
//! `fixtures/`) and the trust stores the signature targets check against.

use std::sync::OnceLock;

use zairyu_core::chip::{gen1, gen2};
use zairyu_core::parse;
use zairyu_core::softcard::fixtures as fx;
use zairyu_core::softcard::Profile;
use zairyu_core::verify::{gen2_signed_data, SignatureEvidence, TrustStore};

/// 2026-01-01T00:00:00Z: inside the test roots' and card signers' validity.
pub const NOW: i64 = 1_767_225_600;

const TEST_ROOT: &[u8] = include_bytes!("../../../fixtures/test-ca/test-root.der");
const OTHER_ROOT: &[u8] = include_bytes!("../../../fixtures/test-ca/other-root.der");
const EXPIRED_ROOT: &[u8] = include_bytes!("../../../fixtures/test-ca/expired-root.der");

/// The test root, an unrelated root and an expired one, plus the gen2 test CA2: the targets
/// exercise anchor selection, not just one anchor.
pub fn trust() -> &'static TrustStore {
    static T: OnceLock<TrustStore> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = TrustStore::new();
        t.add_test_anchor(TEST_ROOT, "test root").expect("fixture root loads");
        t.add_test_anchor(OTHER_ROOT, "other root").expect("fixture root loads");
        let _ = t.add_test_anchor(EXPIRED_ROOT, "expired root");
        t.add_test_anchor(fx::gen2::TEST_CA2_DER, "test CA2").expect("fixture CA2 loads");
        t
    })
}

/// First generation, `residence` profile: `D0` and `D1` values as read (padding included).
pub struct Gen1Signed {
    pub front: Vec<u8>,
    pub face: Vec<u8>,
    pub check_code: Vec<u8>,
    pub certificate: Vec<u8>,
}

pub fn gen1() -> &'static Gen1Signed {
    static G: OnceLock<Gen1Signed> = OnceLock::new();
    G.get_or_init(|| {
        let p = Profile::by_name("residence").expect("profile exists");
        let front_file = p.file(Some(&gen1::AID_DF1), gen1::SFI_FRONT_IMAGE).expect("front file");
        let face_file = p.file(Some(&gen1::AID_DF1), gen1::SFI_FACE_IMAGE).expect("face file");
        let sig_file = p.file(Some(&gen1::AID_DF3), gen1::SFI_SIGNATURE).expect("signature file");
        let SignatureEvidence::Present { check_code, certificate } = parse::gen1::signature(sig_file) else {
            panic!("residence profile is signed")
        };
        Gen1Signed {
            front: parse::gen1::front_image(front_file).expect("front").to_vec(),
            face: parse::gen1::face_image(face_file).expect("face").expect("face present").to_vec(),
            check_code: check_code.to_vec(),
            certificate: certificate.to_vec(),
        }
    })
}

/// Second generation, `gen2-residence` profile: the signed data and its DC/DD values.
pub struct Gen2Signed {
    pub signed: Vec<u8>,
    pub check_code: Vec<u8>,
    pub certificate: Vec<u8>,
}

pub fn gen2() -> &'static Gen2Signed {
    static G: OnceLock<Gen2Signed> = OnceLock::new();
    G.get_or_init(|| {
        let p = Profile::by_name("gen2-residence").expect("profile exists");
        let printed = p.file(Some(&gen2::AID_DF1), gen2::SFI_PRINTED).expect("printed file");
        let images = p.file(Some(&gen2::AID_DF1), gen2::SFI_NAME_FACE).expect("images file");
        let sig_file = p.file(Some(&gen2::AID_DF3), gen2::SFI_SIGNATURE).expect("signature file");
        let (_, signed_printed) = parse::gen2::printed_entries(printed).expect("printed entries");
        let images = parse::gen2::name_and_face(images).expect("images");
        let SignatureEvidence::Present { check_code, certificate } = parse::gen2::signature(sig_file) else {
            panic!("gen2-residence profile is signed")
        };
        Gen2Signed {
            signed: gen2_signed_data(&signed_printed, images.face, images.name.expect("name")),
            check_code: check_code.to_vec(),
            certificate: certificate.to_vec(),
        }
    })
}
