//! `zairyu`, the desktop command-line reader: the official Windows app's job on every desktop, plus
//! the software card served to PC/SC for tests. All card logic is in `zairyu-core`; this crate is
//! transport, output and process plumbing.

pub mod cli;
pub mod errors;
pub mod exit;
pub mod extended;
pub mod human;
pub mod images;
pub mod json;
pub mod mynumber;
pub mod pcsc_transport;
pub mod progress;
pub mod read;
pub mod readers;
pub mod serve;
pub mod trust;
pub mod vpcd;

use std::ffi::OsString;
use std::io::Write;

use cli::{Command, Parsed, SoftcardCommand};
use errors::AppError;

/// Prints an error where it belongs: the one JSON object on stdout, or text on stderr.
pub fn report_error(e: &AppError, json_out: bool) {
    if json_out {
        println!("{}", e.to_json());
    } else {
        eprint!("{}", human::error(e));
    }
}

/// Logs go to stderr only, and only when asked for (`--verbose` or `RUST_LOG`); the core logs
/// steps, sizes and status words, never card data.
fn init_logging(verbose: bool) {
    let mut b = env_logger::Builder::new();
    b.target(env_logger::Target::Stderr);
    match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.is_empty() => {
            b.parse_filters(&spec);
        }
        _ if verbose => {
            // Our steps at info; dependencies (image decoders) only when they warn.
            b.filter_level(log::LevelFilter::Warn);
            b.filter_module("zairyu_core", log::LevelFilter::Info);
            b.filter_module("zairyu_desktop", log::LevelFilter::Info);
        }
        _ => {
            b.filter_level(log::LevelFilter::Off);
        }
    }
    let _ = b.try_init();
}

fn dispatch(cli: cli::Cli) -> u8 {
    let json_out = cli.json;
    let progress = progress::Bar::wanted(json_out);
    match cli.command {
        Command::Read(args) => {
            let source = match &args.softcard {
                Some(name) => match read::profile(name) {
                    Ok(profile) => read::Source::Softcard { profile },
                    Err(e) => {
                        report_error(&e, json_out);
                        return e.exit_code();
                    }
                },
                None => read::Source::Pcsc { reader: args.reader.clone() },
            };
            let req = read::ReadRequest {
                source,
                number: args.number,
                trust: args.trust,
                delivery_key: args.delivery_key,
                out: args.out,
                verbose: cli.verbose,
                default_trust_dir: trust::default_dir(),
                progress,
            };
            read::run(&req, json_out)
        }
        Command::Demo(args) => {
            let profile = match read::profile("residence") {
                Ok(p) => p,
                Err(e) => {
                    report_error(&e, json_out);
                    return e.exit_code();
                }
            };
            if !json_out {
                eprintln!("ソフトウェアカード「residence」を読み取ります（ハードウェア不要） / Reading the built-in software card \"residence\" (no hardware needed)");
            }
            let req = read::ReadRequest {
                source: read::Source::Softcard { profile },
                number: None,
                trust: Vec::new(),
                delivery_key: None,
                out: args.out,
                verbose: cli.verbose,
                default_trust_dir: None,
                progress,
            };
            read::run(&req, json_out)
        }
        Command::Readers => readers::run(json_out),
        Command::Softcard(SoftcardCommand::List) => serve::list(json_out),
        Command::Softcard(SoftcardCommand::Serve(args)) => serve::run(&args.vpcd, &args.profile, args.seed, json_out),
        Command::Mynumber(cmd) => mynumber::run(&cmd, json_out),
    }
}

/// The whole program; returns the exit status.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match cli::parse(args) {
        Parsed::Print { text, to_stderr, code } => {
            if to_stderr {
                eprint!("{text}");
            } else {
                print!("{text}");
                let _ = std::io::stdout().flush();
            }
            code
        }
        Parsed::Usage { error, text, json } => {
            if json {
                println!("{}", error.to_json());
            } else {
                eprint!("{text}");
            }
            error.exit_code()
        }
        Parsed::Run(cli) => {
            init_logging(cli.verbose);
            let json_out = cli.json;
            // A bug must still end in the documented shape (one JSON object, exit 2), not a raw
            // panic; the panic message itself never contains card data.
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(cli))) {
                Ok(code) => code,
                Err(_) => {
                    let e = AppError::internal("panic");
                    report_error(&e, json_out);
                    e.exit_code()
                }
            }
        }
    }
}
