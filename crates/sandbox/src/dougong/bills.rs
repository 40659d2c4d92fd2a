//! 7.22 bills: config and config query, file query with batch tasks, regeneration. A batch runs for a
//! file date once the sandbox clock passes its hour (03:00 trade/split, 10:30 withdrawal, 17:00
//! settlement; monthly files on the 1st at 05:00) and the config existed before it; its task goes
//! I → P → DP → FP → S, one step per `timing.bill_task_step`, and only then does the file appear.

use serde_json::{json, Value};

use super::bill_files::{self, BuildJob};
use super::envelope::Ctx;
use super::state::{persist, BillConf, BillTask, World};
use super::validate::{check, f, fields, ok, refuse, Data, Out, Refusal};
use crate::clock::{self, Millis, DAY_MS};
use crate::Shared;

/// The bill types the sandbox builds, with the `file_type` code of bill config that turns them on
/// (code meanings are not in the spec: the sandbox's choice, see README).
pub const TYPES: &[(&str, &str)] = &[
    ("TRADE_BILL", "1"),
    ("TRADE_BILL_MONTH", "1"),
    ("SETTLE_BILL", "2"),
    ("SETTLE_BILL_MONTH", "2"),
    ("SPLIT_BILL", "3"),
    ("WITHDRAWAL_BILL", "4"),
];

/// Bill types the spec lists that the sandbox does not build.
const NOT_BUILT: &[&str] = &["SETTLE_USER_BILL", "SETTLE_BILL_USER_MONTH", "SETTLE_FUND_BILL", "MERGE_BILL"];

/// When the batch of `bill_type` for `file_date` runs; `None` when that type has no file that day.
pub fn due_at(bill_type: &str, file_date: &str) -> Option<Millis> {
    let day = clock::parse_ymd(file_date)?;
    let hm = |h: i64, m: i64| day + (h * 60 + m) * 60_000;
    match bill_type {
        "TRADE_BILL" | "SPLIT_BILL" => Some(hm(3, 0)),
        "WITHDRAWAL_BILL" => Some(hm(10, 30)),
        "SETTLE_BILL" => Some(hm(17, 0)),
        "TRADE_BILL_MONTH" | "SETTLE_BILL_MONTH" => file_date.ends_with("01").then(|| hm(5, 0)),
        _ => None,
    }
}

/// The data date a file of `file_date` covers: the day before, or the month before for monthly files.
pub fn data_date(bill_type: &str, file_date: &str) -> String {
    let day = clock::parse_ymd(file_date).unwrap_or(0);
    let prev = clock::ymd(day - DAY_MS);
    if bill_type.ends_with("_MONTH") {
        prev[..6].to_string()
    } else {
        prev
    }
}

fn owner_ok(ctx: &mut Ctx<'_>, huifu_id: &str) -> Result<(), Refusal> {
    if huifu_id == ctx.sys_id {
        return Ok(());
    }
    super::merchant_mut(ctx, huifu_id, false).map(|_| ())
}

/// `POST /v2/merchant/busi/bill/config`.
pub fn config(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_date", 8).y().date(),
            f("req_seq_id", 128).y(),
            f("huifu_id", 32).y(),
            f("recon_send_flag", 1).y().en(&["Y", "N"]),
            f("file_type", 32).y(),
            f("ftp_addr", 256),
            f("ftp_user", 64),
            f("ftp_pwd", 64),
            f("as_settle_flag", 1).en(&["Y", "N"]),
            f("notify_url", 256),
        ],
    )?;
    let ft = d.s("file_type");
    if !ft.split(',').all(|c| ["1", "2", "3", "4"].contains(&c.trim())) {
        return Err(refuse("10000000", format!("file_type的传入枚举[{ft}]不存在(1,2,3,4)")));
    }
    let huifu_id = d.s("huifu_id");
    owner_ok(ctx, &huifu_id)?;
    let conf = BillConf {
        huifu_id: huifu_id.clone(),
        recon_send_flag: d.s("recon_send_flag"),
        file_type: ft,
        as_settle_flag: d.get("as_settle_flag").unwrap_or_else(|| "N".into()),
        notify_url: d.s("notify_url"),
        ftp_addr: d.s("ftp_addr"),
        ftp_user: d.s("ftp_user"),
        configured_at: ctx.now,
    };
    persist(&ctx.s.store, &conf);
    let out = conf_fields(&conf, d);
    ctx.w.bill_confs.insert(huifu_id, conf);
    ok(out)
}

