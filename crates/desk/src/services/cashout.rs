//! Cash out (§7.20, §7.21): a merchant's balances, and withdrawals (取现) to its bound card (`token_no`
//! from onboarding or the detail query), followed to their final state by query or notification.
//!
//! A withdrawal's req_seq_id is fixed when the form opens; the write goes through [`Desk::call`] (journalled
//! before it leaves, never sent twice). The `withdrawals` table follows it from `pending` to `success` /
//! `failed`; a final state is never moved back (a late query or an older notification cannot undo it).

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use dougong::cashout::{AcctType, BalanceQuery, Withdraw, WithdrawQuery, WithdrawResponse};
use dougong::wire::TransStat;
use dougong::Fen;

use crate::call::{ids_call, Call, WriteOpts};
use crate::checks;
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::trade_state::{parse_state, state_str, TradeState};
use crate::vocab::Problem;
use crate::write::{Finding, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// The largest amount the wire field takes: `cash_amt` is at most 14 characters as yuan (`99999999999.99`).
pub const MAX_WITHDRAW_FEN: i64 = 9_999_999_999_999;

/// Cash types a withdrawal can ask for (`into_acct_date_type`); each must be enabled in the merchant's
/// `cash_config`.
pub const CASH_TYPES: &[&str] = &["T1", "D1", "D0", "T0", "DM"];

/// One account's balances, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountBalance {
    pub acct_id: String,
    /// `01` basic, `02` cash, `05` recharge, `09` marketing (Huifu's code; others kept as sent).
    pub acct_type: String,
    /// Total balance (`balance_amt`).
    #[ts(type = "number")]
    pub balance_fen: i64,
    /// What can be withdrawn now (`avl_bal`).
    #[ts(type = "number")]
    pub available_fen: i64,
    /// Frozen (`frz_bal`).
    #[ts(type = "number")]
    pub frozen_fen: i64,
    /// Available at the end of the previous day (`last_avl_bal`).
    #[ts(type = "number")]
    pub last_available_fen: i64,
    /// Held by risk control (`control_bal`).
    #[ts(type = "number")]
    pub control_fen: i64,
    /// Account state as Huifu reports it (`N` normal).
    pub acct_stat: String,
}

/// A merchant's balances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BalanceView {
    pub huifu_id: String,
    pub accounts: Vec<AccountBalance>,
    /// What a withdrawal can take: the available balance of the basic and cash accounts.
    #[ts(type = "number")]
    pub available_fen: i64,
    #[ts(type = "number")]
    pub frozen_fen: i64,
    /// When desk asked (RFC 3339).
    pub queried_at: String,
}

/// A withdrawal to prepare and send.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct WithdrawForm {
    /// Fixed when the form opens ([`Desk::new_req_seq_id`]); a second submit reuses it and never makes a
    /// second withdrawal. Generated if absent (then a retry is a new withdrawal).
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// Amount in fen (1 = 0.01 yuan). Must be positive and at most the available balance.
    #[ts(type = "number")]
    pub amount: i64,
    /// `T1` (default), `D1`, `D0`, `T0`, `DM`: a cash type enabled for the merchant.
    pub into_acct_date_type: Option<String>,
    /// The bound card's token. Default: the one the merchant index holds (from onboarding or lookup).
    pub token_no: Option<String>,
    /// Basic or cash account to draw from (default: Huifu's choice).
    pub acct_id: Option<String>,
    pub remark: Option<String>,
    /// Where Huifu sends the result. Default: the profile's notification receiver, when it has one.
    pub notify_url: Option<String>,
}

/// A withdrawal as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Withdrawal {
    pub profile: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    #[ts(optional)]
    pub hf_seq_id: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
    #[ts(optional, type = "number")]
    pub fee_fen: Option<i64>,
    pub into_acct_date_type: String,
    pub token_no: String,
    /// `pending`, `success`, `failed`, or `unknown` (sent, no answer yet: settle with a query).
    pub state: TradeState,
    /// `trans_stat` as Huifu reported it.
    pub raw_status: String,
    pub message: String,
    pub created_at: String,
    pub updated_at: String,
}

ids_call!(write CASHOUT_WITHDRAW, Withdraw {
    fn target(&self) -> Option<String> {
        Some(format!("balance:{}", self.huifu_id))
    }
});

