//! Words for codes: ONE table per vocabulary (a state, an enum, a field problem, a hint), each code with its
//! zh-CN and English words. The UI never shows a raw code where a word exists: the tables are exported to
//! `ui/src/bindings/vocab.ts` (regenerated and drift-checked by the bindings test in src-tauri, like the
//! ts-rs types), and the CLI can say the same words through [`word`].
//!
//! An unknown code (Huifu added a state) is not an error: [`word`] gives `None` and the UI shows the code
//! itself, marked as unknown, instead of inventing a meaning.
//!
//! Templates (problems, hints) may hold `{name}` placeholders filled from an error's `params` by [`fill`]:
//! the zh and en texts of one entry must use the same placeholders (a test checks it).

mod hints;
mod problems;
mod states;

pub use hints::HINTS;
pub use problems::{Problem, PROBLEMS};

/// One code and its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The code as it travels (wire value, enum spelling, problem key).
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// A named table of terms.
#[derive(Debug, Clone, Copy)]
pub struct Vocab {
    /// The name the UI uses (`applyStatus`, `tradeState`...): a TS identifier.
    pub name: &'static str,
    /// What the codes are, and where they come from (spec section), for the next reader.
    pub about: &'static str,
    pub terms: &'static [Term],
}

/// Shorthand for the tables.
pub(crate) const fn t(code: &'static str, zh: &'static str, en: &'static str) -> Term {
    Term { code, zh, en }
}

/// Every vocabulary, in the order written to `vocab.ts`.
pub fn all() -> Vec<&'static Vocab> {
    let mut v: Vec<&'static Vocab> = states::ALL.iter().collect();
    v.push(&PROBLEMS);
    v.push(&*HINTS);
    v
}

/// The language of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The vocabulary called `name`.
pub fn vocab(name: &str) -> Option<&'static Vocab> {
    all().into_iter().find(|v| v.name == name)
}

/// The word for `code` in vocabulary `name`, `None` when either is unknown.
pub fn word(name: &str, code: &str, lang: Lang) -> Option<&'static str> {
    let term = vocab(name)?.terms.iter().find(|t| t.code == code)?;
    Some(match lang {
        Lang::Zh => term.zh,
        Lang::En => term.en,
    })
}

/// Replaces `{name}` placeholders of `template` with `params`; a placeholder without a value stays as is.
pub fn fill(template: &str, params: &[(String, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in params {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The placeholders of a template, sorted.
#[cfg(test)]
fn placeholders(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name)).collect();
    out.sort_unstable();
    out
}

/// `ui/src/bindings/vocab.ts`: every table as `{ code: [zh, en] }`, plus the names as a type.
pub fn ts_module() -> String {
    let mut s = String::from(
        "// Generated from crates/desk/src/vocab (the bindings test in src-tauri rewrites it). Do not edit by hand.\n\
         // One table per vocabulary: code -> [zh-CN, English].\n\n\
         export const VOCAB = {\n",
    );
    for v in all() {
        s.push_str(&format!("  /** {} */\n  {}: {{\n", v.about.replace("*/", "* /"), v.name));
        for t in v.terms {
            s.push_str(&format!("    {}: [{}, {}],\n", js_str(t.code), js_str(t.zh), js_str(t.en)));
        }
        s.push_str("  },\n");
    }
    s.push_str("} as const satisfies Record<string, Record<string, readonly [string, string]>>;\n\n");
    s.push_str("export type VocabName = keyof typeof VOCAB;\n");
    s.push_str("export type ProblemKey = keyof typeof VOCAB.problem;\n");
    s.push_str("export type HintKey = keyof typeof VOCAB.hint;\n");
    s
}

fn js_str(v: &str) -> String {
    serde_json::to_string(v).expect("a str serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_table_is_complete_and_unambiguous() {
        let mut names = HashSet::new();
        for v in all() {
            assert!(names.insert(v.name), "vocabulary {} appears twice", v.name);
            let mut codes = HashSet::new();
            for t in v.terms {
                assert!(codes.insert(t.code), "{}: code {} appears twice", v.name, t.code);
                assert!(!t.zh.trim().is_empty() && !t.en.trim().is_empty(), "{}.{} lacks a word", v.name, t.code);
                assert_eq!(
                    placeholders(t.zh),
                    placeholders(t.en),
                    "{}.{}: zh and en use different placeholders",
                    v.name,
                    t.code
                );
                assert!(
                    t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}.{}: the zh word {:?} has no Chinese",
                    v.name,
                    t.code,
                    t.zh
                );
                assert!(
                    !t.en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{}.{}: the English word {:?} has Chinese",
                    v.name,
                    t.code,
                    t.en
                );
            }
        }
    }

    #[test]
    fn words_and_templates() {
        assert_eq!(word("applyStatus", "Y", Lang::Zh), Some("已通过"));
        assert_eq!(word("applyStatus", "Y", Lang::En), Some("Approved"));
        assert_eq!(word("applyStatus", "Q", Lang::En), None, "an unknown code has no invented word");
        let p = vec![("n".to_string(), "70".to_string()), ("max".to_string(), "64".to_string())];
        assert_eq!(fill(word("problem", "too_long", Lang::En).unwrap(), &p), "is 70 characters; at most 64");
        assert!(ts_module().contains("\"A_NATIVE\": [\"支付宝扫码\""), "{}", &ts_module()[..400]);
    }

    /// The statements page shows a bill task's state through `billTaskState`.
    #[test]
    fn every_bill_task_state_has_a_word() {
        use crate::services::bill::BillTaskState::*;
        for s in [Init, Processing, DataProcessing, FileProcessing, Failed, Success, Unknown] {
            let code = serde_json::to_value(s).unwrap();
            let code = code.as_str().unwrap();
            assert!(word("billTaskState", code, Lang::En).is_some(), "billTaskState lacks {code}");
        }
    }

    /// The notifications page shows a notice's state through `noticeState`: every state the receiver stores
    /// (a trade state's text, or "rejected" for a bad signature) needs a word there.
    #[test]
    fn every_notice_state_has_a_word() {
        use crate::trade_state::TradeState::*;
        for s in [Pending, Success, Failed, Closed, Hold, Unknown]
            .map(crate::trade_state::state_str)
            .into_iter()
            .chain(["rejected"])
        {
            assert!(word("noticeState", s, Lang::Zh).is_some(), "noticeState lacks {s}");
        }
    }
}
