//! The card of the `read_card` target: every answer is the fuzzer's choice. Behind it sits a real
//! software card (every command reaches it, so its state follows the read), and for each command
//! the fuzzer picks one of: the card's genuine answer, that answer edited (SM answers are
//! decrypted, edited as plaintext and re-encrypted, so the edit reaches the parsers), raw bytes,
//! a bare status word, an answer it makes itself (a correct MUTUAL AUTHENTICATE answer, or its
//! own plaintext encrypted under the session key), a transport error, or a cancellation.
//!
//! The harness knows the session key because both randoms are fixed: the card's K.ICC is
//! scripted and the reader's K.IFD comes from a seeded generator, decrypted from E.IFD here. On a
//! specified card (07/08) it deciphers SET SESSION KEY with the software card's TEST delivery key
//! and counts SM commands, so it can open and make answers under each command's counter IV too.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sha2::{Digest, Sha256};
use zairyu_core::crypto::{access_key, ct_eq, session_key, Aes, CipherSuite, Key16, Tdes};
use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{
    CancelToken, ManualClock, NoProgress, Transceiver, TransportError, EXTENDED_APDU_LENGTH,
};
use zairyu_core::verify::{IssuerCheck, TamperCheck, Verdict};
use zairyu_core::{read::read_card_with_rng, sm, CardNumber, ReadError, ReadOptions, Reading};

use crate::evidence::{trust, NOW};
use crate::input::Input;

/// The card's one challenge and K.ICC (scripted), so the harness can follow the session key.
pub const CHALLENGE: [u8; 8] = [0x5A, 0x6E, 0x7E, 0x38, 0x51, 0x62, 0xB7, 0xA3];
pub const K_ICC: [u8; 16] = [0x4B; 16];
/// Seed of the reader's generator (RND.IFD, K.IFD).
pub const READER_SEED: u64 = 0x00F0_22ED;

/// What the fuzzer picks for one answer (the low three bits of the op byte).
pub mod op {
    pub const GENUINE: u8 = 0;
    pub const RAW: u8 = 1;
    pub const STATUS_ONLY: u8 = 2;
    pub const EDITED: u8 = 3;
    pub const MADE: u8 = 4;
    pub const TRANSPORT_ERROR: u8 = 5;
    pub const CANCEL: u8 = 6;
    pub const OTHER_SW: u8 = 7;
}

#[derive(Clone, Copy)]
enum Suite {
    Tdes,
    Aes,
}

#[derive(Default)]
struct Keys {
    suite: Option<Suite>,
    ks: Option<Key16>,
    /// The card's part of the last MUTUAL AUTHENTICATE: RND.ICC ‖ RND.IFD as the reader sent them.
    challenges: Option<[u8; 16]>,
    /// Specified cards: the session key from SET SESSION KEY, the next SM counter, and the
    /// counter of the SM command being answered.
    specified: Option<(Key16, u32)>,
    counter: Option<u32>,
}

pub struct FuzzCard<'a> {
    card: SoftCard,
    input: RefCell<Input<'a>>,
    max_apdu: usize,
    kenc: Key16,
    keys: RefCell<Keys>,
    cancel: CancelToken,
    exchanges: Cell<usize>,
}

/// The header of a `read_card` input: profile, transport size, image decoding.
pub struct Setup {
    pub profile: Profile,
    pub max_apdu: Option<usize>,
    pub decode_images: bool,
}

pub fn setup(input: &mut Input<'_>) -> Setup {
    let names = Profile::names();
    let name = names[usize::from(input.u8()) % names.len()];
    let profile = Profile::by_name(name).expect("listed profiles exist");
    let max_apdu = match input.u8() % 4 {
        0 => None,
        1 => Some(258),
        2 => Some(EXTENDED_APDU_LENGTH),
        _ => Some(usize::from(input.u16())),
    };
    let decode_images = input.u8() & 1 == 1;
    Setup { profile, max_apdu, decode_images }
}

impl<'a> FuzzCard<'a> {
    /// `clock` is the read's clock too: the slow profiles advance it instead of sleeping.
    pub fn new(
        profile: Profile,
        max_apdu: Option<usize>,
        input: Input<'a>,
        cancel: CancelToken,
        clock: Arc<ManualClock>,
    ) -> Self {
        let kenc = access_key(profile.card_number());
        let card = SoftCard::with_script(profile, vec![CHALLENGE], vec![K_ICC]).with_clock(clock);
        let max_apdu = max_apdu.unwrap_or_else(|| card.max_apdu_length());
        FuzzCard {
            card,
            input: RefCell::new(input),
            max_apdu,
            kenc,
            keys: RefCell::new(Keys::default()),
            cancel,
            exchanges: Cell::new(0),
        }
    }

