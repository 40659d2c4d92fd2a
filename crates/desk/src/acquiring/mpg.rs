//! The MD5 gateway behind the acquiring interface: orders (one `action` per product), query, cancel,
//! notifications. No refund in this protocol. Writes go through the write pipeline ([`crate::write`])
//! under the orderid (a cancel under `<orderid>C`); reads are audited here.

use mpgateway::client::refusal;
use mpgateway::codes::{self, CodeClass};
use mpgateway::{Action, CodeMap, OrderKey, Outcome, PaidReading, PayIdField, Settings};
use serde_json::{json, Value};

use super::types::{CreateOrderInput, NoticeView, OrderView, TradeState};
use super::write::{from_mpg, not_accepted, settle_by_order_state, settle_by_query, Read, PLAIN};
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::{Acquirer, Profile};
use crate::write::{self, Answered, Settler, Settling, Verdict, Wire, WriteKind};
use crate::Desk;

/// Products offered in the order form.
pub const PRODUCTS: &[&str] = &["WxSao", "WxCode", "WxJsApi", "WxH5", "AliSao", "AliCode", "QQSao", "QQCode", "USao"];
/// Reverse scan (反扫): the payer's payment code goes in `code`.
pub const CODE_PRODUCTS: &[&str] = &["WxCode", "AliCode", "QQCode"];
/// WxJsApi pays with the payer's openid.
pub const PAYER_ID_PRODUCTS: &[&str] = &["WxJsApi"];

/// The profile's readings of what seed 002 leaves open (`extra`: `paid_reading` = lenient|strict,
/// `amounts` = number|string, `resp_codes` = `code=class,..`, `pay_id` = formaction|queryid); see
/// crates/mpgateway/README.md.
fn settings(p: &Profile) -> Result<Settings, Error> {
    let extra = |k: &str| p.extra.get(k).map(String::as_str);
    Ok(Settings {
        paid: if extra("paid_reading") == Some("strict") { PaidReading::Strict } else { PaidReading::Lenient },
        amounts: if extra("amounts") == Some("string") {
            mpgateway::AmountEncoding::String
        } else {
            mpgateway::AmountEncoding::Number
        },
        sign_case: mpgateway::SignCase::LowercaseOnly,
        codes: CodeMap::parse(extra("resp_codes").unwrap_or_default())
            .map_err(|f| Error::invalid(f.field, f.reason))?,
        pay_id: if extra("pay_id") == Some("queryid") { PayIdField::Queryid } else { PayIdField::Formaction },
    })
}

/// 1003 reads as closed (the gateway answers it for a cancelled order too); 1004 协查调单 is a hold.
fn state(resultcode: Option<&str>, reading: PaidReading) -> TradeState {
    let code = resultcode.unwrap_or_default();
    match (code, codes::outcome(code, reading)) {
        ("1003", _) => TradeState::Closed,
        (_, Outcome::Paid) => TradeState::Success,
        (_, Outcome::Failed) => TradeState::Failed,
        (_, Outcome::Hold) => TradeState::Hold,
        (_, Outcome::Pending) => TradeState::Pending,
    }
}

fn client(desk: &Desk, p: &Profile) -> Result<mpgateway::Client, Error> {
    let mut b = mpgateway::Client::builder()
        .base_url(p.base_url.clone())
        .merid(p.sys_id.clone())
        .key(desk.load_mpg_key(p)?)
        .settings(settings(p)?);
    // The profile's answer timeout (`paydesk profile tune NAME timeout_ms=..`), as for dougong.
    if let Some(t) = crate::profile_timeout(&p.extra)? {
        b = b.timeout(t);
    }
    b.build().map_err(from_mpg)
}

/// A refusal classified as "already exists" means an earlier send of this orderid arrived.
fn verdict(c: &mpgateway::Client, code: &str, message: &str, e: Error) -> Verdict {
    match codes::classify(code, message, &c.settings().codes) {
        CodeClass::AlreadyExists => Verdict::Duplicate(e),
        _ => Verdict::Refused(e),
    }
}

