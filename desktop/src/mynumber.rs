//! `zairyu mynumber status|check|read|auth|signature`: the core's My Number checks on a PC/SC
//! reader or the software card. PINs never come from the command line: a no-echo prompt on a
//! terminal (after the card's counter is read, so the prompt shows the tries left and the lock
//! warning) or one line on stdin with `--pin-stdin` / `--password-stdin`. Error texts come from
//! the core's catalogue (`present`).

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use zairyu_core::mynumber::matching::{compare, MatchInput, MatchResult};
use zairyu_core::mynumber::trust::CvcCaKey;
use zairyu_core::mynumber::{
    self, CardKind, Holder, MnVerification, MyNumberError, MyNumberOptions, MyNumberTrust, PinPrompt, PinSource,
    PinStatus, Step, Verdict,
};
use zairyu_core::present::mynumber::{from_my_number_error, pin_entry_screen};
use zairyu_core::softcard::mynumber::fixtures as fx;
use zairyu_core::softcard::SoftCard;
use zairyu_core::Transceiver;
use zeroize::Zeroizing;

use crate::cli::{MnCommand, MnCommon};
use crate::errors::AppError;
use crate::images::write_private;
use crate::pcsc_transport::{self, PcscTransport};
use crate::{exit, read};

const MAX_TRUST_FILE: u64 = 1 << 20;

/// The error object for a My Number error: the catalogue's texts, plus `tries_left` where the
/// code carries it.
pub fn app_error(e: &MyNumberError) -> AppError {
    if let MyNumberError::Read(r) = e {
        return AppError::from_read(r);
    }
    let info = from_my_number_error(e);
    let mut err = AppError::new(e.code(), info.message.ja, info.message.en);
    if let Some(n) = e.tries_left() {
        err = err.with("tries_left", n);
    }
    if let Some(p) = e.pin() {
        err = err.with("pin", p.as_str());
    }
    match e {
        MyNumberError::InvalidPin(p) => {
            err = err.with("reason", p.reason.as_str());
            if let Some(pos) = p.position {
                err = err.with("position", pos);
            }
        }
        MyNumberError::InvalidCollationInput(c) => {
            err = err.with("field", c.field.as_str()).with("reason", c.reason.as_str());
        }
        _ => {}
    }
    err
}

/// `--trust FILE`: a CVC CA key as JSON (`{"key_id_hex", "modulus_hex", "exponent"}`) or an X.509
/// root (DER or PEM). Every anchor given here is a test anchor.
pub fn load_trust(paths: &[PathBuf], softcard: bool) -> Result<MyNumberTrust, AppError> {
    let mut t = MyNumberTrust::default();
    for path in paths {
        let shown = path.display().to_string();
        let bad = |why: &str| AppError::trust_anchor(&shown, why);
        let len = std::fs::metadata(path).map_err(|e| bad(&e.to_string()))?.len();
        if len > MAX_TRUST_FILE {
            return Err(bad("larger than 1 MiB"));
        }
        let bytes = std::fs::read(path).map_err(|e| bad(&e.to_string()))?;
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            t.add_test_cvc_key(cvc_key_json(&bytes).map_err(|why| bad(&why))?);
        } else {
            t.add_test_root(&bytes, &shown).map_err(|e| bad(&e.to_string()))?;
        }
    }
    if softcard {
        // The software card's own test hierarchy, as `zairyu read --softcard` trusts its test root.
        t.add_test_root(fx::AUTH_ROOT_DER, "built-in TEST auth root").map_err(|e| AppError::internal(&e.to_string()))?;
        t.add_test_root(fx::SIGN_ROOT_DER, "built-in TEST sign root").map_err(|e| AppError::internal(&e.to_string()))?;
        for j in [fx::CVCA_9000020_JSON, fx::CVCA_9000023_JSON, fx::CVCA_9000033_JSON] {
            t.add_test_cvc_key(cvc_key_json(j.as_bytes()).map_err(|e| AppError::internal(&e))?);
        }
    }
    Ok(t)
}

