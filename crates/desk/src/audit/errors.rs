//! The audit page's "what went wrong" view: calls that were not accepted, grouped by resp_code (or, with no
//! code, by how they ended), with counts, the latest description and the plain hint the acquirer's code
//! table knows.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::search::{where_clause, AuditFilter};
use super::{from_row, Outcome};
use crate::error::Error;
use crate::store::Store;

/// One group of failed calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct AuditErrorGroup {
    /// The acquirer's code; absent for calls with no answer (grouped by `outcome`).
    pub resp_code: Option<String>,
    pub outcome: Outcome,
    #[ts(type = "number")]
    pub count: i64,
    /// The latest row of the group (open it to see the call).
    #[ts(type = "number")]
    pub last_seq: i64,
    pub last_at: String,
    /// The endpoint of the latest row.
    pub endpoint: String,
    /// resp_desc of the latest answer, or the error message when there was no answer.
    pub description: Option<String>,
    pub hint: Option<String>,
}

/// The description an answer carries, whichever acquirer wrote it.
fn answer_desc(response: Option<&str>) -> Option<String> {
    let v: Value = serde_json::from_str(response?).ok()?;
    let pick = |o: &Value| {
        ["resp_desc", "respMsg", "respmsg", "sub_resp_desc"]
            .iter()
            .find_map(|k| o.get(k).and_then(Value::as_str).map(str::to_string))
    };
    v.get("data").and_then(pick).or_else(|| pick(&v)).filter(|s| !s.is_empty())
}

fn hint_for(endpoint: &str, code: &str, desc: &str) -> Option<&'static str> {
    if endpoint.starts_with("huishouqian:") {
        huishouqian::codes::hint(code)
    } else if endpoint.starts_with("mpgateway:") {
        mpgateway::codes::hint(desc)
    } else {
        dougong::codes::hint(code, desc)
    }
}

/// Groups the rows matching `f` whose outcome is not `ok`, most frequent first (limit/offset ignored).
pub fn error_groups(store: &Store, f: &AuditFilter) -> Result<Vec<AuditErrorGroup>, Error> {
    let (w, args) = where_clause(f)?;
    let cond = if w.is_empty() { " WHERE outcome <> 'ok'".to_string() } else { format!("{w} AND outcome <> 'ok'") };
    store.with_conn(|c| {
        let sql = format!(
            "SELECT coalesce(resp_code, ''), outcome, count(*), max(seq) FROM audit_log{cond}
             GROUP BY coalesce(resp_code, ''), CASE WHEN resp_code IS NULL THEN outcome ELSE '' END
             ORDER BY count(*) DESC, max(seq) DESC"
        );
        let mut st = c.prepare(&sql)?;
        let groups = st
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(groups.len());
        for (code, outcome, count, last_seq) in groups {
            let row = c.query_row("SELECT * FROM audit_log WHERE seq = ?1", [last_seq], from_row)?;
            let description = answer_desc(row.response.as_deref()).or_else(|| row.error.clone());
            let hint = (!code.is_empty())
                .then(|| hint_for(&row.endpoint, &code, description.as_deref().unwrap_or_default()))
                .flatten();
            out.push(AuditErrorGroup {
                resp_code: (!code.is_empty()).then_some(code),
                outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Unknown),
                count,
                last_seq,
                last_at: row.at,
                endpoint: row.endpoint,
                description,
                hint: hint.map(str::to_string),
            });
        }
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_read_from_any_acquirers_answer() {
        assert_eq!(
            answer_desc(Some(r#"{"data":{"resp_code":"10000000","resp_desc":"产品号不能为空"}}"#)).as_deref(),
            Some("产品号不能为空")
        );
        assert_eq!(answer_desc(Some(r#"{"respCode":"0001","respMsg":"签名错误"}"#)).as_deref(), Some("签名错误"));
        assert_eq!(answer_desc(Some("not json")), None);
        assert_eq!(answer_desc(None), None);
    }
}
