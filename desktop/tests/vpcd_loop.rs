//! The vpcd card loop end to end over loopback TCP, without pcscd: the test plays vpcd (the TCP
//! server), `vpcd::serve` plays the card (the TCP client), and a full read runs through the socket.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::transport::{NoProgress, EXTENDED_APDU_LENGTH};
use zairyu_core::verify::{TrustStore, Verdict};
use zairyu_core::{read_card, ReadError, ReadOptions, Transceiver, TransportError};
use zairyu_desktop::read::read_with_short_retry;
use zairyu_desktop::trust::{TEST_ROOT_DER, TEST_ROOT_LABEL};
use zairyu_desktop::vpcd::{self, encode_frame, read_frame, ServeOptions, ATR};

/// The reader side of vpcd: frames APDUs to the card and reads its answers, like the driver does.
struct FakeVpcd {
    stream: Mutex<TcpStream>,
    stop: AtomicBool,
}

impl FakeVpcd {
    fn send(&self, payload: &[u8]) {
        let mut s = self.stream.lock().unwrap();
        s.write_all(&encode_frame(payload).unwrap()).unwrap();
    }
    fn receive(&self) -> Result<Vec<u8>, vpcd::ReadFrameError> {
        let mut s = self.stream.lock().unwrap();
        read_frame(&mut *s, &self.stop)
    }
}

impl Transceiver for FakeVpcd {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        self.send(&apdu);
        // The card closing the connection is how a pulled card shows up at the driver.
        self.receive().map_err(|_| TransportError::CardRemoved)
    }
    fn max_apdu_length(&self) -> usize {
        EXTENDED_APDU_LENGTH
    }
}

/// Starts `serve` for `profile` against a fresh listener and returns the driver side once the card
/// connected, plus what to join at the end.
fn start(profile: &str) -> (FakeVpcd, Arc<AtomicBool>, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let stop = Arc::new(AtomicBool::new(false));
    let card = SoftCard::with_seed(Profile::by_name(profile).unwrap(), 7);
    let thread_stop = stop.clone();
    let handle = std::thread::spawn(move || {
        let mut lines = Vec::new();
        let options = ServeOptions { retry_delay: Duration::from_millis(20), away_delay: Duration::from_millis(20), max_sessions: Some(1) };
        vpcd::serve(&addr, &card, &thread_stop, &options, &mut |l| lines.push(l.to_owned())).unwrap();
        lines
    });
    let (stream, _) = listener.accept().unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    (FakeVpcd { stream: Mutex::new(stream), stop: AtomicBool::new(false) }, stop, handle)
}

fn options() -> ReadOptions {
    let mut trust = TrustStore::new();
    trust.add_test_anchor(TEST_ROOT_DER, TEST_ROOT_LABEL).unwrap();
    ReadOptions { trust, skip_image_decoding: true, ..ReadOptions::default() }
}

fn power_on_and_atr(v: &FakeVpcd) {
    v.send(&[0x01]); // power on: no answer
    v.send(&[0x04]); // get ATR
    assert_eq!(v.receive().unwrap(), ATR.to_vec());
}

#[test]
fn full_read_through_the_vpcd_loop() {
    let (v, stop, handle) = start("residence");
    power_on_and_atr(&v);
    let number = Profile::by_name("residence").unwrap().card_number().clone();
    let reading = read_card(&number, &v, &options(), &NoProgress).expect("read");
    assert_eq!(reading.verification.verdict, Verdict::Normal);
    assert!(reading.verification.is_test_anchor());
    assert!(reading.wire.extended_length);
    assert_eq!(reading.wire.apdus, 15);
    // Reset mid-session: the card forgets authentication, so a protected read now fails.
    v.send(&[0x02]);
    v.send(&[0x04]);
    assert_eq!(v.receive().unwrap(), ATR.to_vec());
    let again = read_card(&number, &v, &options(), &NoProgress).expect("read after reset");
    assert_eq!(again.verification.verdict, Verdict::Normal);
    stop.store(true, Ordering::SeqCst);
    drop(v);
    let lines = handle.join().unwrap();
    assert!(lines[0].starts_with("connected to vpcd at 127.0.0.1:"), "{lines:?}");
}

#[test]
fn pulled_card_closes_the_connection() {
    let (v, stop, handle) = start("pulled-away");
    power_on_and_atr(&v);
    let number = Profile::by_name("pulled-away").unwrap().card_number().clone();
    let err = read_card(&number, &v, &options(), &NoProgress).unwrap_err();
    assert_eq!(err, ReadError::CardLost);
    // The card side closed the socket: the driver sees end-of-stream.
    assert!(matches!(v.receive(), Err(vpcd::ReadFrameError::Closed)));
    stop.store(true, Ordering::SeqCst);
    let lines = handle.join().unwrap();
    assert!(lines.iter().any(|l| l.contains("pulled away")), "{lines:?}");
}

/// What a reader does between the two attempts: reset the card.
fn reset_card(v: &FakeVpcd) -> Result<&FakeVpcd, zairyu_desktop::errors::AppError> {
    v.send(&[0x02]);
    Ok(v)
}

#[test]
fn short_apdu_card_is_read_after_one_short_retry() {
    let (v, stop, handle) = start("short-apdu");
    power_on_and_atr(&v);
    let number = Profile::by_name("short-apdu").unwrap().card_number().clone();
    let notes = Mutex::new(Vec::new());
    let reading = read_with_short_retry(&v, reset_card, &number, &options(), &NoProgress, &|n| notes.lock().unwrap().push(n.to_owned()))
        .unwrap()
        .expect("read in short mode");
    assert_eq!(reading.verification.verdict, Verdict::Normal);
    assert!(!reading.wire.extended_length);
    assert_eq!(notes.lock().unwrap().len(), 1);
    stop.store(true, Ordering::SeqCst);
    drop(v);
    handle.join().unwrap();
}

#[test]
fn garbage_from_the_driver_does_not_panic_the_card() {
    let (v, stop, handle) = start("residence");
    for payload in [&[0x03][..], &[], &[0xFF, 0xFF, 0xFF], &[0x00, 0xA4], &[0x00; 300]] {
        v.send(payload);
    }
    // Every APDU-length payload got an answer; the unknown control byte and the empty frame none.
    for _ in 0..3 {
        let answer = v.receive().unwrap();
        assert!(answer.len() >= 2);
    }
    power_on_and_atr(&v);
    stop.store(true, Ordering::SeqCst);
    drop(v);
    handle.join().unwrap();
}
