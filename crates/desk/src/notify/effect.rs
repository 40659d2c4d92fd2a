//! What a verified notification changes, said in plain words for the row's `effect`:
//! - a notification older than a final one already received (a success, then a late pending) changes
//!   nothing;
//! - a withdrawal moves to its state (never back from a final one);
//! - an open journal entry for the same req_seq_id / order number is settled: the notification proves the
//!   write arrived (its body becomes the entry's answer, in the write's own shape);
//! - a dougong trade or refund result moves the orders / refunds services' record (their
//!   `apply_trade_notice` / `apply_refund_notice`), never back from a final state;
//! - an audit result moves the merchant index step of the write it answers (onboarding, busi open, split).

use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

use super::classify::Parsed;
use crate::acquiring::{OrderView, RefundView, TradeState};
use crate::error::Error;
use crate::journal;
use crate::profile::{Acquirer, Profile};
use crate::services::cashout::WithdrawalUpdate;
use crate::services::merchant::{MerchantUpsert, Step, StepState};
use crate::trade_state::StatNotice;
use crate::Desk;

fn is_final(s: &str) -> bool {
    matches!(s, "success" | "failed" | "closed")
}

/// Applies `n` (stored as row `id`) and answers the effect text.
pub(crate) fn apply(desk: &Desk, p: &Profile, n: &Parsed, id: i64) -> Result<String, Error> {
    if n.order_no.is_empty() {
        return Ok("recorded; it names no order to apply to".into());
    }
    if !is_final(&n.state) {
        let earlier: Option<(i64, String)> = desk.store().with_conn(|c| {
            Ok(c.query_row(
                "SELECT id, state FROM notifications WHERE profile = ?1 AND acquirer = ?2 AND kind = ?3 AND order_no = ?4 AND verified = 1
                   AND id <> ?5 AND state IN ('success','failed','closed') ORDER BY id LIMIT 1",
                params![p.name, p.acquirer.as_str(), n.kind, n.order_no, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
        })?;
        if let Some((eid, st)) = earlier {
            return Ok(format!(
                "ignored: {} is already {st} (notification #{eid}); a late {} does not move it back",
                n.order_no, n.state
            ));
        }
    }
    let mut parts = Vec::new();
    match n.kind.as_str() {
        "withdrawal" => {
            let u = WithdrawalUpdate {
                state: Some(n.trade_state()),
                raw_status: n.data.get("trans_status").and_then(Value::as_str).map(str::to_string),
                hf_seq_id: Some(n.platform_no.clone()).filter(|s| !s.is_empty()),
                fee_fen: n
                    .data
                    .get("fee_amt")
                    .and_then(Value::as_str)
                    .and_then(|a| dougong::Fen::parse_yuan(a).ok())
                    .map(|f| f.0),
                message: n.data.get("sub_resp_desc").and_then(Value::as_str).map(str::to_string),
            };
            if desk.update_withdrawal(&p.name, &n.order_no, &u)? {
                let now = desk.withdrawal(&p.name, &n.order_no)?;
                parts.push(format!("withdrawal {} {}", n.order_no, crate::trade_state::state_str(now.state)));
            } else {
                parts.push(format!("no matching withdrawal {}", n.order_no));
            }
            parts.push(settle_journal(desk, p, n)?);
        }
        "trade" | "refund" => {
            parts.push(settle_journal(desk, p, n)?);
            if p.acquirer == Acquirer::Dougong {
                // The local trade / refund record (orders and refunds services) follows too.
                let stat = n.data.get("trans_stat").and_then(Value::as_str).unwrap_or_default();
                let notice = StatNotice { req_seq_id: &n.order_no, trans_stat: stat, hf_seq_id: &n.platform_no };
                let changed = if n.kind == "refund" {
                    desk.apply_refund_notice(p, &notice)?
                } else {
                    desk.apply_trade_notice(p, &notice)?
                };
                if changed {
                    parts.push(format!("{} {} now {stat}", n.kind, n.order_no));
                }
            }
        }
        "audit" => parts.push(audit(desk, p, n)?),
        _ => parts.push("recorded".into()),
    }
    Ok(parts.join("; "))
}

/// The answer a write of `kind` would have given, built from the notification.
fn answer_for(p: &Profile, n: &Parsed) -> Value {
    match p.acquirer {
        Acquirer::Dougong => {
            let mut d = n.data.clone();
            // Stored answers are decoded as the write's answer: an accepted resp_code, trans_stat named so.
            d.insert("resp_code".into(), json!("00000000"));
            d.entry("resp_desc").or_insert_with(|| json!("settled by notification"));
            if let Some(t) = n.data.get("trans_status").cloned() {
                d.entry("trans_stat").or_insert(t);
            }
            Value::Object(d)
        }
        acquirer => {
            let raw = ["orderStatus", "resultcode"]
                .iter()
                .find_map(|k| n.data.get(*k).and_then(Value::as_str))
                .unwrap_or_default()
                .to_string();
            if n.kind == "refund" {
                serde_json::to_value(RefundView {
                    acquirer,
                    refund_no: n.order_no.clone(),
                    order_no: n.data.get("origTransNo").and_then(Value::as_str).map(str::to_string),
                    amount_fen: n.amount_fen.unwrap_or(0),
                    state: crate::services::refund::RefundState::of_trade_state(n.trade_state()),
                    raw_status: raw,
                    message: Some("settled by notification".into()),
                })
                .unwrap_or(Value::Null)
            } else {
                serde_json::to_value(OrderView {
                    acquirer,
                    order_no: n.order_no.clone(),
                    platform_no: Some(n.platform_no.clone()).filter(|s| !s.is_empty()),
                    amount_fen: n.amount_fen.unwrap_or(0),
                    state: n.trade_state(),
                    raw_status: raw,
                    message: Some("settled by notification".into()),
                    qr: None,
                    payer_link: None,
                    mini_program: None,
                })
                .unwrap_or(Value::Null)
            }
        }
    }
}

/// Settles the open journal entry the notification answers.
fn settle_journal(desk: &Desk, p: &Profile, n: &Parsed) -> Result<String, Error> {
    let Some(e) = journal::get(desk.store(), &p.name, &n.order_no)? else {
        return Ok(format!("no matching journal entry for {}", n.order_no));
    };
    if !e.state.is_open() {
        return Ok(format!("journal {} already {}", e.req_seq_id, e.state.as_str()));
    }
    if n.trade_state() == TradeState::Unknown {
        return Ok(format!("journal {} left {}: the notification's state is unknown", e.req_seq_id, e.state.as_str()));
    }
    let Some(kind) = crate::write::WriteKind::parse(&e.kind) else {
        return Ok(format!("journal {} left {}: no settler knows a {} write", e.req_seq_id, e.state.as_str(), e.kind));
    };
    // The write's own rows follow in the same transaction as the journal (its settler's apply).
    desk.record_notice(p, &crate::reconcile::settler(kind), &e, answer_for(p, n))?;
    Ok(format!("journal {} settled {}", e.req_seq_id, n.state))
}

/// An audit result moves the merchant index step of the write it answers.
fn audit(desk: &Desk, p: &Profile, n: &Parsed) -> Result<String, Error> {
    let Some(e) = journal::get(desk.store(), &p.name, &n.order_no)? else {
        return Ok(format!("no matching entry for {}", n.order_no));
    };
    let step = match e.kind.as_str() {
        k if k.starts_with("onboarding.") => Step::Onboarded,
        "busi.open" => Step::BusiOpen,
        "split.config" => Step::Split,
        other => return Ok(format!("recorded; a {other} write has no index step")),
    };
    let huifu_id = if n.merchant.is_empty() { e.merchant.clone().unwrap_or_default() } else { n.merchant.clone() };
    if huifu_id.is_empty() {
        return Ok("recorded; no huifu_id to update".into());
    }
    let state = match n.trade_state() {
        TradeState::Success => StepState::Done,
        TradeState::Failed => StepState::Failed,
        _ => StepState::Pending,
    };
    let token = n.data.get("token_no").and_then(Value::as_str).filter(|s| !s.is_empty());
    if token.is_some() {
        desk.upsert_merchant(&p.name, MerchantUpsert { huifu_id: &huifu_id, token_no: token, ..Default::default() })?;
    }
    let desc = n.data.get("audit_desc").and_then(Value::as_str).unwrap_or_default();
    let apply_no = n.data.get("apply_no").and_then(Value::as_str);
    let note = crate::services::merchant::StepNote::coded(
        "applyStatus",
        n.data.get("audit_status").and_then(Value::as_str).unwrap_or_default(),
        "notification",
    )
    .apply_no(apply_no)
    .reason(desc);
    desk.set_step(&p.name, &huifu_id, step, state, &note)?;
    Ok(format!("merchant {huifu_id} {} {}", step.as_str(), n.state))
}
