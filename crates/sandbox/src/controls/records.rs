//! `GET /sandbox/records/{kind}`: what the sandbox holds, for the app's Sandbox page and for tests.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::Shared;

fn values<T: serde::Serialize>(it: impl Iterator<Item = T>) -> Vec<Value> {
    it.filter_map(|v| serde_json::to_value(v).ok()).collect()
}

/// Lists one kind: merchants, applications, files, orders, refunds, closes, terminals, withdrawals,
/// bill_tasks, notifications.
pub async fn list(State(s): State<Arc<Shared>>, Path(kind): Path<String>) -> Response {
    if kind == "notifications" {
        return Json(json!({"records": s.outbox.list()})).into_response();
    }
    let w = s.dg.lock();
    let records = match kind.as_str() {
        "merchants" => values(w.merchants.values()),
        "applications" => values(w.applies.values()),
        "files" => values(w.files.values()),
        "orders" => values(w.orders.values()),
        "refunds" => values(w.refunds.values()),
        "closes" => values(w.closes.values()),
        "terminals" => values(w.terminals.values()),
        "withdrawals" => values(w.withdrawals.values()),
        "bill_tasks" => values(w.bill_tasks.values()),
        other => {
            return super::err(
                StatusCode::NOT_FOUND,
                format!("unknown kind {other}; one of merchants, applications, files, orders, refunds, closes, terminals, withdrawals, bill_tasks, notifications"),
            )
        }
    };
    Json(json!({"records": records})).into_response()
}
