//! `zairyu`: see `zairyu --help`. Everything lives in the library so tests can drive it.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(zairyu_desktop::run(std::env::args_os()))
}