fn cvc_key_json(bytes: &[u8]) -> Result<CvcCaKey, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).ok_or_else(|| format!("missing \"{k}\""));
    let exponent = v.get("exponent").and_then(Value::as_u64).ok_or("missing \"exponent\"")?;
    CvcCaKey::test_from_hex(s("key_id_hex")?, s("modulus_hex")?, exponent).map_err(|e| e.to_string())
}

/// Where the PIN comes from.
struct Prompt {
    stdin: bool,
    label: &'static str,
}

impl PinSource for Prompt {
    fn pin(&self, prompt: &PinPrompt) -> Option<Zeroizing<String>> {
        let screen = pin_entry_screen(prompt);
        if self.stdin {
            let mut line = Zeroizing::new(String::new());
            std::io::stdin().lock().read_line(&mut line).ok()?;
            let trimmed = line.trim_end_matches(['\n', '\r']).to_owned();
            return Some(Zeroizing::new(trimmed));
        }
        eprintln!("{} / {}", screen.instruction.ja, screen.instruction.en);
        eprintln!("{} / {}", screen.tries_left.ja, screen.tries_left.en);
        eprintln!("{}", screen.lock_warning.ja);
        eprintln!("{}", screen.unlock_note.ja);
        if let Some(c) = &screen.last_try_confirmation {
            eprintln!("{} / {}", c.ja, c.en);
        }
        rpassword::prompt_password(format!("{}: ", self.label)).ok().map(Zeroizing::new)
    }
}

fn match_input(c: &MnCommon) -> Option<MatchInput> {
    let m = MatchInput { name: c.match_name.clone(), birth_date: c.match_birth.clone(), address: c.match_address.clone() };
    (m.name.is_some() || m.birth_date.is_some() || m.address.is_some()).then_some(m)
}

fn step_json(v: &mut Map<String, Value>, key: &str, step: Option<Step>) {
    if let Some(s) = step {
        v.insert(key.into(), s.as_str().into());
        if let Some(r) = s.reason() {
            v.entry("reason").or_insert_with(|| r.into());
        }
    }
}

fn verification_json(v: &MnVerification, jpki: bool) -> Value {
    let mut m = Map::new();
    step_json(&mut m, "tamper", v.tamper);
    step_json(&mut m, "integrity", v.integrity);
    step_json(&mut m, "signature", v.signature);
    step_json(&mut m, "chain", v.chain);
    step_json(&mut m, "individual_number_integrity", v.my_number_digest);
    if let Some(s) = v.certificate_status {
        m.insert("certificate_status".into(), s.as_str().into());
    }
    if jpki {
        m.insert("revocation".into(), "not_checked".into());
    }
    m.insert("test_anchor".into(), v.test_anchor.into());
    if let Some(a) = &v.anchor {
        m.insert("anchor".into(), a.as_str().into());
    }
    if let Some(p) = v.anchor_provenance {
        m.insert("anchor_provenance".into(), p.into());
    }
    m.insert("verdict".into(), v.verdict.as_str().into());
    Value::Object(m)
}

fn pins_json(pins: &[PinStatus]) -> Value {
    let mut m = Map::new();
    for p in pins {
        m.insert(p.kind.as_str().into(), json!({"tries_left": p.tries_left, "blocked": p.blocked}));
    }
    Value::Object(m)
}

fn holder_json(h: &Holder) -> Value {
    let mut m = Map::new();
    if let Some(n) = &h.name {
        m.insert("name".into(), n.as_str().into());
    }
    if let Some(a) = &h.address {
        m.insert("address".into(), a.as_str().into());
    }
    if let Some(b) = h.birth_date_iso() {
        m.insert("birth_date".into(), b.into());
    }
    if let Some(s) = h.sex {
        m.insert("sex".into(), s.as_str().into());
    }
    Value::Object(m)
}

fn match_json(m: &MatchResult) -> Value {
    let mut o = Map::new();
    for (k, v) in [("name", m.name), ("birth_date", m.birth_date), ("address", m.address)] {
        if let Some(v) = v {
            o.insert(k.into(), v.into());
        }
    }
    Value::Object(o)
}

