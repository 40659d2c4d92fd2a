//! The MD5 gateway behind the acquiring interface: orders (one `action` per product), query, cancel,
//! notifications. No refund in this protocol. Writes go through the write pipeline ([`crate::write`])
//! under the orderid (a cancel under `<orderid>C`); reads are audited here.

use std::time::Instant;

use mpgateway::{Action, Outcome, PaidReading, Settings};
use serde_json::{json, Value};

use super::types::{CreateOrderInput, NoticeView, OrderView, TradeState};
use super::write::{from_mpg, CallRecord};
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profiles::{Acquirer, Profile};
use crate::write::{self, Answered, BoxFuture, Settlement, Settler, Verdict, Wire, WriteKind, WriteSpec};
use crate::Desk;

/// Products offered in the order form.
pub const PRODUCTS: &[&str] = &["WxSao", "WxCode", "WxJsApi", "WxH5", "AliSao", "AliCode", "QQSao", "QQCode", "USao"];

/// The profile's readings of the spec's ambiguities (`extra`: `paid_reading` = lenient|strict,
/// `amounts` = string|number).
fn settings(p: &Profile) -> Settings {
    Settings {
        paid: if p.extra.get("paid_reading").map(String::as_str) == Some("strict") { PaidReading::Strict } else { PaidReading::Lenient },
        amounts: if p.extra.get("amounts").map(String::as_str) == Some("number") {
            mpgateway::AmountEncoding::Number
        } else {
            mpgateway::AmountEncoding::String
        },
        sign_case: mpgateway::SignCase::LowercaseOnly,
    }
}

fn state(resultcode: &str, reading: PaidReading) -> TradeState {
    match (resultcode, mpgateway::codes::outcome(resultcode, reading)) {
        ("1003", _) => TradeState::Closed,
        (_, Outcome::Paid) => TradeState::Success,
        (_, Outcome::Failed) => TradeState::Failed,
        (_, Outcome::Pending) => TradeState::Pending,
    }
}

fn client(desk: &Desk, p: &Profile) -> Result<mpgateway::Client, Error> {
    mpgateway::Client::builder()
        .base_url(p.base_url.clone())
        .merid(p.sys_id.clone())
        .key(desk.load_mpg_key(p)?)
        .settings(settings(p))
        .build()
        .map_err(from_mpg)
}

async fn send<T: serde::de::DeserializeOwned>(desk: &Desk, p: &Profile, c: &mpgateway::Client, prepared: &mpgateway::Prepared, id: &str) -> Result<T, Error> {
    let request: Value = serde_json::from_str(&prepared.json).unwrap_or(Value::Null);
    let started = Instant::now();
    let raw = c.execute(prepared).await;
    let duration_ms = started.elapsed().as_millis() as i64;
    let (out, response) = match raw {
        Ok(v) if v.get("respcode").and_then(Value::as_str) == Some(mpgateway::codes::RESP_OK) => (
            serde_json::from_value::<T>(v.clone()).map_err(|e| Error::new(ErrorCode::Decode, format!("cannot read the gateway's answer: {e}"))),
            Some(v),
        ),
        Ok(v) => {
            let code = v.get("respcode").and_then(Value::as_str).unwrap_or_default().to_string();
            let message = v.get("respmsg").and_then(Value::as_str).unwrap_or_default().to_string();
            let hint = mpgateway::codes::hint(&message);
            (Err(from_mpg(mpgateway::Error::Business { code, message, hint })), Some(v))
        }
        Err(e) => (Err(from_mpg(e)), None),
    };
    desk.audit_acquirer_call(
        p,
        CallRecord {
            endpoint: &format!("mpgateway:{}", prepared.path),
            id: Some(id),
            request: &request,
            response: response.as_ref(),
            signature: Some(&prepared.sign),
            resp_code: response.as_ref().and_then(|r| r.get("respcode")).and_then(Value::as_str),
            error: out.as_ref().err(),
            duration_ms,
        },
    )?;
    out
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
        let v = c.execute(&prepared).await.map_err(from_mpg)?;
        let code = v.get("respcode").and_then(Value::as_str).unwrap_or_default().to_string();
        if code == mpgateway::codes::RESP_OK {
            let out: T = serde_json::from_value(v.clone()).map_err(|e| Error::new(ErrorCode::Decode, format!("cannot read the gateway's answer: {e}")))?;
            return Ok(Answered { stored: shape(out)?, raw: v, resp_code: Some(code), verdict: Verdict::Accepted });
        }
        let message = v.get("respmsg").and_then(Value::as_str).unwrap_or_default().to_string();
        let hint = mpgateway::codes::hint(&message);
        let e = from_mpg(mpgateway::Error::Business { code: code.clone(), message, hint });
        Ok(Answered { stored: Value::Null, raw: v, resp_code: Some(code), verdict: Verdict::Refused(e) })
    });
    Wire { endpoint, request, signature, call }
}

/// Runs one MD5-gateway write through the pipeline.
async fn write(desk: &Desk, p: &Profile, settler: Settler, id: &str, target: Option<String>, ident: &Value, w: Wire) -> Result<Value, Error> {
    let date = desk.req_date();
    let identity = ident.as_object().cloned().unwrap_or_default();
    let endpoint = w.endpoint.clone();
    let spec = WriteSpec {
        settler,
        endpoint: &endpoint,
        req_seq_id: id,
        req_date: &date,
        merchant: Some(&p.sys_id),
        target,
        identity: &identity,
        request: ident,
        reconcile: &Value::Null,
        note: None,
    };
    desk.run_write(p, spec, &write::no_intent, w).await
}