/// Sends one read, auditing it; returns the typed answer.
async fn send<T: serde::de::DeserializeOwned>(
    desk: &Desk,
    p: &Profile,
    c: &mpgateway::Client,
    prepared: &mpgateway::Prepared,
    id: &str,
) -> Result<T, Error> {
    let endpoint = format!("mpgateway:{}", prepared.path);
    let request = serde_json::from_str(&prepared.json).unwrap_or(Value::Null);
    let read = Read { endpoint: &endpoint, id, request, signature: Some(&prepared.sign), code_field: "respcode" };
    desk.audited_read(p, read, async {
        match c.execute(prepared).await {
            Ok(v) => match refusal(&v) {
                None => (decode_answer(v.clone()), Some(v)),
                Some(e) => (Err(from_mpg(e)), Some(v)),
            },
            Err(e) => (Err(from_mpg(e)), None),
        }
    })
    .await
}

fn decode_answer<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Error> {
    serde_json::from_value(v)
        .map_err(|e| Error::new(crate::ErrorCode::Decode, format!("cannot read the gateway's answer: {e}")))
}

/// `prepared` ready to go; `shape` turns the accepted answer into what the journal keeps.
fn wire<T, F>(c: mpgateway::Client, prepared: mpgateway::Prepared, shape: F) -> Wire
where
    T: serde::de::DeserializeOwned,
    F: FnOnce(T) -> Result<Value, Error> + Send + 'static,
{
    let request: Value = serde_json::from_str(&prepared.json).unwrap_or(Value::Null);
    let signature = Some(prepared.sign.clone());
    let endpoint = format!("mpgateway:{}", prepared.path);
    let call = Box::pin(async move {
        let v = match c.execute(&prepared).await {
            Ok(v) => v,
            // Unsigned pre-check refusal (seed §2.2): an answer that nothing was processed.
            Err(mpgateway::Error::PreCheck { code, message }) => {
                let raw = json!({"respcode": code, "respmsg": message, "sign": ""});
                let e = from_mpg(mpgateway::Error::PreCheck { code: code.clone(), message });
                return Ok(not_accepted(raw, code, Verdict::Refused(e)));
            }
            Err(e) => return Err(from_mpg(e)),
        };
        let code = v.get("respcode").and_then(Value::as_str).unwrap_or_default().to_string();
        let Some(e) = refusal(&v) else {
            let out: T = decode_answer(v.clone())?;
            return Ok(Answered { stored: shape(out)?, raw: v, resp_code: Some(code), verdict: Verdict::Accepted });
        };
        let message = v.get("respmsg").and_then(Value::as_str).unwrap_or_default();
        let verdict = verdict(&c, &code, message, from_mpg(e));
        Ok(not_accepted(v, code, verdict))
    });
    Wire { endpoint, request, signature, call }
}

pub(crate) async fn create_order(desk: &Desk, p: &Profile, input: &CreateOrderInput) -> Result<OrderView, Error> {
    let action = Action::parse(&input.product).ok_or_else(|| {
        Error::invalid("product", format!("{:?} is not one of {}", input.product, PRODUCTS.join(", ")))
    })?;
    let pay = mpgateway::Pay {
        action,
        txnamt: input.amount_fen,
        orderid: input.order_no.clone(),
        backurl: input.notify_url.clone().unwrap_or_default(),
        fronturl: None,
        code: input.payer_code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
        openid: input.payer_id.clone(),
        ip: input.payer_ip.clone(),
        payway: p.extra.get("payway").cloned(),
    };
    pay.validate().map_err(|f| Error::invalid(super::order_field(&f.field), f.reason))?;
    let c = client(desk, p)?;
    let ident = serde_json::to_value(input)?;
    let prepared = c.prepare_pay(&pay).map_err(from_mpg)?;
    let links = c.clone();
    let w = wire(c, prepared, move |out: mpgateway::PayOutput| {
        // What the payer needs: a QR to scan (正扫), the gopay page (WxJsApi) or the H5 page; 反扫 needs nothing.
        let payer_link = match action {
            Action::WxJsApi => Some(links.gopay_url(&out).map_err(from_mpg)?),
            Action::WxH5 => out.formaction.clone(),
            _ => None,
        };
        Ok(serde_json::to_value(OrderView {
            acquirer: Acquirer::Mpgateway,
            order_no: out.orderid,
            platform_no: out.queryid,
            amount_fen: out.txnamt,
            state: TradeState::Pending,
            raw_status: String::new(),
            message: out.respmsg,
            qr: out.formaction.filter(|_| action.is_qr()),
            payer_link,
            mini_program: None,
        })?)
    });
    let v = desk.acquirer_write(p, MPG_ORDER, &input.order_no, None, &ident, w, PLAIN).await?;
    Ok(serde_json::from_value(v)?)
}

