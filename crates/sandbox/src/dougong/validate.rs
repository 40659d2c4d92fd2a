//! Field rules from the spec (required, maximum length, enum, date and amount formats, JSON-string
//! objects), answered with Huifu's `10000000` wording: "%s不能为空", "%s最大长度为%d位",
//! "%s的传入枚举[%s]不存在", "%s不符合%s格式".

use serde_json::{Map, Value};

use super::money::fen;
pub use super::money::percent_bp;

/// `00000000`: processed / success (spec §5.1).
pub const SUCCESS: &str = "00000000";
/// `00000100`: accepted and processing (spec §5.1: order created, refund or audit in progress).
pub const PROCESSING: &str = "00000100";

/// A refusal: resp_code + resp_desc (and nothing created).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: String,
    pub desc: String,
}

/// Builds a refusal.
pub fn refuse(code: &str, desc: impl Into<String>) -> Refusal {
    Refusal { code: code.to_string(), desc: desc.into() }
}

/// What an endpoint answers: the `data` fields besides resp_code/resp_desc, with the code and description.
pub type Out = Result<Reply, Refusal>;

/// A successful (or accepted) answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub code: &'static str,
    pub desc: &'static str,
    pub fields: Map<String, Value>,
}

/// `00000000` with these fields.
pub fn ok(fields: Map<String, Value>) -> Out {
    Ok(Reply { code: SUCCESS, desc: "成功", fields })
}

/// `00000100` (accepted, processing) with these fields.
pub fn processing(desc: &'static str, fields: Map<String, Value>) -> Out {
    Ok(Reply { code: PROCESSING, desc, fields })
}

/// The request `data`, as received.
#[derive(Debug, Clone, Default)]
pub struct Data(pub Map<String, Value>);

impl Data {
    /// The value as text: strings as they are (`""` counts as absent), numbers and booleans by their JSON
    /// text, objects and arrays as compact JSON (some clients send nested objects instead of strings).
    pub fn get(&self, k: &str) -> Option<String> {
        match self.0.get(k)? {
            Value::Null => None,
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// The value as text, `""` when absent.
    pub fn s(&self, k: &str) -> String {
        self.get(k).unwrap_or_default()
    }

    /// A required value.
    pub fn req(&self, k: &str) -> Result<String, Refusal> {
        self.get(k).ok_or_else(|| refuse("10000000", format!("{k}不能为空")))
    }

    /// A yuan amount (exactly as Huifu wants it: digits, 2 decimals, at least 0.01) in fen.
    pub fn amount(&self, k: &str) -> Result<i64, Refusal> {
        let v = self.req(k)?;
        let bad = || refuse("10000000", format!("{k}不符合金额格式(单位元,保留两位小数)"));
        let (_, frac) = v.split_once('.').ok_or_else(bad)?;
        if frac.len() != 2 {
            return Err(bad());
        }
        let amount = fen(&v).ok_or_else(bad)?;
        if amount < 1 {
            return Err(refuse("10000000", format!("{k}必须大于等于0.01")));
        }
        Ok(amount)
    }

    /// A field holding a JSON object (as a string, or as an object).
    pub fn object(&self, k: &str) -> Result<Option<Map<String, Value>>, Refusal> {
        let bad = || refuse("10000000", format!("{k}不符合JSON对象格式"));
        match self.0.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Object(m)) => Ok(Some(m)),
                _ => Err(bad()),
            },
            Some(Value::Object(m)) => Ok(Some(m.clone())),
            Some(_) => Err(bad()),
        }
    }

    /// A field holding a JSON array (as a string, or as an array).
    pub fn array(&self, k: &str) -> Result<Option<Vec<Value>>, Refusal> {
        let bad = || refuse("10000000", format!("{k}不符合JSON数组格式"));
        match self.0.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Array(a)) => Ok(Some(a)),
                _ => Err(bad()),
            },
            Some(Value::Array(a)) => Ok(Some(a.clone())),
            Some(_) => Err(bad()),
        }
    }
}

/// The format a field must have.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    /// `yyyyMMdd`.
    Date,
    /// yuan with 2 decimals.
    Amount,
    /// A percentage with up to 2 decimals, 0–100.
    Percent,
    Digits,
    Enum(&'static [&'static str]),
    /// S(JSON{}).
    Object,
    /// S(JSON[]).
    Array,
}

/// One field rule.
#[derive(Debug, Clone, Copy)]
pub struct F {
    pub name: &'static str,
    pub max: usize,
    pub required: bool,
    pub kind: Kind,
}

/// An optional text field of at most `max` characters.
pub const fn f(name: &'static str, max: usize) -> F {
    F { name, max, required: false, kind: Kind::Text }
}

impl F {
    pub const fn y(mut self) -> F {
        self.required = true;
        self
    }
    pub const fn date(mut self) -> F {
        self.kind = Kind::Date;
        self
    }
    pub const fn amt(mut self) -> F {
        self.kind = Kind::Amount;
        self
    }
    pub const fn pct(mut self) -> F {
        self.kind = Kind::Percent;
        self
    }
    pub const fn digits(mut self) -> F {
        self.kind = Kind::Digits;
        self
    }
    pub const fn en(mut self, opts: &'static [&'static str]) -> F {
        self.kind = Kind::Enum(opts);
        self
    }
    pub const fn obj(mut self) -> F {
        self.kind = Kind::Object;
        self
    }
    pub const fn arr(mut self) -> F {
        self.kind = Kind::Array;
        self
    }
}

