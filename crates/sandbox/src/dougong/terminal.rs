//! 7.13 terminals (UnionPay doc 259): add (a listed device, or an auxiliary terminal when no list is sent),
//! paged query and cancel. Trades may name a registered device in `terminal_device_data.devs_id`.

use serde_json::{json, Value};

use super::envelope::Ctx;
use super::ids;
use super::state::{persist, Terminal};
use super::validate::{check, check_nested, f, fields, ok, refuse, Data, Out, F};

const ITEM: &[F] = &[f("sn", 50).y(), f("tusn", 64).y(), f("dev_model_code", 16).y(), f("terminal_address", 64)];

/// `POST /v2/terminaldevice/deviceInfo/add`.
pub fn add(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_seq_id", 32).y(),
            f("req_date", 8).y().date(),
            f("huifu_id", 18).y(),
            f("terminal_info_list", 0).arr(),
        ],
    )?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, true)?;
    let list = d.array("terminal_info_list")?.unwrap_or_default();
    let mut wanted = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let Value::Object(m) = item else {
            return Err(refuse("10000000", format!("terminal_info_list[{i}]不符合JSON对象格式")));
        };
        check_nested("terminal_info_list", m, ITEM)?;
        let sn = m["sn"].as_str().unwrap_or_default().to_string();
        if ctx.w.terminals.values().any(|t| t.sn == sn && t.status == "Y") {
            return Err(refuse("10000000", format!("终端序列号[{sn}]已报备")));
        }
        let get = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        wanted.push((sn, get("tusn"), get("dev_model_code"), get("terminal_address")));
    }
    if wanted.is_empty() {
        // No list: an auxiliary terminal (辅助终端), e.g. a table QR stand.
        wanted.push((String::new(), String::new(), "AUX".into(), String::new()));
    }
    let mut added = Vec::new();
    for (sn, tusn, model, addr) in wanted {
        let n = ctx.w.next(&ctx.s.store);
        let t = Terminal {
            device_id: ids::device_id(n),
            huifu_id: huifu_id.clone(),
            sn,
            tusn,
            dev_model_code: model,
            terminal_address: addr,
            status: "Y".into(),
            created_at: ctx.now,
        };
        persist(&ctx.s.store, &t);
        added.push(json!({"huifu_id": t.huifu_id, "device_id": t.device_id, "bind_status": "Y",
                          "terminal_seq_info": json!([{"sn": t.sn, "tusn": t.tusn}]).to_string()}));
        ctx.w.terminals.insert(t.device_id.clone(), t);
    }
    let mut out =
        fields([("huifu_id", huifu_id), ("sub_resp_code", "00000000".into()), ("sub_resp_desc", "成功".into())]);
    out.insert("add_ter_info_list".into(), Value::String(Value::Array(added).to_string()));
    ok(out)
}

/// `POST /v2/terminaldevice/deviceInfo/query` (response shape ASSUMED: `total_count` and
/// `terminal_info_list`, a JSON string).
pub fn query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_seq_id", 32).y(),
            f("req_date", 8).y().date(),
            f("huifu_id", 18).y(),
            f("page_size", 3).y().digits(),
            f("page_num", 6).y().digits(),
            f("device_id", 32),
        ],
    )?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let size: usize = d.s("page_size").parse().unwrap_or(10).clamp(1, 100);
    let page: usize = d.s("page_num").parse().unwrap_or(1).max(1);
    let want = d.get("device_id");
    let all: Vec<&Terminal> = ctx
        .w
        .terminals
        .values()
        .filter(|t| t.huifu_id == huifu_id && want.as_ref().is_none_or(|w| &t.device_id == w))
        .collect();
    let items: Vec<Value> = all
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|t| {
            json!({"device_id": t.device_id, "sn": t.sn, "tusn": t.tusn, "dev_model_code": t.dev_model_code,
                         "terminal_address": t.terminal_address, "bind_status": t.status, "huifu_id": t.huifu_id})
        })
        .collect();
    let mut out = fields([
        ("huifu_id", huifu_id),
        ("total_count", all.len().to_string()),
        ("page_num", page.to_string()),
        ("page_size", size.to_string()),
    ]);
    out.insert("terminal_info_list".into(), Value::String(Value::Array(items).to_string()));
    ok(out)
}

/// `POST /v2/terminaldevice/deviceInfo/cancel`.
pub fn cancel(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y(), f("device_id", 32).y()])?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let id = d.s("device_id");
    let Some(t) = ctx.w.terminals.get_mut(&id).filter(|t| t.huifu_id == huifu_id) else {
        return Err(refuse("23000001", format!("终端[{id}]不存在")));
    };
    if t.status == "C" {
        return Err(refuse("10000000", format!("终端[{id}]已注销")));
    }
    t.status = "C".into();
    let t = t.clone();
    persist(&ctx.s.store, &t);
    ok(fields([("huifu_id", huifu_id), ("device_id", id)]))
}