fn base(check: &str, kind: CardKind, pins: &[PinStatus]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("status".into(), "ok".into());
    m.insert("check".into(), check.into());
    m.insert("card".into(), json!({"kind": kind.as_str()}));
    m.insert("pins".into(), pins_json(pins));
    m
}

fn image_json(dir: Option<&Path>, name: &str, img: &zairyu_core::model::CardImage) -> Result<Value, AppError> {
    let png = img.raw.starts_with(b"\x89PNG\r\n\x1a\n");
    let format = if png { "png" } else if img.format.is_some() { "jpeg2000" } else { "unknown" };
    let mut m = Map::new();
    m.insert("format".into(), format.into());
    m.insert("bytes".into(), img.raw.len().into());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(|e| AppError::output(&dir.display().to_string(), &e.to_string()))?;
        let path = dir.join(format!("{name}.png"));
        let bytes = if png {
            Some(img.raw.clone())
        } else {
            img.decoded.as_ref().ok().and_then(|d| zairyu_core::image::to_png(d).ok())
        };
        if let Some(bytes) = bytes {
            write_private(&path, &bytes).map_err(|e| AppError::output(&path.display().to_string(), &e.to_string()))?;
            m.insert("file".into(), path.display().to_string().into());
        }
    }
    Ok(Value::Object(m))
}

fn exit_for(verdict: Option<Verdict>, matched: Option<&MatchResult>) -> u8 {
    let abnormal = verdict == Some(Verdict::Abnormal) || matched.is_some_and(|m| !m.all_match());
    if abnormal {
        exit::ABNORMAL
    } else {
        exit::OK
    }
}

/// The check itself on one transport: the JSON object and the exit status.
fn check(cmd: &MnCommand, t: &dyn Transceiver, options: &MyNumberOptions, c: &MnCommon) -> Result<(Value, u8), AppError> {
    let err = |e: MyNumberError| app_error(&e);
    let wanted = match_input(c);
    Ok(match cmd {
        MnCommand::Status(_) => {
            let r = mynumber::status(t, options).map_err(err)?;
            let mut m = base("status", r.kind, &r.pins);
            m.insert("certificates".into(), json!({"auth": r.auth_certificate, "signature": r.signature_certificate}));
            (Value::Object(m), exit::OK)
        }
        MnCommand::Check(a) => {
            let r = mynumber::in_person_check(t, options, &a.birth, &a.expiry_year, &a.code).map_err(err)?;
            let mut m = base("in_person", r.kind, &r.pins);
            let mut h = holder_json(&r.holder);
            if let (Value::Object(h), Some((y, mo, d))) = (&mut h, r.card_expiry) {
                h.insert("card_expiry".into(), format!("{y:04}-{mo:02}-{d:02}").into());
            }
            m.insert("holder".into(), h);
            let dir = a.out.as_deref();
            m.insert(
                "images".into(),
                json!({
                    "photo": image_json(dir, "photo", &r.photo)?,
                    "name": image_json(dir, "name", &r.name_image)?,
                    "address": image_json(dir, "address", &r.address_image)?,
                }),
            );
            m.insert("verification".into(), verification_json(&r.verification, false));
            let matched = wanted.map(|w| compare(&w, &r.holder));
            if let Some(mr) = &matched {
                m.insert("match".into(), match_json(mr));
            }
            (Value::Object(m), exit_for(Some(r.verification.verdict), matched.as_ref()))
        }
        MnCommand::Read(a) => {
            let pin = Prompt { stdin: c.pin_stdin, label: "暗証番号 / PIN" };
            let r = mynumber::pin_check(t, options, &pin, a.with_individual_number).map_err(err)?;
            let mut m = base("pin", r.kind, &r.pins);
            m.insert("holder".into(), holder_json(&r.holder));
            if let Some(n) = &r.individual_number {
                m.insert("individual_number".into(), n.reveal().into());
            }
            m.insert("verification".into(), verification_json(&r.verification, false));
            let matched = wanted.map(|w| compare(&w, &r.holder));
            if let Some(mr) = &matched {
                m.insert("match".into(), match_json(mr));
            }
            (Value::Object(m), exit_for(Some(r.verification.verdict), matched.as_ref()))
        }
        MnCommand::Auth(_) => {
            let pin = Prompt { stdin: c.pin_stdin, label: "利用者証明用暗証番号 / PIN" };
            let r = mynumber::auth_check(t, options, &pin).map_err(err)?;
            let mut m = base("auth", r.kind, &r.pins);
            m.insert("verification".into(), verification_json(&r.verification, true));
            (Value::Object(m), exit_for(Some(r.verification.verdict), None))
        }
        MnCommand::Signature(_) => {
            let pin = Prompt { stdin: c.password_stdin, label: "署名用パスワード / Password" };
            let r = mynumber::signature_check(t, options, &pin).map_err(err)?;
            let mut m = base("signature", r.kind, &r.pins);
            m.insert("holder".into(), holder_json(&r.holder));
            m.insert("verification".into(), verification_json(&r.verification, true));
            let matched = wanted.map(|w| compare(&w, &r.holder));
            if let Some(mr) = &matched {
                m.insert("match".into(), match_json(mr));
            }
            (Value::Object(m), exit_for(Some(r.verification.verdict), matched.as_ref()))
        }
    })
}

