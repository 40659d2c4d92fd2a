//! 慧收钱 behind the acquiring interface: orders (`POLYMERIZE_MAIN_SWEPTN`), query, close, refund,
//! refund query, notifications. Writes go through the write pipeline ([`crate::write`]) under the transNo
//! (a close under `<transNo>-close`); reads are audited here.

use huishouqian::client::{decode, refusal};
use huishouqian::codes::{self, CodeClass};
use huishouqian::methods::{Close, Memo, Method, Pay, PayType, QrCode, Query, Refund, RefundQuery};
use huishouqian::OrderStatus;
use serde_json::{json, Value};

use super::refund_guard::{self, RefundGuard};
use super::types::{CreateOrderInput, MiniProgramView, NoticeView, OrderView, RefundInput, RefundView, TradeState};
use super::write::{from_hsq, not_accepted, settle_by_order_state, settle_by_query, Extra, Read, PLAIN};
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::{Acquirer, Profile};
use crate::services::refund::RefundState;
use crate::write::{self, Answered, Settler, Settling, Verdict, Wire, WriteKind};
use crate::Desk;

/// Products offered in the order form.
pub const PRODUCTS: &[&str] = &[
    "DYNAMIC_ALL",
    "DYNAMIC_WECHAT",
    "DYNAMIC_ALPAY",
    "DYNAMIC_UNION",
    "WECHAT_JSAPI",
    "WECHAT_APPLET",
    "ALI_JSAPI",
    "WQF_APPLET",
];
/// Products that need the payer's openid / user id (`memo.openid`).
pub const PAYER_ID_PRODUCTS: &[&str] = &["WECHAT_JSAPI", "WECHAT_APPLET", "ALI_JSAPI"];
/// Products that need a WeChat appid (`memo.appid`).
pub const APP_ID_PRODUCTS: &[&str] = &["WECHAT_JSAPI", "WECHAT_APPLET"];

/// The state of an order or refund: `orderStatus`, with a FAIL whose respCode classifies as closed
/// (close succeeded, cancelled, expired) read as closed.
fn state(s: &OrderStatus, resp_code: Option<&str>) -> TradeState {
    match s {
        OrderStatus::Init | OrderStatus::Processing => TradeState::Pending,
        OrderStatus::Success => TradeState::Success,
        OrderStatus::Fail if resp_code.is_some_and(|c| codes::classify(c) == CodeClass::Closed) => TradeState::Closed,
        OrderStatus::Fail => TradeState::Failed,
        OrderStatus::Unknown(_) => TradeState::Unknown,
    }
}

fn stamp(desk: &Desk) -> String {
    crate::clock::stamp14(desk.now())
}

async fn client(desk: &Desk, p: &Profile) -> Result<huishouqian::Client, Error> {
    let k = desk.load_hsq_keys(p)?;
    let mut b = huishouqian::Client::builder()
        .base_url(p.base_url.clone())
        .merchant_no(p.sys_id.clone())
        .merchant_key(k.merchant)
        .platform_key(k.platform)
        .sign_key(k.sign_key);
    // The profile's answer timeout (`paydesk profile tune NAME timeout_ms=..`), as for dougong.
    if let Some(t) = crate::profile_timeout(&p.extra)? {
        b = b.timeout(t);
    }
    b.build().map_err(from_hsq)
}

/// Sends one method, auditing it; returns the typed output.
async fn send<M: Method>(desk: &Desk, p: &Profile, req: &M, id: &str) -> Result<M::Output, Error> {
    let c = client(desk, p).await?;
    let form = c.prepare(req).map_err(from_hsq)?;
    let endpoint = format!("huishouqian:{}", M::METHOD);
    let read = Read {
        endpoint: &endpoint,
        id,
        request: signed_json(&form),
        signature: form.get("sign"),
        code_field: CODE_FIELD,
    };
    desk.audited_read(p, read, async {
        match c.execute(&form).await {
            Ok(v) if M::is_accepted(&v) => (decode::<M::Output>(v.clone()).map_err(from_hsq), Some(v)),
            Ok(v) => (Err(from_hsq(refusal(&v))), Some(v)),
            Err(e) => (Err(from_hsq(e)), None),
        }
    })
    .await
}

/// The answer's code field.
const CODE_FIELD: &str = "respCode";

/// The request as signed (`signContent`), for the audit rows.
fn signed_json(form: &huishouqian::wire::SignedForm) -> Value {
    serde_json::from_str(form.get("signContent").unwrap_or("null")).unwrap_or(Value::Null)
}

/// "This transNo was used before" in the seed's code table: an earlier send arrived.
fn is_duplicate(code: &str) -> bool {
    codes::classify(code) == CodeClass::AlreadyExists
}

