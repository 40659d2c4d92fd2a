//! Asynchronous notifications (spec §3): parse the form body, verify the raw `resp_data` / `data` string
//! (never a re-sorted dict, §3.2), decode it, and build the acknowledgement `RECV_ORD_ID_<id>`.
//!
//! Kinds: trade/refund/withdrawal results carry `resp_data`; onboarding/busi audit and per-business results
//! carry `data` (§3.1). Both are accepted. Console Webhooks are signed differently ([`verify_webhook`]).

use md5::{Digest, Md5};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::decode_value;
use crate::error::Error;
use crate::keys::{PrivateKey, PublicKey};
use crate::money::Fen;
use crate::trade::channel::{AcctSplitBunch, FeeFormulaInfo};
use crate::verify::verify_data_text;
use crate::wire::{JsonStr, TransStat};

/// A notification whose signature verified.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Envelope code (`10000` from the gateway; one mock sends `00000000`). Not the business outcome.
    pub resp_code: String,
    pub resp_desc: String,
    /// Which form field carried the business body: `resp_data` or `data`.
    pub field: &'static str,
    /// The business body exactly as received (the signed text).
    pub raw: String,
    /// The business body parsed (wire order kept).
    pub data: Map<String, Value>,
}

impl Notification {
    /// A string field of the body.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.data.get(key).and_then(Value::as_str)
    }

    /// Decodes the body into a typed notification; the error names the JSON path.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_value(Value::Object(self.data.clone()))
    }

    /// The acknowledgement to answer with HTTP 200: `RECV_ORD_ID_` + `ord_id` for per-business results,
    /// else + `req_seq_id` of the original request. `None` when the body has neither.
    pub fn ack(&self) -> Option<String> {
        self.get_str("ord_id").or_else(|| self.get_str("req_seq_id")).filter(|s| !s.is_empty()).map(ack)
    }
}

/// `RECV_ORD_ID_<id>`: the body Huifu expects back (HTTP 200) so that it stops retrying.
pub fn ack(id: &str) -> String {
    format!("RECV_ORD_ID_{id}")
}

/// The fields of a notification body before verification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotifyForm {
    pub resp_code: String,
    pub resp_desc: String,
    pub sign: String,
    pub resp_data: Option<String>,
    pub data: Option<String>,
}

/// Parses an `application/x-www-form-urlencoded` body (or, tolerantly, a JSON object with the same
/// fields). A `+` inside `sign` that a sender forgot to percent-encode arrives as a space and is restored
/// (base64 never contains spaces).
pub fn parse_form(body: &[u8]) -> Result<NotifyForm, Error> {
    let bad = |reason: &str| Error::Decode { path: "notification".into(), message: reason.to_string() };
    let trimmed = body.trim_ascii();
    let mut f = NotifyForm::default();
    let mut set = |k: &str, v: String| match k {
        "resp_code" => f.resp_code = v,
        "resp_desc" => f.resp_desc = v,
        "sign" => f.sign = v.replace(' ', "+"),
        "resp_data" => f.resp_data = Some(v),
        "data" => f.data = Some(v),
        _ => {}
    };
    if trimmed.starts_with(b"{") {
        let obj: Map<String, Value> = serde_json::from_slice(trimmed).map_err(|e| bad(&format!("JSON body: {e}")))?;
        for (k, v) in obj {
            let s = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            set(&k, s);
        }
    } else {
        for (k, v) in url::form_urlencoded::parse(trimmed) {
            set(&k, v.into_owned());
        }
    }
    if f.resp_data.is_none() && f.data.is_none() {
        return Err(bad("neither resp_data nor data in the notification"));
    }
    Ok(f)
}

/// Parses and verifies a notification body against Huifu's public key. A failed check is an error with
/// the raw body, never a result.
pub fn verify_notification(body: &[u8], huifu_pub: &PublicKey) -> Result<Notification, Error> {
    let raw_body = || String::from_utf8_lossy(body).into_owned();
    let form = parse_form(body)?;
    let (field, raw) = match (&form.resp_data, &form.data) {
        (Some(r), _) if !r.is_empty() => ("resp_data", r.clone()),
        (_, Some(d)) => ("data", d.clone()),
        (Some(r), None) => ("resp_data", r.clone()),
        (None, None) => unreachable!("parse_form refuses a body without resp_data and data"),
    };
    if form.sign.trim().is_empty() {
        return Err(Error::Signature { reason: "notification has no sign".into(), body: raw_body() });
    }
    if !verify_data_text(&raw, &form.sign, huifu_pub) {
        return Err(Error::Signature { reason: format!("notification `{field}` does not verify"), body: raw_body() });
    }
    let data: Map<String, Value> = serde_json::from_str(&raw)
        .map_err(|e| Error::Decode { path: field.to_string(), message: format!("not a JSON object: {e}") })?;
    Ok(Notification { resp_code: form.resp_code, resp_desc: form.resp_desc, field, raw, data })
}

/// Builds a signed notification form body the way Huifu sends one (envelope `resp_code=10000`, business
/// body sorted at every level and signed as is). For the sandbox and for tests of receivers.
pub fn build_form(field: &str, data: &Value, huifu_key: &PrivateKey) -> String {
    let text = crate::canonical::response_data_string(data);
    let sign = huifu_key.sign(text.as_bytes());
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("resp_code", crate::codes::NOTIFY_GATEWAY_OK)
        .append_pair("resp_desc", "成功调用")
        .append_pair(field, &text)
        .append_pair("sign", &sign)
        .finish()
}

