//! Field checks of seed 003, the simulator's own reading: types (`string`), lengths (`string[1,N]`, counted
//! in characters), enums. A failed check is an envelope refusal `success:false`, errorCode `PARAM_ERROR`
//! (the sandbox's own: the seed's code table has no parameter error), naming the field.

use serde_json::{Map, Value};

/// A refusal naming the field: (errorCode, errorMsg).
pub type Bad = (String, String);

pub const PARAM_ERROR: &str = "PARAM_ERROR";

pub fn bad(msg: impl Into<String>) -> Bad {
    (PARAM_ERROR.to_string(), msg.into())
}

/// A string field of at most `max` characters; `Ok(None)` when absent or empty (the seed's example sends
/// many optional fields as `""`). A number or an object where the seed says `string` is refused.
pub fn opt_str(m: &Map<String, Value>, k: &str, max: usize) -> Result<Option<String>, Bad> {
    match m.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) if s.chars().count() > max => Err(bad(format!("{k} 长度超过{max}"))),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(format!("{k} 须为string类型"))),
    }
}

/// A required string field of at most `max` characters.
pub fn req_str(m: &Map<String, Value>, k: &str, max: usize) -> Result<String, Bad> {
    opt_str(m, k, max)?.ok_or_else(|| bad(format!("{k} 必填")))
}

/// An amount: a string of digits in fen, `string[1,16]` ("orderAmt":"1"), positive.
pub fn amount(m: &Map<String, Value>, k: &str) -> Result<i64, Bad> {
    let t = req_str(m, k, 16)?;
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(format!("{k} 须为以分为单位的数字字符串")));
    }
    t.parse::<i64>().ok().filter(|a| *a > 0).ok_or_else(|| bad(format!("{k} 须大于0")))
}

/// `yyyyMMddHHmmss`.
pub fn is_ymdhms(t: &str) -> bool {
    t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit())
}

/// A memo value typed `object` / `array[object]` by the seed's table; the seed's example sends
/// `front_callback_url` as a JSON text, so both forms are read.
fn nested(memo: &Map<String, Value>, k: &str) -> Result<Option<Value>, Bad> {
    match memo.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => serde_json::from_str(s).map(Some).map_err(|_| bad(format!("memo.{k} 不是JSON"))),
        Some(v) => Ok(Some(v.clone())),
    }
}

fn str_list(v: &Value, k: &str, item_max: usize, allowed: Option<&[&str]>) -> Result<(), Bad> {
    let Some(list) = v.get(k) else { return Ok(()) };
    let Some(items) = list.as_array() else { return Err(bad(format!("memo.channel_options.{k} 须为数组"))) };
    for i in items {
        let s = i.as_str().ok_or_else(|| bad(format!("memo.channel_options.{k} 的元素须为string")))?;
        if s.is_empty() || s.chars().count() > item_max {
            return Err(bad(format!("memo.channel_options.{k} 的元素长度须为1-{item_max}")));
        }
        if allowed.is_some_and(|a| !a.contains(&s)) {
            return Err(bad(format!("memo.channel_options.{k} 只能是INDIVIDUAL或ENTERPRISE")));
        }
    }
    Ok(())
}

/// Checks the memo (string[1,512], a JSON object) and its WQF_APPLET fields; returns the parsed memo.
pub fn memo(text: &str) -> Result<Map<String, Value>, Bad> {
    if text.chars().count() > 512 {
        return Err(bad("memo 长度超过512"));
    }
    let m = match serde_json::from_str(text) {
        Ok(Value::Object(o)) => o,
        _ => return Err(bad("memo 须为JSON格式的字符串")),
    };
    opt_str(&m, "timeExpire", 14)?.map_or(Ok(()), |t| {
        if is_ymdhms(&t) {
            Ok(())
        } else {
            Err(bad("memo.timeExpire 格式须为yyyyMMddHHmmss"))
        }
    })?;
    opt_str(&m, "spbillCreateIp", 32)?;
    opt_str(&m, "longitude", 32)?;
    opt_str(&m, "latitude", 32)?;
    if let Some(a) = opt_str(&m, "areaInfo", 7)? {
        if a.chars().count() != 7 {
            return Err(bad("memo.areaInfo 长度固定7"));
        }
    }
    const CHANNELS: &[&str] = &["INDIVIDUAL", "ENTERPRISE"];
    if let Some(c) = nested(&m, "channel_options")? {
        if !c.is_object() {
            return Err(bad("memo.channel_options 须为object"));
        }
        str_list(&c, "include_bank_snames", 64, None)?;
        str_list(&c, "exclude_bank_snames", 64, None)?;
        str_list(&c, "include_pay_channels", 64, Some(CHANNELS))?;
        str_list(&c, "exclude_pay_channels", 64, Some(CHANNELS))?;
    }
    if let Some(p) = nested(&m, "payer_options")? {
        let list = p.as_array().ok_or_else(|| bad("memo.payer_options 须为array[object]"))?;
        if list.is_empty() || list.len() > 2 {
            return Err(bad("memo.payer_options 须为1-2个付款方"));
        }
        for o in list {
            let o = o.as_object().ok_or_else(|| bad("memo.payer_options 的元素须为object"))?;
            let t = req_str(o, "assign_pay_type", 16).map_err(|_| bad("memo.payer_options.assign_pay_type 必填"))?;
            if !CHANNELS.contains(&t.as_str()) {
                return Err(bad("memo.payer_options.assign_pay_type 只能是INDIVIDUAL或ENTERPRISE"));
            }
            req_str(o, "payer_name", 128)
                .map_err(|(c, _)| (c, "memo.payer_options.payer_name 必填,长度1-128".into()))?;
        }
    }
    if let Some(f) = nested(&m, "front_callback_url")? {
        let f = f.as_object().ok_or_else(|| bad("memo.front_callback_url 须为object"))?;
        for (k, max) in [("mp_path", 1024), ("mp_appid", 64), ("mp_username", 64), ("mp_urlscheme", 64)] {
            opt_str(f, k, max).map_err(|(c, msg)| (c, format!("memo.front_callback_url.{msg}")))?;
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn amounts_are_strings_of_fen() {
        assert_eq!(amount(&obj(json!({"orderAmt": "1"})), "orderAmt"), Ok(1));
        assert!(amount(&obj(json!({"orderAmt": 1})), "orderAmt").unwrap_err().1.contains("string"));
        assert!(amount(&obj(json!({"orderAmt": "1.00"})), "orderAmt").is_err());
        assert!(amount(&obj(json!({"orderAmt": "12345678901234567"})), "orderAmt").unwrap_err().1.contains("16"));
    }

    #[test]
    fn memo_reads_text_or_objects() {
        let text = json!({"front_callback_url": json!({"mp_appid": "wx1"}).to_string(), "payer_options": [{"assign_pay_type": "ENTERPRISE", "payer_name": "某公司"}]});
        assert!(memo(&text.to_string()).is_ok());
        let three = json!({"payer_options": [{"assign_pay_type": "INDIVIDUAL", "payer_name": "a"}, {"assign_pay_type": "INDIVIDUAL", "payer_name": "b"}, {"assign_pay_type": "INDIVIDUAL", "payer_name": "c"}]});
        assert!(memo(&three.to_string()).unwrap_err().1.contains("1-2"));
        let long = json!({"front_callback_url": {"mp_appid": "w".repeat(65)}});
        assert!(memo(&long.to_string()).unwrap_err().1.contains("mp_appid"));
        assert!(memo(&json!({"x": "y".repeat(520)}).to_string()).unwrap_err().1.contains("512"));
    }
}