pub(crate) async fn create_order(desk: &Desk, p: &Profile, input: &CreateOrderInput) -> Result<OrderView, Error> {
    let action = Action::parse(&input.product)
        .ok_or_else(|| Error::invalid("product", format!("{:?} is not one of {}", input.product, PRODUCTS.join(", "))))?;
    let pay = mpgateway::Pay {
        action,
        txnamt: input.amount_fen,
        orderid: input.order_no.clone(),
        backurl: input.notify_url.clone().unwrap_or_default(),
        fronturl: None,
        openid: input.payer_id.clone(),
        ip: input.payer_ip.clone(),
        payway: p.extra.get("payway").cloned(),
    };
    pay.validate().map_err(|f| Error::invalid(super::order_field(&f.field), f.reason))?;
    let c = client(desk, p)?;
    let ident = serde_json::to_value(input)?;
    let prepared = c.prepare_pay(&pay).map_err(from_mpg)?;
    let w = wire(c, prepared, |out: mpgateway::PayOutput| {
        Ok(serde_json::to_value(OrderView {
            acquirer: Acquirer::Mpgateway,
            order_no: out.orderid,
            platform_no: out.queryid,
            amount_fen: out.txnamt,
            state: TradeState::Pending,
            raw_status: "1001".into(),
            message: out.respmsg,
            qr: out.formaction,
        })?)
    });
    let v = write(desk, p, MPG_ORDER, &input.order_no, None, &ident, w).await?;
    Ok(serde_json::from_value(v)?)
}

pub(crate) async fn query(desk: &Desk, p: &Profile, order_no: &str) -> Result<OrderView, Error> {
    let c = client(desk, p)?;
    let q = mpgateway::Query { orderid: order_no.to_string(), queryid: None };
    let prepared = c.prepare_query(&q).map_err(from_mpg)?;
    let out: mpgateway::QueryOutput = send(desk, p, &c, &prepared, order_no).await?;
    Ok(OrderView {
        acquirer: Acquirer::Mpgateway,
        state: state(&out.resultcode, settings(p).paid),
        raw_status: out.resultcode,
        order_no: out.orderid,
        platform_no: out.queryid,
        amount_fen: out.txnamt,
        message: out.resultmsg,
        qr: None,
    })
}

pub(crate) async fn cancel(desk: &Desk, p: &Profile, order_no: &str) -> Result<OrderView, Error> {
    let c = client(desk, p)?;
    let cancel = mpgateway::Cancel { orderid: order_no.to_string() };
    cancel.validate().map_err(|f| Error::invalid(super::order_field(&f.field), f.reason))?;
    let id = format!("{order_no}C");
    let prepared = c.prepare_cancel(&cancel).map_err(from_mpg)?;
    let w = wire(c, prepared, |_: mpgateway::CancelOutput| Ok(Value::Null));
    write(desk, p, MPG_CANCEL, &id, Some(format!("mpg-order:{order_no}")), &json!({"cancel": order_no}), w).await?;
    query(desk, p, order_no).await
}

pub(crate) fn verify_notice(desk: &Desk, p: &Profile, body: &[u8]) -> Result<NoticeView, Error> {
    let n = client(desk, p)?.verify_notification(body).map_err(from_mpg)?;
    Ok(NoticeView {
        acquirer: Acquirer::Mpgateway,
        kind: "payment".into(),
        state: state(&n.resultcode, settings(p).paid),
        order_no: n.orderid,
        amount_fen: n.txnamt,
        ack: mpgateway::NOTIFY_ACK.into(),
    })
}

fn settle_order<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> BoxFuture<'a, Result<Settlement, Error>> {
    Box::pin(async move {
        match query(desk, p, &e.req_seq_id).await {
            Ok(v) => Ok(Settlement::Found(serde_json::to_value(v)?)),
            Err(err) if err.resp_code.as_deref() == Some("04") => Ok(Settlement::NotFound),
            Err(err) => Ok(Settlement::Unknown(err.message)),
        }
    })
}

fn settle_cancel<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> BoxFuture<'a, Result<Settlement, Error>> {
    Box::pin(async move {
        let order_no = e.req_seq_id.strip_suffix('C').unwrap_or(&e.req_seq_id);
        match query(desk, p, order_no).await {
            Ok(v) if v.state == TradeState::Closed => Ok(Settlement::Found(Value::Null)),
            Ok(v) if v.state == TradeState::Pending => Ok(Settlement::NotFound),
            Ok(v) => Ok(Settlement::Failed(Error::new(ErrorCode::Refused, format!("the order is {} and was not cancelled", v.raw_status)))),
            Err(err) => Ok(Settlement::Unknown(err.message)),
        }
    })
}

/// How an MD5-gateway order is settled: the order query.
pub const MPG_ORDER: Settler = Settler { kind: WriteKind::MpgOrder, settle: settle_order, apply: write::no_rows };
/// How an MD5-gateway cancel is settled: the order query shows it cancelled.
pub const MPG_CANCEL: Settler = Settler { kind: WriteKind::MpgCancel, settle: settle_cancel, apply: write::no_rows };
