//! Benchmark instances: generated roster families and the public
//! Curtois–Qu shift scheduling benchmark.
//!
//! Nothing here is used by the product; it feeds the benchmark command
//! (`cargo run --release --example bench`) and the `tests/bench_*.rs` tests.
//!
//! * [`generate`] writes realistic roster files (TOML text) for three sizes
//!   with a fixed seed, to be read back through [`crate::input::parse_str`],
//!   so that the benchmark exercises the real reader.
//! * [`curtois`] reads the benchmark's text format into a [`crate::Problem`]
//!   and has an independent evaluator of the benchmark's objective and hard
//!   rules, written from the benchmark's definition, not from lichtruc's
//!   rules — to prove the mapping.
//! * [`spread`] summarises a figure over repeated runs (`--runs N`).
//! * [`Prng`] is the small seeded generator the families use.

pub mod curtois;
pub mod generate;
pub mod spread;

pub use crate::prng::Prng;
