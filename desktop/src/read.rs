//! `zairyu read` and `zairyu demo`: one read from a PC/SC reader or the software card, with one
//! automatic retry in short-APDU mode when the reader refuses extended lengths.

use std::path::PathBuf;

use zairyu_core::softcard::{Profile, SoftCard};
use zairyu_core::{read_card, CardNumber, ProgressListener, ReadError, ReadOptions, Reading, Transceiver};

use crate::errors::AppError;
use crate::extended::Guarded;
use crate::images::{self, Written};
use crate::pcsc_transport::{self, PcscTransport};
use crate::progress::Bar;
use crate::{human, json, trust};

pub enum Source {
    Pcsc { reader: Option<String> },
    Softcard { profile: Profile },
}

pub struct ReadRequest {
    pub source: Source,
    pub number: Option<String>,
    pub trust: Vec<PathBuf>,
    /// `--delivery-key FILE` (specified cards); `None` = the installed one, if any.
    pub delivery_key: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub verbose: bool,
    /// Where the built-in trust directory is looked for; `None` in tests for reproducibility.
    pub default_trust_dir: Option<PathBuf>,
    /// Draw a progress bar (stderr is a terminal and no JSON).
    pub progress: bool,
}

/// A software card profile by name, or a usage error listing the names.
pub fn profile(name: &str) -> Result<Profile, AppError> {
    Profile::by_name(name).ok_or_else(|| {
        let names = Profile::names().join(", ");
        AppError::usage(
            format!("ソフトウェアカードのプロファイル「{name}」はありません。使えるもの: {names}"),
            format!("No software card profile \"{name}\"; profiles: {names}"),
        )
        .with("profiles", Profile::names().to_vec())
    })
}

/// Reads once; when the transport refused an extended-length APDU, gets a fresh transport from
/// `reconnect` (the card reset, so no half-done session lingers) and reads once more with short
/// APDUs only. Any other failure is final: retrying a wrong number could count against the card.
pub fn read_with_short_retry<T: Transceiver>(
    transport: T,
    reconnect: impl FnOnce(T) -> Result<T, AppError>,
    number: &CardNumber,
    options: &ReadOptions,
    progress: &dyn ProgressListener,
    note: &dyn Fn(&str),
) -> Result<Result<Reading, ReadError>, AppError> {
    let first = Guarded::new(transport, false);
    match read_card(number, &first, options, progress) {
        Err(_) if first.extended_rejected() => {
            note(SHORT_RETRY_NOTE);
            let second = Guarded::new(reconnect(first.into_inner())?, true);
            Ok(read_card(number, &second, options, progress))
        }
        r => Ok(r),
    }
}

/// The software card's "reconnect": the same card, power-cycled.
fn reset_softcard(card: &SoftCard) -> Result<&SoftCard, AppError> {
    card.reset();
    Ok(card)
}

const SHORT_RETRY_NOTE: &str =
    "カードリーダーが拡張APDUを受け付けないため、短いAPDUで読み直します / the reader refused an extended-length APDU; reading again with short APDUs";

/// Does the read and writes the images; the caller prints.
pub fn execute(req: &ReadRequest, cancel: &zairyu_core::CancelToken) -> Result<(Reading, Written), AppError> {
    let softcard = matches!(req.source, Source::Softcard { .. });
    let setup = trust::build(&req.trust, req.default_trust_dir.as_deref(), softcard)?;
    if req.verbose {
        for line in &setup.report {
            eprintln!("{line}");
        }
        eprintln!("信頼するルート証明書 / Trust anchors:");
        for line in trust::anchor_lines(&setup.store) {
            eprintln!("  {line}");
        }
    }
    let number = match (&req.number, &req.source) {
        (Some(n), _) => CardNumber::parse(n).map_err(|e| AppError::invalid_number(&e))?,
        (None, Source::Softcard { profile }) => profile.card_number().clone(),
        (None, Source::Pcsc { .. }) => {
            return Err(AppError::usage("--number で在留カード等番号を指定してください", "Give the card number with --number"))
        }
    };
    let mut key_report = Vec::new();
    let delivery_key = trust::delivery_key(
        req.delivery_key.as_deref(),
        req.default_trust_dir.as_deref(),
        &req.trust,
        softcard,
        &mut key_report,
    )?;
    if req.verbose {
        for line in &key_report {
            eprintln!("{line}");
        }
    }
    let options = ReadOptions { trust: setup.store, cancel: cancel.clone(), delivery_key, ..ReadOptions::default() };
    let bar = Bar::new(req.progress);
    let note = |line: &str| bar.note(line);
    let result = match &req.source {
        Source::Softcard { profile } => {
            let card = SoftCard::new(profile.clone());
            read_with_short_retry(&card, reset_softcard, &number, &options, &bar, &note)
        }
        Source::Pcsc { reader } => {
            let ctx = pcsc_transport::establish()?;
            let readers = pcsc_transport::list_readers(&ctx)?;
            let name = pcsc_transport::choose_reader(&readers, reader.as_deref())?;
            if req.verbose {
                eprintln!("カードリーダー / Reader: {name}");
            }
            let transport = PcscTransport::connect(&ctx, &name)?;
            let reconnect = |t: PcscTransport| {
                t.disconnect_reset();
                PcscTransport::connect(&ctx, &name)
            };
            read_with_short_retry(transport, reconnect, &number, &options, &bar, &note)
        }
    };
    bar.finish();
    let reading = result?.map_err(|e| AppError::from_read(&e))?;
    let written = match &req.out {
        Some(dir) => images::write(&reading, dir)?,
        None => Written::default(),
    };
    Ok((reading, written))
}

/// The whole command: read, print (JSON on stdout, or text on stdout and errors on stderr), and
/// return the exit status.
pub fn run(req: &ReadRequest, json_out: bool) -> u8 {
    let cancel = zairyu_core::CancelToken::new();
    {
        let cancel = cancel.clone();
        // Ctrl-C stops the read between two APDUs instead of killing it mid-exchange.
        let _ = ctrlc::set_handler(move || cancel.cancel());
    }
    match execute(req, &cancel) {
        Ok((reading, written)) => {
            if json_out {
                println!("{}", json::reading(&reading, &written));
            } else {
                print!("{}", human::reading(&reading, &written));
            }
            crate::exit::for_verdict(reading.verification.verdict)
        }
        Err(e) => {
            crate::report_error(&e, json_out);
            e.exit_code()
        }
    }
}
