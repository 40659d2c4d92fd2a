//! Closing an unpaid test order (§7.18): the close, and the close query that follows it to its final
//! state. A close is a write: journalled under its own req_seq_id before sending, and settled after a
//! timeout or crash by the close query, never by a second close.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::trade::{Close, CloseQuery, CloseResponse};

use super::{is_not_found, TradeRef};
use crate::call::{ids_call, Call};
use crate::clock::rfc3339;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::trade_state::TradeState;
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// Close an unpaid WeChat/Alipay order (not within its first minute).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CloseForm {
    /// The close's own id, fixed when the dialog opens. Generated if absent.
    #[ts(optional)]
    pub req_seq_id: Option<String>,
    pub trade: TradeRef,
}

/// A close and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseRecord {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub org_req_seq_id: String,
    pub org_req_date: String,
    /// The close's own state: pending, success (the order is closed) or failed.
    pub state: TradeState,
    pub trans_stat: String,
    /// The order's trans_stat as the answer gives it.
    pub org_trans_stat: String,
}

ids_call!(write TRADE_CLOSE, Close {
    fn reconcile_key(&self) -> Value {
        json!({"org_req_date": self.org_req_date, "org_req_seq_id": self.org_req_seq_id, "org_hf_seq_id": self.org_hf_seq_id})
    }
    fn target(&self) -> Option<String> {
        let org = self.org_req_seq_id.as_deref().or(self.org_hf_seq_id.as_deref())?;
        Some(super::trade_target(&self.huifu_id, org))
    }
});

impl Call for CloseQuery {
    fn req_seq_id(&self) -> Option<&str> {
        Some(&self.0.req_seq_id)
    }
    fn req_date(&self) -> Option<&str> {
        Some(&self.0.req_date)
    }
    fn merchant(&self) -> Option<&str> {
        Some(&self.0.huifu_id)
    }
}

impl Desk {
    fn close_request(&self, profile: &Profile, seq: &str, date: &str, r: &TradeRef) -> Close {
        let by_seq = r.req_seq_id.is_some();
        let _ = profile;
        Close {
            req_date: date.to_string(),
            req_seq_id: seq.to_string(),
            huifu_id: r.huifu_id.clone(),
            org_req_date: r.req_date.clone().unwrap_or_default(),
            org_req_seq_id: if by_seq { r.req_seq_id.clone() } else { None },
            org_hf_seq_id: if by_seq { None } else { r.hf_seq_id.clone() },
            merge_flag: None,
        }
    }

    fn fold_close(
        &self,
        profile: &Profile,
        r: &TradeRef,
        seq: &str,
        date: &str,
        c: &CloseResponse,
    ) -> Result<CloseRecord, Error> {
        let stat = c.trans_stat.as_ref().or(c.close_stat.as_ref()).map(|s| s.as_str().to_string()).unwrap_or_default();
        let org_stat = c.org_trans_stat.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
        let org_seq = c.org_req_seq_id.clone().or(r.req_seq_id.clone()).unwrap_or_default();
        let now = rfc3339(self.now());
        self.store().with_conn(|conn| {
            conn.execute(
                "UPDATE trades SET closed = ?3, close_date = ?4, close_stat = ?5,
                                   trans_stat = CASE WHEN ?6 = '' THEN trans_stat ELSE ?6 END, updated_at = ?7
                 WHERE profile = ?1 AND req_seq_id = ?2",
                params![profile.name, org_seq, seq, date, stat, org_stat, now],
            )?;
            Ok(())
        })?;
        Ok(CloseRecord {
            req_seq_id: seq.to_string(),
            req_date: date.to_string(),
            huifu_id: r.huifu_id.clone(),
            org_req_seq_id: org_seq,
            org_req_date: c.org_req_date.clone().or(r.req_date.clone()).unwrap_or_default(),
            state: match stat.as_str() {
                "S" => TradeState::Success,
                "F" => TradeState::Failed,
                "P" | "I" => TradeState::Pending,
                _ => TradeState::Unknown,
            },
            trans_stat: stat,
            org_trans_stat: org_stat,
        })
    }

    /// Closes an unpaid order (WeChat/Alipay; Huifu refuses within the first minute). The close turns
    /// final shortly after: follow it with [`Desk::close_status`]. A second submit with the same
    /// `reqSeqId` never sends a second close.
    pub async fn close_trade(&self, profile: &Profile, form: CloseForm) -> Result<CloseRecord, Error> {
        let r = self.resolve_trade_ref(profile, &form.trade)?;
        if r.req_date.is_none() {
            return Err(Error::problem("req_date", crate::vocab::Problem::TradeDateNeeded, &[]));
        }
        let seq = self.write_seq(form.req_seq_id.as_deref());
        let date = self.req_date_for(profile, &seq)?;
        let req = self.close_request(profile, &seq, &date, &r);
        let c = self.call(profile, &req).await?;
        self.fold_close(profile, &r, &seq, &date, &c)
    }

    /// The close of an order as Huifu sees it (close query with the close's own ids; the latest close of
    /// the order when `close_req_seq_id` is absent and a close was sent from here).
    pub async fn close_status(
        &self,
        profile: &Profile,
        trade: TradeRef,
        close_req_seq_id: Option<String>,
    ) -> Result<CloseRecord, Error> {
        let r = self.resolve_trade_ref(profile, &trade)?;
        let local = match &r.req_seq_id {
            Some(s) => self.trade(profile, s)?,
            None => None,
        };
        let seq = close_req_seq_id
            .filter(|s| !s.is_empty())
            .or(local.as_ref().and_then(|t| t.close_req_seq_id.clone()))
            .ok_or_else(|| {
                Error::invalid("close_req_seq_id", "no close of this order is known here; give the close's req_seq_id")
            })?;
        let date = self.req_date_for(profile, &seq)?;
        let req = CloseQuery(self.close_request(profile, &seq, &date, &r));
        let c = self.call(profile, &req).await?;
        self.fold_close(profile, &r, &seq, &date, &c)
    }
}

/// A close is found when the order's latest close carries its req_seq_id.
fn reconcile_close<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let s = |k: &str| e.reconcile.get(k).and_then(Value::as_str).map(str::to_string);
        let req = CloseQuery(Close {
            req_date: e.req_date.clone(),
            req_seq_id: e.req_seq_id.clone(),
            huifu_id: e.merchant.clone().unwrap_or_default(),
            org_req_date: s("org_req_date").unwrap_or_default(),
            org_req_seq_id: s("org_req_seq_id"),
            org_hf_seq_id: s("org_hf_seq_id"),
            merge_flag: None,
        });
        match d.call(p, &req).await {
            Ok(c) if c.req_seq_id.as_deref() == Some(e.req_seq_id.as_str()) => {
                let mut v = serde_json::to_value(&c)?;
                v["resp_desc"] = json!("found by close query");
                Ok(Settlement::Found(v))
            }
            Ok(_) => Ok(Settlement::NotFound),
            Err(err) if is_not_found(&err) => Ok(Settlement::NotFound),
            Err(err) => Err(err),
        }
    })
}

/// How a `trade.close` write is settled.
pub const TRADE_CLOSE: Settler =
    Settler { kind: WriteKind::TradeClose, settle: reconcile_close, apply: write::no_rows };
