//! Trade controls: pay an order (JSON, or the page the jspay `qr_code` opens), a fresh payment code
//! for micropay, synthetic trades for large bill files, and bill file downloads.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
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
    let Some(o) = o else {
        return (StatusCode::NOT_FOUND, page("收银台", "<p>订单不存在</p>")).into_response();
    };
    let name = s.dg.lock().merchants.get(&o.huifu_id).map(|m| m.short_name.clone()).unwrap_or_default();
    let button =
        if o.trans_stat == "P" { "<form method=\"post\"><button id=\"pay\">确认支付</button></form>" } else { "" };
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
        Ok(o) => page(
            "收银台 (沙箱)",
            &format!("<p>支付结果: <b id=\"stat\">{}</b> {}</p>", esc(&o.trans_stat), esc(&o.bank_message)),
        )
        .into_response(),
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
    let amount = match crate::dougong::money::fen(q.amount.as_deref().unwrap_or("0.01")) {
        Some(f) if f > 0 => f,
        _ => return super::err(StatusCode::BAD_REQUEST, "amount must be a yuan amount like 0.01"),
    };
    let mut w = s.dg.lock();
    if !w.merchants.contains_key(&q.huifu_id) {
        return super::err(StatusCode::NOT_FOUND, format!("no merchant {}", q.huifu_id));
    }
    let seed = Seed {
        id: uuid::Uuid::new_v4().simple().to_string(),
        huifu_id: q.huifu_id,
        date: q.date,
        count: q.count,
        amount,
    };
    persist(&s.store, &seed);
    w.seeds.push(seed.clone());
    Json(json!(seed)).into_response()
}

/// The bill file a `download_url` points to. It stands in for Huifu's file server, so it sits behind the
/// acquirer faults (`latency`, `http5xx`, and `drop`, which here sends half the body and then cuts the
/// connection, as a network break mid-download does) and is in the request log. It honours
/// `Range: bytes=N-` / `N-M` (206 with `Content-Range`; 416 past the end) and `If-Range` against its
/// strong `ETag` (the file's SHA-256), so a client resumes a partial file and notices a regenerated one.
async fn download(State(s): S, Path(file_id): Path<String>, headers: HeaderMap) -> Response {
    let started = std::time::Instant::now();
    let url_path = format!("/sandbox/files/bills/{file_id}");
    let hit = s.faults.take(&url_path);
    if let Some(ms) = hit.latency_ms {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    let resp = match hit.http_status {
        Some(code) => (StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY), format!("{code} gateway error"))
            .into_response(),
        None => bill_file(&s, &file_id, &headers, hit.drop).await,
    };
    let entry = crate::traffic::LogEntry {
        seq: 0,
        at: s.clock.now_ms(),
        method: "GET".into(),
        path: url_path,
        http_status: resp.status().as_u16(),
        note: crate::traffic::LogNote {
            acquirer: "dougong",
            resp_desc: headers
                .get(header::RANGE)
                .and_then(|v| v.to_str().ok())
                .map(|r| format!("range {r}"))
                .unwrap_or_default(),
            ..Default::default()
        },
        faults: hit.labels().into_iter().map(String::from).collect(),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    if let Ok(json) = serde_json::to_string(&entry) {
        let _ = s.store.log_request(&json);
    }
    resp
}

async fn bill_file(s: &Shared, file_id: &str, headers: &HeaderMap, drop_midway: bool) -> Response {
    let task = s.dg.lock().bill_tasks.get(file_id).cloned();
    let Some(t) = task.filter(|t| t.task_stat == "S" && !t.file_name.is_empty()) else {
        return super::err(StatusCode::NOT_FOUND, "no such bill file (not built yet, or no records)");
    };
    let path = s.dg.files_dir.join("bills").join(format!("{}.zip", t.file_id));
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(e) => return super::err(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let len = bytes.len() as u64;
    let etag = format!("\"{}\"", hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)));
    let fresh = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v == etag);
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).filter(|_| fresh);
    let (status, start, end) = match range.map(|r| byte_range(r, len)) {
        None => (StatusCode::OK, 0, len),
        Some(Some((a, b))) => (StatusCode::PARTIAL_CONTENT, a, b),
        Some(None) => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{len}"))],
                "range not satisfiable",
            )
                .into_response();
        }
    };
    let body = bytes[start as usize..end as usize].to_vec();
    let mut out = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", t.file_name))
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ETAG, etag)
        .header(header::CONTENT_LENGTH, body.len());
    if status == StatusCode::PARTIAL_CONTENT {
        out = out.header(header::CONTENT_RANGE, format!("bytes {start}-{}/{len}", end - 1));
    }
    let body = if drop_midway {
        // Half the promised bytes, then an error: hyper cuts the connection. The pause lets hyper put
        // the half on the wire first (it flushes while the body is pending), as a real break mid-way.
        let half = axum::body::Bytes::from(body[..body.len() / 2].to_vec());
        Body::from_stream(futures_util::stream::unfold(0u8, move |step| {
            let half = half.clone();
            async move {
                match step {
                    0 => Some((Ok(half), 1)),
                    1 => {
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        Some((
                            Err(std::io::Error::new(
                                std::io::ErrorKind::ConnectionReset,
                                "connection dropped by an injected fault",
                            )),
                            2,
                        ))
                    }
                    _ => None,
                }
            }
        }))
    } else {
        Body::from(body)
    };
    out.body(body).unwrap_or_else(|e| super::err(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// `bytes=N-`, `bytes=N-M` or `bytes=-K` (one range) → [start, end) within `len`; `None` when it
/// cannot be satisfied (or is several ranges, which the sandbox does not serve).
fn byte_range(spec: &str, len: u64) -> Option<(u64, u64)> {
    let r = spec.trim().strip_prefix("bytes=")?;
    if r.contains(',') {
        return None;
    }
    let (a, b) = r.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = if a.is_empty() {
        let k: u64 = b.parse().ok()?;
        (len.saturating_sub(k), len)
    } else {
        let start: u64 = a.parse().ok()?;
        let end = if b.is_empty() { len } else { b.parse::<u64>().ok()?.saturating_add(1).min(len) };
        (start, end)
    };
    (start < end && start < len).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::byte_range;

    #[test]
    fn byte_ranges_follow_rfc_9110() {
        assert_eq!(byte_range("bytes=10-", 100), Some((10, 100)));
        assert_eq!(byte_range("bytes=10-19", 100), Some((10, 20)));
        assert_eq!(byte_range("bytes=90-500", 100), Some((90, 100)));
        assert_eq!(byte_range("bytes=-5", 100), Some((95, 100)));
        assert_eq!(byte_range("bytes=100-", 100), None, "past the end");
        assert_eq!(byte_range("bytes=5-2", 100), None);
        assert_eq!(byte_range("bytes=0-1,5-6", 100), None, "several ranges");
        assert_eq!(byte_range("items=0-1", 100), None);
    }
}
