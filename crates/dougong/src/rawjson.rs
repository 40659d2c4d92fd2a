//! A small JSON reader that keeps number literals as written, and the compact writers built on it.
//!
//! Why not serde_json: without its `arbitrary_precision` feature (which we must not enable workspace-wide)
//! serde_json turns `0.00` into `0.0` and big integers into floats. Signature checks need the literal text
//! (spec §2.4), and matching dg-sdk needs Python's own number formatting, so both start from this tree.

use std::fmt::Write as _;

/// A parsed JSON value that remembers each number's literal text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw<'a> {
    Null,
    Bool(bool),
    Num(&'a str),
    Str(String),
    Arr(Vec<Raw<'a>>),
    /// Keys in first-seen order; a repeated key keeps its first position and its last value (as Python's
    /// `dict` and serde_json's `preserve_order` map both do).
    Obj(Vec<(String, Raw<'a>)>),
}

/// Where and why the text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON at byte {offset}: {reason}")]
pub struct JsonError {
    pub offset: usize,
    pub reason: &'static str,
}

const MAX_DEPTH: usize = 128;

/// Parses one JSON value; surrounding whitespace allowed, trailing garbage rejected.
pub(crate) fn parse(text: &str) -> Result<Raw<'_>, JsonError> {
    let mut p = Parser { s: text, b: text.as_bytes(), i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError { offset: self.i, reason }
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.b[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Raw<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting deeper than 128 levels"));
        }
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input")),
            Some(b'n') if self.eat("null") => Ok(Raw::Null),
            Some(b't') if self.eat("true") => Ok(Raw::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Raw::Bool(false)),
            Some(b'"') => self.string().map(Raw::Str),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Raw::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Raw::Arr(items));
                        }
                        _ => return Err(self.err("expected ',' or ']' in array")),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut fields: Vec<(String, Raw<'a>)> = Vec::new();
                // Where each key sits, once an object has more than a few: finding a repeated key by a
                // scan would make a body of many keys (a forged notification) quadratic to read.
                let mut index: Option<std::collections::HashMap<String, usize>> = None;
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Raw::Obj(fields));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a string key in object"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err("expected ':' after object key"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value(depth + 1)?;
                    if index.is_none() && fields.len() >= 16 {
                        index = Some(fields.iter().enumerate().map(|(i, (fk, _))| (fk.clone(), i)).collect());
                    }
                    let at = match &index {
                        Some(ix) => ix.get(&k).copied(),
                        None => fields.iter().position(|(fk, _)| *fk == k),
                    };
                    match at {
                        Some(i) => fields[i].1 = v,
                        None => {
                            if let Some(ix) = &mut index {
                                ix.insert(k.clone(), fields.len());
                            }
                            fields.push((k, v));
                        }
                    }
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Raw::Obj(fields));
                        }
                        _ => return Err(self.err("expected ',' or '}' in object")),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Raw<'a>, JsonError> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("a number needs digits")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("a number needs digits after '.'"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("a number needs digits in its exponent"));
            }
        }
        Ok(Raw::Num(&self.s[start..self.i]))
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
        let h = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err("short \\u escape"))?;
        let v = u16::from_str_radix(h, 16).map_err(|_| self.err("bad hex in \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.b.len() && !matches!(self.b[self.i], b'"' | b'\\' | 0..=0x1f) {
                self.i += 1;
            }
            out.push_str(&self.s[start..self.i]);
            match self.b.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self.b.get(self.i).ok_or_else(|| self.err("unterminated escape"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi) {
                                if !self.eat("\\u") {
                                    return Err(self.err("lone UTF-16 high surrogate"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("bad UTF-16 low surrogate"));
                                }
                                char::from_u32(0x10000 + (((hi as u32) - 0xD800) << 10) + ((lo as u32) - 0xDC00))
                            } else {
                                char::from_u32(hi as u32)
                            };
                            out.push(ch.ok_or_else(|| self.err("lone UTF-16 low surrogate"))?);
                        }
                        _ => return Err(self.err("unknown escape")),
                    }
                }
                Some(_) => return Err(self.err("raw control character in string")),
            }
        }
    }
}

/// Appends `s` as a JSON string the way Python's `json.dumps(ensure_ascii=False)` and serde_json both
/// write it: only `"`, `\` and control characters escaped; `\b \f \n \r \t` short forms; others `\u00xx`.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(esc);
        }
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// How numbers are written back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbers {
    /// As received, byte for byte (`0.00` stays `0.00`).
    Verbatim,
    /// As Python's `json.loads` then `json.dumps` would (`1.50` → `1.5`, `1E2` → `100.0`, `-0` → `0`).
    Python,
}

/// Which objects get their keys sorted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    /// Nothing below the caller's own handling of the top level.
    None,
    /// Every object at every depth (what the simulator emits, what Go's map marshalling produces).
    All,
}