/// `req` signed and ready to go; `shape` turns the accepted output into what the journal keeps.
async fn wire<M, F>(desk: &Desk, p: &Profile, req: &M, shape: F) -> Result<Wire, Error>
where
    M: Method + 'static,
    F: FnOnce(M::Output) -> Result<Value, Error> + Send + 'static,
{
    let c = client(desk, p).await?;
    let form = c.prepare(req).map_err(from_hsq)?;
    let request = signed_json(&form);
    let signature = form.get("sign").map(str::to_string);
    let call = Box::pin(async move {
        let v = c.execute(&form).await.map_err(from_hsq)?;
        let code = v.get(CODE_FIELD).and_then(Value::as_str).unwrap_or_default().to_string();
        if M::is_accepted(&v) {
            let out = decode::<M::Output>(v.clone()).map_err(from_hsq)?;
            return Ok(Answered { stored: shape(out)?, raw: v, resp_code: Some(code), verdict: Verdict::Accepted });
        }
        let e = from_hsq(refusal(&v));
        Ok(not_accepted(v, code.clone(), if is_duplicate(&code) { Verdict::Duplicate(e) } else { Verdict::Refused(e) }))
    });
    Ok(Wire { endpoint: format!("huishouqian:{}", M::METHOD), request, signature, call })
}

pub(crate) async fn create_order(desk: &Desk, p: &Profile, input: &CreateOrderInput) -> Result<OrderView, Error> {
    let pay_type = PayType::parse(&input.product);
    let memo = (input.payer_id.is_some() || input.app_id.is_some() || input.payer_ip.is_some()).then(|| Memo {
        open_id: input.payer_id.clone(),
        app_id: input.app_id.clone(),
        spbill_create_ip: input.payer_ip.clone(),
        ..Memo::default()
    });
    let make = || Pay {
        sub_merchant_no: None,
        trans_no: input.order_no.clone(),
        pay_type: pay_type.clone(),
        return_url: input.notify_url.clone().unwrap_or_default(),
        page_url: None,
        order_amt: input.amount_fen,
        goods_info: input.goods.clone(),
        request_date: stamp(desk),
        extend: None,
        reuse_pay: None,
        memo: memo.clone(),
    };
    make().validate().map_err(|f| Error::invalid(super::order_field(&f.field), f.reason))?;
    let ident = serde_json::to_value(input)?;
    let w = wire(desk, p, &make(), move |out: huishouqian::methods::PayOutput| {
        let (qr, mini_program) = match out.qr(&pay_type).map_err(from_hsq)? {
            Some(QrCode::Url(u)) | Some(QrCode::AlipayTradeNo(u)) | Some(QrCode::Raw(u)) => (Some(u), None),
            Some(QrCode::WechatJsapi(w)) => (Some(serde_json::to_string(&w)?), None),
            Some(QrCode::MiniProgram(m)) => (
                None,
                Some(MiniProgramView {
                    appid: m.mp_appid,
                    path: m.mp_path,
                    username: m.mp_username,
                    version: m.mp_version,
                }),
            ),
            None => (None, None),
        };
        Ok(serde_json::to_value(OrderView {
            acquirer: Acquirer::Huishouqian,
            state: state(&out.order_status, out.resp_code.as_deref()),
            order_no: out.trans_no,
            platform_no: out.trade_no,
            amount_fen: out.order_amt,
            raw_status: out.order_status.as_str().to_string(),
            message: out.resp_msg,
            qr,
            payer_link: None,
            mini_program,
        })?)
    })
    .await?;
    let v = desk.acquirer_write(p, HSQ_ORDER, &input.order_no, None, &ident, w, PLAIN).await?;
    Ok(serde_json::from_value(v)?)
}

pub(crate) async fn query(desk: &Desk, p: &Profile, order_no: &str) -> Result<OrderView, Error> {
    let out = send(desk, p, &Query::new(order_no), order_no).await?;
    Ok(OrderView {
        acquirer: Acquirer::Huishouqian,
        state: state(&out.order_status, out.resp_code.as_deref()),
        raw_status: out.order_status.as_str().to_string(),
        order_no: out.trans_no,
        platform_no: out.trade_no,
        amount_fen: out.order_amt,
        message: out.resp_msg,
        qr: None,
        payer_link: None,
        mini_program: None,
    })
}

pub(crate) async fn close(desk: &Desk, p: &Profile, order_no: &str) -> Result<OrderView, Error> {
    let req = Close { trans_no: order_no.to_string(), request_date: stamp(desk) };
    req.validate().map_err(|f| Error::invalid(super::order_field(&f.field), f.reason))?;
    // Journalled under its own id: the order number is taken by the order itself.
    let id = format!("{order_no}-close");
    let ident = json!({"close": order_no});
    let w = wire(desk, p, &req, |_| Ok(Value::Null)).await?;
    desk.acquirer_write(p, HSQ_CLOSE, &id, Some(order_target(order_no)), &ident, w, PLAIN).await?;
    query(desk, p, order_no).await
}

