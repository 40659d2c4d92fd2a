//! Hints for Huifu's refusals: the table lives beside the codes in the dougong client
//! (`dougong::codes::HINTS`, keyed, zh-CN + English); this is the same table as a vocabulary for the UI.

use std::sync::LazyLock;

use super::{Term, Vocab};

static TERMS: LazyLock<Vec<Term>> =
    LazyLock::new(|| dougong::codes::HINTS.iter().map(|h| Term { code: h.key, zh: h.zh, en: h.en }).collect());

pub static HINTS: LazyLock<Vocab> = LazyLock::new(|| Vocab {
    name: "hint",
    about: "plain hints for Huifu refusals (dougong::codes::HINTS)",
    terms: TERMS.as_slice(),
});