    pub fn exchanges(&self) -> usize {
        self.exchanges.get()
    }

    /// Follows MUTUAL AUTHENTICATE: finds the suite whose MAC verifies E.IFD, recovers the
    /// reader's randoms and K.IFD, and derives the session key the card will use.
    fn observe_authentication(&self, apdu: &[u8]) {
        let Some(data) = mutual_auth_data(apdu) else { return };
        let (e_ifd, m_ifd) = data.split_at(32);
        let decrypted = if ct_eq(&Tdes::mac(&self.kenc, e_ifd), m_ifd) {
            Tdes::decrypt(&self.kenc, e_ifd).ok().map(|p| (Suite::Tdes, p))
        } else if ct_eq(&Aes::mac(&self.kenc, e_ifd), m_ifd) {
            Aes::decrypt(&self.kenc, e_ifd).ok().map(|p| (Suite::Aes, p))
        } else {
            None
        };
        let mut keys = self.keys.borrow_mut();
        *keys = Keys::default();
        if let Some((suite, plain)) = decrypted {
            let mut k_ifd = [0u8; 16];
            k_ifd.copy_from_slice(&plain[16..32]);
            let mut challenges = [0u8; 16];
            challenges[..8].copy_from_slice(&plain[8..16]);
            challenges[8..].copy_from_slice(&plain[..8]);
            keys.suite = Some(suite);
            keys.ks = Some(session_key(&Key16::new(k_ifd), &Key16::new(K_ICC)));
            keys.challenges = Some(challenges);
        }
    }

    /// A correct answer to the MUTUAL AUTHENTICATE just observed: E(RND.ICC ‖ RND.IFD ‖ K.ICC) ‖ MAC.
    fn made_auth_answer(&self) -> Option<Vec<u8>> {
        let keys = self.keys.borrow();
        let mut plain = keys.challenges?.to_vec();
        plain.extend_from_slice(&K_ICC);
        let (mut e, m) = match keys.suite? {
            Suite::Tdes => {
                let e = Tdes::encrypt(&self.kenc, &plain).ok()?;
                let m = Tdes::mac(&self.kenc, &e);
                (e, m)
            }
            Suite::Aes => {
                let e = Aes::encrypt(&self.kenc, &plain).ok()?;
                let m = Aes::mac(&self.kenc, &e);
                (e, m)
            }
        };
        e.extend_from_slice(&m);
        Some(e)
    }

    /// Follows the specified card's key delivery (the TEST delivery key's private half is the
    /// software card's) and numbers every SM command after it.
    fn observe_specified(&self, apdu: &[u8]) {
        let mut keys = self.keys.borrow_mut();
        keys.counter = None;
        match apdu {
            [0x80, 0xAE, 0x00, 0x00, 0x00, 0x01, 0x00, ct @ ..] if ct.len() == 256 => {
                keys.specified = delivery_private_key()
                    .and_then(|k| k.decrypt(zairyu_core::specified::key_delivery::oaep(), ct).ok())
                    .and_then(|m| zairyu_core::chip::specified::seed_from_message(&m).map(<[u8]>::to_vec))
                    .and_then(|seed| zairyu_core::specified::sm::session_key_from_seed(&seed))
                    .map(|k| (k, zairyu_core::chip::specified::PARAMS.counter_start));
            }
            [0x00, 0xA4, 0x04, 0x0C, 0x10, 0xD3, 0x92, 0xF0, 0x00, 0x4F, 0x01, ..] => keys.specified = None,
            [0x08, ..] => {
                if let Some((_, next)) = keys.specified.as_mut() {
                    let n = *next;
                    *next = next.wrapping_add(1);
                    keys.counter = Some(n);
                }
            }
            _ => {}
        }
    }

    fn sm_decrypt(&self, body: &[u8]) -> Option<Vec<u8>> {
        if let Some(plain) = self.specified_sm(|k, n| zairyu_core::specified::sm::open_cryptogram(k, n, body).ok()) {
            return plain;
        }
        let keys = self.keys.borrow();
        let ks = keys.ks.as_ref()?;
        match keys.suite? {
            Suite::Tdes => sm::decrypt_response::<Tdes>(ks, body).ok(),
            Suite::Aes => sm::decrypt_response::<Aes>(ks, body).ok(),
        }
    }

    /// `Some(f(key, counter))` while answering an SM command of a specified card.
    fn specified_sm<T>(&self, f: impl FnOnce(&Key16, u32) -> Option<T>) -> Option<Option<T>> {
        let keys = self.keys.borrow();
        let (key, _) = keys.specified.as_ref()?;
        Some(f(key, keys.counter?))
    }

