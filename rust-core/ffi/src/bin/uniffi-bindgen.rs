//! The crate's own binding generator, so the bindings always come from the same UniFFI version as
//! the scaffolding compiled into the library (scripts/generate-bindings.sh).

fn main() {
    uniffi::uniffi_bindgen_main()
}
