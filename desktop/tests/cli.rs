//! The `zairyu` binary as a script sees it: exit status, exactly one JSON object on stdout, exact
//! field values for software-card reads.

use std::process::{Command, Output};

use serde_json::{json, Value};

const TEST_ROOT_FP: &str = "95c9a06f632c4642054dc727f500a75f6fd11dbefd4b3a0a5d0e934e6b301a98";
const TEST_LABEL: &str = "Zairyu Reader TEST root (software card)";
const ADDRESS: &str = "東京都千代田区霞が関１－１－１　テストハイツ１０１号";
const PERMISSION: &str = "許可（原則週28時間以内・風俗営業等の従事を除く）";

fn zairyu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zairyu"))
        .args(args)
        // No default trust directory: results must not depend on the machine.
        .env("ZAIRYU_TRUST_DIR", "/nonexistent/zairyu-trust")
        .env_remove("RUST_LOG")
        .output()
        .expect("run zairyu")
}

/// Runs with `--json`, checks stdout is one JSON line, returns (exit, document).
fn json_run(args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = zairyu(&all);
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    assert_eq!(stdout.lines().count(), 1, "exactly one line of JSON for {args:?}: {stdout}");
    let doc: Value = serde_json::from_str(&stdout).expect("valid JSON");
    (out.status.code().expect("exit code"), doc)
}

/// The validity booleans depend on today's date; everything else is fixed by the fixtures.
fn without_in_date(mut doc: Value) -> Value {
    if let Some(v) = doc.pointer_mut("/verification/validity").and_then(Value::as_object_mut) {
        assert!(v.remove("card_in_date").is_some_and(|b| b.is_boolean()));
        assert!(v.remove("anchor_in_date").is_some_and(|b| b.is_boolean()));
    }
    doc
}

fn test_anchor_ok() -> Value {
    json!({
        "tamper": "ok",
        "signature_layout": "raw_hash",
        "issuer": "ok",
        "anchor": {"label": TEST_LABEL, "kind": "test", "fingerprint": TEST_ROOT_FP},
        "validity": {
            "card_not_before": "2024-01-01T00:00:00Z",
            "card_not_after": "2034-01-01T00:00:00Z",
            "anchor_not_before": "2020-01-01T00:00:00Z",
            "anchor_not_after": "2045-01-01T00:00:00Z"
        },
        "verdict": "normal",
        "test_anchor": true
    })
}

#[test]
fn residence_json_is_exact() {
    let (code, doc) = json_run(&["read", "--softcard", "residence"]);
    assert_eq!(code, 0);
    assert_eq!(
        without_in_date(doc),
        json!({
            "status": "ok",
            "card": {"kind": "residence_card", "generation": 1, "type_code": "1"},
            "verification": test_anchor_ok(),
            "card_number": "AB12345678CD",
            "spec_version": "0001",
            "addresses": [{
                "date": "2024-04-01",
                "date_raw": "20240401",
                "municipality_code": "131016",
                "address": ADDRESS,
                "shift_jis_fallback": false
            }],
            "permissions": {"comprehensive": PERMISSION, "individual": null},
            "extension_application": true,
            "images": {
                "front": {"format": "tiff_g4", "bytes": 4200, "width": 1000, "height": 630},
                "face": {"format": "jp2", "bytes": 2473, "width": 200, "height": 250}
            },
            "wire": {"apdus": 15, "bytes_sent": 213, "bytes_received": 12166, "extended_length": true}
        })
    );
}

#[test]
fn demo_is_the_residence_read() {
    let (code, doc) = json_run(&["demo"]);
    assert_eq!(code, 0);
    let (_, read) = json_run(&["read", "--softcard", "residence"]);
    assert_eq!(without_in_date(doc), without_in_date(read));
}

#[test]
fn sprc_json_is_exact() {
    let (code, doc) = json_run(&["read", "--softcard", "sprc"]);
    assert_eq!(code, 0);
    assert_eq!(
        without_in_date(doc),
        json!({
            "status": "ok",
            "card": {"kind": "special_permanent_resident_certificate", "generation": 1, "type_code": "2"},
            "verification": test_anchor_ok(),
            "card_number": "XY98765432ZW",
            "spec_version": "0001",
            "addresses": [{
                "date": "2023-09-15",
                "date_raw": "20230915",
                "municipality_code": "271004",
                "address": "大阪府大阪市中央区大手前２－１－２２",
                "shift_jis_fallback": false
            }],
            "permissions": null,
            "extension_application": null,
            "images": {
                "front": {"format": "tiff_g4", "bytes": 3316, "width": 1000, "height": 630},
                "face": {"format": "jp2", "bytes": 2473, "width": 200, "height": 250}
            },
            "wire": {"apdus": 12, "bytes_sent": 192, "bytes_received": 11913, "extended_length": true}
        })
    );
}

