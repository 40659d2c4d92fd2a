//! States and enums a person reads: desk's own (journey steps, trade and refund states) and Huifu's wire
//! codes (spec sections named in each `about`). Words say what the code means to the operator, not how it
//! is spelled on the wire.
//!
//! The tables are data, kept in `states.json` beside this file (one entry a vocabulary, in the order
//! written to `vocab.ts`; each term `[code, zh-CN, English]`) and read once.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Term, Vocab};

/// One vocabulary as `states.json` writes it.
#[derive(Deserialize)]
struct Table {
    name: String,
    about: String,
    terms: Vec<(String, String, String)>,
}

static TABLES: LazyLock<Vec<Table>> =
    LazyLock::new(|| serde_json::from_str(include_str!("states.json")).expect("states.json is a list of tables"));

static TERMS: LazyLock<Vec<Vec<Term>>> = LazyLock::new(|| {
    TABLES.iter().map(|t| t.terms.iter().map(|(code, zh, en)| Term { code, zh, en }).collect()).collect()
});

/// Desk's and Huifu's states and enums, in file order.
pub static ALL: LazyLock<Vec<Vocab>> = LazyLock::new(|| {
    TABLES.iter().zip(TERMS.iter()).map(|(t, terms)| Vocab { name: &t.name, about: &t.about, terms }).collect()
});
