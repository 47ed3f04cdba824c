//! `zairyu mynumber …` as a script sees it: one JSON object, exact fields, exit statuses
//! (0 normal, 1 abnormal or a field differs, 2 error, 64 usage), PINs only from stdin or a TTY.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// Runs `zairyu --json <args>` with `stdin` on standard input; returns (exit, document).
fn run(args: &[&str], stdin: &str) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zairyu"))
        .arg("--json")
        .args(args)
        .env("ZAIRYU_TRUST_DIR", "/nonexistent/zairyu-trust")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zairyu");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(stdout.lines().count(), 1, "one JSON line for {args:?}: {stdout}");
    (out.status.code().expect("exit"), serde_json::from_str(&stdout).expect("JSON"))
}

const PROVENANCE: &str = "test CA key given by the caller";

#[test]
fn status_of_every_pin() {
    let (code, doc) = run(&["mynumber", "status", "--softcard", "mynumber-complete"], "");
    assert_eq!(code, 0);
    assert_eq!(
        doc,
        json!({"status": "ok", "check": "status", "card": {"kind": "my_number_card"},
            "pins": {"input_helper": {"tries_left": 3, "blocked": false}, "collation_b": {"tries_left": 10, "blocked": false},
                     "auth": {"tries_left": 3, "blocked": false}, "signature": {"tries_left": 5, "blocked": false}},
            "certificates": {"auth": true, "signature": true}})
    );
    let (_, doc) = run(&["mynumber", "status", "--softcard", "mynumber-blocked"], "");
    assert_eq!(doc["pins"]["auth"], json!({"tries_left": 0, "blocked": true}));
}

#[test]
fn pin_check_with_match_and_number() {
    let args = ["mynumber", "read", "--softcard", "mynumber-complete", "--pin-stdin", "--with-individual-number",
        "--match-name", "試験 花子", "--match-birth", "1985-04-12", "--match-address", "東京都千代田区霞が関2丁目1番2号 テスト住宅101号"];
    let (code, doc) = run(&args, "1234\n");
    assert_eq!(code, 0);
    assert_eq!(
        doc,
        json!({"status": "ok", "check": "pin", "card": {"kind": "my_number_card"},
            "pins": {"input_helper": {"tries_left": 3, "blocked": false}},
            "holder": {"name": "試験　花子", "address": "東京都千代田区霞が関２丁目１番２号　テスト住宅１０１号", "birth_date": "1985-04-12", "sex": "female"},
            "individual_number": "123456789018",
            "verification": {"integrity": "ok", "individual_number_integrity": "ok", "test_anchor": true, "anchor": "9000033/001",
                             "anchor_provenance": PROVENANCE, "verdict": "normal"},
            "match": {"name": true, "birth_date": true, "address": true}})
    );
    // A field that differs makes the exit status 1.
    let (code, doc) = run(&["mynumber", "read", "--softcard", "mynumber-complete", "--pin-stdin", "--match-name", "試験 太郎"], "1234\n");
    assert_eq!((code, &doc["match"]), (1, &json!({"name": false})));
    assert!(doc.get("individual_number").is_none());
}

#[test]
fn in_person_check_tamper_and_unknown_ca() {
    let base = ["mynumber", "check", "--birth", "1985-04-12", "--expiry-year", "2034", "--code", "4826", "--softcard"];
    let (code, doc) = run(&[&base[..], &["mynumber-complete"]].concat(), "");
    assert_eq!(code, 0);
    assert_eq!(doc["holder"], json!({"birth_date": "1985-04-12", "sex": "female", "card_expiry": "2034-04-12"}));
    assert_eq!(doc["verification"]["tamper"], "ok");
    assert_eq!(doc["images"]["photo"]["format"], "jpeg2000");
    let (code, doc) = run(&[&base[..], &["mynumber-photo-changed"]].concat(), "");
    assert_eq!(code, 1);
    assert_eq!((&doc["verification"]["tamper"], &doc["verification"]["reason"]), (&json!("failed"), &json!("signature_invalid")));
    let (code, doc) = run(&["mynumber", "check", "--birth", "1985-04-12", "--expiry-year", "2034", "--code", "4827", "--softcard", "mynumber-complete"], "");
    assert_eq!((code, &doc["error"]["code"], &doc["error"]["tries_left"]), (2, &json!("wrong_pin"), &json!(9)));
    let (code, doc) = run(&["mynumber", "check", "--birth", "1985-02-30", "--expiry-year", "2034", "--code", "4826", "--softcard", "mynumber-complete"], "");
    assert_eq!((code, &doc["error"]["code"], &doc["error"]["field"]), (2, &json!("invalid_collation_input"), &json!("birth_date")));
}

