//! A hostile or buggy caller must never see a panic cross the FFI: every exported function and
//! every exported method runs inside `ffi::guard`, which turns a panic into
//! `ZairyuError::Internal`. This reads the FFI sources and fails when an export forgets the guard
//! (a new export is the likely way for a panic to escape; the Kotlin suite proves the guard works,
//! `tests/kotlin/BoundaryTest.kt` and `HostileTest.kt`).

use std::path::Path;

/// The text from `start` to the brace closing the first `{` at or after it.
fn braced(src: &str, start: usize) -> &str {
    let open = start + src[start..].find('{').expect("an item body");
    let mut depth = 0usize;
    for (i, c) in src[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[start..=open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces")
}

/// (item name, body) of every exported function, and of every method of exported impl blocks.
fn exports(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, _) in src.match_indices("#[uniffi::export]") {
        let item = braced(src, at);
        let header = item.lines().nth(1).unwrap_or_default().trim().to_string();
        if header.starts_with("impl") {
            let body = &item[item.find('{').unwrap() + 1..];
            let mut rest = body;
            while let Some(pos) = rest.find("pub fn ") {
                let method = braced(rest, pos);
                let name = method["pub fn ".len()..].split('(').next().unwrap_or_default().to_string();
                out.push((format!("{header} :: {name}"), method.to_string()));
                rest = &rest[pos + method.len()..];
            }
        } else {
            out.push((header, item.to_string()));
        }
    }
    out
}

/// Exports that mirror an infallible trait method or just return their argument: nothing in them
/// can panic, and their signatures have no error to return (UniFFI still catches a panic there,
/// as its generic internal exception).
const INFALLIBLE: &[&str] = &[
    ":: as_transceiver",  // `self` as `Arc<dyn Transceiver>`
    ":: max_apdu_length", // `u32::try_from(..).unwrap_or(u32::MAX)`, mirrors Transceiver::max_apdu_length
];

/// Names of the functions in `src` whose body calls `guard(` (helpers such as a scanner's `with`).
fn guarded_helpers(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in src.match_indices("fn ") {
        let name: String = src[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() || !src[at..].contains('{') {
            continue;
        }
        let body = braced(src, at);
        if body.contains("guard(") && !body.contains("#[uniffi") {
            out.push(name);
        }
    }
    out
}

#[test]
fn every_ffi_export_is_guarded_against_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("src") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue; // src/bin: the bindings generator, not an export
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let helpers = guarded_helpers(&src);
        for (name, body) in exports(&src) {
            let guarded = body.contains("guard(")
                || body.contains("catch_unwind(")
                || helpers.iter().any(|h| body.contains(&format!(".{h}(")))
                || INFALLIBLE.iter().any(|i| name.ends_with(i));
            assert!(guarded, "{}: {name} is exported without ffi::guard", path.display());
            checked += 1;
        }
    }
    // 12 functions and the methods of 7 exported objects at the time of writing.
    assert!(checked >= 30, "only {checked} exports found: the scan no longer matches the sources");
    println!("{checked} exports guarded");
}
