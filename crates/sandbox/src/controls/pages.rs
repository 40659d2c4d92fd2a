//! The pages a phone (or the app) "scans": the realname confirmation QR, and (with trades) the pay page
//! the jspay `qr_code` points to. Plain HTML with one button; the POST does the action.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::Shared;

/// A minimal HTML page.
pub fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{title}</title><style>body{{font-family:sans-serif;max-width:28em;margin:2em auto;padding:0 1em}}\
         button{{font-size:1.3em;padding:.5em 2em}}</style></head><body><h2>{title}</h2>{body}\
         <p style=\"color:#888\">Paydesk sandbox — no real money moves.</p></body></html>"
    ))
}

/// HTML-escapes text placed in a page.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Page routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/sandbox/realname/{huifu_id}", get(realname_page).post(realname_confirm))
}

async fn realname_page(
    State(s): State<Arc<Shared>>,
    Path(huifu_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let channel = q.get("channel").cloned().unwrap_or_else(|| "wx".into());
    let w = s.dg.lock();
    let Some(m) = w.merchants.get(&huifu_id) else {
        return (StatusCode::NOT_FOUND, page("实名认证", "<p>商户不存在</p>")).into_response();
    };
    let stat = if channel == "ali" {
        m.ali_realname.as_ref().map(|r| r.stat.clone())
    } else {
        m.realname.as_ref().map(|r| r.stat.clone())
    }
    .unwrap_or_else(|| "NOT_APPLY".into());
    let body = format!(
        "<p>商户: {} ({})</p><p>状态: <b id=\"stat\">{}</b></p>\
         <form method=\"post\"><input type=\"hidden\" name=\"channel\" value=\"{}\"><button id=\"confirm\">确认 (法人/联系人)</button></form>",
        esc(&m.reg_name),
        esc(&huifu_id),
        esc(&stat),
        esc(&channel)
    );
    page(if channel == "ali" { "支付宝实名认证" } else { "微信实名认证" }, &body).into_response()
}

async fn realname_confirm(
    State(s): State<Arc<Shared>>,
    Path(huifu_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: String,
) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    let channel = form.get("channel").or(q.get("channel")).cloned().unwrap_or_else(|| "wx".into());
    let res = {
        let mut w = s.dg.lock();
        crate::dougong::realname::confirm(&s, &mut w, &huifu_id, &channel)
    };
    match res {
        Ok(stat) => {
            page("实名认证", &format!("<p>已确认。状态: <b id=\"stat\">{}</b></p>", esc(&stat))).into_response()
        }
        Err(e) => (StatusCode::CONFLICT, page("实名认证", &format!("<p>{}</p>", esc(&e)))).into_response(),
    }
}
