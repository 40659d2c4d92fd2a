//! The WeChat official-account (WxJsApi) steps around the pay call, seed §3.2–3.3:
//!
//! 1. the payer's browser, inside WeChat, opens `/wxjsapi/openid.html?backurl=..[&payway=..][&merid=..]`
//!    (本接口不需签名: unsigned); the gateway gets the payer's openid and redirects to `backurl` with it;
//! 2. the merchant pays with `action=WxJsApi` and that `openid`;
//! 3. the payer's browser opens `/wxjsapi/gopay.html` with `merid`, `orderid` and `code` = the PayId the
//!    pay call returned, and pays in WeChat; the result comes as the usual background notification.
//!
//! Seed silent, and read here as follows (each a parameter or a setting):
//! - how the openid is attached to `backurl`: as a query parameter, `openid` by default
//!   ([`openid_from_return`] takes the name);
//! - which answer field is the PayId: `formaction`, as public integrations pass it to gopay.html, or
//!   `queryid` ([`PayIdField`]);
//! - how gopay.html takes its parameters: like every other call, as `req` (base64 JSON) + `sign` in the
//!   query string (§2.1 asks for the md5 sign on every message and exempts only openid.html).

use crate::actions::{check_orderid, check_url, PayOutput};
use crate::error::FieldError;
use crate::sign::{self, MerchantKey};

/// The unsigned openid page.
pub const OPENID_PATH: &str = "/wxjsapi/openid.html";
/// The page the payer opens to pay a WxJsApi order.
pub const GOPAY_PATH: &str = "/wxjsapi/gopay.html";
/// The query parameter the openid comes back in, unless the account says otherwise.
pub const OPENID_PARAM: &str = "openid";

/// Which field of the WxJsApi pay answer is the PayId gopay.html wants as `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayIdField {
    /// `formaction` (public integrations). Default.
    #[default]
    Formaction,
    /// `queryid`.
    Queryid,
}

impl PayIdField {
    /// The PayId in a pay answer.
    pub fn of(self, out: &PayOutput) -> Option<&str> {
        match self {
            PayIdField::Formaction => out.formaction.as_deref(),
            PayIdField::Queryid => out.queryid.as_deref(),
        }
        .filter(|s| !s.is_empty())
    }
}

fn base(base_url: &str) -> Result<&str, FieldError> {
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(FieldError::new("base_url", "must start with http:// or https://"));
    }
    Ok(base_url.trim_end_matches('/'))
}

/// Step 1: the link the payer opens in WeChat to hand over the openid (unsigned).
pub fn openid_url(
    base_url: &str,
    backurl: &str,
    payway: Option<&str>,
    merid: Option<&str>,
) -> Result<String, FieldError> {
    let base = base(base_url)?;
    check_url("backurl", backurl)?;
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("backurl", backurl);
    if let Some(p) = payway.filter(|p| !p.is_empty()) {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("payway", "is a channel number (int)"));
        }
        q.append_pair("payway", p);
    }
    if let Some(m) = merid.filter(|m| !m.is_empty()) {
        q.append_pair("merid", m);
    }
    Ok(format!("{base}{OPENID_PATH}?{}", q.finish()))
}

/// Reads the openid from the URL the gateway redirected to (`param`: [`OPENID_PARAM`] unless the account
/// differs).
pub fn openid_from_return(url: &str, param: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == param)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// Step 3: the signed link the payer opens to pay the WxJsApi order `orderid` with its `pay_id`.
pub fn gopay_url(
    base_url: &str,
    merid: &str,
    orderid: &str,
    pay_id: &str,
    key: &MerchantKey,
) -> Result<String, FieldError> {
    let base = base(base_url)?;
    check_orderid("orderid", orderid)?;
    if pay_id.trim().is_empty() {
        return Err(FieldError::new("code", "the PayId of the WxJsApi answer is empty"));
    }
    let json = serde_json::json!({"merid": merid, "orderid": orderid, "code": pay_id}).to_string();
    let req = sign::encode_req(&json);
    let sig = sign::sign(&req, key);
    Ok(format!("{base}{GOPAY_PATH}?{}", sign::form_body("req", &req, &sig)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links() {
        let u =
            openid_url("https://gw.example/", "https://shop.example/pay?x=1&y=2", Some("3852"), Some("M1")).unwrap();
        assert_eq!(u, "https://gw.example/wxjsapi/openid.html?backurl=https%3A%2F%2Fshop.example%2Fpay%3Fx%3D1%26y%3D2&payway=3852&merid=M1");
        assert_eq!(openid_url("https://gw", "ftp://x", None, None).unwrap_err().field, "backurl");
        assert_eq!(
            openid_from_return("https://shop.example/pay?x=1&openid=o%2B1#top", OPENID_PARAM).as_deref(),
            Some("o+1")
        );
        assert_eq!(openid_from_return("https://shop.example/pay?x=1", OPENID_PARAM), None);
        let k = MerchantKey::new("abcdefgh12345678").unwrap();
        let g = gopay_url("http://127.0.0.1:1", "M1", "T2024010100000001", "JSAPI1", &k).unwrap();
        assert!(g.starts_with("http://127.0.0.1:1/wxjsapi/gopay.html?req=") && g.contains("&sign="), "{g}");
        assert_eq!(gopay_url("http://h", "M1", "T2024010100000001", " ", &k).unwrap_err().field, "code");
    }
}