fn refund_view(o: huishouqian::methods::RefundQueryOutput) -> RefundView {
    RefundView {
        acquirer: Acquirer::Huishouqian,
        state: RefundState::of_trade_state(state(&o.order_status, o.resp_code.as_deref())),
        raw_status: o.order_status.as_str().to_string(),
        refund_no: o.trans_no,
        order_no: o.orig_trans_no,
        amount_fen: o.order_amt,
        message: o.resp_msg,
    }
}

pub(crate) async fn refund(desk: &Desk, p: &Profile, input: &RefundInput) -> Result<RefundView, Error> {
    let make = || Refund {
        trans_no: input.refund_no.clone(),
        refund_type: "2".into(),
        orig_trans_no: input.order_no.clone(),
        orig_order_amt: input.order_amount_fen,
        order_amt: input.amount_fen,
        request_date: stamp(desk),
        refund_reason: input.reason.clone(),
        return_url: input.notify_url.clone(),
        extend: None,
    };
    make().validate().map_err(|f| Error::invalid(super::refund_field(&f.field), f.reason))?;
    let ident = serde_json::to_value(input)?;
    let order_no = input.order_no.clone();
    let w = wire(desk, p, &make(), move |out: huishouqian::methods::RefundOutput| {
        Ok(serde_json::to_value(RefundView {
            acquirer: Acquirer::Huishouqian,
            state: RefundState::of_trade_state(state(&out.order_status, out.resp_code.as_deref())),
            raw_status: out.order_status.as_str().to_string(),
            refund_no: out.trans_no,
            order_no: Some(order_no),
            amount_fen: out.order_amt,
            message: out.resp_msg,
        })?)
    })
    .await?;
    let target = order_target(&input.order_no);
    let guard = RefundGuard {
        kind: HSQ_REFUND.kind.as_str(),
        target: &target,
        amount_fen: input.amount_fen,
        order_amount_fen: input.order_amount_fen,
        allow_repeat: input.allow_repeat,
        now: desk.now(),
    };
    let intent = |c: &rusqlite::Connection, e: &JournalEntry| guard.check(c, e);
    let x = Extra {
        intent: &intent,
        reconcile: refund_guard::reconcile_value(input.amount_fen),
        note: input
            .allow_repeat
            .then(|| "the person confirmed a repeat refund of the same order and amount".to_string()),
    };
    let v = desk.acquirer_write(p, HSQ_REFUND, &input.refund_no, Some(target.clone()), &ident, w, x).await?;
    Ok(serde_json::from_value(v)?)
}

pub(crate) async fn refund_query(desk: &Desk, p: &Profile, refund_no: &str) -> Result<RefundView, Error> {
    Ok(refund_view(send(desk, p, &RefundQuery { trans_no: refund_no.to_string() }, refund_no).await?))
}

pub(crate) fn verify_notice(desk: &Desk, p: &Profile, body: &[u8]) -> Result<NoticeView, Error> {
    let k = desk.load_hsq_keys(p)?;
    let n = huishouqian::Notification::from_body(body, &k.platform, &k.sign_key).map_err(from_hsq)?;
    let (kind, status, resp_code, order_no, amount_fen) = match n {
        huishouqian::Notification::Payment(o) => ("payment", o.order_status, o.resp_code, o.trans_no, o.order_amt),
        huishouqian::Notification::Refund(r) => ("refund", r.order_status, r.resp_code, r.trans_no, r.order_amt),
    };
    Ok(NoticeView {
        acquirer: Acquirer::Huishouqian,
        kind: kind.into(),
        state: state(&status, resp_code.as_deref()),
        order_no,
        amount_fen,
        ack: huishouqian::ACK.into(),
    })
}

/// The seed's "no such order / record" (`100206`, `200004`, `100211`): the write never arrived.
fn not_found(e: &Error) -> bool {
    e.resp_code.as_deref().is_some_and(|c| codes::classify(c) == CodeClass::NotFound)
}

fn settle_order<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move { settle_by_query(query(desk, p, &e.req_seq_id).await, not_found) })
}

fn settle_close<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    let order_no = e.req_seq_id.trim_end_matches("-close");
    Box::pin(async move { settle_by_order_state(query(desk, p, order_no).await, "closed") })
}

fn settle_refund<'a>(desk: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move { settle_by_query(refund_query(desk, p, &e.req_seq_id).await, not_found) })
}

/// What a refund or a close of a 慧收钱 order touches.
fn order_target(order_no: &str) -> String {
    format!("hsq-order:{order_no}")
}

/// How a 慧收钱 order is settled: the order query.
pub const HSQ_ORDER: Settler = Settler { kind: WriteKind::HsqOrder, settle: settle_order, apply: write::no_rows };
/// How a 慧收钱 close is settled: the order query shows it closed.
pub const HSQ_CLOSE: Settler = Settler { kind: WriteKind::HsqClose, settle: settle_close, apply: write::no_rows };
/// How a 慧收钱 refund is settled: the refund query.
pub const HSQ_REFUND: Settler = Settler { kind: WriteKind::HsqRefund, settle: settle_refund, apply: write::no_rows };
