# Shared by generate-bindings.sh and kotlin-test.sh (sourced, not run): builds the host library (zairyu-ffi)
# and runs the crate's own uniffi-bindgen.

target_dir=${CARGO_TARGET_DIR:-target}
case "$(uname -s)" in
  Darwin) host_lib=libzairyu_ffi.dylib ;;
  *) host_lib=libzairyu_ffi.so ;;
esac

# build_host_lib DIR: builds the debug cdylib and copies it into DIR. The copy matters when the
# target directory is shared with other checkouts: their builds overwrite target/debug/, so the
# bindings and the tests must use one private copy that is known to carry the FFI.
build_host_lib() {
  local dir=$1 attempt
  for attempt in 1 2 3; do
    cargo build -q -p zairyu-ffi
    cp "$target_dir/debug/$host_lib" "$dir/$host_lib"
    if grep -q uniffi_zairyu_ffi_fn_func_read_card "$dir/$host_lib"; then
      return 0
    fi
    echo "the host library has no FFI symbols (overwritten by another build?); rebuilding ($attempt)" >&2
    sleep 2
  done
  echo "could not build a host library with the FFI" >&2
  return 1
}

# generate LIB LANGUAGE CONFIG OUT_DIR
generate() {
  cargo run -q -p zairyu-ffi --features bindgen --bin uniffi-bindgen -- \
    generate "$1" --language "$2" --config "$3" --out-dir "$4" --no-format >/dev/null
}
