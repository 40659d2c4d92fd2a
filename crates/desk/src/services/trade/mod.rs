//! Test trades for a merchant (§7.15–7.18): a QR order (jspay `*_NATIVE`, or a JSAPI `pay_info`), a
//! payment-code charge (micropay, the code typed or scanned) and the scan query. Closing an order is
//! [`close`].
//!
//! Every trade made here is kept in the `trades` table with its req_seq_id and req_date, so the refund
//! page finds it and a query or refund can name it. Writes go through [`Desk::call`] (journalled before
//! sending, never sent twice); their reconciler settles by the scan query, never by a resend.

pub mod close;

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use dougong::trade::channel::{AcctInfo, AcctSplitBunch, AlipayData, RiskCheckData, WxData};
use dougong::trade::{Jspay, Micropay, OrderResponse, ScanQuery, ScanQueryResponse, TradeType};
use dougong::wire::JsonStr;
use dougong::Fen;

use crate::call::{ids_call, Call, WriteOpts};
use crate::checks;
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::realname::{render_qr, QrImage};
use crate::trade_state::{StatNotice, TradeState};
use crate::vocab::Problem;
use crate::write::{Finding, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// QR (forward-scan) products offered by the order form.
pub const QR_TRADE_TYPES: &[&str] =
    &["A_NATIVE", "T_NATIVE", "U_NATIVE", "D_NATIVE", "A_JSAPI", "T_JSAPI", "T_MINIAPP"];

/// One receiver's share of a split trade or split refund (amount in fen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SplitPart {
    pub huifu_id: String,
    #[ts(type = "number")]
    pub amount_fen: i64,
}

/// A test QR order. Amount in fen, default 1 (0.01 yuan).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct QrOrderForm {
    /// Fixed when the form opens; a second submit reuses it. Generated if absent.
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// `A_NATIVE` (default), `T_NATIVE`, `U_NATIVE`, `D_NATIVE`; JSAPI types need `payerId` (+ `appId`).
    pub trade_type: Option<String>,
    #[ts(optional, type = "number")]
    pub amount_fen: Option<i64>,
    pub goods_desc: Option<String>,
    pub notify_url: Option<String>,
    pub remark: Option<String>,
    /// JSAPI: the payer's openid (WeChat) or buyer id (Alipay).
    pub payer_id: Option<String>,
    /// JSAPI / mini program: the WeChat sub_appid.
    pub app_id: Option<String>,
    /// Split the trade (the merchant itself must be among the receivers); empty = no split.
    pub split: Vec<SplitPart>,
}

/// A charge of the payer's payment code (reverse scan).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct PayCodeForm {
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// The payment code, typed or scanned (16–24 digits).
    pub auth_code: String,
    #[ts(optional, type = "number")]
    pub amount_fen: Option<i64>,
    pub goods_desc: Option<String>,
    /// The till's IP for risk_check_data (default 127.0.0.1).
    pub ip_addr: Option<String>,
    pub notify_url: Option<String>,
    pub remark: Option<String>,
    pub split: Vec<SplitPart>,
}

/// Names a trade: `reqSeqId` (+ `reqDate`, looked up locally when absent) or `hfSeqId`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct TradeRef {
    pub huifu_id: String,
    pub req_seq_id: Option<String>,
    pub req_date: Option<String>,
    pub hf_seq_id: Option<String>,
}

/// A trade as this desk knows it (refreshed by every answer and query).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct TradeRecord {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    /// `qr` or `micropay`.
    pub kind: String,
    pub trade_type: String,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub goods_desc: String,
    pub hf_seq_id: Option<String>,
    /// The QR content (or JSAPI pay_info) the answer gave.
    pub qr_code: Option<String>,
    pub state: TradeState,
    /// Huifu's trans_stat (P/S/F; empty until known).
    pub trans_stat: String,
    pub split: Vec<SplitPart>,
    /// The close sent for this order, if any, and its state.
    pub close_req_seq_id: Option<String>,
    pub close_stat: String,
    pub message: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A created QR order: the trade and its QR drawn as PNG + SVG (absent for JSAPI or when the answer was
/// lost and the order was found by query: close it and make a new one).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrOrder {
    pub trade: TradeRecord,
    #[ts(optional)]
    pub qr: Option<QrImage>,
}