fn conf_fields(c: &BillConf, d: &Data) -> serde_json::Map<String, Value> {
    fields([
        ("req_seq_id", d.s("req_seq_id")),
        ("req_date", d.s("req_date")),
        ("huifu_id", c.huifu_id.clone()),
        ("recon_send_flag", c.recon_send_flag.clone()),
        ("file_type", c.file_type.clone()),
        ("as_settle_flag", c.as_settle_flag.clone()),
        ("notify_url", c.notify_url.clone()),
        ("ftp_addr", c.ftp_addr.clone()),
        ("ftp_user", c.ftp_user.clone()),
    ])
}

/// `POST /v2/merchant/busi/bill/query`.
pub fn config_query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_date", 8).y().date(), f("req_seq_id", 128).y(), f("huifu_id", 32).y()])?;
    let huifu_id = d.s("huifu_id");
    owner_ok(ctx, &huifu_id)?;
    let Some(c) = ctx.w.bill_confs.get(&huifu_id).cloned() else {
        return Err(refuse("23000001", "对账单配置不存在"));
    };
    let mut m = conf_fields(&c, d);
    m.insert("nature".into(), if huifu_id == ctx.sys_id { "1".into() } else { "2".into() });
    ok(m)
}

fn types_of(conf: &BillConf) -> Vec<&'static str> {
    let codes: Vec<&str> = conf.file_type.split(',').map(str::trim).collect();
    TYPES.iter().filter(|(_, c)| codes.contains(c)).map(|(t, _)| *t).collect()
}

fn new_task(s: &Shared, w: &mut World, huifu_id: &str, bill_type: &str, file_date: &str, now: Millis) -> BillTask {
    let t = BillTask {
        file_id: uuid::Uuid::new_v4().to_string(),
        huifu_id: huifu_id.into(),
        bill_type: bill_type.into(),
        file_date: file_date.into(),
        data_date: data_date(bill_type, file_date),
        task_stat: "I".into(),
        start_at: now,
        next_at: now + s.cfg.timing.bill_task_step.as_millis() as i64,
        end_at: None,
        file_name: String::new(),
        rows: 0,
        building: false,
    };
    persist(&s.store, &t);
    w.bill_tasks.insert(t.file_id.clone(), t.clone());
    t
}

/// Makes sure the batch task of a due file exists (when the config predates the batch).
fn ensure_task(s: &Shared, w: &mut World, conf: &BillConf, bill_type: &str, file_date: &str, now: Millis) {
    let Some(due) = due_at(bill_type, file_date) else { return };
    if now < due || conf.configured_at > due || conf.recon_send_flag != "Y" {
        return;
    }
    let exists = w
        .bill_tasks
        .values()
        .any(|t| t.huifu_id == conf.huifu_id && t.bill_type == bill_type && t.file_date == file_date);
    if !exists {
        new_task(s, w, &conf.huifu_id, bill_type, file_date, now);
    }
}

/// `POST /v2/trade/check/filequery`.
pub fn filequery(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_date", 8).y().date(),
            f("req_seq_id", 128).y(),
            f("huifu_id", 32).y(),
            f("file_date", 8).y().date(),
            f("bill_type", 128),
            f("file_type_query", 128),
        ],
    )?;
    let huifu_id = d.s("huifu_id");
    owner_ok(ctx, &huifu_id)?;
    let file_date = d.s("file_date");
    let wanted = d.get("bill_type").or_else(|| d.get("file_type_query"));
    let wanted: Option<Vec<String>> = wanted.map(|w| w.split(',').map(|x| x.trim().to_string()).collect());
    if let Some(list) = &wanted {
        for t in list {
            if NOT_BUILT.contains(&t.as_str()) {
                return Err(refuse(
                    "10000000",
                    format!("not implemented in the sandbox: bill_type {t} (no file layout to build)"),
                ));
            }
            if !TYPES.iter().any(|(x, _)| x == t) {
                return Err(refuse("10000000", format!("bill_type的传入枚举[{t}]不存在")));
            }
        }
    }
    let conf = ctx.w.bill_confs.get(&huifu_id).cloned();
    let mut files = Vec::new();
    let mut tasks = Vec::new();
    if let Some(conf) = conf {
        let types: Vec<&str> =
            types_of(&conf).into_iter().filter(|t| wanted.as_ref().is_none_or(|w| w.iter().any(|x| x == t))).collect();
        for t in &types {
            ensure_task(ctx.s, ctx.w, &conf, t, &file_date, ctx.now);
        }
        for task in ctx
            .w
            .bill_tasks
            .values()
            .filter(|t| t.huifu_id == huifu_id && t.file_date == file_date && types.contains(&t.bill_type.as_str()))
        {
            let url = if task.task_stat == "S" && !task.file_name.is_empty() {
                format!("{}/sandbox/files/bills/{}", ctx.s.base_url, task.file_id)
            } else {
                String::new()
            };
            if !url.is_empty() {
                files.push(json!({"huifu_id": huifu_id, "file_date": file_date, "file_name": task.file_name,
                                  "bill_type": task.bill_type, "download_url": url, "file_id": task.file_id}));
            }
            tasks.push(json!({"huifu_id": huifu_id, "bill_type": task.bill_type, "file_id": task.file_id,
                              "file_name": task.file_name, "download_url": url, "data_date": task.data_date,
                              "task_stat": task.task_stat, "task_start_time": clock::ymdhms(task.start_at),
                              "task_end_time": task.end_at.map(clock::ymdhms).unwrap_or_default()}));
        }
    }
    let mut m = fields([("req_date", d.s("req_date")), ("req_seq_id", d.s("req_seq_id")), ("huifu_id", huifu_id)]);
    m.insert("file_details".into(), Value::Array(files));
    m.insert("task_details".into(), Value::Array(tasks));
    ok(m)
}

