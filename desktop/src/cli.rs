//! The command line. Parsing never exits the process by itself: [`parse`] hands clap's errors back
//! so the caller can give them exit status 64 (usage) and, with `--json`, a JSON error object.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::errors::AppError;
use crate::exit;

#[derive(Debug, Parser)]
#[command(
    name = "zairyu",
    version,
    about = "在留カード等の読み取りと検証 / Read and verify residence cards and special permanent resident certificates",
    long_about = None,
    arg_required_else_help = true
)]
pub struct Cli {
    /// Print exactly one JSON object on stdout (progress and logs never go there).
    #[arg(long, global = true)]
    pub json: bool,
    /// List the trust anchors used and log steps (never card data) on stderr.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read and verify the card on a PC/SC reader (or a software card with --softcard).
    Read(ReadArgs),
    /// Read the built-in software card (profile "residence"): the whole job, no hardware needed.
    Demo(DemoArgs),
    /// List the PC/SC card readers and whether a card is on them.
    Readers,
    /// Serve the software card to the system's PC/SC stack, or list its profiles.
    #[command(subcommand)]
    Softcard(SoftcardCommand),
    /// マイナンバーカードの確認 / My Number card checks (in-person, PIN, JPKI).
    #[command(subcommand)]
    Mynumber(MnCommand),
}

/// `zairyu mynumber …` (issue 15).
#[derive(Debug, Subcommand)]
pub enum MnCommand {
    /// Which card, tries left for every PIN, which certificates are present. No PIN asked.
    Status(MnStatusArgs),
    /// In-person check (券面事項確認AP): birth date, expiry year and security code, no PIN.
    Check(MnCheckArgs),
    /// PIN check (券面事項入力補助AP): name, address, birth date, sex with the 4-digit PIN.
    Read(MnReadArgs),
    /// JPKI authentication check: certificate and a live signature (4-digit PIN).
    Auth(MnStatusArgs),
    /// JPKI signature certificate check (6–16 character password).
    Signature(MnStatusArgs),
}

impl MnCommand {
    pub fn common(&self) -> &MnCommon {
        match self {
            MnCommand::Status(a) | MnCommand::Auth(a) | MnCommand::Signature(a) => &a.common,
            MnCommand::Check(a) => &a.common,
            MnCommand::Read(a) => &a.common,
        }
    }
}

/// Options every `mynumber` subcommand takes.
#[derive(Debug, Args)]
pub struct MnCommon {
    /// The reader to use (exact name, or a unique part of it); default: the only reader.
    #[arg(long, short = 'r', conflicts_with = "softcard")]
    pub reader: Option<String>,
    /// Use a built-in software card profile instead of a reader (`zairyu softcard list`).
    #[arg(long, value_name = "PROFILE")]
    pub softcard: Option<String>,
    /// Allow a PIN try when only one is left (a wrong entry then locks the PIN).
    #[arg(long)]
    pub allow_last_try: bool,
    /// Test anchor: an X.509 root (DER or PEM) or a CVC CA key as JSON; repeatable.
    #[arg(long, value_name = "FILE")]
    pub trust: Vec<PathBuf>,
    /// Read the 4-digit PIN as one line from stdin instead of a terminal prompt.
    #[arg(long)]
    pub pin_stdin: bool,
    /// Read the signature password as one line from stdin instead of a terminal prompt.
    #[arg(long)]
    pub password_stdin: bool,
    /// Compare the card's name with this text.
    #[arg(long, value_name = "TEXT")]
    pub match_name: Option<String>,
    /// Compare the card's birth date with this date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub match_birth: Option<String>,
    /// Compare the card's address with this text.
    #[arg(long, value_name = "TEXT")]
    pub match_address: Option<String>,
}

#[derive(Debug, Args)]
pub struct MnStatusArgs {
    #[command(flatten)]
    pub common: MnCommon,
}

