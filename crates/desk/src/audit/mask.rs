//! Masks personal data before it is written to an audit row or shown in a list: ID numbers, bank card
//! numbers, phone numbers and person names (`张三` → `张*`). Works on the request/response JSON, including
//! fields that hold JSON inside a string (`card_info`, `wx_conf_list`...), by key name, and catches ID
//! numbers and mobile numbers by shape in any other string.

use serde_json::Value;

/// Keys whose values are person names.
const NAME_KEYS: &[&str] = &[
    "legal_name",
    "contact_name",
    "card_name",
    "name",
    "bo_name",
    "person_name",
    "cert_legal_person",
    "ubo_id_doc_name",
    "sub_mer_name",
    "account_name",
    "holder_name",
    "user_name",
    "payer_name",
];
/// Keys whose values are identity-document numbers.
const ID_KEYS: &[&str] =
    &["legal_cert_no", "cert_no", "id_card_number", "bo_no", "ubo_id_doc_number", "cert_number", "id_no", "card_no_id"];
/// Keys whose values are bank card / account numbers.
const CARD_KEYS: &[&str] = &["card_no", "bank_card_no", "acct_no", "pay_card_no", "debit_card_no"];
/// Keys whose values are phone numbers or e-mails.
const CONTACT_KEYS: &[&str] = &[
    "legal_mobile_no",
    "contact_mobile_no",
    "mobile",
    "mobile_no",
    "mp",
    "bo_mobile_no",
    "phone",
    "contact_email",
    "email",
    "service_phone_personal",
];
/// Keys whose values are where a person lives or is registered (a legal person's, a beneficial owner's).
const ADDRESS_KEYS: &[&str] = &[
    "legal_addr",
    "legal_address",
    "bo_address",
    "bo_addr",
    "ubo_id_doc_address",
    "ubo_address",
    "cert_address",
    "contact_addr",
    "contact_address",
    "home_address",
    "address",
    "card_addr",
];
/// Secrets that must never be stored even masked.
const SECRET_KEYS: &[&str] = &["wx_woa_secret", "wx_applet_secret", "test_secret", "auth_code", "password"];

