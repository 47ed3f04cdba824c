//! First generation: certificate parsing, the RSA tamper check and the issuer check. Input: flags,
//! a clock offset, the certificate (DB), the check code (DA), and with flag bit 0 the front and
//! face values too; otherwise the genuine test card's images. A tamper pass must be a signature the test PKI made.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zairyu_core::softcard::fixtures as fx;
use zairyu_core::verify::{check_issuer_gen1, verify_gen1, Gen1Evidence, IssuerCheck, SignatureEvidence, TamperCheck, Verdict};
use zairyu_fuzz::evidence::{gen1, trust, NOW};
use zairyu_fuzz::input::Input;

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let flags = input.u8();
    let now = NOW + i64::from(input.u32() as i32);
    let certificate = input.chunk();
    let check_code = input.chunk();
    let g = gen1();
    let (front, face): (&[u8], &[u8]) =
        if flags & 1 == 1 { (input.chunk(), input.chunk()) } else { (&g.front, &g.face) };
    let evidence = Gen1Evidence {
        front: Some(front),
        face: if flags & 2 == 2 { None } else { Some(face) },
        signature: SignatureEvidence::Present { check_code, certificate },
    };
    let v = verify_gen1(&evidence, trust(), now);
    let issuer = check_issuer_gen1(certificate, trust(), now);
    assert_eq!(matches!(issuer, IssuerCheck::Ok { .. }), matches!(v.issuer, IssuerCheck::Ok { .. }));
    if matches!(v.tamper, TamperCheck::Ok { .. }) {
        // The test PKI signed the genuine images (raw and DigestInfo layouts) and, for other
        // profiles, other images: a pass over anything else would be a forgery.
        let other_images = [fx::CHECK_SPRC_RAW, fx::CHECK_RESIDENCE_J2K_RAW].contains(&check_code);
        if !other_images {
            assert!(front == &g.front[..] && face == &g.face[..], "tamper check passed over other data");
            assert!(
                [fx::CHECK_RESIDENCE_RAW, fx::CHECK_RESIDENCE_DIGESTINFO, fx::CHECK_RESIDENCE_ROGUE_RAW, fx::CHECK_RESIDENCE_OTHER_RAW]
                    .contains(&check_code),
                "tamper check passed with a check code the signer never made"
            );
        }
    }
    if v.verdict == Verdict::Normal {
        assert!(matches!(v.tamper, TamperCheck::Ok { .. }) && matches!(v.issuer, IssuerCheck::Ok { .. }));
    }
});
