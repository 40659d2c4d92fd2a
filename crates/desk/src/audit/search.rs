//! Search and CSV export of the audit log by date, merchant, endpoint, outcome and profile.

use std::io::Write;

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{from_row, AuditRow, Outcome};
use crate::csv_out::{CsvLang, CsvOut};
use crate::error::Error;
use crate::store::Store;

/// Filters; every field is optional. Dates are `yyyy-MM-dd` (inclusive, UTC) or full RFC 3339.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub profile: Option<String>,
    pub merchant: Option<String>,
    /// Exact path or a part of it (`busi/open`).
    pub endpoint: Option<String>,
    pub outcome: Option<Outcome>,
    pub req_seq_id: Option<String>,
    /// Page size (default 100, at most 10 000).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// One page of results, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    #[ts(type = "number")]
    pub total: i64,
}

fn date_bound(field: &str, v: &str, end: bool) -> Result<String, Error> {
    if v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-' {
        // Text comparison on RFC 3339: "2026-11-23T" ≤ any time that day < "2026-11-23U".
        return Ok(if end { format!("{v}U") } else { format!("{v}T") });
    }
    if v.len() >= 19 && v.contains('T') {
        return Ok(v.to_string());
    }
    Err(Error::invalid(field, "must be a date yyyy-MM-dd or an RFC 3339 time"))
}

pub(super) fn where_clause(f: &AuditFilter) -> Result<(String, Vec<SqlValue>), Error> {
    let mut conds = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(v) = &f.from {
        conds.push("at >= ?");
        args.push(date_bound("from", v, false)?.into());
    }
    if let Some(v) = &f.to {
        conds.push("at < ?");
        args.push(date_bound("to", v, true)?.into());
    }
    if let Some(v) = &f.profile {
        conds.push("profile = ?");
        args.push(v.clone().into());
    }
    if let Some(v) = &f.merchant {
        conds.push("merchant = ?");
        args.push(v.clone().into());
    }
    if let Some(v) = &f.endpoint {
        conds.push("instr(endpoint, ?) > 0");
        args.push(v.clone().into());
    }
    if let Some(v) = f.outcome {
        conds.push("outcome = ?");
        args.push(v.as_str().to_string().into());
    }
    if let Some(v) = &f.req_seq_id {
        conds.push("req_seq_id = ?");
        args.push(v.clone().into());
    }
    let w = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    Ok((w, args))
}

/// Rows matching `f`, newest first, with the total count.
pub fn search(store: &Store, f: &AuditFilter) -> Result<AuditPage, Error> {
    let (w, args) = where_clause(f)?;
    let limit = f.limit.unwrap_or(100).min(10_000);
    let offset = f.offset.unwrap_or(0);
    store.with_conn(|c| {
        let total: i64 =
            c.query_row(&format!("SELECT count(*) FROM audit_log{w}"), rusqlite::params_from_iter(args.iter()), |r| {
                r.get(0)
            })?;
        let mut st =
            c.prepare(&format!("SELECT * FROM audit_log{w} ORDER BY seq DESC LIMIT {limit} OFFSET {offset}"))?;
        let rows = st.query_map(rusqlite::params_from_iter(args.iter()), from_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(AuditPage { rows, total })
    })
}

/// The audit export's columns: (中文, English).
const COLUMNS: &[(&str, &str)] = &[
    ("序号", "seq"),
    ("时间", "at"),
    ("配置", "profile"),
    ("接口", "endpoint"),
    ("商户号", "merchant"),
    ("请求流水号", "req_seq_id"),
    ("结果", "outcome"),
    ("返回码", "resp_code"),
    ("错误", "error"),
    ("耗时毫秒", "duration_ms"),
    ("密钥指纹", "key_id"),
    ("签名摘要", "sign_hash"),
    ("请求", "request"),
    ("应答", "response"),
    ("行哈希", "row_hash"),
];

/// Writes every row matching `f` (ignoring limit/offset), oldest first, as CSV ([`crate::csv_out`]: BOM,
/// formula cells escaped, headers in `lang`). Returns the number of rows written.
pub fn export_csv(store: &Store, f: &AuditFilter, lang: CsvLang, out: impl Write) -> Result<u64, Error> {
    let (w, args) = where_clause(f)?;
    let mut wr = CsvOut::new(out, lang, COLUMNS)?;
    let n = store.with_conn(|c| {
        let mut st = c.prepare(&format!("SELECT * FROM audit_log{w} ORDER BY seq"))?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let a = from_row(r)?;
            let o = |x: &Option<String>| x.clone().unwrap_or_default();
            wr.row([
                a.seq.to_string(),
                a.at,
                a.profile,
                a.endpoint,
                o(&a.merchant),
                o(&a.req_seq_id),
                a.outcome.as_str().to_string(),
                o(&a.resp_code),
                o(&a.error),
                a.duration_ms.to_string(),
                o(&a.key_id),
                o(&a.sign_hash),
                a.request,
                o(&a.response),
                a.row_hash,
            ])?;
            n += 1;
        }
        Ok(n)
    })?;
    wr.finish()?.flush()?;
    Ok(n)
}
