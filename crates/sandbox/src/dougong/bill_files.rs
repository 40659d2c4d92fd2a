//! Bill files built from the sandbox's own trades: a zip per task holding UTF-8 CSVs named like Huifu's
//! (`{date}_{huifu_id}_order_{batch}.csv`, `_split_`, `_outcash_`, `_settle_`, monthly `_order_month_`,
//! `_settle_month_`), split into several CSVs past `bill_rows_per_csv` rows. The columns are the
//! sandbox's choice (the spec has none; README lists them): English field names as in the API, so an
//! importer maps them by header name.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use super::money::yuan;
use super::refund::split_parts;
use super::state::{persist, BillTask, Seed, World};
use crate::clock;
use crate::Shared;

pub const ORDER_HEADER: &[&str] = &[
    "trans_date",
    "trans_time",
    "acct_date",
    "huifu_id",
    "mer_name",
    "trans_type",
    "trade_type",
    "hf_seq_id",
    "req_seq_id",
    "party_order_id",
    "out_trans_id",
    "org_hf_seq_id",
    "org_req_seq_id",
    "trans_amt",
    "fee_amt",
    "settlement_amt",
    "trans_stat",
    "devs_id",
    "remark",
];
pub const SPLIT_HEADER: &[&str] =
    &["trans_date", "huifu_id", "trans_type", "hf_seq_id", "req_seq_id", "trans_amt", "div_huifu_id", "div_amt"];
pub const OUTCASH_HEADER: &[&str] = &[
    "trans_date",
    "trans_time",
    "huifu_id",
    "hf_seq_id",
    "req_seq_id",
    "into_acct_date_type",
    "token_no",
    "cash_amt",
    "fee_amt",
    "trans_stat",
];
pub const SUMMARY_HEADER: &[&str] = &[
    "settle_date",
    "huifu_id",
    "mer_name",
    "trade_count",
    "trade_amt",
    "refund_count",
    "refund_amt",
    "fee_amt",
    "refund_fee_amt",
    "settle_amt",
];

/// Everything needed to write one task's file without holding the world lock.
pub struct BuildJob {
    pub file_id: String,
    pub huifu_id: String,
    pub data_date: String,
    pub kind: &'static str,
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    /// Synthetic trades appended to an order file (generated while writing).
    pub seeds: Vec<(Seed, String)>,
    pub rows_per_csv: usize,
    pub dir: PathBuf,
}

/// Per day and merchant: (trade count, amount, refund count, amount, fee, refunded fee).
type Sums = BTreeMap<(String, String), [i64; 6]>;

fn in_scope(w: &World, owner: &str, huifu_id: &str) -> bool {
    owner == huifu_id || w.merchants.get(huifu_id).is_some_and(|m| m.sys_id == owner)
}

fn day_matches(date: &str, data_date: &str) -> bool {
    date.starts_with(data_date)
}

fn sums(w: &World, owner: &str, data_date: &str) -> Sums {
    let mut s: Sums = BTreeMap::new();
    for o in w.orders.values().filter(|o| o.trans_stat == "S" && in_scope(w, owner, &o.huifu_id)) {
        let day = clock::ymd(o.end_at.unwrap_or(o.created_at));
        if day_matches(&day, data_date) {
            let e = s.entry((day, o.huifu_id.clone())).or_default();
            e[0] += 1;
            e[1] += o.trans_amt;
            e[4] += o.fee_amt;
        }
    }
    for r in w.refunds.values().filter(|r| r.trans_stat == "S" && in_scope(w, owner, &r.huifu_id)) {
        let day = clock::ymd(r.end_at.unwrap_or(r.created_at));
        if day_matches(&day, data_date) {
            let e = s.entry((day, r.huifu_id.clone())).or_default();
            e[2] += 1;
            e[3] += r.ord_amt;
            e[5] += r.fee_refund;
        }
    }
    for seed in w.seeds.iter().filter(|x| in_scope(w, owner, &x.huifu_id) && day_matches(&x.date, data_date)) {
        let e = s.entry((seed.date.clone(), seed.huifu_id.clone())).or_default();
        e[0] += seed.count as i64;
        e[1] += seed.count as i64 * seed.amount;
    }
    s
}

fn name_of(w: &World, huifu_id: &str) -> String {
    w.merchants.get(huifu_id).map(|m| m.reg_name.clone()).unwrap_or_default()
}