/// Console Webhook check (§3.1): `sign` (from the URL query) = upper-case hex MD5 of the raw body followed
/// by the endpoint key; compared case-insensitively.
pub fn verify_webhook(raw_body: &[u8], query_sign: &str, endpoint_key: &str) -> bool {
    let mut h = Md5::new();
    h.update(raw_body);
    h.update(endpoint_key.as_bytes());
    let want = hex::encode_upper(h.finalize());
    want.eq_ignore_ascii_case(query_sign.trim())
}

/// Trade result (`notify_url` of jspay / micropay): `resp_data`. Idempotency key: `hf_seq_id` +
/// `notify_type`; confirm the final state with a query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TradeNotify {
    pub resp_code: Option<String>,
    pub resp_desc: Option<String>,
    pub sub_resp_code: Option<String>,
    pub sub_resp_desc: Option<String>,
    pub huifu_id: Option<String>,
    pub req_seq_id: Option<String>,
    pub req_date: Option<String>,
    pub trans_type: Option<String>,
    pub hf_seq_id: Option<String>,
    pub out_trans_id: Option<String>,
    pub party_order_id: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub trans_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub pay_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub settlement_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub fee_amount: Option<Fen>,
    pub end_time: Option<String>,
    pub acct_date: Option<String>,
    pub trans_stat: Option<TransStat>,
    /// 1 channel, 2 accounting, 3 fund unfreeze (Integer on the wire; kept as JSON).
    pub notify_type: Option<Value>,
    pub fee_flag: Option<Value>,
    pub fee_formula_infos: Option<JsonStr<Vec<FeeFormulaInfo>>>,
    pub acct_split_bunch: Option<JsonStr<AcctSplitBunch>>,
    pub is_div: Option<String>,
    pub is_delay_acct: Option<String>,
    pub debit_type: Option<String>,
    pub bank_code: Option<String>,
    pub bank_message: Option<String>,
    pub remark: Option<String>,
    pub atu_sub_mer_id: Option<String>,
    pub wx_response: Option<Value>,
    pub alipay_response: Option<Value>,
    pub unionpay_response: Option<Value>,
}

/// Refund result (`notify_url` of a refund): `resp_data`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RefundNotify {
    pub resp_code: Option<String>,
    pub resp_desc: Option<String>,
    pub huifu_id: Option<String>,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    pub hf_seq_id: Option<String>,
    pub org_req_date: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub trans_stat: Option<TransStat>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub ord_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub actual_ref_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub total_ref_amt: Option<Fen>,
    pub ref_cut: Option<Value>,
    pub trans_finish_time: Option<String>,
    pub bank_message: Option<String>,
}

/// Withdrawal result: note `trans_status` (not `trans_stat`) and `acct_status` (`B` = 回账成功).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WithdrawNotify {
    pub sub_resp_code: Option<String>,
    pub sub_resp_desc: Option<String>,
    pub req_seq_id: Option<String>,
    pub req_date: Option<String>,
    pub hf_seq_id: Option<String>,
    pub trans_status: Option<TransStat>,
    pub acct_status: Option<String>,
    pub channel_status: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub cash_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub fee_amt: Option<Fen>,
    pub huifu_id: Option<String>,
    pub trans_type: Option<String>,
}

/// Onboarding / busi open audit result (`async_return_url`): field `data`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditNotify {
    pub sub_resp_code: Option<String>,
    pub sub_resp_desc: Option<String>,
    pub req_seq_id: Option<String>,
    pub req_date: Option<String>,
    pub audit_status: Option<crate::onboarding::AuditStatus>,
    pub audit_desc: Option<String>,
    pub product_id: Option<String>,
    pub huifu_id: Option<String>,
    pub apply_no: Option<String>,
    pub token_no: Option<String>,
}

/// One `reg_result_list[]` item of a per-business result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegResult {
    pub sub_mer_id: Option<String>,
    pub bank_channel_no: Option<String>,
    pub bank_mer_code: Option<String>,
    pub pay_scene: Option<String>,
    pub business_stat: Option<String>,
    pub business_desc: Option<String>,
    pub real_name_applyment_stat: Option<String>,
    pub real_name_applyment_desc: Option<String>,
    pub qrcode_data: Option<String>,
}

/// Per-business opening result (`busi_async_return_url`), one per channel; ACK with `ord_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BusiResultNotify {
    pub sub_resp_code: Option<String>,
    pub sub_resp_desc: Option<String>,
    pub req_seq_id: Option<String>,
    pub huifu_id: Option<String>,
    pub apply_no: Option<String>,
    /// `W` WeChat, `A` Alipay, `U` UnionPay QR, `B` bank card, …
    pub notify_type: Option<String>,
    pub reg_result_list: Option<JsonStr<Vec<RegResult>>>,
    pub ord_id: Option<String>,
}

#[cfg(feature = "client")]
impl crate::Client {
    /// [`verify_notification`] with this client's Huifu public key.
    pub fn verify_notification(&self, body: &[u8]) -> Result<Notification, Error> {
        verify_notification(body, self.huifu_public_key())
    }
}