#[test]
fn under16_is_a_young_holder_not_a_failure() {
    let (code, doc) = json_run(&["read", "--softcard", "under16"]);
    assert_eq!(code, 0);
    assert_eq!(doc["verification"], json!({"tamper": "absent", "issuer": "absent", "verdict": "young_holder", "test_anchor": false}));
    assert_eq!(doc["card_number"], "CD11223344EF");
    assert_eq!(doc["images"]["face"], Value::Null);
    assert_eq!(doc["images"]["front"], json!({"format": "tiff_g4", "bytes": 4230, "width": 1000, "height": 630}));
    assert_eq!(doc["permissions"], json!({"comprehensive": PERMISSION, "individual": null}));
}

#[test]
fn tampered_fails_the_tamper_check_only() {
    let (code, doc) = json_run(&["read", "--softcard", "tampered"]);
    assert_eq!(code, 1);
    let mut expected = test_anchor_ok();
    let v = expected.as_object_mut().unwrap();
    v.remove("signature_layout");
    v.insert("tamper".into(), "failed".into());
    v.insert("tamper_reason".into(), "hash_mismatch".into());
    v.insert("verdict".into(), "abnormal".into());
    assert_eq!(without_in_date(doc.clone())["verification"], expected);
    assert_eq!(doc["card_number"], "AB12345678CD");
}

#[test]
fn unknown_ca_fails_the_issuer_check_only() {
    let (code, doc) = json_run(&["read", "--softcard", "unknown-ca"]);
    assert_eq!(code, 1);
    assert_eq!(
        doc["verification"],
        json!({"tamper": "ok", "signature_layout": "raw_hash", "issuer": "failed", "issuer_reason": "unknown_issuer", "verdict": "abnormal", "test_anchor": false})
    );
}