#[derive(Debug, Args)]
pub struct MnCheckArgs {
    #[command(flatten)]
    pub common: MnCommon,
    /// Birth date printed on the card (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub birth: String,
    /// The year the card expires (YYYY).
    #[arg(long, value_name = "YYYY")]
    pub expiry_year: String,
    /// The 4-digit security code printed under the photo.
    #[arg(long, value_name = "NNNN")]
    pub code: String,
    /// Write the photo, name and address images as PNG into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MnReadArgs {
    #[command(flatten)]
    pub common: MnCommon,
    /// Also read the 12-digit individual number (個人番号); only where the law allows it.
    #[arg(long)]
    pub with_individual_number: bool,
    /// Accepted for symmetry with `check`; the PIN check has no images.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The 12-character card number (在留カード等番号) printed on the card.
    #[arg(long, short = 'n', required_unless_present = "softcard")]
    pub number: Option<String>,
    /// The reader to use (exact name, or a unique part of it); default: the only reader.
    #[arg(long, short = 'r', conflicts_with = "softcard")]
    pub reader: Option<String>,
    /// Trust anchor: a certificate file (DER or PEM) or a directory of pinned production roots.
    #[arg(long, value_name = "FILE|DIR")]
    pub trust: Vec<PathBuf>,
    /// Write the card images (front.png, face.png) into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Read a built-in software card profile instead of a reader (see `zairyu softcard list`).
    #[arg(long, value_name = "PROFILE")]
    pub softcard: Option<String>,
    /// ISA's RSA delivery key for specified cards (07/08): DER SubjectPublicKeyInfo, PEM, or
    /// ISA's keys_smrsapub_001.bin. Default: keys_smrsapub_001.bin in the trust directory.
    #[arg(long, value_name = "FILE")]
    pub delivery_key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Write the card images (front.png, face.png) into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SoftcardCommand {
    /// Connect the software card to pcscd's vpcd virtual reader (vsmartcard) until Ctrl-C.
    Serve(ServeArgs),
    /// List the software card's profiles.
    List,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where vpcd listens (pcscd's vpcd driver; Debian's default port is 35963).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:35963")]
    pub vpcd: String,
    /// The software card profile to serve.
    #[arg(long, default_value = "residence")]
    pub profile: String,
    /// Seed the card's randoms (challenges, session keys, the garbage profile's bytes) so a run
    /// can be replayed exactly; fresh from the OS when not given.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// What to do after parsing.
#[derive(Debug)]
pub enum Parsed {
    Run(Cli),
    /// Help or version text: print it and exit with `code`.
    Print { text: String, to_stderr: bool, code: u8 },
    Usage { error: AppError, text: String, json: bool },
}

/// clap's message without the usage block, on one line, for the JSON error and the Japanese text.
fn summary(text: &str) -> String {
    let head = text.split("\n\nUsage:").next().unwrap_or(text);
    let head = head.split("\n\nFor more information").next().unwrap_or(head);
    let words: Vec<&str> = head.split_whitespace().collect();
    let line = words.join(" ");
    let line = line.strip_prefix("error: ").unwrap_or(&line).to_owned();
    if line.is_empty() {
        "invalid command line".to_owned()
    } else {
        line
    }
}

/// Parses the arguments; clap's own errors become exit 64 instead of clap's 2, because 2 means "the
/// read failed" here.
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let json = args.iter().skip(1).any(|a| a == "--json");
    match Cli::try_parse_from(&args) {
        Ok(cli) => Parsed::Run(cli),
        Err(e) => {
            use clap::error::ErrorKind;
            let text = e.render().to_string();
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Parsed::Print { text, to_stderr: false, code: exit::OK },
                _ => {
                    let first = summary(&text);
                    let error = AppError::usage(format!("コマンドの指定が正しくありません: {first}"), format!("Invalid command line: {first}"));
                    Parsed::Usage { error, text, json }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage_of(args: &[&str]) -> (AppError, bool) {
        match parse(args.iter().copied()) {
            Parsed::Usage { error, json, .. } => (error, json),
            other => panic!("expected a usage error for {args:?}, got {other:?}"),
        }
    }

    #[test]
    fn read_parses_all_options() {
        let Parsed::Run(cli) = parse([
            "zairyu", "read", "--number", "AB12345678CD", "--reader", "PaSoRi", "--trust", "a.der", "--trust", "dir", "--out", "o", "--json", "-v",
        ]) else {
            panic!("parse failed")
        };
        assert!(cli.json && cli.verbose);
        let Command::Read(r) = cli.command else { panic!("not read") };
        assert_eq!(r.number.as_deref(), Some("AB12345678CD"));
        assert_eq!(r.reader.as_deref(), Some("PaSoRi"));
        assert_eq!(r.trust, vec![PathBuf::from("a.der"), PathBuf::from("dir")]);
        assert_eq!(r.out, Some(PathBuf::from("o")));
        assert_eq!(r.delivery_key, None);
    }

    #[test]
    fn read_takes_a_delivery_key_file() {
        let Parsed::Run(cli) = parse(["zairyu", "read", "--number", "ST13572468UV", "--delivery-key", "k.der"]) else { panic!() };
        let Command::Read(r) = cli.command else { panic!() };
        assert_eq!(r.delivery_key, Some(PathBuf::from("k.der")));
    }

    #[test]
    fn softcard_read_needs_no_number() {
        let Parsed::Run(cli) = parse(["zairyu", "read", "--softcard", "sprc"]) else { panic!() };
        let Command::Read(r) = cli.command else { panic!() };
        assert_eq!(r.softcard.as_deref(), Some("sprc"));
        assert_eq!(r.number, None);
    }

    #[test]
    fn usage_errors_exit_64() {
        for args in [
            &["zairyu", "read"][..],
            &["zairyu", "frobnicate"],
            &["zairyu", "read", "--number"],
            &["zairyu", "read", "--number", "X", "--bogus"],
            &["zairyu", "read", "--softcard", "residence", "--reader", "R"],
            &["zairyu", "softcard"],
            &["zairyu"],
        ] {
            let (e, _) = usage_of(args);
            assert_eq!(e.code, "usage", "{args:?}");
            assert_eq!(e.exit_code(), 64, "{args:?}");
        }
    }

    #[test]
    fn usage_error_remembers_json() {
        let (e, json) = usage_of(&["zairyu", "read", "--json"]);
        assert!(json);
        assert_eq!(e.to_json()["error"]["code"], "usage");
        assert_eq!(e.message_en, "Invalid command line: the following required arguments were not provided: --number <NUMBER>");
    }

    #[test]
    fn help_and_version_exit_0() {
        assert!(matches!(parse(["zairyu", "--help"]), Parsed::Print { code: 0, .. }));
        assert!(matches!(parse(["zairyu", "--version"]), Parsed::Print { code: 0, .. }));
        assert!(matches!(parse(["zairyu", "read", "--help"]), Parsed::Print { code: 0, .. }));
    }

    #[test]
    fn serve_defaults() {
        let Parsed::Run(cli) = parse(["zairyu", "softcard", "serve"]) else { panic!() };
        let Command::Softcard(SoftcardCommand::Serve(s)) = cli.command else { panic!() };
        assert_eq!(s.vpcd, "127.0.0.1:35963");
        assert_eq!(s.profile, "residence");
        assert_eq!(s.seed, None);
        let Parsed::Run(cli) = parse(["zairyu", "softcard", "serve", "--seed", "7"]) else { panic!() };
        let Command::Softcard(SoftcardCommand::Serve(s)) = cli.command else { panic!() };
        assert_eq!(s.seed, Some(7));
    }
}