pub(crate) async fn query(desk: &Desk, p: &Profile, order_no: &str) -> Result<OrderView, Error> {
    let c = client(desk, p)?;
    let prepared = c.prepare_query(&OrderKey::orderid(order_no)).map_err(from_mpg)?;
    let out: mpgateway::QueryOutput = send(desk, p, &c, &prepared, order_no).await?;
    Ok(OrderView {
        acquirer: Acquirer::Mpgateway,
        state: state(out.resultcode.as_deref(), c.settings().paid),
        raw_status: out.resultcode.unwrap_or_default(),
        order_no: out.orderid,
        platform_no: out.queryid,
        amount_fen: out.txnamt,
        message: out.resultmsg,
        qr: None,
        payer_link: None,
        mini_program: None,
    })
}

pub(crate) async fn cancel(desk: &Desk, p: &Profile, order_no: &str) -> Result<OrderView, Error> {
    let c = client(desk, p)?;
    let cancel = OrderKey::orderid(order_no);
    cancel.validate().map_err(|f| Error::invalid(super::order_field(&f.field), f.reason))?;
    let id = format!("{order_no}C");
    let prepared = c.prepare_cancel(&cancel).map_err(from_mpg)?;
    let w = wire(c, prepared, |_: mpgateway::CancelOutput| Ok(Value::Null));
    let target = Some(format!("mpg-order:{order_no}"));
    desk.acquirer_write(p, MPG_CANCEL, &id, target, &json!({"cancel": order_no}), w, PLAIN).await?;
    query(desk, p, order_no).await
}

pub(crate) fn verify_notice(desk: &Desk, p: &Profile, body: &[u8]) -> Result<NoticeView, Error> {
    let c = client(desk, p)?;
    let n = c.verify_notification(body).map_err(from_mpg)?;
    Ok(NoticeView {
        acquirer: Acquirer::Mpgateway,
        kind: "payment".into(),
        state: state(n.resultcode.as_deref(), c.settings().paid),
        order_no: n.orderid,
        amount_fen: n.txnamt,
        ack: mpgateway::NOTIFY_ACK.into(),
    })
}

/// The query's refusal classifies as "no such order" (the account's codes, else the message's words).
fn not_found(p: &Profile, e: &Error) -> bool {
    let map = settings(p).map(|s| s.codes).unwrap_or_default();
    e.resp_code
        .as_deref()
        .is_some_and(|c| codes::classify(c, e.resp_desc.as_deref().unwrap_or_default(), &map) == CodeClass::NotFound)
}

fn settle_order<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move { settle_by_query(query(desk, p, &e.req_seq_id).await, |err| not_found(p, err)) })
}

fn settle_cancel<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    let order_no = e.req_seq_id.strip_suffix('C').unwrap_or(&e.req_seq_id);
    Box::pin(async move { settle_by_order_state(query(desk, p, order_no).await, "cancelled") })
}

/// How an MD5-gateway order is settled: the order query.
pub const MPG_ORDER: Settler = Settler { kind: WriteKind::MpgOrder, settle: settle_order, apply: write::no_rows };
/// How an MD5-gateway cancel is settled: the order query shows it cancelled.
pub const MPG_CANCEL: Settler = Settler { kind: WriteKind::MpgCancel, settle: settle_cancel, apply: write::no_rows };
