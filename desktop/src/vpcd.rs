//! The vsmartcard `vpcd` virtual-reader protocol, card side, so the software card can sit in the
//! system's real PC/SC stack (pcscd + the vpcd driver) and be read by any PC/SC program.
//!
//! In this protocol the virtual card is the TCP *client*: it connects to the driver and answers
//! what the driver asks. Every message both ways is a 2-byte big-endian length and a payload. A
//! 1-byte payload from the driver is a control byte; power off/on and reset get no answer, "get
//! ATR" gets the ATR; any longer payload is a command APDU and gets the response APDU.
//!
//! Everything read from the socket is untrusted: malformed frames end the connection, never the
//! process.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use zairyu_core::TransportError;

/// The port Debian's `/etc/reader.conf.d/vpcd` gives the first virtual reader (`CHANNELID 0x8C7B`).
pub const DEFAULT_PORT: u16 = 35963;

/// A PC/SC part 3 contactless ATR for an ISO 14443-4 Type B card: `3B 88 80 01`, then eight
/// historical bytes (ATQB application data `00 00 00 00`, protocol info `33 81 81`, MBLI/CID `00`)
/// and the check byte. `T0 = 0x88` announces TD1 and *eight* historical bytes, which is why there
/// are eight; readers that present a Type B card to PC/SC build exactly this shape.
pub const ATR: [u8; 13] = atr_with_tck([0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x33, 0x81, 0x81, 0x00]);

/// TCK makes the XOR of every byte from T0 through TCK zero (ISO 7816-3 §8.2.5); it is required
/// here because TD1 announces T=1.
pub const fn atr_tck(atr_without_tck: &[u8]) -> u8 {
    let mut tck = 0u8;
    let mut i = 1; // TS is not covered.
    while i < atr_without_tck.len() {
        tck ^= atr_without_tck[i];
        i += 1;
    }
    tck
}

const fn atr_with_tck(body: [u8; 12]) -> [u8; 13] {
    let mut out = [0u8; 13];
    let mut i = 0;
    while i < 12 {
        out[i] = body[i];
        i += 1;
    }
    out[12] = atr_tck(&body);
    out
}

/// Control bytes the driver sends as 1-byte payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    PowerOff,
    PowerOn,
    Reset,
    GetAtr,
}

/// One message from the driver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Control(Control),
    /// A control byte this protocol version does not define; ignored rather than fatal, so a newer
    /// driver does not knock the card out.
    UnknownControl(u8),
    Apdu(Vec<u8>),
    /// A zero-length frame; carries nothing to answer.
    Empty,
}

impl Request {
    pub fn from_payload(payload: Vec<u8>) -> Request {
        match payload.as_slice() {
            [] => Request::Empty,
            [0x00] => Request::Control(Control::PowerOff),
            [0x01] => Request::Control(Control::PowerOn),
            [0x02] => Request::Control(Control::Reset),
            [0x04] => Request::Control(Control::GetAtr),
            [other] => Request::UnknownControl(*other),
            _ => Request::Apdu(payload),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct FrameTooLong(pub usize);

/// Length-prefixes a payload; the prefix is 16 bits, so longer payloads cannot be framed at all.
pub fn encode_frame(payload: &[u8]) -> Result<Vec<u8>, FrameTooLong> {
    let len = u16::try_from(payload.len()).map_err(|_| FrameTooLong(payload.len()))?;
    let mut out = Vec::with_capacity(payload.len() + 2);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

/// Why reading a frame stopped.
#[derive(Debug)]
pub enum ReadFrameError {
    /// The peer closed the connection (between frames or inside one).
    Closed,
    /// The stop flag was raised while waiting.
    Stopped,
    Io(io::Error),
}

/// Reads exactly `buf.len()` bytes, treating read timeouts as a chance to look at `stop`, so
/// Ctrl-C is honoured even while the driver is silent.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8], stop: &AtomicBool) -> Result<(), ReadFrameError> {
    let mut filled = 0;
    while filled < buf.len() {
        if stop.load(Ordering::SeqCst) {
            return Err(ReadFrameError::Stopped);
        }
        match r.read(&mut buf[filled..]) {
            Ok(0) => return Err(ReadFrameError::Closed),
            Ok(n) => filled += n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted) => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted | io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof) => {
                return Err(ReadFrameError::Closed)
            }
            Err(e) => return Err(ReadFrameError::Io(e)),
        }
    }
    Ok(())
}

/// Reads one length-prefixed frame. The length is at most 65535, so a hostile peer can make us
/// allocate at most 64 KiB.
pub fn read_frame<R: Read>(r: &mut R, stop: &AtomicBool) -> Result<Vec<u8>, ReadFrameError> {
    let mut len = [0u8; 2];
    read_full(r, &mut len, stop)?;
    let mut payload = vec![0u8; usize::from(u16::from_be_bytes(len))];
    read_full(r, &mut payload, stop)?;
    Ok(payload)
}

pub fn write_frame<W: Write>(w: &mut W, payload: &[u8]) -> io::Result<()> {
    let frame = encode_frame(payload).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("{} bytes do not fit a vpcd frame", e.0)))?;
    w.write_all(&frame)?;
    w.flush()
}

