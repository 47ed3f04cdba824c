//! Shared pieces of the fuzz targets: a cursor over the fuzzer's bytes, the fixture evidence the
//! signature targets start from, the fuzzer-driven card of the `read_card` target, and the seeds
//! `examples/make_seeds.rs` writes from `fixtures/` (so no corpus is ever committed).

pub mod card;
pub mod evidence;
pub mod input;
pub mod mynumber;
pub mod seeds;