/// `张三` → `张*`, `欧阳娜娜` → `欧***`, `Li` → `L*`.
pub fn mask_name(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// Keeps `head` leading and `tail` trailing characters, stars the middle; short values are all stars.
pub fn mask_middle(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// An address: the first 6 characters (province and city) kept, the rest starred.
pub fn mask_address(s: &str) -> String {
    mask_middle(s, 6.min(s.chars().count().saturating_sub(1)), 0)
}

/// An ID number: `110101********1234`-style (first 6, last 4 kept... of 18: keeps region and check part).
pub fn mask_id(s: &str) -> String {
    mask_middle(s, 3, 4)
}

/// A bank card: first 6 (the bank) and last 4.
pub fn mask_card(s: &str) -> String {
    mask_middle(s, 6, 4)
}

/// A phone number: `138****5678`; an e-mail: `a***@example.com`.
pub fn mask_contact(s: &str) -> String {
    if let Some(at) = s.find('@') {
        let (user, domain) = s.split_at(at);
        return format!("{}{domain}", mask_middle(user, 1, 0));
    }
    mask_middle(s, 3, 4)
}

fn looks_like_id_card(s: &str) -> bool {
    // 18 bytes can be 6 Chinese characters (`原交易不存在`): only ASCII text can be an ID number.
    s.len() == 18
        && s.is_ascii()
        && s[..17].bytes().all(|b| b.is_ascii_digit())
        && crate::checks::id_card_check_digit(&s[..17]) == s.as_bytes()[17].to_ascii_uppercase()
}

fn looks_like_mobile(s: &str) -> bool {
    s.len() == 11
        && s.starts_with('1')
        && s.bytes().all(|b| b.is_ascii_digit())
        && matches!(s.as_bytes()[1], b'3'..=b'9')
}

/// Returns a masked copy of `v`.
pub fn mask_json(v: &Value) -> Value {
    let mut out = v.clone();
    mask_in_place(&mut out, None);
    out
}

/// Endpoints whose merchant is a natural person: there `reg_name` (and the shop name made from it) is a
/// person's name.
const PERSON_ENDPOINTS: &[&str] = &["/v2/merchant/basicdata/indv"];

/// Masks `v`, the request or answer of `endpoint` (adds the person-merchant rules where they apply).
pub fn mask_for(endpoint: &str, v: &Value) -> Value {
    let mut out = mask_json(v);
    if PERSON_ENDPOINTS.contains(&endpoint) {
        if let Value::Object(m) = &mut out {
            for k in ["reg_name", "short_name", "receipt_name"] {
                if let Some(Value::String(s)) = m.get_mut(k) {
                    *s = mask_name(s);
                }
            }
            // A person's shop is often where they live.
            for k in ["detail_addr", "reg_detail"] {
                if let Some(Value::String(s)) = m.get_mut(k) {
                    *s = mask_address(s);
                }
            }
        }
    }
    out
}

fn mask_in_place(v: &mut Value, key: Option<&str>) {
    match v {
        Value::Object(m) => {
            for (k, inner) in m.iter_mut() {
                mask_in_place(inner, Some(k.as_str()));
            }
        }
        Value::Array(a) => {
            for inner in a.iter_mut() {
                mask_in_place(inner, key);
            }
        }
        Value::String(s) => {
            if let Some(masked) = mask_string(s, key) {
                *s = masked;
            }
        }
        Value::Number(n) => {
            // A number under a personal key (some responses send phones as numbers).
            if let Some(masked) = mask_string(&n.to_string(), key) {
                *v = Value::String(masked);
            }
        }
        _ => {}
    }
}

fn mask_string(s: &str, key: Option<&str>) -> Option<String> {
    let t = s.trim_start();
    // JSON inside a string (S(JSON{}) / S(JSON[]) fields): mask inside, keep it a string.
    if (t.starts_with('{') || t.starts_with('[')) && s.len() > 1 {
        if let Ok(mut inner) = serde_json::from_str::<Value>(s) {
            mask_in_place(&mut inner, key);
            return Some(inner.to_string());
        }
    }
    if s.is_empty() {
        return None;
    }
    let k = key.unwrap_or("");
    if SECRET_KEYS.contains(&k) {
        return Some("<redacted>".into());
    }
    if NAME_KEYS.contains(&k) {
        return Some(mask_name(s));
    }
    if ID_KEYS.contains(&k) {
        return Some(mask_id(s));
    }
    if CARD_KEYS.contains(&k) {
        return Some(mask_card(s));
    }
    if CONTACT_KEYS.contains(&k) {
        return Some(mask_contact(s));
    }
    if ADDRESS_KEYS.contains(&k) {
        return Some(mask_address(s));
    }
    if looks_like_id_card(s) {
        return Some(mask_id(s));
    }
    if looks_like_mobile(s) {
        return Some(mask_contact(s));
    }
    None
}

/// Masks free text (an error message may quote what was typed): every quoted value (`"…"`, `'…'`, `“…”`,
/// `‘…’`, `「…」`) keeps only its first character, and any run of digits shaped like an ID number, a mobile
/// number or a bank card (Luhn) is masked wherever it stands, with or without spaces or punctuation around
/// it.
pub fn mask_text(s: &str) -> String {
    let quoted = mask_quoted(s);
    mask_digit_runs(&quoted)
}

fn mask_quoted(s: &str) -> String {
    const PAIRS: &[(char, char)] = &[('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’'), ('「', '」'), ('『', '』')];
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            // An apostrophe inside a word (don't) opens nothing.
            let word_apostrophe = c == '\'' && i > 0 && chars[i - 1].is_alphanumeric();
            if let Some(len) = (!word_apostrophe).then(|| chars[i + 1..].iter().position(|&x| x == close)).flatten() {
                let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                out.push(c);
                out.push_str(&mask_name(&inner).chars().take(inner.chars().count()).collect::<String>());
                out.push(close);
                i += len + 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

use dougong::ids::luhn;

/// A bank card number standing in free text: 15-19 digits passing Luhn and starting like a card
/// (Amex 3…, Visa 4…, Mastercard 5…, UnionPay 62…, some 9…), or a long UnionPay number (62…, 17-19
/// digits) with or without a Luhn digit. A huifu_id (6666…, 16 digits) and the app's own ids (they start
/// with a year, 2…) stay readable.
fn looks_like_card(run: &str) -> bool {
    let digits = run.bytes().all(|c| c.is_ascii_digit());
    let card_start = matches!(run.as_bytes().first(), Some(b'3'..=b'6' | b'9')) && !run.starts_with("6666");
    digits
        && (((15..=19).contains(&run.len()) && card_start && luhn(run))
            || ((17..=19).contains(&run.len()) && run.starts_with("62")))
}

fn mask_digit_runs(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            let ch = s[i..].chars().next().expect("a char starts here");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        // An ID number may end in X.
        if i - start == 17 && i < b.len() && (b[i] == b'X' || b[i] == b'x') {
            i += 1;
        }
        let run = &s[start..i];
        let masked = if looks_like_id_card(&run.to_ascii_uppercase())
            || (run.len() == 15 && run.bytes().all(|c| c.is_ascii_digit()))
        {
            mask_id(run)
        } else if looks_like_mobile(run) {
            mask_contact(run)
        } else if looks_like_card(run) {
            mask_card(run)
        } else {
            run.to_string()
        };
        out.push_str(&masked);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn eighteen_bytes_of_chinese_are_not_an_id_number() {
        let v = json!({"resp_desc": "原交易不存在", "bank_message": "退款处理中退款中"});
        assert_eq!(mask_json(&v), v);
    }

    #[test]
    fn masks_by_key_inside_json_strings_and_by_shape() {
        let card_info =
            json!({"card_name": "张三", "card_no": "6222021234567890123", "cert_no": "110101199003077777"}).to_string();
        let v = json!({
            "legal_name": "欧阳娜娜",
            "legal_mobile_no": "13812345678",
            "card_info": card_info,
            "remarks": "13912345678",
            "huifu_id": "6666000108854952",
            "reg_name": "上海某某科技有限公司",
            "wx_woa_secret": "abc"
        });
        let m = mask_json(&v);
        assert_eq!(m["legal_name"], "欧***");
        assert_eq!(m["legal_mobile_no"], "138****5678");
        assert_eq!(m["remarks"], "139****5678", "a mobile number is caught by shape");
        assert_eq!(m["huifu_id"], "6666000108854952", "ids of merchants stay readable");
        assert_eq!(m["reg_name"], "上海某某科技有限公司", "company names are not personal data");
        assert_eq!(m["wx_woa_secret"], "<redacted>");
        let inner: Value = serde_json::from_str(m["card_info"].as_str().unwrap()).unwrap();
        assert_eq!(inner["card_name"], "张*");
        assert_eq!(inner["card_no"], "622202*********0123");
        assert_eq!(inner["cert_no"], "110***********7777");
        let text = m.to_string();
        for plain in ["张三", "6222021234567890123", "110101199003077777", "13812345678", "娜娜"] {
            assert!(!text.contains(plain), "{plain} must not survive masking: {text}");
        }
    }

    #[test]
    fn addresses_and_values_quoted_in_error_texts_are_masked() {
        let v = json!({"legal_addr": "北京市东城区测试路 1 号", "bo_address": "上海市浦东新区某路 8 号", "ubo_id_doc_address": "广东省深圳市南山区某街"});
        let m = mask_json(&v);
        assert_eq!(m["legal_addr"], "北京市东城区*******");
        for plain in ["测试路", "某路 8", "南山区某街"] {
            assert!(!m.to_string().contains(plain), "{plain} in {m}");
        }
        let text = mask_text("legal_cert_no \"11010519491231002X\" has a wrong check digit; card：6222021234567890123，mobile=13812345678, name 「张三」, it's fine, order 20261130101010");
        for plain in ["11010519491231002X", "6222021234567890123", "13812345678", "张三"] {
            assert!(!text.contains(plain), "{plain} survived: {text}");
        }
        assert!(
            text.contains("order 20261130101010") && text.contains("it's fine"),
            "ordinary numbers and words stay: {text}"
        );
        assert_eq!(
            mask_text("huifu_id 6666000108854952 not found"),
            "huifu_id 6666000108854952 not found",
            "merchant ids stay readable"
        );
        assert_eq!(mask_text("\"abc\" is not a date"), "\"a**\" is not a date");
    }

    #[test]
    fn names_keep_the_family_name() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("李"), "李*");
        assert_eq!(mask_contact("alice@example.com"), "a****@example.com");
    }
}