impl Call for WithdrawQuery {
    fn req_seq_id(&self) -> Option<&str> {
        self.org_req_seq_id.as_deref()
    }
    fn req_date(&self) -> Option<&str> {
        Some(&self.org_req_date)
    }
    fn merchant(&self) -> Option<&str> {
        Some(&self.huifu_id)
    }
}

impl Call for BalanceQuery {
    fn req_seq_id(&self) -> Option<&str> {
        self.req_seq_id.as_deref()
    }
    fn req_date(&self) -> Option<&str> {
        Some(&self.req_date)
    }
    fn merchant(&self) -> Option<&str> {
        Some(&self.huifu_id)
    }
}

/// `S`/`F`/`P` (or `I`) into the one state the UI knows.
pub fn state_of(s: Option<&TransStat>) -> TradeState {
    match s {
        Some(TransStat::Success) => TradeState::Success,
        Some(TransStat::Failed) => TradeState::Failed,
        Some(TransStat::Processing) | Some(TransStat::Initial) => TradeState::Pending,
        _ => TradeState::Unknown,
    }
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Withdrawal> {
    let state: String = r.get("state")?;
    Ok(Withdrawal {
        profile: r.get("profile")?,
        req_seq_id: r.get("req_seq_id")?,
        req_date: r.get("req_date")?,
        huifu_id: r.get("huifu_id")?,
        hf_seq_id: r.get("hf_seq_id")?,
        amount_fen: r.get("amount_fen")?,
        fee_fen: r.get("fee_fen")?,
        into_acct_date_type: r.get("into_acct_date_type")?,
        token_no: r.get("token_no")?,
        state: parse_state(&state),
        raw_status: r.get("raw_status")?,
        message: r.get("message")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// What a query, an answer or a notification says about a withdrawal.
#[derive(Debug, Clone, Default)]
pub(crate) struct WithdrawalUpdate {
    pub state: Option<TradeState>,
    pub raw_status: Option<String>,
    pub hf_seq_id: Option<String>,
    pub fee_fen: Option<i64>,
    pub message: Option<String>,
}

impl WithdrawalUpdate {
    fn from_answer(r: &WithdrawResponse) -> WithdrawalUpdate {
        // The query may carry `trans_status` (the notification's name) beside or instead of `trans_stat`.
        let stat = r
            .trans_stat
            .clone()
            .or_else(|| r.extra.get("trans_status").and_then(|v| serde_json::from_value(v.clone()).ok()));
        WithdrawalUpdate {
            state: Some(state_of(stat.as_ref())),
            raw_status: stat.as_ref().map(|s| s.as_str().to_string()),
            hf_seq_id: r
                .hf_seq_id
                .clone()
                .or_else(|| r.extra.get("org_hf_seq_id").and_then(Value::as_str).map(str::to_string)),
            fee_fen: r.fee_amt.map(|f| f.0),
            message: Some(r.resp_desc.clone()),
        }
    }
}

impl Desk {
    /// A merchant's balances (§7.21). Errors: `InvalidInput` (huifu_id), the call's errors.
    pub async fn balance(&self, profile: &Profile, huifu_id: &str) -> Result<BalanceView, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let req = BalanceQuery {
            req_date: self.req_date(),
            req_seq_id: Some(self.new_req_seq_id()),
            huifu_id: huifu_id.into(),
            acct_date: None,
        };
        let r = self.call(profile, &req).await?;
        let fen = |f: Option<Fen>| f.map(|f| f.0).unwrap_or(0);
        let accounts: Vec<AccountBalance> = r
            .acct_info_list
            .map(|l| l.0)
            .unwrap_or_default()
            .into_iter()
            .map(|a| AccountBalance {
                acct_id: a.acct_id.unwrap_or_default(),
                acct_type: a.acct_type.map(|t| t.as_str().to_string()).unwrap_or_default(),
                balance_fen: fen(a.balance_amt),
                available_fen: fen(a.avl_bal),
                frozen_fen: fen(a.frz_bal),
                last_available_fen: fen(a.last_avl_bal),
                control_fen: fen(a.control_bal),
                acct_stat: a.acct_stat.unwrap_or_default(),
            })
            .collect();
        let withdrawable = |a: &&AccountBalance| {
            a.acct_type.is_empty() || a.acct_type == AcctType::Basic.as_str() || a.acct_type == AcctType::Cash.as_str()
        };
        Ok(BalanceView {
            huifu_id: huifu_id.into(),
            available_fen: accounts.iter().filter(withdrawable).map(|a| a.available_fen).sum(),
            frozen_fen: accounts.iter().map(|a| a.frozen_fen).sum(),
            accounts,
            queried_at: rfc3339(self.now()),
        })
    }

    /// Withdraws `form.amount` fen to the merchant's bound card. Checks first, before anything is sent:
    /// the amount (positive, not above [`MAX_WITHDRAW_FEN`], not above the available balance — that costs
    /// one balance query), the cash type and the token. The answer is usually `pending`; follow it with
    /// [`Desk::withdrawal_status`] / [`Desk::follow_withdrawal`], a notification, or the reconciler.
    ///
    /// Errors: `InvalidInput` naming the field (`amount`, `huifu_id`, `into_acct_date_type`, `token_no`,
    /// `remark`, `notify_url`), the call's errors (`Refused` 90000000 可用余额不足 when the fee does not fit,
    /// 22000003 unknown token, 22000004 cash type not enabled; `OutcomeUnknown`: settled by query later).
    pub async fn withdraw(&self, profile: &Profile, form: WithdrawForm) -> Result<Withdrawal, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        if form.amount <= 0 {
            return Err(Error::problem("amount", Problem::AmountPositive, &[]));
        }
        if form.amount > MAX_WITHDRAW_FEN {
            return Err(Error::problem("amount", Problem::AmountCeiling, &[("amount", Fen(form.amount).to_string())]));
        }
        let cash_type =
            form.into_acct_date_type.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "T1".into());
        checks::one_of("into_acct_date_type", &cash_type, CASH_TYPES)?;
        let token_no = match form.token_no.clone().filter(|s| !s.trim().is_empty()) {
            Some(t) => t.trim().to_string(),
            None => self
                .merchant(&profile.name, &form.huifu_id)
                .ok()
                .and_then(|m| m.token_no)
                .ok_or_else(|| Error::problem("token_no", Problem::NoBoundCard, &[]))?,
        };
        checks::required("token_no", &token_no, 20)?;
        if let Some(r) = &form.remark {
            checks::max_len("remark", r, 100)?;
        }
        if let Some(a) = &form.acct_id {
            checks::max_len("acct_id", a, 9)?;
        }
        let notify_url =
            form.notify_url.clone().filter(|u| !u.trim().is_empty()).or_else(|| self.notify_url_for(profile));
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        // A retry of a write already journalled skips the balance check: the first send may already have
        // taken the money, and the journal answers it without a second withdrawal anyway.
        if crate::journal::get(self.store(), &profile.name, &req_seq_id)?.is_none() {
            let bal = self.balance(profile, &form.huifu_id).await?;
            if form.amount > bal.available_fen {
                return Err(Error::problem(
                    "amount",
                    Problem::BalanceLeft,
                    &[("amount", Fen(form.amount).to_string()), ("available", Fen(bal.available_fen).to_string())],
                ));
            }
        }
        let req = Withdraw {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id: req_seq_id.clone(),
            cash_amt: Fen(form.amount),
            huifu_id: form.huifu_id.clone(),
            into_acct_date_type: cash_type.clone(),
            token_no: token_no.clone(),
            acct_id: form.acct_id.clone().filter(|s| !s.is_empty()),
            enchashment_channel: None,
            fee_type: None,
            remark: form.remark.clone().filter(|s| !s.is_empty()),
            notify_url,
        };
        dougong::Endpoint::validate(&req)?;
        // The row is written with the intent (may take effect from here) and follows every finding in the
        // outcome's transaction (CASHOUT_WITHDRAW's apply); a write of the same merchant's balance that is
        // open stops this one (its target).
        let now = rfc3339(self.now());
        let intent = |c: &rusqlite::Connection, _: &JournalEntry| -> Result<(), Error> {
            insert_withdrawal_row(c, &profile.name, &req, &now)?;
            c.execute(
                "UPDATE withdrawals SET state = 'unknown', raw_status = '', message = 'being sent', updated_at = ?3 WHERE profile = ?1 AND req_seq_id = ?2",
                params![profile.name, req.req_seq_id, now],
            )?;
            Ok(())
        };
        self.call_write(profile, &req, WriteOpts { intent: &intent, ..Default::default() }).await?;
        self.withdrawal(&profile.name, &req_seq_id)
    }

    /// Asks Huifu where a withdrawal stands (§7.20 query) and records it. Errors: `NotFound` (not prepared
    /// by this profile), the call's errors (`Refused` 23000001 when Huifu has no such withdrawal).
    pub async fn withdrawal_status(&self, profile: &Profile, req_seq_id: &str) -> Result<Withdrawal, Error> {
        let w = self.withdrawal(&profile.name, req_seq_id)?;
        let q = WithdrawQuery {
            huifu_id: w.huifu_id.clone(),
            org_req_date: w.req_date.clone(),
            org_hf_seq_id: None,
            org_req_seq_id: Some(w.req_seq_id.clone()),
        };
        let r = self.call(profile, &q).await?;
        self.update_withdrawal(&profile.name, req_seq_id, &WithdrawalUpdate::from_answer(&r))?;
        self.withdrawal(&profile.name, req_seq_id)
    }

    /// Queries a withdrawal every `interval` until it is final or `attempts` queries were made; answers the
    /// last state (still `pending` when it did not finish in time).
    pub async fn follow_withdrawal(
        &self,
        profile: &Profile,
        req_seq_id: &str,
        attempts: u32,
        interval: std::time::Duration,
    ) -> Result<Withdrawal, Error> {
        let mut w = self.withdrawal(&profile.name, req_seq_id)?;
        for i in 0..attempts.max(1) {
            if matches!(w.state, TradeState::Success | TradeState::Failed) {
                break;
            }
            if i > 0 {
                tokio::time::sleep(interval).await;
            }
            w = self.withdrawal_status(profile, req_seq_id).await?;
        }
        Ok(w)
    }

    /// One withdrawal this profile prepared. Errors: `NotFound`.
    pub fn withdrawal(&self, profile: &str, req_seq_id: &str) -> Result<Withdrawal, Error> {
        let sql = "SELECT * FROM withdrawals WHERE profile = ?1 AND req_seq_id = ?2";
        self.store()
            .row(sql, params![profile, req_seq_id], from_row)?
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no withdrawal {req_seq_id} in profile {profile}")))
    }

    /// The profile's withdrawals, newest first (of one merchant when given), at most `limit`.
    pub fn list_withdrawals(
        &self,
        profile: &str,
        huifu_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Withdrawal>, Error> {
        self.store().with_conn(|c| {
            let mut st = c.prepare(
                "SELECT * FROM withdrawals WHERE profile = ?1 AND (?2 IS NULL OR huifu_id = ?2) ORDER BY created_at DESC, rowid DESC LIMIT ?3",
            )?;
            let rows = st.query_map(params![profile, huifu_id, limit.clamp(1, 10_000)], from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Records what was learnt about a withdrawal. A final state (success, failed) is kept against a later
    /// pending or unknown report (out-of-order notifications, a stale query). Returns whether the row exists.
    pub(crate) fn update_withdrawal(
        &self,
        profile: &str,
        req_seq_id: &str,
        u: &WithdrawalUpdate,
    ) -> Result<bool, Error> {
        let now = rfc3339(self.now());
        self.store().with_conn(|c| update_withdrawal_row(c, profile, req_seq_id, u, &now))
    }
}

fn insert_withdrawal_row(c: &rusqlite::Connection, profile: &str, req: &Withdraw, now: &str) -> Result<(), Error> {
    c.execute(
        "INSERT OR IGNORE INTO withdrawals(profile, req_seq_id, req_date, huifu_id, amount_fen, into_acct_date_type, token_no,
                                           state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'unknown', ?8, ?8)",
        params![profile, req.req_seq_id, req.req_date, req.huifu_id, req.cash_amt.0, req.into_acct_date_type, req.token_no, now],
    )?;
    Ok(())
}

/// A final state (success, failed) is kept against a later pending or unknown report.
fn update_withdrawal_row(
    c: &rusqlite::Connection,
    profile: &str,
    req_seq_id: &str,
    u: &WithdrawalUpdate,
    now: &str,
) -> Result<bool, Error> {
    let state = u.state.map(state_str);
    {
        {
            let n = c.execute(
                "UPDATE withdrawals SET
                   state = CASE WHEN ?3 IS NULL THEN state
                                WHEN state IN ('success','failed') AND ?3 NOT IN ('success','failed') THEN state
                                ELSE ?3 END,
                   raw_status = CASE WHEN ?4 IS NULL OR (state IN ('success','failed') AND ?3 NOT IN ('success','failed')) THEN raw_status ELSE ?4 END,
                   hf_seq_id = coalesce(?5, hf_seq_id), fee_fen = coalesce(?6, fee_fen),
                   message = CASE WHEN ?7 IS NULL OR (state IN ('success','failed') AND ?3 NOT IN ('success','failed')) THEN message ELSE ?7 END,
                   updated_at = ?8
                 WHERE profile = ?1 AND req_seq_id = ?2",
                params![profile, req_seq_id, state, u.raw_status, u.hf_seq_id, u.fee_fen, u.message, now],
            )?;
            Ok(n > 0)
        }
    }
}

/// The withdrawal row follows what is known of its write. A journal entry from before rows were written
/// with the intent gets its row from the journalled request.
fn apply_withdraw(c: &rusqlite::Connection, e: &JournalEntry, f: &Finding, now: &str) -> Result<(), Error> {
    let req: Value = serde_json::from_str(&e.request).unwrap_or(Value::Null);
    let s = |k: &str| req.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let w = Withdraw {
        req_date: e.req_date.clone(),
        req_seq_id: e.req_seq_id.clone(),
        cash_amt: Fen::parse_yuan(&s("cash_amt")).unwrap_or(Fen(0)),
        huifu_id: e.merchant.clone().unwrap_or_else(|| s("huifu_id")),
        into_acct_date_type: s("into_acct_date_type"),
        token_no: s("token_no"),
        ..Default::default()
    };
    insert_withdrawal_row(c, &e.profile, &w, now)?;
    let u = match f {
        Finding::Took(v) => match dougong::client::decode_value::<WithdrawResponse>(v.clone()) {
            Ok(r) => WithdrawalUpdate::from_answer(&r),
            Err(err) => WithdrawalUpdate {
                state: Some(TradeState::Pending),
                message: Some(format!("accepted; its answer could not be read: {err}")),
                ..Default::default()
            },
        },
        Finding::Refused(err) => WithdrawalUpdate {
            state: Some(TradeState::Failed),
            raw_status: err.resp_code.clone(),
            message: Some(err.message.clone()),
            ..Default::default()
        },
        // Certainly no effect: failed, and a retry with the same id sends it again (its intent reopens it).
        Finding::NotSent(err) => WithdrawalUpdate {
            state: Some(TradeState::Failed),
            message: Some(err.message.clone()),
            ..Default::default()
        },
        Finding::Open(err) => WithdrawalUpdate {
            state: Some(TradeState::Unknown),
            message: Some(err.message.clone()),
            ..Default::default()
        },
    };
    update_withdrawal_row(c, &e.profile, &e.req_seq_id, &u, now)?;
    Ok(())
}

/// Finds a withdrawal by its req_seq_id with the withdrawal query; answers in the write's own shape.
fn reconcile_withdraw<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let q = WithdrawQuery {
            huifu_id: e.merchant.clone().unwrap_or_default(),
            org_req_date: e.req_date.clone(),
            org_hf_seq_id: None,
            org_req_seq_id: Some(e.req_seq_id.clone()),
        };
        match d.call(p, &q).await {
            Ok(r) => Ok(Settlement::Found(serde_json::to_value(&r)?)),
            Err(err) if err.resp_code.as_deref() == Some("23000001") => Ok(Settlement::NotFound),
            Err(err) => Err(err),
        }
    })
}

/// How a withdrawal is settled: the withdrawal query by its req_seq_id; its row follows.
pub const CASHOUT_WITHDRAW: Settler =
    Settler { kind: WriteKind::CashoutWithdraw, settle: reconcile_withdraw, apply: apply_withdraw };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_map_from_trans_stat() {
        assert_eq!(state_of(Some(&TransStat::Success)), TradeState::Success);
        assert_eq!(state_of(Some(&TransStat::Failed)), TradeState::Failed);
        assert_eq!(state_of(Some(&TransStat::Processing)), TradeState::Pending);
        assert_eq!(state_of(None), TradeState::Unknown);
        for s in [TradeState::Pending, TradeState::Success, TradeState::Failed, TradeState::Closed, TradeState::Unknown]
        {
            assert_eq!(parse_state(state_str(s)), s);
        }
    }

    #[test]
    fn the_query_answer_reads_trans_status_too() {
        let r: WithdrawResponse = serde_json::from_value(serde_json::json!({
            "resp_code": "00000000", "resp_desc": "ok", "org_hf_seq_id": "0047X", "trans_status": "S", "fee_amt": "1.00"
        }))
        .unwrap();
        let u = WithdrawalUpdate::from_answer(&r);
        assert_eq!((u.state, u.hf_seq_id.as_deref(), u.fee_fen), (Some(TradeState::Success), Some("0047X"), Some(100)));
    }
}