    fn sm_encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        if let Some(body) = self.specified_sm(|k, n| Some(zairyu_core::specified::sm::cryptogram_object(k, n, plain))) {
            return body;
        }
        let keys = self.keys.borrow();
        let ks = keys.ks.as_ref()?;
        Some(match keys.suite? {
            Suite::Tdes => sm::encrypt_response::<Tdes>(ks, plain),
            Suite::Aes => sm::encrypt_response::<Aes>(ks, plain),
        })
    }
}

fn delivery_private_key() -> Option<&'static rsa::RsaPrivateKey> {
    use rsa::pkcs8::DecodePrivateKey;
    static KEY: OnceLock<Option<rsa::RsaPrivateKey>> = OnceLock::new();
    KEY.get_or_init(|| {
        rsa::RsaPrivateKey::from_pkcs8_der(zairyu_core::softcard::fixtures::specified::DELIVERY_TEST_KEY_DER).ok()
    })
    .as_ref()
}

fn mutual_auth_data(apdu: &[u8]) -> Option<&[u8]> {
    match apdu {
        [0x00, 0x82, _, _, 0x28, rest @ ..] if rest.len() >= 40 => Some(&rest[..40]),
        _ => None,
    }
}

fn is_sm_read(apdu: &[u8]) -> bool {
    apdu.len() >= 2 && apdu[0] == sm::CLA_SM && apdu[1] == 0xB0
}

/// Byte edits: up to 7 XORs at chosen positions, then an optional cut and an optional tail.
fn edit(input: &mut Input<'_>, data: &mut Vec<u8>) {
    for _ in 0..input.u8() % 8 {
        let pos = usize::from(input.u16());
        let xor = input.u8();
        if !data.is_empty() {
            let n = data.len();
            data[pos % n] ^= xor;
        }
    }
    let t = input.u8();
    if t & 1 == 1 {
        let keep = usize::from(input.u16()) % (data.len() + 1);
        data.truncate(keep);
    }
    if t & 2 == 2 {
        data.extend_from_slice(input.chunk());
    }
}

fn with_sw(mut data: Vec<u8>, sw: u16) -> Vec<u8> {
    data.extend_from_slice(&sw.to_be_bytes());
    data
}

impl Transceiver for FuzzCard<'_> {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        self.exchanges.set(self.exchanges.get() + 1);
        self.observe_authentication(&apdu);
        self.observe_specified(&apdu);
        let genuine = self.card.transceive(apdu.clone());
        let mut input = self.input.borrow_mut();
        if input.is_empty() {
            return genuine;
        }
        let split = |r: &Vec<u8>| -> (Vec<u8>, u16) {
            if r.len() < 2 {
                return (r.clone(), 0x9000);
            }
            let (d, sw) = r.split_at(r.len() - 2);
            (d.to_vec(), u16::from_be_bytes([sw[0], sw[1]]))
        };
        match input.u8() % 8 {
            op::RAW => Ok(input.chunk().to_vec()),
            op::STATUS_ONLY => Ok(input.u16().to_be_bytes().to_vec()),
            op::EDITED => {
                let (mut data, sw) = split(&genuine?);
                let plain = if is_sm_read(&apdu) { self.sm_decrypt(&data) } else { None };
                match plain {
                    Some(mut plain) => {
                        edit(&mut input, &mut plain);
                        data = self.sm_encrypt(&plain).unwrap_or_default();
                    }
                    None => edit(&mut input, &mut data),
                }
                Ok(with_sw(data, sw))
            }
            op::MADE => {
                let data = input.chunk();
                if mutual_auth_data(&apdu).is_some() {
                    if let Some(answer) = self.made_auth_answer() {
                        return Ok(with_sw(answer, 0x9000));
                    }
                }
                if is_sm_read(&apdu) {
                    if let Some(body) = self.sm_encrypt(data) {
                        return Ok(with_sw(body, 0x9000));
                    }
                }
                Ok(with_sw(data.to_vec(), 0x9000))
            }
            op::TRANSPORT_ERROR => Err(match input.u8() % 4 {
                0 => TransportError::CardRemoved,
                1 => TransportError::Timeout,
                2 => TransportError::Unavailable,
                _ => TransportError::Failed { detail: "fuzz".into() },
            }),
            op::CANCEL => {
                self.cancel.cancel();
                genuine
            }
            op::OTHER_SW => {
                let (data, _) = split(&genuine?);
                Ok(with_sw(data, input.u16()))
            }
            _ => genuine,
        }
    }

    fn max_apdu_length(&self) -> usize {
        self.max_apdu
    }
}