ids_call!(write TRADE_QR, Jspay);
ids_call!(write TRADE_MICROPAY, Micropay);

ids_call!(read ScanQuery of original);

/// What a refund or a close of a trade touches, whichever of them comes first.
pub(crate) fn trade_target(huifu_id: &str, org_id: &str) -> String {
    format!("trade:{huifu_id}:{org_id}")
}

/// Huifu's "no such trade" (the original is unknown to it).
pub(crate) fn is_not_found(e: &Error) -> bool {
    e.code == ErrorCode::Refused && e.resp_code.as_deref() == Some("23000001")
}

/// The req_date a desk-made req_seq_id carries in its first 8 characters (Beijing date of preparation).
pub(crate) fn date_of_seq(seq: &str) -> Option<String> {
    let d = seq.get(..8)?;
    (d.bytes().all(|b| b.is_ascii_digit()) && d.starts_with("20")).then(|| d.to_string())
}

/// The state of an order from Huifu's trans_stat (and whether it was closed).
pub fn trade_state(trans_stat: &str, closed: bool) -> TradeState {
    match trans_stat {
        "S" => TradeState::Success,
        "F" if closed => TradeState::Closed,
        "F" => TradeState::Failed,
        "P" | "I" => TradeState::Pending,
        _ => TradeState::Unknown,
    }
}

pub(crate) fn split_bunch(
    field: &str,
    parts: &[SplitPart],
    total: i64,
) -> Result<Option<JsonStr<AcctSplitBunch>>, Error> {
    if parts.is_empty() {
        return Ok(None);
    }
    for (i, p) in parts.iter().enumerate() {
        checks::huifu_id(&format!("{field}[{i}].huifu_id"), &p.huifu_id)?;
        if p.amount_fen <= 0 {
            return Err(Error::problem(format!("{field}[{i}].amount"), Problem::AmountPositive, &[]));
        }
    }
    let sum: i64 = parts.iter().map(|p| p.amount_fen).sum();
    if sum != total {
        return Err(Error::problem(
            field,
            Problem::PartsSum,
            &[("sum", Fen(sum).to_string()), ("total", Fen(total).to_string())],
        ));
    }
    Ok(Some(JsonStr(AcctSplitBunch {
        acct_infos: parts
            .iter()
            .map(|p| AcctInfo { huifu_id: p.huifu_id.clone(), div_amt: Some(Fen(p.amount_fen)), ..Default::default() })
            .collect(),
        ..Default::default()
    })))
}

pub(crate) fn parse_split(text: Option<&str>) -> Vec<SplitPart> {
    let Some(t) = text else { return vec![] };
    let Ok(b) = serde_json::from_str::<AcctSplitBunch>(t) else { return vec![] };
    split_parts(&b)
}