/// Writes `v` compactly.
pub(crate) fn write(out: &mut String, v: &Raw<'_>, numbers: Numbers, sort: Sort) {
    match v {
        Raw::Null => out.push_str("null"),
        Raw::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Raw::Num(n) => match numbers {
            Numbers::Verbatim => out.push_str(n),
            Numbers::Python => out.push_str(&python_number(n)),
        },
        Raw::Str(s) => write_str(out, s),
        Raw::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item, numbers, sort);
            }
            out.push(']');
        }
        Raw::Obj(fields) => {
            let mut refs: Vec<&(String, Raw<'_>)> = fields.iter().collect();
            if sort == Sort::All {
                refs.sort_by(|a, b| a.0.cmp(&b.0));
            }
            out.push('{');
            for (i, (k, fv)) in refs.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write(out, fv, numbers, sort);
            }
            out.push('}');
        }
    }
}

/// A JSON number literal as Python's json module would write it back after reading it.
pub(crate) fn python_number(lit: &str) -> String {
    let is_int = !lit.contains(['.', 'e', 'E']);
    if is_int {
        // Python ints are exact at any size; only "-0" changes.
        let digits = lit.trim_start_matches('-');
        if digits.bytes().all(|b| b == b'0') {
            return "0".to_string();
        }
        return lit.to_string();
    }
    match lit.parse::<f64>() {
        Ok(f) => python_float_repr(f),
        Err(_) => lit.to_string(),
    }
}

/// Python's `float.__repr__` (shortest round-trip digits; scientific below 1e-4 and from 1e16),
/// plus `json.dumps`' spelling of the non-finite values.
pub(crate) fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0".into() } else { "0.0".into() };
    }
    // Rust's LowerExp without precision gives the shortest round-trip digits, like Python's repr.
    let sci = format!("{:e}", f.abs());
    let (mant, exp) = sci.split_once('e').expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if f < 0.0 { "-" } else { "" };
    let n = digits.len() as i32;
    if (-4..16).contains(&exp) {
        let body = if exp >= 0 {
            if n <= exp + 1 {
                format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
            } else {
                format!("{}.{}", &digits[..(exp + 1) as usize], &digits[(exp + 1) as usize..])
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        format!("{sign}{body}")
    } else {
        let m = if n == 1 { digits.clone() } else { format!("{}.{}", &digits[..1], &digits[1..]) };
        let es = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{es}{:02}", exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_repr_matches_known_outputs() {
        // Values checked against CPython 3 repr().
        for (f, want) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.5, "-2.5"),
            (1e100, "1e+100"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
        ] {
            assert_eq!(python_float_repr(f), want, "repr of {f}");
        }
        assert_eq!(python_number("0.00"), "0.0", "trailing zeros go");
        assert_eq!(python_number("1E2"), "100.0", "exponent form becomes a float");
        assert_eq!(python_number("-0"), "0", "Python int -0 is 0");
        assert_eq!(python_number("123456789012345678901234567890"), "123456789012345678901234567890", "big ints exact");
        assert_eq!(python_number("1e400"), "Infinity", "overflow is Infinity in json.dumps");
    }

    #[test]
    fn numbers_survive_verbatim() {
        let raw = parse(r#" {"a" : 0.00, "b":[1E+2, -0, 12345678901234567890123]} "#).unwrap();
        let mut out = String::new();
        write(&mut out, &raw, Numbers::Verbatim, Sort::None);
        assert_eq!(out, r#"{"a":0.00,"b":[1E+2,-0,12345678901234567890123]}"#);
    }

    #[test]
    fn escapes_are_decoded_and_rewritten_canonically() {
        let raw = parse(r#""\u0026\u003c\u003e\/\u00e9\ud83d\ude00\u0001\n""#).unwrap();
        let mut out = String::new();
        write(&mut out, &raw, Numbers::Verbatim, Sort::None);
        assert_eq!(out, "\"&<>/é😀\\u0001\\n\"");
    }

    #[test]
    fn many_keys_keep_first_position_last_value_too() {
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{i}\":{i},"));
        }
        text.push_str("\"k3\":\"last\",\"k99\":0}");
        let Raw::Obj(f) = parse(&text).unwrap() else { panic!("an object") };
        assert_eq!(f.len(), 100, "repeats are not added");
        assert_eq!((f[3].0.as_str(), &f[3].1), ("k3", &Raw::Str("last".into())), "first position, last value");
        assert_eq!(f[99].1, Raw::Num("0"));
    }

    #[test]
    fn duplicate_keys_keep_first_position_last_value() {
        let raw = parse(r#"{"b":1,"a":2,"b":3}"#).unwrap();
        assert_eq!(raw, Raw::Obj(vec![("b".into(), Raw::Num("3")), ("a".into(), Raw::Num("2"))]));
    }

    #[test]
    fn rejects_bad_json() {
        for bad in ["", "{", "[1,]", "01", "1.", "\"\\ud800\"", "{\"a\" 1}", "tru", "\"a\u{1}\"", "1 2"] {
            assert!(parse(bad).is_err(), "{bad:?} must be rejected");
        }
    }
}