/// Human output: the JSON's facts as lines (the check names, verdict, reasons, holder).
fn human(v: &Value) -> String {
    let mut out = String::new();
    let walk = |prefix: &str, v: &Value, out: &mut String| {
        if let Value::Object(m) = v {
            for (k, x) in m {
                match x {
                    Value::Object(_) => {}
                    _ => out.push_str(&format!("{prefix}{k}: {}\n", x.as_str().map_or_else(|| x.to_string(), str::to_owned))),
                }
            }
        }
    };
    walk("", v, &mut out);
    if let Value::Object(m) = v {
        for (k, x) in m {
            if x.is_object() {
                out.push_str(&format!("[{k}]\n"));
                walk("  ", x, &mut out);
                if let Value::Object(inner) = x {
                    for (ik, ix) in inner {
                        if ix.is_object() {
                            out.push_str(&format!("  [{ik}]\n"));
                            walk("    ", ix, &mut out);
                        }
                    }
                }
            }
        }
    }
    out
}

fn needs_pin(cmd: &MnCommand) -> Option<bool> {
    match cmd {
        MnCommand::Read(_) | MnCommand::Auth(_) => Some(false),
        MnCommand::Signature(_) => Some(true),
        _ => None,
    }
}

pub fn execute(cmd: &MnCommand, json_out: bool) -> Result<(Value, u8), AppError> {
    let c = cmd.common();
    if let Some(password) = needs_pin(cmd) {
        let from_stdin = if password { c.password_stdin } else { c.pin_stdin };
        if !from_stdin && !std::io::stdin().is_terminal() {
            let flag = if password { "--password-stdin" } else { "--pin-stdin" };
            return Err(AppError::usage(
                format!("暗証番号は端末で入力するか、{flag} で標準入力から1行で渡してください（コマンドラインでは受け付けません）"),
                format!("Enter the PIN on a terminal, or pass one line on stdin with {flag} (never on the command line)"),
            ));
        }
    }
    let _ = json_out;
    let options = MyNumberOptions {
        trust: load_trust(&c.trust, c.softcard.is_some())?,
        allow_last_try: c.allow_last_try,
        ..MyNumberOptions::default()
    };
    match &c.softcard {
        Some(name) => {
            let card = SoftCard::new(read::profile(name)?);
            check(cmd, &card, &options, c)
        }
        None => {
            let ctx = pcsc_transport::establish()?;
            let readers = pcsc_transport::list_readers(&ctx)?;
            let name = pcsc_transport::choose_reader(&readers, c.reader.as_deref())?;
            let transport = PcscTransport::connect(&ctx, &name)?;
            check(cmd, &transport, &options, c)
        }
    }
}

pub fn run(cmd: &MnCommand, json_out: bool) -> u8 {
    match execute(cmd, json_out) {
        Ok((v, code)) => {
            if json_out {
                println!("{v}");
            } else {
                print!("{}", human(&v));
            }
            code
        }
        Err(e) => {
            crate::report_error(&e, json_out);
            e.exit_code()
        }
    }
}
