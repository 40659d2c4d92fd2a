//! Verifying a delivery with the profile's keys and reading what it is about, per acquirer. Dougong is read
//! here in full (trade, refund, withdrawal, audit, per-business and bill results); 慧收钱 and the MD5 gateway
//! go through [`Desk::acquiring_verify_notification`] (payments and refunds are all they send).

use serde_json::{Map, Value};

use crate::acquiring::TradeState;
use crate::audit::mask::mask_json;
use crate::error::{Error, ErrorCode};
use crate::profile::{Acquirer, Profile};
use crate::trade_state::{parse_state, state_str};
use crate::Desk;

/// A delivery read (verified, or only displayed when rejected).
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub kind: String,
    pub order_no: String,
    pub platform_no: String,
    pub merchant: String,
    pub state: String,
    pub amount_fen: Option<i64>,
    /// What tells two different notifications about the same record apart (dougong notify_type /
    /// msg_type: the channel and the accounting notification of one trade are two notifications).
    pub subtype: String,
    /// Masked business body, as text.
    pub body: String,
    /// The business body as received (verified ones), unmasked: for effects only, never stored.
    pub data: Map<String, Value>,
    pub ack: String,
}

impl Parsed {
    pub(crate) fn rejected(body: String) -> Parsed {
        Parsed {
            kind: "unknown".into(),
            order_no: String::new(),
            platform_no: String::new(),
            merchant: String::new(),
            state: "rejected".into(),
            amount_fen: None,
            subtype: String::new(),
            body,
            data: Map::new(),
            ack: String::new(),
        }
    }

    pub(crate) fn dedupe_key(&self, acquirer: Acquirer) -> String {
        [acquirer.as_str(), &self.kind, &self.order_no, &self.platform_no, &self.state, &self.subtype].join(":")
    }

    pub(crate) fn trade_state(&self) -> TradeState {
        parse_state(&self.state)
    }
}

/// The business JSON of a form body, masked, for display (never trusted): dougong `resp_data` / `data`,
/// 慧收钱 `signContent`, MD5 gateway `resp` (base64).
pub(crate) fn unverified_body(body: &[u8]) -> String {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(body.trim_ascii()).into_owned().collect();
    let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
    let json = get("resp_data")
        .or_else(|| get("data"))
        .or_else(|| get("signContent"))
        .or_else(|| get("resp").and_then(|b| mpgateway::sign::decode_b64(&b.replace(' ', "+")).ok()));
    match json.and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
        Some(v) => mask_json(&v).to_string(),
        None => format!("<{} bytes, not a readable notification>", body.len()),
    }
}

