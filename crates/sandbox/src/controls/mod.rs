//! Test controls under /sandbox/... — JSON over loopback, not signed. Every control and its shape is
//! documented in crates/sandbox/README.md; the app's Sandbox page and desk's tests build on them, so
//! shapes only grow (new fields), never change.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::faults::FaultSpec;
use crate::Shared;

pub(crate) mod pages;
mod records;
mod trades;

type S = State<Arc<Shared>>;

/// A control error: HTTP 4xx with `{"error": "..."}`.
pub fn err(status: StatusCode, msg: impl Into<String>) -> Response {
    (status, Json(json!({"error": msg.into()}))).into_response()
}

/// The control routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sandbox/info", get(info))
        .route("/sandbox/clock", get(clock))
        .route("/sandbox/clock/advance", post(advance))
        .route("/sandbox/faults", get(faults_list).post(faults_arm).delete(faults_clear))
        .route("/sandbox/audits/{apply_no}/approve", post(approve))
        .route("/sandbox/audits/{apply_no}/reject", post(reject))
        .route("/sandbox/notifications", get(notifications))
        .route("/sandbox/notifications/{id}/replay", post(replay))
        .route("/sandbox/requests", get(requests))
        .route("/sandbox/accounts", post(new_account))
        .route("/sandbox/records/{kind}", get(records::list))
        .merge(pages::routes())
        .merge(trades::routes())
}

async fn info(State(s): S) -> Json<Value> {
    Json(json!({
        "acquirers": ["dougong", "huishouqian", "mpgateway"],
        "base_url": s.base_url,
        "sys_id": s.creds.sys_id,
        "product_id": s.creds.product_id,
        "huifu_public_key": s.creds.huifu_public_key,
        "data_dir": s.cfg.data_dir,
        "now": crate::clock::ymdhms(s.clock.now_ms()),
        "clock_offset_ms": s.clock.offset_ms(),
        "split_audit_threshold_pct": s.cfg.split_audit_threshold_pct,
    }))
}

async fn clock(State(s): S) -> Json<Value> {
    let now = s.clock.now_ms();
    Json(json!({"now_ms": now, "now": crate::clock::ymdhms(now), "offset_ms": s.clock.offset_ms()}))
}

#[derive(Deserialize)]
struct Advance {
    #[serde(default)]
    seconds: u64,
    #[serde(default)]
    minutes: u64,
    #[serde(default)]
    hours: u64,
    #[serde(default)]
    days: u64,
}

async fn advance(State(s): S, Json(a): Json<Advance>) -> Response {
    let secs = a.seconds + a.minutes * 60 + a.hours * 3600 + a.days * 86_400;
    if secs == 0 {
        return err(StatusCode::BAD_REQUEST, "give seconds, minutes, hours or days (> 0); the clock never goes back");
    }
    s.clock.advance(Duration::from_secs(secs));
    s.save_clock();
    crate::run_tick(&s);
    clock(State(s)).await.into_response()
}

async fn faults_list(State(s): S) -> Json<Value> {
    Json(json!({"faults": s.faults.list()}))
}

async fn faults_arm(State(s): S, Json(spec): Json<FaultSpec>) -> Response {
    match s.faults.arm(spec) {
        Ok(f) => Json(json!(f)).into_response(),
        Err(e) => err(StatusCode::BAD_REQUEST, e),
    }
}

async fn faults_clear(State(s): S) -> Json<Value> {
    s.faults.clear();
    Json(json!({"faults": []}))
}

#[derive(Deserialize, Default)]
struct Decision {
    #[serde(default)]
    desc: String,
}

async fn decide(s: Arc<Shared>, apply_no: String, approve: bool, desc: String) -> Response {
    let now = s.clock.now_ms();
    let res = {
        let mut w = s.dg.lock();
        crate::dougong::audit::decide(&s, &mut w, &apply_no, approve, &desc, now)
            .map(|_| w.applies.get(&apply_no).cloned())
    };
    match res {
        Ok(a) => Json(json!(a)).into_response(),
        Err(e) => err(StatusCode::CONFLICT, e),
    }
}

async fn approve(State(s): S, Path(apply_no): Path<String>, body: Option<Json<Decision>>) -> Response {
    decide(s, apply_no, true, body.map(|b| b.0.desc).unwrap_or_default()).await
}

async fn reject(State(s): S, Path(apply_no): Path<String>, body: Option<Json<Decision>>) -> Response {
    decide(s, apply_no, false, body.map(|b| b.0.desc).unwrap_or_default()).await
}

async fn notifications(State(s): S) -> Json<Value> {
    Json(json!({"notifications": s.outbox.list()}))
}

async fn replay(State(s): S, Path(id): Path<String>) -> Response {
    match s.outbox.replay(&id) {
        Some(n) => Json(json!(n)).into_response(),
        None => err(StatusCode::NOT_FOUND, format!("no notification {id}")),
    }
}

#[derive(Deserialize)]
struct LogQuery {
    #[serde(default)]
    after: i64,
    #[serde(default = "hundred")]
    limit: i64,
}

fn hundred() -> i64 {
    100
}

async fn requests(State(s): S, Query(q): Query<LogQuery>) -> Response {
    match s.store.request_log(q.after, q.limit.clamp(1, 1000)) {
        Ok(rows) => {
            let entries: Vec<Value> = rows
                .into_iter()
                .filter_map(|(seq, j)| {
                    let mut v: Value = serde_json::from_str(&j).ok()?;
                    v["seq"] = json!(seq);
                    Some(v)
                })
                .collect();
            Json(json!({"requests": entries})).into_response()
        }
        Err(e) => err(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn new_account(State(s): S) -> Response {
    let made = tokio::task::spawn_blocking(crate::credentials::new_account).await;
    let Ok(Ok((acct, key))) = made else {
        return err(StatusCode::INTERNAL_SERVER_ERROR, "could not generate a key pair");
    };
    let Ok(private_key) = key.to_text() else {
        return err(StatusCode::INTERNAL_SERVER_ERROR, "could not encode the new private key");
    };
    if let Err(e) = s.store.put("account", &acct.sys_id, &acct) {
        return err(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
    }
    s.dg.lock().accounts.insert(acct.sys_id.clone(), acct.clone());
    Json(json!(crate::Credentials {
        sys_id: acct.sys_id,
        product_id: acct.product_id,
        private_key,
        huifu_public_key: s.creds.huifu_public_key.clone(),
        base_url: s.base_url.clone(),
    }))
    .into_response()
}