/// The receivers' shares of a split bunch (as sent, stored, or reported by the scan query).
pub(crate) fn split_parts(b: &AcctSplitBunch) -> Vec<SplitPart> {
    b.acct_infos
        .iter()
        .map(|a| SplitPart { huifu_id: a.huifu_id.clone(), amount_fen: a.div_amt.map(|f| f.0).unwrap_or(0) })
        .collect()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<TradeRecord> {
    let trans_stat: String = r.get("trans_stat")?;
    let close_stat: String = r.get("close_stat")?;
    let closed: String = r.get("closed")?;
    let split: Option<String> = r.get("split")?;
    Ok(TradeRecord {
        req_seq_id: r.get("req_seq_id")?,
        req_date: r.get("req_date")?,
        huifu_id: r.get("huifu_id")?,
        kind: r.get("kind")?,
        trade_type: r.get("trade_type")?,
        amount_fen: r.get("amount_fen")?,
        goods_desc: r.get("goods_desc")?,
        hf_seq_id: r.get("hf_seq_id")?,
        qr_code: r.get("qr_code")?,
        state: trade_state(&trans_stat, close_stat == "S"),
        trans_stat,
        split: parse_split(split.as_deref()),
        close_req_seq_id: Some(closed).filter(|c| !c.is_empty()),
        close_stat,
        message: r.get("message")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// What a trade write's answer (or query) says, to fold into the local row.
#[derive(Default)]
struct TradeUpdate {
    hf_seq_id: Option<String>,
    qr_code: Option<String>,
    trans_stat: Option<String>,
    trade_type: Option<String>,
    message: Option<String>,
}

impl Desk {
    /// One locally kept trade by its req_seq_id.
    pub fn trade(&self, profile: &Profile, req_seq_id: &str) -> Result<Option<TradeRecord>, Error> {
        let sql = "SELECT * FROM trades WHERE profile = ?1 AND req_seq_id = ?2";
        self.store().row(sql, params![profile.name, req_seq_id], from_row)
    }

    /// Locally kept trades, newest first (of one merchant when `huifu_id` is given).
    pub fn list_trades(
        &self,
        profile: &Profile,
        huifu_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<TradeRecord>, Error> {
        self.store().with_conn(|c| {
            let mut st = c.prepare(&format!(
                "SELECT * FROM trades WHERE profile = ?1 AND (?2 IS NULL OR huifu_id = ?2) ORDER BY created_at DESC, rowid DESC LIMIT {}",
                limit.clamp(1, 10_000)
            ))?;
            let rows = st.query_map(params![profile.name, huifu_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    fn trade_by_hf(&self, profile: &Profile, hf_seq_id: &str) -> Result<Option<TradeRecord>, Error> {
        let sql = "SELECT * FROM trades WHERE profile = ?1 AND hf_seq_id = ?2";
        self.store().row(sql, params![profile.name, hf_seq_id], from_row)
    }

    fn update_trade(&self, p: &Profile, seq: &str, u: TradeUpdate) -> Result<(), Error> {
        let now = rfc3339(self.now());
        self.store().with_conn(|c| update_trade_row(c, &p.name, seq, &u, &now))
    }

    /// The req_date of a write being prepared or retried: the local row's, else the journal's, else today.
    pub(crate) fn trade_req_date(&self, p: &Profile, seq: &str) -> Result<String, Error> {
        if let Some(t) = self.trade(p, seq)? {
            return Ok(t.req_date);
        }
        self.req_date_for(p, seq)
    }

    /// Creates a test QR order (jspay). A second submit with the same `reqSeqId` returns the first order.
    /// Errors: `InvalidInput` naming the field (nothing sent), the call's errors.
    pub async fn create_qr_order(&self, profile: &Profile, form: QrOrderForm) -> Result<QrOrder, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        let tt = form.trade_type.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| "A_NATIVE".into());
        checks::one_of("trade_type", &tt, QR_TRADE_TYPES)?;
        let o =
            self.order_start(profile, form.req_seq_id.as_deref(), form.amount_fen, &form.goods_desc, &form.split)?;
        let seq = &o.seq;
        let trade_type = TradeType::from_wire(&tt);
        let mut wx = None;
        let mut ali = None;
        match tt.as_str() {
            // The product id is only an identifier for WeChat's native QR; the order's id serves.
            "T_NATIVE" => {
                wx = Some(JsonStr(WxData { product_id: Some(seq.chars().take(32).collect()), ..Default::default() }))
            }
            "T_JSAPI" | "T_MINIAPP" => {
                wx = Some(JsonStr(WxData {
                    sub_appid: form.app_id.clone(),
                    sub_openid: form.payer_id.clone(),
                    ..Default::default()
                }))
            }
            "A_JSAPI" => ali = Some(JsonStr(AlipayData { buyer_id: form.payer_id.clone(), ..Default::default() })),
            _ => {}
        }
        let req = Jspay {
            req_date: o.date.clone(),
            req_seq_id: seq.clone(),
            huifu_id: form.huifu_id.clone(),
            goods_desc: o.goods.clone(),
            trade_type,
            trans_amt: Fen(o.amount),
            wx_data: wx,
            alipay_data: ali,
            acct_split_bunch: o.split.clone(),
            notify_url: self.order_notify_url(profile, &form.notify_url),
            remark: form.remark.clone().filter(|r| !r.is_empty()),
            ..Default::default()
        };
        let trade = self
            .send_order(profile, &req, &o, NewTradeKind { huifu_id: &form.huifu_id, kind: "qr", trade_type: &tt })
            .await?;
        let qr = match (&trade.qr_code, tt.ends_with("_NATIVE")) {
            (Some(q), true) => Some(render_qr(q)?),
            _ => None,
        };
        Ok(QrOrder { trade, qr })
    }

    /// Charges a payment code (micropay). Small amounts answer paid at once; a password payment answers
    /// pending — follow it with [`Desk::query_trade`]. A second submit with the same `reqSeqId` never
    /// charges twice. Errors: `InvalidInput` naming the field, the call's errors.
    pub async fn pay_by_code(&self, profile: &Profile, form: PayCodeForm) -> Result<TradeRecord, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        let code: String = form.auth_code.chars().filter(|c| !c.is_whitespace()).collect();
        let o =
            self.order_start(profile, form.req_seq_id.as_deref(), form.amount_fen, &form.goods_desc, &form.split)?;
        let req = Micropay {
            req_date: o.date.clone(),
            req_seq_id: o.seq.clone(),
            huifu_id: form.huifu_id.clone(),
            trans_amt: Fen(o.amount),
            goods_desc: o.goods.clone(),
            auth_code: code,
            risk_check_data: JsonStr(RiskCheckData {
                ip_addr: Some(form.ip_addr.clone().filter(|i| !i.is_empty()).unwrap_or_else(|| "127.0.0.1".into())),
                ..Default::default()
            }),
            acct_split_bunch: o.split.clone(),
            notify_url: self.order_notify_url(profile, &form.notify_url),
            remark: form.remark.clone().filter(|r| !r.is_empty()),
            ..Default::default()
        };
        self.send_order(profile, &req, &o, NewTradeKind { huifu_id: &form.huifu_id, kind: "micropay", trade_type: "" })
            .await
    }

    /// What every test order starts from, checked: the amount (default 1 fen), the goods text, its
    /// req_seq_id (the form's, else a new one) and req_date, the split.
    fn order_start(
        &self,
        profile: &Profile,
        req_seq_id: Option<&str>,
        amount_fen: Option<i64>,
        goods_desc: &Option<String>,
        split: &[SplitPart],
    ) -> Result<OrderStart, Error> {
        let amount = amount_fen.unwrap_or(1);
        if amount <= 0 {
            return Err(Error::problem("amount", Problem::AmountPositive, &[]));
        }
        let goods = goods_desc.clone().filter(|g| !g.trim().is_empty()).unwrap_or_else(|| "Paydesk test order".into());
        let seq = self.write_seq(req_seq_id);
        let date = self.trade_req_date(profile, &seq)?;
        let split = split_bunch("split", split, amount)?;
        Ok(OrderStart { amount, goods, seq, date, split })
    }

    /// The form's notify_url, else the profile's receiver when one is set up, so the sandbox's (and
    /// Huifu's) pushes arrive.
    fn order_notify_url(&self, profile: &Profile, given: &Option<String>) -> Option<String> {
        given.clone().filter(|u| !u.is_empty()).or_else(|| self.notify_url_for(profile))
    }

    /// Sends a test order through the write pipeline; the trade's own row is written with the intent and
    /// follows the outcome (the settler's apply). Answers the row.
    async fn send_order<R: Call>(
        &self,
        profile: &Profile,
        req: &R,
        o: &OrderStart,
        t: NewTradeKind<'_>,
    ) -> Result<TradeRecord, Error> {
        dougong::Endpoint::validate(req)?;
        let split = o.split.as_ref().map(|s| serde_json::to_string(&s.0)).transpose()?;
        let row = NewTrade {
            huifu_id: t.huifu_id,
            kind: t.kind,
            trade_type: t.trade_type,
            amount_fen: o.amount,
            goods: &o.goods,
            split,
        };
        let now = rfc3339(self.now());
        let intent = |c: &rusqlite::Connection, e: &JournalEntry| insert_trade_row(c, e, &row, &now);
        self.call_write(profile, req, WriteOpts { intent: &intent, ..Default::default() }).await?;
        self.trade(profile, &o.seq)?.ok_or_else(|| Error::new(ErrorCode::Internal, "the trade row vanished"))
    }

    /// Fills a trade reference from the local row: req_date (and hf_seq_id) when known.
    pub(crate) fn resolve_trade_ref(&self, profile: &Profile, r: &TradeRef) -> Result<TradeRef, Error> {
        checks::huifu_id("huifu_id", &r.huifu_id)?;
        let seq = r.req_seq_id.clone().filter(|s| !s.trim().is_empty());
        let hf = r.hf_seq_id.clone().filter(|s| !s.trim().is_empty());
        let local = match (&seq, &hf) {
            (Some(s), _) => self.trade(profile, s)?,
            (None, Some(h)) => self.trade_by_hf(profile, h)?,
            (None, None) => return Err(Error::problem("req_seq_id", Problem::TradeIdNeeded, &[])),
        };
        let date = r
            .req_date
            .clone()
            .filter(|d| !d.is_empty())
            .or(local.as_ref().map(|t| t.req_date.clone()))
            .or(seq.as_deref().and_then(date_of_seq));
        if let Some(d) = &date {
            checks::date8("req_date", d)?;
        }
        if hf.is_none() && date.is_none() {
            return Err(Error::problem("req_date", Problem::TradeDateNeeded, &[]));
        }
        Ok(TradeRef {
            huifu_id: r.huifu_id.clone(),
            req_seq_id: seq.or(local.as_ref().map(|t| t.req_seq_id.clone())),
            req_date: date,
            hf_seq_id: hf.or(local.and_then(|t| t.hf_seq_id)),
        })
    }

    /// The scan query of a trade (raw answer), by req_seq_id + req_date when known, else hf_seq_id.
    pub(crate) async fn scan_query(&self, profile: &Profile, r: &TradeRef) -> Result<ScanQueryResponse, Error> {
        let by_seq = r.req_seq_id.is_some() && r.req_date.is_some();
        let q = ScanQuery {
            huifu_id: r.huifu_id.clone(),
            org_req_date: r.req_date.clone(),
            org_req_seq_id: if by_seq { r.req_seq_id.clone() } else { None },
            org_hf_seq_id: if by_seq { None } else { r.hf_seq_id.clone() },
            out_ord_id: None,
        };
        self.call(profile, &q).await
    }

    /// The trade's state now (scan query); the local row, if any, is updated. A trade made elsewhere is
    /// answered from the query alone. Errors: `InvalidInput`, the call's errors (`23000001`: unknown trade).
    pub async fn query_trade(&self, profile: &Profile, r: TradeRef) -> Result<TradeRecord, Error> {
        let r = self.resolve_trade_ref(profile, &r)?;
        let q = self.scan_query(profile, &r).await?;
        let seq = q.org_req_seq_id.clone().or(r.req_seq_id.clone()).unwrap_or_default();
        let stat = q.trans_stat.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
        if self.trade(profile, &seq)?.is_some() {
            self.update_trade(
                profile,
                &seq,
                TradeUpdate {
                    hf_seq_id: q.org_hf_seq_id.clone(),
                    trans_stat: Some(stat.clone()),
                    message: q.bank_desc.clone().or(Some(q.resp_desc.clone())),
                    ..Default::default()
                },
            )?;
            if let Some(t) = self.trade(profile, &seq)? {
                return Ok(t);
            }
        }
        let now = rfc3339(self.now());
        Ok(TradeRecord {
            req_seq_id: seq,
            req_date: q.org_req_date.clone().or(r.req_date.clone()).unwrap_or_default(),
            huifu_id: r.huifu_id.clone(),
            kind: "external".into(),
            trade_type: q.trans_type.clone().unwrap_or_default(),
            amount_fen: q.trans_amt.map(|f| f.0).unwrap_or(0),
            goods_desc: String::new(),
            hf_seq_id: q.org_hf_seq_id.clone(),
            qr_code: None,
            state: trade_state(&stat, false),
            trans_stat: stat,
            split: q.acct_split_bunch.as_ref().map(|b| split_parts(&b.0)).unwrap_or_default(),
            close_req_seq_id: None,
            close_stat: String::new(),
            message: q.resp_desc.clone(),
            created_at: now.clone(),
            updated_at: now,
        })
    }
}

impl Desk {
    /// A verified payment notification about a trade made here: its trans_stat (and hf_seq_id) is kept,
    /// never moving a final state (S/F) back. Answers whether a row changed.
    pub(crate) fn apply_trade_notice(&self, profile: &Profile, n: &StatNotice<'_>) -> Result<bool, Error> {
        let now = rfc3339(self.now());
        let n = self.store().with_conn(|c| {
            Ok(c.execute(
                "UPDATE trades SET trans_stat = ?3, hf_seq_id = coalesce(nullif(?4, ''), hf_seq_id), updated_at = ?5
                 WHERE profile = ?1 AND req_seq_id = ?2 AND trans_stat NOT IN ('S', 'F') AND ?3 <> ''",
                params![profile.name, n.req_seq_id, n.trans_stat, n.hf_seq_id, now],
            )?)
        })?;
        Ok(n > 0)
    }
}

/// A trade write is found by the scan query under its own req_seq_id + req_date.
fn reconcile_order<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let r = TradeRef {
            huifu_id: e.merchant.clone().unwrap_or_default(),
            req_seq_id: Some(e.req_seq_id.clone()),
            req_date: Some(e.req_date.clone()),
            hf_seq_id: None,
        };
        match d.scan_query(p, &r).await {
            Ok(q) => Ok(Settlement::Found(json!({
                "resp_code": "00000000", "resp_desc": "found by scan query",
                "req_seq_id": e.req_seq_id, "req_date": e.req_date, "huifu_id": r.huifu_id,
                "hf_seq_id": q.org_hf_seq_id, "trans_amt": q.trans_amt.map(|f| f.to_yuan_string()),
                "trans_stat": q.trans_stat.map(|s| s.as_str().to_string()),
            }))),
            Err(err) if is_not_found(&err) => Ok(Settlement::NotFound),
            Err(err) => Err(err),
        }
    })
}

/// A trade's own row, written with the write's intent.
/// A test order's checked start (see [`Desk::order_start`]).
struct OrderStart {
    amount: i64,
    goods: String,
    seq: String,
    date: String,
    split: Option<JsonStr<AcctSplitBunch>>,
}

/// Which trade a new row is: its merchant, kind (`qr`, `micropay`) and trade type.
struct NewTradeKind<'a> {
    huifu_id: &'a str,
    kind: &'a str,
    trade_type: &'a str,
}

struct NewTrade<'a> {
    huifu_id: &'a str,
    kind: &'a str,
    trade_type: &'a str,
    amount_fen: i64,
    goods: &'a str,
    split: Option<String>,
}

fn insert_trade_row(c: &rusqlite::Connection, e: &JournalEntry, t: &NewTrade<'_>, now: &str) -> Result<(), Error> {
    c.execute(
        "INSERT OR IGNORE INTO trades(profile, req_seq_id, req_date, huifu_id, kind, trade_type, amount_fen, goods_desc, split, message, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'being sent', ?10, ?10)",
        params![e.profile, e.req_seq_id, e.req_date, t.huifu_id, t.kind, t.trade_type, t.amount_fen, t.goods, t.split, now],
    )?;
    Ok(())
}

fn update_trade_row(
    c: &rusqlite::Connection,
    profile: &str,
    seq: &str,
    u: &TradeUpdate,
    now: &str,
) -> Result<(), Error> {
    // A final trans_stat (S/F) is never moved back by a later, older answer.
    c.execute(
        "UPDATE trades SET hf_seq_id = coalesce(?3, hf_seq_id), qr_code = coalesce(?4, qr_code),
                           trans_stat = CASE WHEN trans_stat IN ('S', 'F') OR ?5 IS NULL THEN trans_stat ELSE ?5 END,
                           trade_type = CASE WHEN ?7 IS NULL OR ?7 = '' THEN trade_type ELSE ?7 END,
                           message = coalesce(?6, message), updated_at = ?8
         WHERE profile = ?1 AND req_seq_id = ?2",
        params![profile, seq, u.hf_seq_id, u.qr_code, u.trans_stat, u.message, u.trade_type, now],
    )?;
    Ok(())
}

/// The trade row follows what is known of its order write.
fn apply_order(c: &rusqlite::Connection, e: &JournalEntry, f: &Finding, now: &str) -> Result<(), Error> {
    let u = match f {
        Finding::Took(v) => match dougong::client::decode_value::<OrderResponse>(v.clone()) {
            Ok(o) => TradeUpdate {
                hf_seq_id: o.hf_seq_id.clone(),
                qr_code: o.qr_code.clone().or(o.pay_info.clone()),
                trans_stat: o.trans_stat.as_ref().map(|s| s.as_str().to_string()),
                trade_type: o.trade_type.as_ref().map(|t| t.as_str().to_string()),
                message: Some(if o.qr_code.is_none() && o.pay_info.is_none() && o.resp_desc.contains("found by") {
                    "the answer was lost and the order was found by query; its QR is not known: close it and create a new one".into()
                } else {
                    o.bank_message.clone().unwrap_or_else(|| o.resp_desc.clone())
                }),
            },
            Err(err) => TradeUpdate {
                message: Some(format!("accepted; its answer could not be read: {err}")),
                ..Default::default()
            },
        },
        Finding::Refused(err) => {
            TradeUpdate { trans_stat: Some("F".into()), message: Some(err.message.clone()), ..Default::default() }
        }
        Finding::NotSent(err) | Finding::Open(err) => {
            TradeUpdate { message: Some(err.message.clone()), ..Default::default() }
        }
    };
    update_trade_row(c, &e.profile, &e.req_seq_id, &u, now)
}

/// How a QR order is settled: the scan query under its own ids; its trade row follows.
pub const TRADE_QR: Settler = Settler { kind: WriteKind::TradeQr, settle: reconcile_order, apply: apply_order };
/// How a payment-code charge is settled.
pub const TRADE_MICROPAY: Settler =
    Settler { kind: WriteKind::TradeMicropay, settle: reconcile_order, apply: apply_order };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_dates() {
        assert_eq!(trade_state("S", false), TradeState::Success);
        assert_eq!(trade_state("F", true), TradeState::Closed);
        assert_eq!(trade_state("F", false), TradeState::Failed);
        assert_eq!(trade_state("", false), TradeState::Unknown);
        assert_eq!(date_of_seq("20261130123456abcdefghijklmn").as_deref(), Some("20261130"));
        assert_eq!(date_of_seq("abc"), None);
    }

    #[test]
    fn split_parts_must_add_up() {
        let parts = vec![
            SplitPart { huifu_id: "6666000100000001".into(), amount_fen: 90 },
            SplitPart { huifu_id: "6666000100000002".into(), amount_fen: 10 },
        ];
        assert!(split_bunch("split", &parts, 100).unwrap().is_some());
        assert_eq!(split_bunch("split", &parts, 101).unwrap_err().field.as_deref(), Some("split"));
        let text = serde_json::to_string(&split_bunch("split", &parts, 100).unwrap().unwrap().0).unwrap();
        assert_eq!(parse_split(Some(&text)), parts);
    }
}
