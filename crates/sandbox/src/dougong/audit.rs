//! Finishing applications: onboarding audits, split audits and business open, by a control
//! (approve/reject) or by the tick when the audit delay has passed. Each outcome is notified.

use serde_json::json;

use super::notices::{self, Slot};
use super::state::{persist, World};
use crate::clock::Millis;
use crate::Shared;

/// Approves (`approve`) or rejects an application still under audit. Returns the new state, or why not.
pub fn decide(s: &Shared, w: &mut World, apply_no: &str, approve: bool, desc: &str, now: Millis) -> Result<(), String> {
    let Some(a) = w.applies.get_mut(apply_no) else { return Err(format!("no application {apply_no}")) };
    if a.status != "P" {
        return Err(format!("application {apply_no} is already final ({})", a.status));
    }
    a.status = if approve { "Y".into() } else { "N".into() };
    a.audit_desc = if desc.is_empty() {
        if approve {
            "审核通过".into()
        } else {
            "审核拒绝".into()
        }
    } else {
        desc.to_string()
    };
    a.due_at = None;
    let a = a.clone();
    persist(&s.store, &a);
    match a.kind.as_str() {
        "busi_open" | "busi_modify" => super::busi::finish(s, w, &a, approve, now),
        "split" => {
            if let Some(m) = w.merchants.get_mut(&a.huifu_id) {
                if let Some(sp) = m.split.as_mut() {
                    sp.status = a.status.clone();
                }
                persist(&s.store, &*m);
            }
        }
        _ => {
            if let Some(m) = w.merchants.get_mut(&a.huifu_id) {
                m.status = a.status.clone();
                persist(&s.store, &*m);
            }
        }
    }
    let token_no = w.merchants.get(&a.huifu_id).map(|m| m.token_no.clone()).unwrap_or_default();
    let product_id = w.merchants.get(&a.huifu_id).map(|m| m.product_id.clone()).unwrap_or_default();
    let mut payload = json!({
        "sub_resp_code": if approve { "00000000" } else { "99999999" },
        "sub_resp_desc": a.audit_desc,
        "req_seq_id": a.req_seq_id, "req_date": a.req_date,
        "audit_status": a.status, "audit_desc": a.audit_desc,
        "product_id": product_id, "huifu_id": a.huifu_id, "apply_no": a.apply_no,
    });
    if approve && (a.kind == "ent" || a.kind == "indv") {
        payload["token_no"] = json!(token_no);
    }
    notices::send(s, "audit", &a.apply_no, &a.async_return_url, Slot::Data, &payload, &a.req_seq_id);
    Ok(())
}

/// Applications whose audit delay has passed: approved, unless the merchant's name asks for a rejection
/// (a name containing `拒绝`, see README "test cards").
pub fn tick(s: &Shared, w: &mut World, now: Millis) {
    let due: Vec<(String, String)> = w
        .applies
        .values()
        .filter(|a| a.status == "P" && a.due_at.is_some_and(|t| t <= now))
        .map(|a| (a.apply_no.clone(), a.huifu_id.clone()))
        .collect();
    for (apply_no, huifu_id) in due {
        let m = w.merchants.get(&huifu_id);
        let reject = m.is_some_and(|m| m.reg_name.contains("拒绝") || m.short_name.contains("拒绝"));
        let desc = if reject { "审核拒绝:资料不符合要求(沙箱:名称含\"拒绝\")" } else { "" };
        let _ = decide(s, w, &apply_no, !reject, desc, now);
    }
}
