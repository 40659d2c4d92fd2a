//! Trade controls: pay an order (JSON, or the page the jspay `qr_code` opens), a fresh payment code
//! for micropay, synthetic trades for large bill files, and bill file downloads.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde::Deserialize;
use serde_json::json;

use super::pages::{esc, page};
use crate::dougong::state::{persist, Seed};
use crate::Shared;

type S = State<Arc<Shared>>;

/// Routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sandbox/orders/{hf_seq_id}/pay", post(pay_json))
        .route("/sandbox/pay/{hf_seq_id}", get(pay_page).post(pay_form))
        .route("/sandbox/paycode", post(paycode))
        .route("/sandbox/bills/seed", post(seed))
        .route("/sandbox/files/bills/{file_id}", get(download))
}

fn pay(s: &Shared, hf: &str) -> Result<crate::dougong::state::Order, String> {
    let now = s.clock.now_ms();
    let mut w = s.dg.lock();
    crate::dougong::trade::finish_payment(s, &mut w, hf, now)
}

async fn pay_json(State(s): S, Path(hf): Path<String>) -> Response {
    match pay(&s, &hf) {
        Ok(o) => Json(json!(o)).into_response(),
        Err(e) => super::err(StatusCode::CONFLICT, e),
    }
}

async fn pay_page(State(s): S, Path(hf): Path<String>) -> Response {
    let o = s.dg.lock().orders.get(&hf).cloned();
    let Some(o) = o else { return (StatusCode::NOT_FOUND, page("收银台", "<p>订单不存在</p>")).into_response() };
    let name = s.dg.lock().merchants.get(&o.huifu_id).map(|m| m.short_name.clone()).unwrap_or_default();
    let button = if o.trans_stat == "P" { "<form method=\"post\"><button id=\"pay\">确认支付</button></form>" } else { "" };
    let body = format!(
        "<p>商户: {}</p><p>商品: {}</p><p style=\"font-size:2em\">¥ {}</p><p>状态: <b id=\"stat\">{}</b> {}</p>{button}",
        esc(&name),
        esc(&o.goods_desc),
        crate::dougong::money::yuan(o.trans_amt),
        esc(&o.trans_stat),
        esc(&o.bank_message)
    );
    page("收银台 (沙箱)", &body).into_response()
}

async fn pay_form(State(s): S, Path(hf): Path<String>) -> Response {
    match pay(&s, &hf) {
        Ok(o) => page("收银台 (沙箱)", &format!("<p>支付结果: <b id=\"stat\">{}</b> {}</p>", esc(&o.trans_stat), esc(&o.bank_message))).into_response(),
        Err(e) => (StatusCode::CONFLICT, page("收银台 (沙箱)", &format!("<p>{}</p>", esc(&e)))).into_response(),
    }
}

#[derive(Deserialize, Default)]
struct PayCodeReq {
    #[serde(default)]
    channel: String,
}

async fn paycode(body: Option<Json<PayCodeReq>>) -> Json<serde_json::Value> {
    let channel = body.map(|b| b.0.channel).unwrap_or_default();
    let mut r = rand::thread_rng();
    let code = match channel.as_str() {
        "alipay" | "A" => format!("28{:016}", r.gen_range(0..10_000_000_000_000_000u64)),
        "unionpay" | "U" => format!("62{:017}", r.gen_range(0..100_000_000_000_000_000u64)),
        _ => format!("13{:016}", r.gen_range(0..10_000_000_000_000_000u64)),
    };
    Json(json!({"auth_code": code}))
}

#[derive(Deserialize)]
struct SeedReq {
    huifu_id: String,
    /// Trade date `yyyyMMdd`.
    date: String,
    count: u64,
    /// Yuan per trade (default "0.01").
    #[serde(default)]
    amount: Option<String>,
}

async fn seed(State(s): S, Json(q): Json<SeedReq>) -> Response {
    if crate::clock::parse_ymd(&q.date).is_none() {
        return super::err(StatusCode::BAD_REQUEST, "date must be yyyyMMdd");
    }
    if q.count == 0 || q.count > 5_000_000 {
        return super::err(StatusCode::BAD_REQUEST, "count must be 1..=5000000");
    }
    let amount = match ::dougong::money::Fen::parse_yuan(q.amount.as_deref().unwrap_or("0.01")) {
        Ok(f) if f.0 > 0 => f.0,
        _ => return super::err(StatusCode::BAD_REQUEST, "amount must be a yuan amount like 0.01"),
    };
    let mut w = s.dg.lock();
    if !w.merchants.contains_key(&q.huifu_id) {
        return super::err(StatusCode::NOT_FOUND, format!("no merchant {}", q.huifu_id));
    }
    let seed = Seed { id: uuid::Uuid::new_v4().simple().to_string(), huifu_id: q.huifu_id, date: q.date, count: q.count, amount };
    persist(&s.store, &seed);
    w.seeds.push(seed.clone());
    Json(json!(seed)).into_response()
}

async fn download(State(s): S, Path(file_id): Path<String>) -> Response {
    let task = s.dg.lock().bill_tasks.get(&file_id).cloned();
    let Some(t) = task.filter(|t| t.task_stat == "S" && !t.file_name.is_empty()) else {
        return super::err(StatusCode::NOT_FOUND, "no such bill file (not built yet, or no records)");
    };
    let path = s.dg.files_dir.join("bills").join(format!("{}.zip", t.file_id));
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "application/zip".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", t.file_name))],
            Body::from(bytes),
        )
            .into_response(),
        Err(e) => super::err(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}