#[test]
fn errors_are_exact() {
    let cases: [(&[&str], Value); 4] = [
        (
            &["read", "--softcard", "not-residence"],
            json!({"status": "error", "error": {
                "code": "not_a_residence_card",
                "message_ja": "在留カード等ではないカードの可能性があります。カードを確認してください",
                "message_en": "This may not be a residence card or special permanent resident certificate; please check the card"
            }}),
        ),
        (
            &["read", "--softcard", "pulled-away"],
            json!({"status": "error", "error": {
                "code": "card_lost",
                "message_ja": "読み取り中にカードが離れました。カードをリーダーに置いたまま、もう一度読み取ってください",
                "message_en": "The card was removed during the read; leave it on the reader and read again",
                "url": "https://www.moj.go.jp/isa/about/region/index.html"
            }}),
        ),
        (
            &["read", "--softcard", "residence", "--number", "XY98765432ZW"],
            json!({"status": "error", "error": {
                "code": "wrong_card_number",
                "message_ja": "入力した在留カード等番号が正しくありません。カードの番号を確認して入力し直してください",
                "message_en": "The card number entered is wrong for this card; check the number on the card and enter it again"
            }}),
        ),
        (
            &["read", "--softcard", "residence", "--number", "AB1234567!CD"],
            json!({"status": "error", "error": {
                "code": "invalid_card_number",
                "message_ja": "在留カード等番号の形式が正しくありません：10文字目に使えない文字があります（英字と数字のみ）",
                "message_en": "The card number is malformed: Character 10 must be a letter A-Z or a digit 0-9",
                "number_error": "number_invalid_character",
                "position": 10
            }}),
        ),
    ];
    for (args, expected) in cases {
        let (code, doc) = json_run(args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(doc, expected, "{args:?}");
    }
}

#[test]
fn invalid_number_in_reader_mode_fails_before_touching_pcsc() {
    let (code, doc) = json_run(&["read", "--number", "AB123"]);
    assert_eq!(code, 2);
    assert_eq!(doc["error"]["code"], "invalid_card_number");
    assert_eq!(doc["error"]["number_error"], "number_too_short");
    assert_eq!(doc["error"]["message_en"], "The card number is malformed: The card number has 12 characters, only 5 entered");
}

#[test]
fn usage_errors_exit_64_with_json_when_asked() {
    let (code, doc) = json_run(&["read"]);
    assert_eq!(code, 64);
    assert_eq!(
        doc,
        json!({"status": "error", "error": {
            "code": "usage",
            "message_ja": "コマンドの指定が正しくありません: the following required arguments were not provided: --number <NUMBER>",
            "message_en": "Invalid command line: the following required arguments were not provided: --number <NUMBER>"
        }})
    );
    let (code, doc) = json_run(&["read", "--softcard", "no-such-profile"]);
    assert_eq!(code, 64);
    assert_eq!(doc["error"]["code"], "usage");
    for args in [&["read", "--bogus"][..], &["nope"], &[], &["softcard", "serve", "--vpcd"]] {
        let out = zairyu(args);
        assert_eq!(out.status.code(), Some(64), "{args:?}");
        assert!(out.stdout.is_empty(), "usage text goes to stderr for {args:?}");
    }
    assert_eq!(zairyu(&["--help"]).status.code(), Some(0));
    assert_eq!(zairyu(&["--version"]).status.code(), Some(0));
}

#[test]
fn human_output_says_test_root_and_writes_pngs() {
    let dir = std::env::temp_dir().join(format!("zairyu-cli-test-{}", std::process::id()));
    let out = zairyu(&["demo", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("verified against a TEST root — not a production pass"), "{text}");
    assert!(text.contains("判定 / Verdict: 正常 / NORMAL"), "{text}");
    assert!(text.contains(&format!("包括許可 / Comprehensive: {PERMISSION}")), "{text}");
    assert!(text.contains(&format!("2024-04-01  [131016]  {ADDRESS}")), "{text}");
    for name in ["front.png", "face.png"] {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name}");
        assert!(text.contains(&path.display().to_string()), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn abnormal_human_output_names_the_failed_check() {
    let out = zairyu(&["read", "--softcard", "unknown-ca"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("異常 / ABNORMAL"), "{text}");
    assert!(text.contains("改ざん検証 / Tamper check: OK"), "{text}");
    assert!(text.contains("発行元検証 / Issuer check: NG — 信頼する発行元に連なりません / the certificate does not chain to a trusted root"), "{text}");
    assert!(!text.contains("TEST root"), "{text}");
}

#[test]
fn errors_in_human_mode_go_to_stderr() {
    let out = zairyu(&["read", "--softcard", "not-residence"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("[not_a_residence_card]"), "{err}");
}

#[test]
fn softcard_list_shows_my_number_test_credentials_and_trust() {
    let (code, doc) = json_run(&["softcard", "list"]);
    assert_eq!(code, 0);
    let profiles = doc["profiles"].as_array().unwrap();
    let find = |name: &str| profiles.iter().find(|p| p["name"] == name).unwrap().clone();
    let complete = find("mynumber-complete");
    assert_eq!(
        complete["test_credentials"],
        json!({
            "input_helper_pin": "1234",
            "auth_pin": "5678",
            "signature_password": "TEST1234AB",
            "birth_date": "1985-04-12",
            "expiry_year": "2034",
            "security_code": "4826",
            "collation_b": "60041220344826",
            "birth_date_key": "600412",
            "individual_number": "123456789018",
        })
    );
    let trust: Vec<String> =
        complete["test_trust"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let ends: Vec<&str> = trust.iter().map(|p| p.rsplit('/').next().unwrap()).collect();
    assert_eq!(ends, ["auth-root.der", "sign-root.der", "cvca-9000020.json", "cvca-9000023.json", "cvca-9000033.json"]);
    assert!(trust.iter().all(|p| std::path::Path::new(p).is_file()), "{trust:?}");
    assert_eq!(find("mynumber-no-signature-cert")["test_credentials"]["signature_password"], json!(null));
    // Residence profiles carry no credentials beyond their number.
    assert!(find("residence").get("test_credentials").is_none());
}

#[test]
fn softcard_list_names_every_profile() {
    let (code, doc) = json_run(&["softcard", "list"]);
    assert_eq!(code, 0);
    let names: Vec<&str> = doc["profiles"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, zairyu_core::softcard::Profile::names());
    assert_eq!(doc["profiles"][0], json!({"name": "residence", "description": "Residence card (type 1), complete and genuine", "card_number": "AB12345678CD"}));
}

#[test]
fn second_generation_residence_reads_and_verifies_against_test_ca2() {
    let (code, doc) = json_run(&["read", "--softcard", "gen2-residence"]);
    assert_eq!(code, 0);
    assert_eq!(doc["card"], json!({"kind": "residence_card", "generation": 2, "type_code": "05"}));
    let v = &doc["verification"];
    assert_eq!((v["tamper"].as_str(), v["signature_layout"].as_str(), v["issuer"].as_str()), (Some("ok"), Some("ecdsa_raw"), Some("ok")));
    assert_eq!(v["anchor"]["kind"], "test");
    assert_eq!(v["anchor"]["label"], "Zairyu Reader TEST CA2 (software card, second generation)");
    assert_eq!(v["verdict"], "normal");
    assert_eq!(doc["printed"]["nationality"], json!({"code": "VNM", "label_ja": "ベトナム", "label_en": "Viet Nam"}));
    assert_eq!(doc["gen2_permissions"]["part_time_work_permitted"], true);
    assert_eq!(doc["images"]["name"], json!({"format": "tiff_g4", "bytes": 512, "width": 800, "height": 120}));
    assert_eq!(doc["images"]["front"], Value::Null);
}
