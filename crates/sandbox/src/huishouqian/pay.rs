//! `POLYMERIZE_MAIN_SWEPTN` (seed 003, with `payType` WQF_APPLET and the products public code uses) and
//! `POLYMERIZE_BE_SWEPTN` (payment code; public code only). Every 业务请求参数 is checked for type and
//! length; the answer is the seed's: `PROCESSING` with `100201` 交易处理中,请稍后查询, and for WQF_APPLET a
//! `qrCode` that is the JSON text `{"mp_appid","mp_path","mp_username","mp_version"}`.

use serde_json::{json, Map, Value};

use super::fields::{self, amount, opt_str, req_str};
use super::orders::order_json;
use super::outcome::{refusal, text, Outcome};
use super::state::{save_order, Order, World};
use crate::clock::{parse_ymdhms, ymdhms, Millis};
use crate::Shared;

/// The products the sandbox serves: WQF_APPLET (seed 003) and those of public integrations.
pub const PAY_TYPES: &[&str] = &[
    "ALI_JSAPI",
    "ALI_APPLET",
    "ALI_BARCODEPAY",
    "WECHAT_APPLET",
    "WECHAT_JSAPI",
    "WECHAT_MICROPAY",
    "DYNAMIC_WECHAT",
    "DYNAMIC_ALPAY",
    "DYNAMIC_UNION",
    "DYNAMIC_ALL",
    "WQF_APPLET",
];

/// The 微企付 mini-program the sandbox's WQF_APPLET answers open (its own, sandbox-only ids).
pub const WQF_APPID: &str = "wxsandbox0000wqf1";
pub const WQF_USERNAME: &str = "gh_sandbox0wqf";

/// `requestDate` must be within 10 minutes of the platform clock (seed: 与当前系统时间相差小于10分钟).
fn check_request_date(d: &str, now: Millis) -> Result<(), &'static str> {
    match parse_ymdhms(d) {
        Some(t) if (t - now).abs() < 10 * 60 * 1000 => Ok(()),
        Some(_) => Err("requestDate 与当前系统时间相差超过10分钟"),
        None => Err("requestDate 格式须为yyyyMMddHHmmss"),
    }
}

/// The answer's `qrCode` for a product.
fn qr_code(s: &Shared, pay_type: &str, memo: &Map<String, Value>, trade_no: &str, seq: u64, now: Millis) -> String {
    match pay_type {
        t if t.starts_with("DYNAMIC_") => format!("{}/sandbox/huishouqian/qr/{trade_no}", s.base_url),
        "WECHAT_JSAPI" | "WECHAT_APPLET" => json!({
            "appId": text(memo, "appid"), "timeStamp": (now / 1000).to_string(), "nonceStr": format!("n{seq}"),
            "package": format!("prepay_id=wx{trade_no}"), "signType": "RSA", "paySign": "sandbox"
        })
        .to_string(),
        "ALI_JSAPI" | "ALI_APPLET" => format!("2088{}{seq:06}", ymdhms(now)),
        // As the seed's example answer: the 微企付 cashier page, its `q` the (sandbox) checkout URL.
        "WQF_APPLET" => {
            let checkout = format!("{}/sandbox/huishouqian/qr/{trade_no}", s.base_url);
            let q = form_urlencoded::byte_serialize(checkout.as_bytes()).collect::<String>();
            json!({"mp_appid": WQF_APPID, "mp_path": format!("pages/checkout/counter?q={q}"), "mp_username": WQF_USERNAME, "mp_version": "trial"}).to_string()
        }
        _ => String::new(),
    }
}

/// Creates an order (or refuses it with a seed code / a `PARAM_ERROR` naming the field).
pub fn pay(s: &Shared, w: &mut World, method: &str, m: &Map<String, Value>, now: Millis) -> Outcome {
    let checked = (|| -> Result<_, fields::Bad> {
        let trans_no = req_str(m, "transNo", 64)?;
        let pay_type = req_str(m, "payType", 32)?;
        let order_amt = amount(m, "orderAmt")?;
        let goods_info = req_str(m, "goodsInfo", 128)?;
        let request_date = req_str(m, "requestDate", 14)?;
        opt_str(m, "subMerchantNo", 32)?;
        let return_url = opt_str(m, "returnUrl", 128)?.unwrap_or_default();
        if !(return_url.is_empty() || return_url.starts_with("http://") || return_url.starts_with("https://")) {
            return Err(fields::bad("returnUrl 须为http(s)地址"));
        }
        let extend = opt_str(m, "extend", 128)?.unwrap_or_default();
        let memo_text = opt_str(m, "memo", 512)?.unwrap_or_default();
        let memo = if memo_text.is_empty() { Map::new() } else { fields::memo(&memo_text)? };
        let pay_code = opt_str(m, "payCode", 64)?;
        Ok((trans_no, pay_type, order_amt, goods_info, request_date, return_url, extend, memo_text, memo, pay_code))
    })();
    let (trans_no, pay_type, order_amt, goods_info, request_date, return_url, extend, memo_text, memo, pay_code) =
        checked?;
    let barcode = method == "POLYMERIZE_BE_SWEPTN";
    if !PAY_TYPES.contains(&pay_type.as_str())
        || (barcode != matches!(pay_type.as_str(), "WECHAT_MICROPAY" | "ALI_BARCODEPAY"))
    {
        return refusal("200015", "不支持此支付类型", &trans_no);
    }
    if barcode && pay_code.is_none() {
        return Err(fields::bad("payCode 必填"));
    }
    let needs_openid = ["WECHAT_JSAPI", "WECHAT_APPLET", "ALI_JSAPI", "ALI_APPLET"].contains(&pay_type.as_str());
    if needs_openid && text(&memo, "openid").is_empty() {
        return Err(fields::bad("memo.openid 必填"));
    }
    if let Err(e) = check_request_date(&request_date, now) {
        return refusal("200002", &format!("非法的交易: {e}"), &trans_no);
    }
    if w.orders.contains_key(&trans_no) {
        return refusal("200003", "订单号已存在,请勿重复提交", &trans_no);
    }
    let seq = w.next(&s.store);
    let trade_no = format!("HSQ{}{seq:06}", ymdhms(now));
    let qr_code = qr_code(s, &pay_type, &memo, &trade_no, seq, now);
    // A payment code pays at once; everything else waits for the payer (the seed's example answer).
    let (status, code, msg) =
        if barcode { ("SUCCESS", "", "") } else { ("PROCESSING", "100201", "交易处理中,请稍后查询") };
    let order = Order {
        trans_no: trans_no.clone(),
        trade_no,
        method: method.into(),
        pay_type,
        order_amt,
        status: status.into(),
        resp_code: code.into(),
        resp_msg: msg.into(),
        goods_info,
        request_date,
        return_url,
        extend,
        memo: memo_text,
        qr_code,
        channel_order_no: format!("WQ{seq:030}"),
        finished_date: if barcode { ymdhms(now) } else { String::new() },
        expires_at: parse_ymdhms(&text(&memo, "timeExpire")),
        refunded: 0,
    };
    save_order(&s.store, &order);
    let mut out = order_json(&order);
    out["qrCode"] = json!(order.qr_code);
    w.orders.insert(trans_no, order);
    Ok(out)
}