/// `POST /v2/trade/check/replay`: rebuilds a trade date's files now (at most 3 a day per huifu_id).
/// `req_date` is the trade date; the files are those of the next day.
pub fn replay(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_date", 8).y().date(), f("req_seq_id", 128).y(), f("huifu_id", 32).y(), f("file_type", 32)])?;
    let huifu_id = d.s("huifu_id");
    owner_ok(ctx, &huifu_id)?;
    let key = format!("{huifu_id}|{}", clock::ymd(ctx.now));
    let used = ctx.w.replays.get(&key).copied().unwrap_or(0);
    if used >= 3 {
        return Err(refuse("20000001", "当前huifuId请求过于频繁"));
    }
    ctx.w.replays.insert(key, used + 1);
    let trade_day = clock::parse_ymd(&d.s("req_date")).unwrap_or(0);
    let file_date = clock::ymd(trade_day + DAY_MS);
    let conf = ctx.w.bill_confs.get(&huifu_id).cloned();
    let types = conf.as_ref().map(types_of).unwrap_or_else(|| vec!["TRADE_BILL"]);
    let stale: Vec<String> = ctx
        .w
        .bill_tasks
        .values()
        .filter(|t| t.huifu_id == huifu_id && t.file_date == file_date && !t.bill_type.ends_with("_MONTH"))
        .map(|t| t.file_id.clone())
        .collect();
    for id in stale {
        if let Some(mut t) = ctx.w.bill_tasks.remove(&id) {
            t.task_stat = "F".into();
            persist(&ctx.s.store, &t);
        }
    }
    let mut first = None;
    for t in types.iter().filter(|t| !t.ends_with("_MONTH")) {
        let task = new_task(ctx.s, ctx.w, &huifu_id, t, &file_date, ctx.now);
        first.get_or_insert(task);
    }
    let url = first.map(|t| format!("{}/sandbox/files/bills/{}", ctx.s.base_url, t.file_id)).unwrap_or_default();
    ok(fields([
        ("req_seq_id", d.s("req_seq_id")),
        ("req_date", d.s("req_date")),
        ("huifu_id", huifu_id),
        ("download_url", url),
        ("file_type", d.get("file_type").unwrap_or_else(|| "1".into())),
    ]))
}

/// Creates today's due tasks, steps running ones, and hands back files to build.
pub fn tick(s: &Shared, w: &mut World, now: Millis) -> Vec<BuildJob> {
    let confs: Vec<BillConf> = w.bill_confs.values().filter(|c| c.recon_send_flag == "Y").cloned().collect();
    for conf in &confs {
        for t in types_of(conf) {
            let today = clock::ymd(now);
            let yesterday = clock::ymd(now - DAY_MS);
            let latest = if due_at(t, &today).is_some_and(|d| d <= now) { today } else { yesterday };
            ensure_task(s, w, conf, t, &latest, now);
        }
    }
    let step = s.cfg.timing.bill_task_step.as_millis() as i64;
    let mut jobs = Vec::new();
    let ids: Vec<String> = w
        .bill_tasks
        .values()
        .filter(|t| !matches!(t.task_stat.as_str(), "S" | "F") && !t.building && t.next_at <= now)
        .map(|t| t.file_id.clone())
        .collect();
    for id in ids {
        let next = match w.bill_tasks[&id].task_stat.as_str() {
            "I" => "P",
            "P" => "DP",
            "DP" => "FP",
            _ => "BUILD",
        };
        if next == "BUILD" {
            let task = w.bill_tasks[&id].clone();
            jobs.push(bill_files::collect(s, w, &task));
            w.bill_tasks.get_mut(&id).expect("present").building = true;
            continue;
        }
        let t = w.bill_tasks.get_mut(&id).expect("present");
        t.task_stat = next.into();
        t.next_at = now + step;
        persist(&s.store, &*t);
    }
    jobs
}