/// The options of every fuzzed read: both test roots trusted, a fixed date, the default time
/// budget on the card's manual clock.
pub fn options(decode_images: bool, cancel: CancelToken, clock: Arc<ManualClock>) -> ReadOptions {
    ReadOptions {
        trust: trust().clone(),
        cancel,
        now_unix: Some(NOW),
        skip_image_decoding: !decode_images,
        clock: Some(clock),
        delivery_key: zairyu_core::specified::DeliveryKey::from_bytes(
            zairyu_core::softcard::fixtures::specified::DELIVERY_TEST_PUB_DER,
            "TEST delivery key",
        )
        .ok(),
        ..ReadOptions::default()
    }
}

/// Runs one read on the harness card.
pub fn run(data: &[u8]) -> (Result<Reading, ReadError>, CardNumber) {
    let mut input = Input::new(data);
    let s = setup(&mut input);
    let number = s.profile.card_number().clone();
    let cancel = CancelToken::new();
    let clock = Arc::new(ManualClock::new());
    let card = FuzzCard::new(s.profile, s.max_apdu, input, cancel.clone(), clock.clone());
    let options = options(s.decode_images, cancel, clock);
    let mut rng = ChaCha20Rng::seed_from_u64(READER_SEED);
    let result = read_card_with_rng(&number, &card, &options, &NoProgress, &mut rng);
    (result, number)
}

/// A digest of everything the checks cover in a reading (gen 1: front and face; gen 2: printed
/// entries, name and face), as the reader returned it.
pub fn signed_content(r: &Reading) -> [u8; 32] {
    let mut h = Sha256::new();
    for image in [&r.front_image, &r.face_image, &r.name_image] {
        match image {
            Some(i) => {
                h.update([1]);
                h.update((i.raw.len() as u64).to_be_bytes());
                h.update(&i.raw);
            }
            None => h.update([0]),
        }
    }
    if let Some(p) = &r.printed {
        // PrintedEntries redacts itself in Debug; its fields are hashed one by one.
        let date = |d: &Option<zairyu_core::model::Date>| d.map(|d| d.iso()).unwrap_or_default();
        let code = |c: &Option<zairyu_core::model::CodedValue>| c.as_ref().map(|c| c.code.clone()).unwrap_or_default();
        for field in [
            date(&p.card_expiry),
            date(&p.birth_date),
            code(&p.sex),
            code(&p.nationality),
            code(&p.status_of_residence),
            format!("{:?}", p.period_of_stay),
            code(&p.permission_type),
            date(&p.permission_date),
            code(&p.work_restriction),
            date(&p.stay_expiry),
        ] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
    }
    h.finalize().into()
}

/// The signed content of every profile whose honest read is genuine: the only content a
/// "normal" verdict may ever vouch for (the fuzzer cannot make the test PKI sign anything new).
pub fn genuine_contents() -> &'static HashSet<[u8; 32]> {
    static G: OnceLock<HashSet<[u8; 32]>> = OnceLock::new();
    G.get_or_init(|| {
        let mut set = HashSet::new();
        for name in Profile::names() {
            let profile = Profile::by_name(name).expect("listed profiles exist");
            let number = profile.card_number().clone();
            let clock = Arc::new(ManualClock::new());
            let card = SoftCard::with_seed(profile, 1).with_clock(clock.clone());
            let options = options(false, CancelToken::new(), clock);
            if let Ok(r) = zairyu_core::read_card(&number, &card, &options, &NoProgress) {
                if r.verification.verdict == Verdict::Normal {
                    set.insert(signed_content(&r));
                }
            }
        }
        set
    })
}

/// The target's assertions on one read's outcome.
pub fn check(result: &Result<Reading, ReadError>, number: &CardNumber) {
    match result {
        Ok(r) => {
            let v = &r.verification;
            if v.verdict == Verdict::Normal {
                assert!(
                    matches!(v.tamper, TamperCheck::Ok { .. }) && matches!(v.issuer, IssuerCheck::Ok { .. }),
                    "normal verdict without both checks passing"
                );
                assert!(
                    genuine_contents().contains(&signed_content(r)),
                    "normal verdict for content the test PKI never signed"
                );
            }
            let debug = format!("{r:?}");
            assert!(!debug.contains(number.as_str()), "card number in Debug of Reading");
        }
        Err(e) => {
            for text in [e.to_string(), format!("{e:?}")] {
                assert!(!text.contains(number.as_str()), "card number in error text");
            }
        }
    }
}