/// Checks every rule in order; the first failure is the answer, as Huifu reports one field at a time.
pub fn check(d: &Data, rules: &[F]) -> Result<(), Refusal> {
    for r in rules {
        let Some(v) = d.get(r.name) else {
            if r.required {
                return Err(refuse("10000000", format!("{}不能为空", r.name)));
            }
            continue;
        };
        if !matches!(r.kind, Kind::Object | Kind::Array) && v.chars().count() > r.max {
            return Err(refuse("10000000", format!("{}最大长度为{}位", r.name, r.max)));
        }
        let fmt = |f: &str| refuse("10000000", format!("{}不符合{}格式", r.name, f));
        match r.kind {
            Kind::Text => {}
            Kind::Date => {
                if crate::clock::parse_ymd(&v).is_none() {
                    return Err(fmt("yyyyMMdd"));
                }
            }
            Kind::Amount => {
                d.amount(r.name)?;
            }
            Kind::Percent => {
                if percent_bp(&v).is_none() {
                    return Err(fmt("百分比(0.00-100.00)"));
                }
            }
            Kind::Digits => {
                if !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(fmt("数字"));
                }
            }
            Kind::Enum(opts) => {
                if !opts.contains(&v.as_str()) {
                    return Err(refuse("10000000", format!("{}的传入枚举[{}]不存在", r.name, v)));
                }
            }
            Kind::Object => {
                d.object(r.name)?;
            }
            Kind::Array => {
                d.array(r.name)?;
            }
        }
    }
    Ok(())
}

/// Checks `rules` against a nested object (e.g. `card_info`), naming the field as `outer.inner`.
pub fn check_nested(outer: &str, m: &Map<String, Value>, rules: &[F]) -> Result<(), Refusal> {
    check(&Data(m.clone()), rules).map_err(|mut r| {
        r.desc = format!("{outer}.{}", r.desc);
        r
    })
}

/// Builds a JSON map from pairs of `&str` (the common case: every response value is a string).
pub fn fields<const N: usize>(pairs: [(&str, String); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), Value::String(v))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn data(v: Value) -> Data {
        Data(v.as_object().unwrap().clone())
    }

    #[test]
    fn rules_answer_with_huifu_wording() {
        let rules = [
            f("req_seq_id", 32).y(),
            f("req_date", 8).y().date(),
            f("trans_amt", 14).y().amt(),
            f("ent_type", 1).en(&["1", "3"]),
        ];
        let d = data(json!({"req_date": "20240514", "trans_amt": "1.00"}));
        assert_eq!(check(&d, &rules).unwrap_err().desc, "req_seq_id不能为空");
        let d = data(json!({"req_seq_id": "x".repeat(33), "req_date": "20240514", "trans_amt": "1.00"}));
        assert_eq!(check(&d, &rules).unwrap_err().desc, "req_seq_id最大长度为32位");
        let d = data(json!({"req_seq_id": "a", "req_date": "2024-05-14", "trans_amt": "1.00"}));
        assert_eq!(check(&d, &rules).unwrap_err().desc, "req_date最大长度为8位");
        let d = data(json!({"req_seq_id": "a", "req_date": "20241314", "trans_amt": "1.00"}));
        assert_eq!(check(&d, &rules).unwrap_err().desc, "req_date不符合yyyyMMdd格式");
        let d = data(json!({"req_seq_id": "a", "req_date": "20240514", "trans_amt": "1.0"}));
        assert!(check(&d, &rules).unwrap_err().desc.starts_with("trans_amt不符合金额格式"));
        let d = data(json!({"req_seq_id": "a", "req_date": "20240514", "trans_amt": "0.00"}));
        assert!(check(&d, &rules).is_err(), "zero is below the 0.01 minimum");
        let d = data(json!({"req_seq_id": "a", "req_date": "20240514", "trans_amt": "1.00", "ent_type": "8"}));
        assert_eq!(check(&d, &rules).unwrap_err().desc, "ent_type的传入枚举[8]不存在");
        let d = data(json!({"req_seq_id": "a", "req_date": "20240514", "trans_amt": "1.00", "ent_type": ""}));
        assert!(check(&d, &rules).is_ok(), "an empty optional field counts as absent");
    }

    #[test]
    fn nested_json_strings_are_parsed() {
        let d = data(json!({"card_info": "{\"card_type\":\"0\"}", "bad": "{not json", "list": "[1]"}));
        assert_eq!(d.object("card_info").unwrap().unwrap()["card_type"], "0");
        assert!(d.object("bad").is_err());
        assert_eq!(d.array("list").unwrap().unwrap().len(), 1);
        assert_eq!(percent_bp("20.00"), Some(2000));
        assert_eq!(percent_bp("100.01"), None);
    }
}
