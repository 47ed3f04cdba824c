//! Deviations from a healthy chip, injected to test how readers cope: a card
//! leaving the field, a failing chip, a short-only transport, cards that are not first-generation
//! residence cards, and the spec-silent behaviours (gen1-chip.md §11 asks for those to be settings).

/// What kind of chip answers, beyond its file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipKind {
    /// A first-generation residence card or SPRC.
    Gen1,
    /// A second-generation residence card or SPRC (types 05/06, gen2-chip.md §10): the first
    /// generation's command set and status words, with AES-128-CBC and AES-CMAC in MUTUAL
    /// AUTHENTICATE, VERIFY and SM READ. A first-generation 3DES MUTUAL AUTHENTICATE fails the
    /// CMAC check and answers `63 00`, as observed on a real type-05 card.
    Gen2,
    /// A specified card (types 07/08, My Number chip), stubbed for detection only until its spec
    /// is available: same commands, but every MUTUAL AUTHENTICATE answers `63 00`.
    Gen2Stub,
    /// Some other ISO 14443-4 card (a transit or bank card): it knows SELECT and READ BINARY but
    /// not the residence card's GET CHALLENGE / MUTUAL AUTHENTICATE / VERIFY, so those answer
    /// `6D 00` (INS not supported), the usual answer of a card OS without that command.
    Foreign,
    /// A My Number card (`mynumber-*` profiles, `softcard/mynumber/`): its own machine answers.
    MyNumber,
}

/// Partial answer fault: from APDU number `from_apdu` (1-based, counted since the last reset) on,
/// responses longer than `keep` bytes are cut to `keep` bytes (status word lost with them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncation {
    pub from_apdu: usize,
    pub keep: usize,
}

/// Injected faults. The default is a healthy card on an extended-length transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Faults {
    /// The card leaves the field: APDU number `n` (1-based, counted since creation or the last
    /// reset) and every later one fail with `TransportError::CardRemoved`.
    pub pull_after: Option<usize>,
    /// The transport carries short APDUs only: `max_apdu_length` is `SHORT_APDU_LENGTH` and any
    /// extended-length command answers `67 00`.
    pub short_apdu_only: bool,
    /// Self-diagnosis failure: GET CHALLENGE and every command after it (until reset) answer
    /// `6F 00`; the free MF files stay readable before that point.
    pub broken_from_challenge: bool,
    /// Truncated responses (see [`Truncation`]).
    pub truncation: Option<Truncation>,
    /// A card built to break readers (see [`Hostile`]).
    pub hostile: Option<Hostile>,
}

/// A card built to break readers: it answers like a healthy card except at the one point it
/// attacks. The reader must end each in a specific error or an "abnormal" verdict, in bounded
/// time and memory (rust-core/tests/hostile_cards.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostile {
    /// GET CHALLENGE, an 8-byte request, is answered with 65 536 bytes and `90 00`.
    HugeChallengeAnswer,
    /// Every SM READ answer's cryptogram object claims 16 bytes more than it carries.
    SmLengthOverclaim,
    /// SM READ answers are enciphered over plaintext padded without the `80` marker (zeros only).
    SmBadPadding,
    /// From GET CHALLENGE on, every command is answered `61 FF` ("more data available"), forever.
    Endless61xx,
    /// From the first SM READ on, every command is answered `6C xx` ("wrong Le; use xx"), forever,
    /// whatever Le the reader sends.
    Endless6Cxx,
    /// Every answer takes `millis` milliseconds: on the card's simulated clock when one is attached
    /// ([`crate::softcard::SoftCard::with_clock`]), in real time otherwise.
    Slow { millis: u64 },
}

/// Choices the spec leaves open (gen1-chip.md §11: "make each such choice a setting and do not let
/// reader code depend on it"). Defaults are the stricter reading, to catch reader shortcuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Behaviour {
    /// The spec says GET CHALLENGE must be *immediately* followed by MUTUAL AUTHENTICATE. When
    /// false (default) any other command discards the challenge.
    pub challenge_survives_other_commands: bool,
}
