//! Every CSV file Paydesk writes for a person (bill, audit and refund-batch exports) goes through here, so
//! each one is safe to open in a spreadsheet and reads in the person's language:
//!
//! - a UTF-8 BOM first, so Excel on a Chinese Windows reads UTF-8 rather than GBK;
//! - a cell a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage
//!   return) gets a leading `'` (OWASP "CSV injection"); a plain number such as `-2.34` stays as it is, or
//!   refunds would stop being numbers;
//! - headers in Chinese by default, in English when the person chose English ([`CsvLang`]; the UI's
//!   language switch stores it, see [`crate::Desk::set_csv_lang`]).

use std::borrow::Cow;
use std::io::Write;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode};
use crate::Desk;

/// The language of exported headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvLang {
    /// 中文 (the default).
    #[default]
    Zh,
    En,
}

impl CsvLang {
    /// Reads `zh`, `zh-CN`, `en`, `en-US`...; anything else is refused naming `lang`.
    pub fn parse(s: &str) -> Result<CsvLang, Error> {
        let l = s.trim().to_ascii_lowercase();
        if l == "zh" || l.starts_with("zh-") || l.starts_with("zh_") {
            Ok(CsvLang::Zh)
        } else if l == "en" || l.starts_with("en-") || l.starts_with("en_") {
            Ok(CsvLang::En)
        } else {
            Err(Error::invalid("lang", format!("{s:?} is not zh or en")))
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            CsvLang::Zh => "zh",
            CsvLang::En => "en",
        }
    }
}

/// The setting that keeps the person's export language.
const SETTING: &str = "csv_lang";

impl Desk {
    /// The language exports use: the one the UI last chose, else Chinese.
    pub fn csv_lang(&self) -> CsvLang {
        self.setting(SETTING).ok().flatten().and_then(|s| CsvLang::parse(&s).ok()).unwrap_or_default()
    }

    /// Remembers the language of exported headers (the UI calls it when the person switches language).
    pub fn set_csv_lang(&self, lang: CsvLang) -> Result<(), Error> {
        self.set_setting(SETTING, lang.as_str())
    }
}

/// True when a spreadsheet would read `s` as a formula (or a DDE call) rather than text.
fn runs_as_formula(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !is_plain_number(s),
        _ => false,
    }
}

/// `-2.34`, `+12`, `-0.5`: what an amount looks like, safe to leave as a number.
fn is_plain_number(s: &str) -> bool {
    let body = &s[1..];
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.ends_with('.'))
}

/// The cell as written: a formula-looking text gets a leading `'`.
pub fn cell(s: &str) -> Cow<'_, str> {
    if runs_as_formula(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A CSV writer over `out` that has written the BOM and the header. Columns are `(zh, en)` pairs.
pub struct CsvOut<W: Write> {
    w: csv::Writer<W>,
}

fn io_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::Io, format!("writing CSV: {e}"))
}

impl<W: Write> CsvOut<W> {
    /// Writes the BOM and the header in `lang`.
    pub fn new(mut out: W, lang: CsvLang, columns: &[(&str, &str)]) -> Result<CsvOut<W>, Error> {
        out.write_all("\u{feff}".as_bytes()).map_err(io_error)?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record(columns.iter().map(|(zh, en)| if lang == CsvLang::Zh { *zh } else { *en })).map_err(io_error)?;
        Ok(CsvOut { w })
    }

    /// Writes one row, escaping each cell ([`cell`]).
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let escaped: Vec<String> = cells.into_iter().map(|c| cell(c.as_ref()).into_owned()).collect();
        self.w.write_record(&escaped).map_err(io_error)
    }

    /// Flushes and hands back the writer.
    pub fn finish(self) -> Result<W, Error> {
        self.w.into_inner().map_err(|e| io_error(e.error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_escaped_and_amounts_are_not() {
        for f in [
            "=1+1",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-",
            "+",
            "-1.",
            "--1",
        ] {
            assert_eq!(cell(f), format!("'{f}"), "{f:?}");
        }
        for plain in ["-2.34", "+12", "0.00", "12.5", "张三", "a=b", "", "6222021234567890123", "2026-11-30T10:00:00Z"]
        {
            assert_eq!(cell(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn a_file_starts_with_a_bom_and_a_header_in_the_chosen_language() {
        let cols = [("金额", "amount"), ("备注", "remark")];
        let mut out = CsvOut::new(Vec::new(), CsvLang::Zh, &cols).unwrap();
        out.row(["-2.34", "=1+2"]).unwrap();
        let text = String::from_utf8(out.finish().unwrap()).unwrap();
        assert_eq!(text, "\u{feff}金额,备注\n-2.34,'=1+2\n");
        let out = CsvOut::new(Vec::new(), CsvLang::En, &cols).unwrap();
        assert_eq!(String::from_utf8(out.finish().unwrap()).unwrap(), "\u{feff}amount,remark\n");
        assert_eq!(CsvLang::parse("en-US").unwrap(), CsvLang::En);
        assert_eq!(CsvLang::parse("zh-CN").unwrap(), CsvLang::Zh);
        assert_eq!(CsvLang::parse("fr").unwrap_err().field.as_deref(), Some("lang"));
    }
}
