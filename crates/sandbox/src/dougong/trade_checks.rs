//! What a trade checks about its merchant before an order exists: routing (the business is open),
//! WeChat realname, the appid binding, the split object against the split config, the registered
//! terminal, the notify URL.

use serde_json::{Map, Value};

use super::state::{Merchant, World};
use super::validate::{percent_bp, refuse, Data, Refusal};

/// The pay channel letter of a trade type (`T_JSAPI` → `T`).
pub fn channel_of(trade_type: &str) -> &str {
    trade_type.split('_').next().unwrap_or("")
}

/// The routing, realname and appid rules of the merchant's channel registration.
pub fn routing(m: &Merchant, d: &Data, trade_type: &str, wx: &Map<String, Value>) -> Result<(), Refusal> {
    if d.0.get("channel_no").and_then(Value::as_str) == Some("") {
        return Err(refuse("90000000", "该路由下未配置可用通道"));
    }
    let channel = channel_of(trade_type);
    let regs = match channel {
        "T" => &m.wx,
        "A" => &m.ali,
        "U" => &m.union,
        _ => return Ok(()),
    };
    if !regs.iter().any(|r| r.status == "S") {
        return Err(refuse("90000000", "该路由下未配置可用通道"));
    }
    if channel == "T" {
        let passed = m.realname.as_ref().is_some_and(|r| r.stat == "APPLYMENT_STATE_PASSED");
        if !passed {
            return Err(refuse("90000000", "当前商户需补齐相关资料后，才可进行相应的支付交易"));
        }
        if let Some(appid) = wx.get("sub_appid").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            if !super::wxconfig::bound(m, appid.trim()) {
                return Err(refuse("90000000", "sub_mch_id与sub_appid不匹配"));
            }
        }
    }
    Ok(())
}

/// Channel objects each forward-scan trade type needs.
pub fn channel_fields(trade_type: &str, d: &Data) -> Result<Map<String, Value>, Refusal> {
    let wx = d.object("wx_data")?.unwrap_or_default();
    let ali = d.object("alipay_data")?.unwrap_or_default();
    let up = d.object("unionpay_data")?.unwrap_or_default();
    let need = |m: &Map<String, Value>, obj: &str, k: &str| -> Result<(), Refusal> {
        if m.get(k).and_then(Value::as_str).unwrap_or_default().is_empty() {
            return Err(refuse("10000000", format!("{obj}.{k}不能为空")));
        }
        Ok(())
    };
    match trade_type {
        "T_JSAPI" | "T_MINIAPP" => {
            need(&wx, "wx_data", "sub_appid")?;
            need(&wx, "wx_data", "sub_openid")?;
        }
        "T_APP" => need(&wx, "wx_data", "sub_appid")?,
        "T_NATIVE" => need(&wx, "wx_data", "product_id")?,
        "A_JSAPI" if ali.get("buyer_id").is_none() && ali.get("buyer_logon_id").is_none() => {
            return Err(refuse("10000000", "alipay_data.buyer_id不能为空"));
        }
        "U_JSAPI" => need(&up, "unionpay_data", "user_id")?,
        _ => {}
    }
    Ok(wx)
}

/// Checks `acct_split_bunch` against the merchant's split config; returns the receivers and their
/// amounts in fen.
pub fn split(w: &World, m: &Merchant, d: &Data, trans_amt: i64) -> Result<Vec<(String, i64)>, Refusal> {
    let Some(bunch) = d.object("acct_split_bunch")? else { return Ok(vec![]) };
    let sp = m.split.as_ref().filter(|s| s.status == "Y" && s.div_flag == "Y");
    let Some(sp) = sp else { return Err(refuse("22000004", "暂未开通分账权限")) };
    let infos = bunch.get("acct_infos").and_then(Value::as_array).cloned().unwrap_or_default();
    if infos.is_empty() {
        return Err(refuse("10000000", "acct_split_bunch.acct_infos不能为空"));
    }
    let pct = bunch.get("percentage_flag").and_then(Value::as_str) == Some("Y");
    let mut out = Vec::new();
    let mut pct_total = 0;
    for item in &infos {
        let id = item.get("huifu_id").and_then(Value::as_str).unwrap_or_default().to_string();
        if id.is_empty() {
            return Err(refuse("10000000", "acct_split_bunch.acct_infos.huifu_id不能为空"));
        }
        if !w.merchants.contains_key(&id) {
            return Err(refuse("22000002", format!("分账接收方[{id}]商户信息不存在")));
        }
        let amt = if pct {
            let p = item.get("percentage_div").and_then(Value::as_str).and_then(percent_bp);
            let p =
                p.ok_or_else(|| refuse("10000000", "acct_split_bunch.acct_infos.percentage_div不符合百分比格式"))?;
            pct_total += p;
            trans_amt * p / 10_000
        } else {
            let a = item.get("div_amt").and_then(Value::as_str).unwrap_or_default();
            Data([("div_amt".to_string(), Value::String(a.into()))].into_iter().collect())
                .amount("div_amt")
                .map_err(|_| refuse("10000000", "acct_split_bunch.acct_infos.div_amt不符合金额格式"))?
        };
        out.push((id, amt));
    }
    if pct {
        if pct_total != 10_000 {
            return Err(refuse("23000003", "分账百分比之和必须等于100"));
        }
        let assigned: i64 = out.iter().map(|(_, a)| a).sum();
        if let Some(first) = out.first_mut() {
            first.1 += trans_amt - assigned;
        }
    }
    if out.iter().map(|(_, a)| a).sum::<i64>() != trans_amt {
        return Err(refuse("23000003", "分账金额总和必须等于交易金额"));
    }
    if !out.iter().any(|(id, _)| id == &m.huifu_id) {
        return Err(refuse("22000005", "分账列表必须包含主交易账户"));
    }
    let others: i64 = out.iter().filter(|(id, _)| id != &m.huifu_id).map(|(_, a)| a).sum();
    if others * 10_000 > trans_amt * sp.apply_ratio_bp {
        return Err(refuse("22000005", "其他商户分账比例过高"));
    }
    Ok(out)
}

/// A registered, bound terminal when `terminal_device_data.devs_id` (or micropay's
/// `terminal_device_info`) names one.
pub fn terminal(w: &World, m: &Merchant, d: &Data) -> Result<String, Refusal> {
    let dev = match d.object("terminal_device_data")? {
        Some(x) => Some(x),
        None => d.object("terminal_device_info")?,
    };
    let Some(dev) = dev else { return Ok(String::new()) };
    let id = dev.get("devs_id").and_then(Value::as_str).unwrap_or_default();
    if id.is_empty() {
        return Ok(String::new());
    }
    match w.terminals.get(id) {
        Some(t) if t.huifu_id == m.huifu_id && t.status == "Y" => Ok(id.to_string()),
        _ => Err(refuse("10000000", format!("终端设备号[{id}]未报备或已注销"))),
    }
}

/// `notify_url`: http(s) (an optional `virgo://` prefix), no query string.
pub fn notify_url(d: &Data) -> Result<String, Refusal> {
    let Some(u) = d.get("notify_url") else { return Ok(String::new()) };
    let bare = u.strip_prefix("virgo://").unwrap_or(&u);
    if !(bare.starts_with("http://") || bare.starts_with("https://")) {
        return Err(refuse("10000000", "notify_url不符合http(s)地址格式"));
    }
    if bare.contains('?') {
        return Err(refuse("10000000", "notify_url不能携带参数"));
    }
    Ok(u)
}