/// What the vpcd server needs from a card: APDUs and a way to power-cycle it.
pub trait VirtualCard: Send + Sync {
    fn transceive(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError>;
    /// Power off/on and reset: the chip forgets authentication and secure-messaging state.
    fn reset(&self);
}

/// What the card answers to one request: `None` = nothing to send back.
pub enum Answer {
    Send(Vec<u8>),
    Nothing,
    /// The card left the field: the connection must be dropped so the reader sees it gone.
    CardGone,
}

/// The card's side of one request; pure apart from the card, so it is tested without sockets.
pub fn answer(card: &dyn VirtualCard, request: Request) -> Answer {
    match request {
        Request::Control(Control::PowerOff | Control::PowerOn | Control::Reset) => {
            card.reset();
            Answer::Nothing
        }
        Request::Control(Control::GetAtr) => Answer::Send(ATR.to_vec()),
        Request::UnknownControl(byte) => {
            log::warn!("vpcd: ignoring unknown control byte {byte:#04x}");
            Answer::Nothing
        }
        Request::Empty => Answer::Nothing,
        Request::Apdu(apdu) => match card.transceive(apdu) {
            Ok(response) if response.len() <= usize::from(u16::MAX) => Answer::Send(response),
            // Cannot be framed; "no precise diagnosis" is the honest status word.
            Ok(_) => Answer::Send(vec![0x6F, 0x00]),
            Err(TransportError::CardRemoved | TransportError::Timeout | TransportError::Unavailable) => Answer::CardGone,
            Err(TransportError::Failed { .. }) => Answer::Send(vec![0x6F, 0x00]),
        },
    }
}

/// How one connection to the driver ended.
#[derive(Debug)]
pub enum SessionEnd {
    /// The driver closed the connection (pcscd restarted, reader reset).
    PeerClosed,
    /// The card left the field; we closed the connection so PC/SC reports it removed.
    CardGone,
    Stopped,
    Io(io::Error),
}

/// Serves one connection until it ends. `stream` must have a read timeout set so `stop` is seen.
pub fn serve_stream<S: Read + Write>(stream: &mut S, card: &dyn VirtualCard, stop: &AtomicBool) -> SessionEnd {
    loop {
        let payload = match read_frame(stream, stop) {
            Ok(p) => p,
            Err(ReadFrameError::Closed) => return SessionEnd::PeerClosed,
            Err(ReadFrameError::Stopped) => return SessionEnd::Stopped,
            Err(ReadFrameError::Io(e)) => return SessionEnd::Io(e),
        };
        let request = Request::from_payload(payload);
        if let Request::Control(c) = &request {
            log::debug!("vpcd: control {c:?}");
        }
        match answer(card, request) {
            Answer::Nothing => {}
            Answer::Send(bytes) => {
                if let Err(e) = write_frame(stream, &bytes) {
                    return match e.kind() {
                        io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => SessionEnd::PeerClosed,
                        _ => SessionEnd::Io(e),
                    };
                }
            }
            Answer::CardGone => return SessionEnd::CardGone,
        }
    }
}

/// Options for [`serve`]; the delays are short in tests and human-scale in the CLI.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Wait between connection attempts while the driver is not listening.
    pub retry_delay: Duration,
    /// How long the card stays "away" after it was pulled, so pcscd notices the removal.
    pub away_delay: Duration,
    /// Stop after this many connections (tests); `None` = until stopped.
    pub max_sessions: Option<usize>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { retry_delay: Duration::from_secs(1), away_delay: Duration::from_secs(3), max_sessions: None }
    }
}