fn s(m: &Map<String, Value>, k: &str) -> String {
    match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn yuan(m: &Map<String, Value>, keys: &[&str]) -> Option<i64> {
    keys.iter()
        .find_map(|k| m.get(*k).and_then(Value::as_str))
        .and_then(|a| dougong::Fen::parse_yuan(a).ok())
        .map(|f| f.0)
}

fn stat(code: &str) -> TradeState {
    match code {
        "S" | "Y" => TradeState::Success,
        "F" | "N" => TradeState::Failed,
        "P" | "I" | "DP" | "FP" => TradeState::Pending,
        _ => TradeState::Unknown,
    }
}

/// Verifies `body` with `p`'s keys and reads it. `Signature` / `Decode` errors mean: reject.
pub(crate) fn verify(desk: &Desk, p: &Profile, body: &[u8]) -> Result<Parsed, Error> {
    match p.acquirer {
        Acquirer::Dougong => dougong(desk, p, body),
        Acquirer::Huishouqian | Acquirer::Mpgateway => {
            let n = desk.acquiring_verify_notification(p, body)?;
            let content = unverified_body(body);
            let data = serde_json::from_str::<Value>(&raw_content(body))
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default();
            let platform =
                ["tradeNo", "queryid"].iter().map(|k| s(&data, k)).find(|v| !v.is_empty()).unwrap_or_default();
            Ok(Parsed {
                kind: if n.kind == "payment" { "trade".into() } else { n.kind.clone() },
                order_no: n.order_no.clone(),
                platform_no: platform,
                merchant: String::new(),
                state: state_str(n.state).into(),
                amount_fen: Some(n.amount_fen),
                subtype: String::new(),
                body: content,
                data,
                ack: n.ack,
            })
        }
    }
}

/// The business JSON text of an already-verified 慧收钱 / MD5-gateway body.
fn raw_content(body: &[u8]) -> String {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(body.trim_ascii()).into_owned().collect();
    let get = |k: &str| fields.iter().find(|(f, _)| f == k).map(|(_, v)| v.clone());
    get("signContent")
        .or_else(|| get("resp").and_then(|b| mpgateway::sign::decode_b64(&b.replace(' ', "+")).ok()))
        .unwrap_or_default()
}

fn dougong(desk: &Desk, p: &Profile, body: &[u8]) -> Result<Parsed, Error> {
    let key = desk.huifu_key_for_notifications(&p.name)?.ok_or_else(|| Error {
        field: Some("huifu_public_key".into()),
        ..Error::new(ErrorCode::KeyMissing, format!("profile {} has no Huifu public key yet", p.name))
    })?;
    let n = dougong::notify::verify_notification(body, &key)?;
    let d = &n.data;
    let trans_type = s(d, "trans_type").to_ascii_uppercase();
    let (kind, state, order_no, platform_no, subtype, amount) = if n.field == "data" {
        if d.contains_key("ord_id") || d.contains_key("reg_result_list") {
            let regs: Vec<Value> = d
                .get("reg_result_list")
                .and_then(Value::as_str)
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default();
            let st = regs
                .first()
                .and_then(|r| r.get("business_stat"))
                .and_then(Value::as_str)
                .map(stat)
                .unwrap_or(TradeState::Unknown);
            ("busi", st, s(d, "ord_id"), s(d, "apply_no"), s(d, "notify_type"), None)
        } else {
            ("audit", stat(&s(d, "audit_status")), s(d, "req_seq_id"), s(d, "apply_no"), s(d, "notify_type"), None)
        }
    } else if trans_type.contains("ENCHASHMENT") || d.contains_key("trans_status") {
        (
            "withdrawal",
            stat(&s(d, "trans_status")),
            s(d, "req_seq_id"),
            s(d, "hf_seq_id"),
            s(d, "msg_type"),
            yuan(d, &["cash_amt"]),
        )
    } else if d.contains_key("bill_type") && d.contains_key("task_stat") {
        ("bill", stat(&s(d, "task_stat")), s(d, "file_id"), s(d, "bill_type"), s(d, "data_date"), None)
    } else if d.contains_key("org_req_seq_id") || d.contains_key("org_hf_seq_id") || trans_type.contains("REFUND") {
        (
            "refund",
            stat(&s(d, "trans_stat")),
            s(d, "req_seq_id"),
            s(d, "hf_seq_id"),
            String::new(),
            yuan(d, &["ord_amt", "actual_ref_amt"]),
        )
    } else {
        (
            "trade",
            stat(&s(d, "trans_stat")),
            s(d, "req_seq_id"),
            s(d, "hf_seq_id"),
            s(d, "notify_type"),
            yuan(d, &["trans_amt"]),
        )
    };
    let ack_id =
        [s(d, "ord_id"), s(d, "req_seq_id"), s(d, "file_id")].into_iter().find(|v| !v.is_empty()).unwrap_or_default();
    Ok(Parsed {
        kind: kind.into(),
        order_no,
        platform_no,
        merchant: s(d, "huifu_id"),
        state: state_str(state).into(),
        amount_fen: amount,
        subtype,
        body: mask_json(&Value::Object(d.clone())).to_string(),
        data: d.clone(),
        ack: dougong::notify::ack(&ack_id),
    })
}