#[test]
fn jpki_checks_and_pin_safety() {
    let (code, doc) = run(&["mynumber", "auth", "--softcard", "mynumber-complete", "--pin-stdin"], "5678\n");
    assert_eq!(code, 0);
    assert_eq!(
        doc["verification"],
        json!({"signature": "ok", "chain": "ok", "certificate_status": "valid", "revocation": "not_checked",
               "test_anchor": true, "anchor": "built-in TEST auth root", "verdict": "normal"})
    );
    let (code, doc) = run(&["mynumber", "auth", "--softcard", "mynumber-complete", "--pin-stdin"], "0000\n");
    assert_eq!((code, &doc["error"]["code"], &doc["error"]["tries_left"]), (2, &json!("wrong_pin"), &json!(2)));
    let (code, doc) = run(&["mynumber", "signature", "--softcard", "mynumber-last-try", "--password-stdin"], "TEST1234AB\n");
    assert_eq!((code, &doc["error"]["code"], &doc["error"]["tries_left"]), (2, &json!("last_try_refused"), &json!(1)));
    let (code, doc) = run(&["mynumber", "signature", "--softcard", "mynumber-last-try", "--password-stdin", "--allow-last-try"], "TEST1234AB\n");
    assert_eq!((code, &doc["verification"]["chain"]), (0, &json!("ok")));
    let (code, doc) = run(&["mynumber", "read", "--softcard", "mynumber-blocked", "--pin-stdin", "--allow-last-try"], "1234\n");
    assert_eq!((code, &doc["error"]["code"]), (2, &json!("pin_blocked")));
    let (code, doc) = run(&["mynumber", "signature", "--softcard", "mynumber-expired", "--password-stdin"], "TEST1234AB\n");
    assert_eq!(code, 1);
    assert_eq!((&doc["verification"]["chain"], &doc["verification"]["certificate_status"]), (&json!("ok"), &json!("expired")));
    let (code, doc) = run(&["mynumber", "signature", "--softcard", "mynumber-no-signature-cert", "--password-stdin"], "");
    assert_eq!((code, &doc["error"]["code"]), (2, &json!("no_signature_certificate")));
    let (code, doc) = run(&["mynumber", "read", "--softcard", "mynumber-complete", "--pin-stdin"], "12a4\n");
    assert_eq!((code, &doc["error"]["code"], &doc["error"]["position"]), (2, &json!("invalid_pin"), &json!(3)));
    let (code, doc) = run(&["mynumber", "auth", "--softcard", "mynumber-rogue-root", "--pin-stdin"], "5678\n");
    assert_eq!((code, &doc["verification"]["chain"], &doc["verification"]["reason"]), (1, &json!("failed"), &json!("bad_signature")));
}

#[test]
fn pins_never_from_the_command_line_and_read_says_my_number_card() {
    // No terminal and no --pin-stdin: a usage error before the card is touched.
    let (code, doc) = run(&["mynumber", "auth", "--softcard", "mynumber-complete"], "");
    assert_eq!((code, &doc["error"]["code"]), (64, &json!("usage")));
    let (code, doc) = run(&["mynumber", "auth", "--softcard", "mynumber-complete", "--pin", "1234"], "");
    assert_eq!((code, &doc["error"]["code"]), (64, &json!("usage")));
    let (code, doc) = run(&["read", "--softcard", "mynumber-complete"], "");
    assert_eq!((code, &doc["error"]["code"]), (2, &json!("my_number_card")));
    let (code, doc) = run(&["mynumber", "status", "--softcard", "residence"], "");
    assert_eq!((code, &doc["error"]["code"]), (2, &json!("not_a_my_number_card")));
}

/// A specified card (07/08) is a My Number chip too: the My Number checks run unchanged on its
/// other applications, and `status` names the card by its kind (issue 16, item 5).
#[test]
fn specified_cards_answer_the_my_number_checks() {
    for (profile, kind) in [
        ("specified-07", "specified_residence_card"),
        ("specified-08", "specified_special_permanent_resident_certificate"),
    ] {
        let (code, doc) = run(&["mynumber", "status", "--softcard", profile], "");
        assert_eq!(code, 0, "{profile}: {doc}");
        assert_eq!(doc["card"], json!({"kind": kind}), "{profile}");
        assert_eq!(doc["pins"]["input_helper"], json!({"tries_left": 3, "blocked": false}), "{profile}");
        assert_eq!(doc["certificates"], json!({"auth": true, "signature": true}), "{profile}");
        let (code, doc) = run(&["mynumber", "read", "--softcard", profile, "--pin-stdin"], "1234\n");
        assert_eq!(code, 0, "{profile}: {doc}");
        assert_eq!((doc["check"].as_str(), doc["card"]["kind"].as_str()), (Some("pin"), Some(kind)));
        assert_eq!(doc["verification"]["integrity"], "ok", "{profile}");
    }
}