/// Sleeps up to `total`, waking early when `stop` is raised.
fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) {
    let end = Instant::now() + total;
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= end {
            break;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}

/// Connects to the driver at `addr` and serves `card`, reconnecting whenever the connection ends,
/// until `stop` is raised. `status` receives short human lines (connected, card pulled, …).
pub fn serve(addr: &str, card: &dyn VirtualCard, stop: &AtomicBool, options: &ServeOptions, status: &mut dyn FnMut(&str)) -> io::Result<()> {
    let mut sessions = 0usize;
    let mut waiting_reported = false;
    while !stop.load(Ordering::SeqCst) {
        if options.max_sessions.is_some_and(|m| sessions >= m) {
            break;
        }
        let stream = addr
            .to_socket_addrs()?
            .find_map(|a| TcpStream::connect_timeout(&a, Duration::from_secs(2)).ok());
        let Some(mut stream) = stream else {
            if !waiting_reported {
                status(&format!("waiting for vpcd at {addr} (is pcscd with the vpcd driver running?)"));
                waiting_reported = true;
            }
            sleep_unless_stopped(options.retry_delay, stop);
            continue;
        };
        waiting_reported = false;
        sessions += 1;
        stream.set_read_timeout(Some(Duration::from_millis(200)))?;
        let _ = stream.set_nodelay(true);
        status(&format!("connected to vpcd at {addr}"));
        card.reset();
        let end = serve_stream(&mut stream, card, stop);
        drop(stream);
        card.reset();
        match end {
            SessionEnd::Stopped => break,
            SessionEnd::PeerClosed => {
                status("vpcd closed the connection; reconnecting");
                sleep_unless_stopped(options.retry_delay, stop);
            }
            SessionEnd::CardGone => {
                status("the card was pulled away; connection closed so PC/SC sees it removed");
                sleep_unless_stopped(options.away_delay, stop);
            }
            SessionEnd::Io(e) => {
                status(&format!("connection error ({}); reconnecting", e.kind()));
                sleep_unless_stopped(options.retry_delay, stop);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::sync::Mutex;

    #[test]
    fn atr_is_type_b_contactless_with_correct_tck() {
        assert_eq!(ATR, [0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x33, 0x81, 0x81, 0x00, 0x3A]);
        // T0..TCK XOR to zero.
        assert_eq!(ATR[1..].iter().fold(0u8, |a, b| a ^ b), 0);
        assert_eq!(ATR[1] & 0x0F, 8, "T0 announces 8 historical bytes");
        assert_eq!(ATR.len(), 2 + 2 + 8 + 1);
    }

    #[test]
    fn tck_known_values() {
        assert_eq!(atr_tck(&[0x3B, 0x8F, 0x80, 0x01]), 0x0E);
        assert_eq!(atr_tck(&[0x3B]), 0);
    }

    #[test]
    fn frames_encode_big_endian_length() {
        assert_eq!(encode_frame(&[0x04]), Ok(vec![0x00, 0x01, 0x04]));
        assert_eq!(encode_frame(&[]), Ok(vec![0x00, 0x00]));
        let big = vec![0xAA; 0x1234];
        let f = encode_frame(&big).expect("fits");
        assert_eq!(&f[..2], &[0x12, 0x34]);
        assert_eq!(f.len(), 0x1236);
        assert_eq!(encode_frame(&vec![0; 65535]).map(|f| f.len()), Ok(65537));
        assert_eq!(encode_frame(&vec![0; 65536]), Err(FrameTooLong(65536)));
    }

    #[test]
    fn frames_decode_and_round_trip() {
        let stop = AtomicBool::new(false);
        let mut bytes = encode_frame(&[0x00, 0xA4, 0x04, 0x00]).unwrap();
        bytes.extend(encode_frame(&[0x01]).unwrap());
        let mut r = Cursor::new(bytes);
        assert_eq!(read_frame(&mut r, &stop).unwrap(), vec![0x00, 0xA4, 0x04, 0x00]);
        assert_eq!(read_frame(&mut r, &stop).unwrap(), vec![0x01]);
        assert!(matches!(read_frame(&mut r, &stop), Err(ReadFrameError::Closed)));
    }

    #[test]
    fn truncated_frames_are_closed_not_panics() {
        let stop = AtomicBool::new(false);
        for bytes in [vec![0x00], vec![0x00, 0x05, 0x01, 0x02], vec![0xFF, 0xFF, 0x00]] {
            assert!(matches!(read_frame(&mut Cursor::new(bytes), &stop), Err(ReadFrameError::Closed)));
        }
    }

    #[test]
    fn control_bytes_are_classified() {
        assert_eq!(Request::from_payload(vec![0x00]), Request::Control(Control::PowerOff));
        assert_eq!(Request::from_payload(vec![0x01]), Request::Control(Control::PowerOn));
        assert_eq!(Request::from_payload(vec![0x02]), Request::Control(Control::Reset));
        assert_eq!(Request::from_payload(vec![0x04]), Request::Control(Control::GetAtr));
        assert_eq!(Request::from_payload(vec![0x03]), Request::UnknownControl(0x03));
        assert_eq!(Request::from_payload(vec![]), Request::Empty);
        assert_eq!(Request::from_payload(vec![0x00, 0x84]), Request::Apdu(vec![0x00, 0x84]));
    }

    /// Records resets and answers each APDU with a scripted result.
    struct Scripted {
        resets: Mutex<usize>,
        replies: Mutex<Vec<Result<Vec<u8>, TransportError>>>,
    }
    impl VirtualCard for Scripted {
        fn transceive(&self, _apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
            self.replies.lock().unwrap().remove(0)
        }
        fn reset(&self) {
            *self.resets.lock().unwrap() += 1;
        }
    }

    /// A duplex in-memory stream: reads from `input`, writes to `output`.
    struct Duplex {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
    }
    impl Read for Duplex {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.input.read(buf)
        }
    }
    impl Write for Duplex {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn session_answers_atr_and_apdus_and_resets_on_power_controls() {
        let card = Scripted { resets: Mutex::new(0), replies: Mutex::new(vec![Ok(vec![0x90, 0x00])]) };
        let mut input = Vec::new();
        for p in [&[0x01][..], &[0x04], &[0x00, 0xA4, 0x00, 0x0C], &[0x02], &[0x00], &[0x07]] {
            input.extend(encode_frame(p).unwrap());
        }
        let mut s = Duplex { input: Cursor::new(input), output: Vec::new() };
        let end = serve_stream(&mut s, &card, &AtomicBool::new(false));
        assert!(matches!(end, SessionEnd::PeerClosed));
        let mut expected = encode_frame(&ATR).unwrap();
        expected.extend(encode_frame(&[0x90, 0x00]).unwrap());
        assert_eq!(s.output, expected);
        assert_eq!(*card.resets.lock().unwrap(), 3);
    }

    #[test]
    fn card_removed_ends_the_session_without_answer() {
        let card = Scripted {
            resets: Mutex::new(0),
            replies: Mutex::new(vec![Ok(vec![0x90, 0x00]), Err(TransportError::CardRemoved), Ok(vec![0x90, 0x00])]),
        };
        let mut input = Vec::new();
        for _ in 0..3 {
            input.extend(encode_frame(&[0x00, 0xB0, 0x00, 0x00, 0x00]).unwrap());
        }
        let mut s = Duplex { input: Cursor::new(input), output: Vec::new() };
        assert!(matches!(serve_stream(&mut s, &card, &AtomicBool::new(false)), SessionEnd::CardGone));
        assert_eq!(s.output, encode_frame(&[0x90, 0x00]).unwrap());
    }

    #[test]
    fn transport_failure_answers_6f00() {
        let card = Scripted { resets: Mutex::new(0), replies: Mutex::new(vec![Err(TransportError::Failed { detail: "x".into() })]) };
        assert!(matches!(answer(&card, Request::Apdu(vec![0, 1, 2, 3])), Answer::Send(v) if v == [0x6F, 0x00]));
    }

    #[test]
    fn stop_flag_ends_session() {
        let card = Scripted { resets: Mutex::new(0), replies: Mutex::new(vec![]) };
        let mut s = Duplex { input: Cursor::new(vec![]), output: Vec::new() };
        assert!(matches!(serve_stream(&mut s, &card, &AtomicBool::new(true)), SessionEnd::Stopped));
    }
}