/// Gathers the rows of a task (under the world lock).
pub fn collect(s: &Shared, w: &World, t: &BillTask) -> BuildJob {
    let owner = t.huifu_id.as_str();
    let dd = t.data_date.as_str();
    let mut rows = Vec::new();
    let mut seeds = Vec::new();
    let (kind, header): (&'static str, &'static [&'static str]) = match t.bill_type.as_str() {
        "TRADE_BILL" => {
            for o in w.orders.values().filter(|o| o.trans_stat == "S" && in_scope(w, owner, &o.huifu_id)) {
                let end = o.end_at.unwrap_or(o.created_at);
                if clock::ymd(end) != dd {
                    continue;
                }
                rows.push(vec![
                    clock::ymd(o.created_at),
                    clock::hms(o.created_at),
                    clock::ymd(end),
                    o.huifu_id.clone(),
                    name_of(w, &o.huifu_id),
                    "PAYMENT".into(),
                    o.trade_type.clone(),
                    o.hf_seq_id.clone(),
                    o.req_seq_id.clone(),
                    o.party_order_id.clone(),
                    o.out_trans_id.clone(),
                    String::new(),
                    String::new(),
                    yuan(o.trans_amt),
                    yuan(o.fee_amt),
                    yuan(o.trans_amt - o.fee_amt),
                    o.trans_stat.clone(),
                    o.devs_id.clone(),
                    o.remark.clone(),
                ]);
            }
            for r in w.refunds.values().filter(|r| r.trans_stat == "S" && in_scope(w, owner, &r.huifu_id)) {
                let end = r.end_at.unwrap_or(r.created_at);
                if clock::ymd(end) != dd {
                    continue;
                }
                rows.push(vec![
                    clock::ymd(r.created_at),
                    clock::hms(r.created_at),
                    clock::ymd(end),
                    r.huifu_id.clone(),
                    name_of(w, &r.huifu_id),
                    "REFUND".into(),
                    "TRANS_REFUND".into(),
                    r.hf_seq_id.clone(),
                    r.req_seq_id.clone(),
                    String::new(),
                    String::new(),
                    r.org.hf_seq_id.clone(),
                    r.org.req_seq_id.clone(),
                    yuan(r.ord_amt),
                    yuan(r.fee_refund),
                    yuan(-(r.ord_amt - r.fee_refund)),
                    r.trans_stat.clone(),
                    String::new(),
                    r.remark.clone(),
                ]);
            }
            for seed in w.seeds.iter().filter(|x| in_scope(w, owner, &x.huifu_id) && x.date == dd) {
                seeds.push((seed.clone(), name_of(w, &seed.huifu_id)));
            }
            ("order", ORDER_HEADER)
        }
        "SPLIT_BILL" => {
            for o in w
                .orders
                .values()
                .filter(|o| o.trans_stat == "S" && !o.split.is_empty() && in_scope(w, owner, &o.huifu_id))
            {
                if clock::ymd(o.end_at.unwrap_or(o.created_at)) != dd {
                    continue;
                }
                for (id, amt) in split_parts(&o.split) {
                    rows.push(vec![
                        dd.into(),
                        o.huifu_id.clone(),
                        "PAYMENT".into(),
                        o.hf_seq_id.clone(),
                        o.req_seq_id.clone(),
                        yuan(o.trans_amt),
                        id,
                        yuan(amt),
                    ]);
                }
            }
            for r in w
                .refunds
                .values()
                .filter(|r| r.trans_stat == "S" && !r.split.is_empty() && in_scope(w, owner, &r.huifu_id))
            {
                if clock::ymd(r.end_at.unwrap_or(r.created_at)) != dd {
                    continue;
                }
                for (id, amt) in split_parts(&r.split) {
                    rows.push(vec![
                        dd.into(),
                        r.huifu_id.clone(),
                        "REFUND".into(),
                        r.hf_seq_id.clone(),
                        r.req_seq_id.clone(),
                        yuan(r.ord_amt),
                        id,
                        yuan(amt),
                    ]);
                }
            }
            ("split", SPLIT_HEADER)
        }
        "WITHDRAWAL_BILL" => {
            for x in w.withdrawals.values().filter(|x| x.trans_stat == "S" && in_scope(w, owner, &x.huifu_id)) {
                if clock::ymd(x.end_at.unwrap_or(x.created_at)) != dd {
                    continue;
                }
                rows.push(vec![
                    clock::ymd(x.created_at),
                    clock::hms(x.created_at),
                    x.huifu_id.clone(),
                    x.hf_seq_id.clone(),
                    x.req_seq_id.clone(),
                    x.into_acct_date_type.clone(),
                    x.token_no.clone(),
                    yuan(x.cash_amt),
                    yuan(x.fee_amt),
                    x.trans_stat.clone(),
                ]);
            }
            ("outcash", OUTCASH_HEADER)
        }
        other => {
            for ((day, id), v) in sums(w, owner, dd) {
                let settle = v[1] - v[4] - v[3] + v[5];
                rows.push(vec![
                    day,
                    id.clone(),
                    name_of(w, &id),
                    v[0].to_string(),
                    yuan(v[1]),
                    v[2].to_string(),
                    yuan(v[3]),
                    yuan(v[4]),
                    yuan(v[5]),
                    yuan(settle),
                ]);
            }
            let kind = match other {
                "TRADE_BILL_MONTH" => "order_month",
                "SETTLE_BILL_MONTH" => "settle_month",
                _ => "settle",
            };
            (kind, SUMMARY_HEADER)
        }
    };
    BuildJob {
        file_id: t.file_id.clone(),
        huifu_id: t.huifu_id.clone(),
        data_date: t.data_date.clone(),
        kind,
        header,
        rows,
        seeds,
        rows_per_csv: s.cfg.bill_rows_per_csv.max(1),
        dir: s.dg.files_dir.join("bills"),
    }
}

fn csv_line(out: &mut Vec<u8>, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(f.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(f.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// Writes the zip; returns (file name, data rows). An empty result writes no file.
pub fn write(job: &BuildJob) -> std::io::Result<(String, u64)> {
    let seed_rows: u64 = job.seeds.iter().map(|(s, _)| s.count).sum();
    let total = job.rows.len() as u64 + seed_rows;
    if total == 0 {
        return Ok((String::new(), 0));
    }
    std::fs::create_dir_all(&job.dir)?;
    let base = format!("{}_{}_{}", job.data_date, job.huifu_id, job.kind);
    let zip_name = format!("{base}.zip");
    let file = std::fs::File::create(job.dir.join(format!("{}.zip", job.file_id)))?;
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut batch = 0;
    let mut in_batch = job.rows_per_csv;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut emit = |zip: &mut zip::ZipWriter<std::fs::File>, row: &[&str], buf: &mut Vec<u8>| -> std::io::Result<()> {
        if in_batch == job.rows_per_csv {
            if !buf.is_empty() {
                zip.write_all(buf)?;
                buf.clear();
            }
            batch += 1;
            zip.start_file(format!("{base}_{batch}.csv"), opts).map_err(std::io::Error::other)?;
            csv_line(buf, job.header);
            in_batch = 0;
        }
        csv_line(buf, row);
        in_batch += 1;
        if buf.len() > (1 << 20) {
            zip.write_all(buf)?;
            buf.clear();
        }
        Ok(())
    };
    for r in &job.rows {
        let refs: Vec<&str> = r.iter().map(String::as_str).collect();
        emit(&mut zip, &refs, &mut buf)?;
    }
    for (seed, name) in &job.seeds {
        let amt = yuan(seed.amount);
        for i in 0..seed.count {
            let hf = format!("0029SYNTH{}{:027}", seed.date, i);
            let seq = format!("synthetic{}{i}", seed.id.get(..8).unwrap_or(""));
            let row = [
                seed.date.as_str(),
                "120000",
                seed.date.as_str(),
                seed.huifu_id.as_str(),
                name.as_str(),
                "PAYMENT",
                "A_NATIVE",
                hf.as_str(),
                seq.as_str(),
                "",
                "",
                "",
                "",
                amt.as_str(),
                "0.00",
                amt.as_str(),
                "S",
                "",
                "synthetic",
            ];
            emit(&mut zip, &row, &mut buf)?;
        }
    }
    if !buf.is_empty() {
        zip.write_all(&buf)?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok((zip_name, total))
}

/// Builds a job's file and finishes its task (`S`, or `F` if the file could not be written).
pub fn build(s: &Shared, job: BuildJob) {
    let result = write(&job);
    let now = s.clock.now_ms();
    let mut w = s.dg.lock();
    let Some(t) = w.bill_tasks.get_mut(&job.file_id) else { return };
    t.building = false;
    t.end_at = Some(now);
    match result {
        Ok((name, rows)) => {
            t.task_stat = "S".into();
            t.file_name = name;
            t.rows = rows;
        }
        Err(e) => {
            tracing::warn!("sandbox: bill file {} failed: {e}", job.file_id);
            t.task_stat = "F".into();
        }
    }
    let t = t.clone();
    persist(&s.store, &t);
    notify_batch(s, &w, &t);
}

/// The batch-finished notification to the bill config's `notify_url` (shape ASSUMED: the spec names the
/// field only).
fn notify_batch(s: &Shared, w: &World, t: &BillTask) {
    let Some(url) = w.bill_confs.get(&t.huifu_id).map(|c| c.notify_url.clone()).filter(|u| !u.is_empty()) else {
        return;
    };
    let download_url = if t.file_name.is_empty() {
        String::new()
    } else {
        format!("{}/sandbox/files/bills/{}", s.base_url, t.file_id)
    };
    let payload = serde_json::json!({
        "huifu_id": t.huifu_id, "bill_type": t.bill_type, "file_date": t.file_date, "data_date": t.data_date,
        "task_stat": t.task_stat, "file_id": t.file_id, "file_name": t.file_name, "download_url": download_url,
        "req_seq_id": t.file_id,
    });
    super::notices::send(s, "bill", &t.file_id, &url, super::notices::Slot::RespData, &payload, &t.file_id);
}
