//! Huifu response codes (spec §5.1) and plain hints for refusals whose cause is known (§5.2 FAQ).

/// `00000000`: processed / success (for trades still read `trans_stat`).
pub const SUCCESS: &str = "00000000";
/// `00000100`: accepted, processing (order created, refund or close in progress, audit pending).
pub const PROCESSING: &str = "00000100";
/// `10000`: the gateway envelope code of asynchronous notifications.
pub const NOTIFY_GATEWAY_OK: &str = "10000";

/// True for the two codes that mean "not refused": success and processing.
pub fn is_accepted(resp_code: &str) -> bool {
    resp_code == SUCCESS || resp_code == PROCESSING
}

/// A plain hint (English; the UI translates by matching the hint constant) for a refusal whose cause the FAQ
/// knows. Message-based matches win over code-based ones because one code covers many causes.
pub fn hint(resp_code: &str, resp_desc: &str) -> Option<&'static str> {
    let d = resp_desc;
    let by_desc: &[(&str, &'static str)] = &[
        ("接口权限认证失败", HINT_NO_API_PERMISSION),
        ("数据权限认证失败", "sys_id / product_id / huifu_id / upper_huifu_id do not belong together; check which channel owns this merchant"),
        ("数据权限不足", "sys_id / product_id / huifu_id / upper_huifu_id do not belong together; check which channel owns this merchant"),
        ("该路由下未配置可用通道", "the WeChat/Alipay/UnionPay business is not opened for this scene; open it, and do not send channel_no unless needed (never channel_no=\"\")"),
        ("入驻信息配置有误", "the merchant has several channels or scenes; pass pay_channel / pay_scene explicitly"),
        ("需补齐相关资料", HINT_WX_REALNAME),
        ("支付宝商家认证", "Alipay realname is not done: run Alipay realname (apply, then let the legal person scan the QR)"),
        ("sub_mch_id与sub_appid不匹配", "the appid is not bound to the WeChat sub-merchant: bind it via WeChat config (busi/config), and strip spaces"),
        ("sub_appid与sub_openid不匹配", "the openid was obtained under another appid: get the openid under the same sub_appid"),
        ("URL未注册", "the JSAPI path / authorised domain is not configured: add wx_woa_path (ending with /) via WeChat config; it may take a while"),
        ("redirect_uri", "the JSAPI path / authorised domain is not configured: add wx_woa_path (ending with /) via WeChat config; it may take a while"),
        ("权限已被冻结", "WeChat risk control froze this sub-merchant's product permission: appeal through WeChat"),
        ("请求频率过高", "too frequent: wait and poll the query instead of re-sending; never fire parallel refunds for one trade"),
        ("请求过于频繁", "too frequent (bill files: about 3 per day per huifu_id): try again later"),
        ("分账金额总和必须等于交易金额", "split amounts must add up to the trade amount: fix acct_split_bunch"),
        ("对账文件未生成", "bill file not generated: check bill config is on and task_details.task_stat; S with no file means no records"),
        ("请求日期必须是当前日期", "req_date must be today's date (Beijing time)"),
        ("付款码", "the payment code is invalid, expired or already used: ask the payer to refresh it"),
        ("订单已超时", "the order expired: create a new order with a new req_seq_id"),
        ("不允许关闭一分钟以内的订单", "orders younger than one minute cannot be closed: wait, then close again"),
        ("退款金额大于可退金额", "the refund exceeds what is left to refund: query the trade and the refunds made so far"),
        ("余额不足", "insufficient available balance"),
    ];
    if let Some((_, h)) = by_desc.iter().find(|(needle, _)| d.contains(needle)) {
        return Some(h);
    }
    Some(match resp_code {
        "20003" | "00000103" => HINT_NO_API_PERMISSION,
        "20000000" => "duplicate req_seq_id: this request was already received; query it instead of sending again",
        "20000001" => "too frequent: wait and retry later",
        "20000004" | "23000001" => "the original transaction was not found: check org_req_date and the ids (a refund query takes the refund's ids)",
        "22000004" => "this function (split / delayed settlement / refund) is not enabled for the merchant: open it first",
        "23000003" => "amount check failed: fees, discounts, split amounts or refundable amount do not add up",
        "23000004" => "this trade type is not supported here (e.g. UnionPay and digital RMB orders cannot be closed)",
        "10000001" => "the original transaction is not final yet: query it and refund after it succeeds",
        "10000002" => "the refund exceeds what is left to refund: query the trade and the refunds made so far",
        "10000009" => "this trade cannot be refunded partially (e.g. channel discounts): refund the full amount",
        "10000015" => "orders younger than one minute cannot be closed: wait, then close again",
        "10000016" | "23000000" => "the original order is already final: query it instead of closing",
        "91111119" | "98888888" | "99999999" => "Huifu-side failure: retry later with the same req_seq_id, after a query",
        _ => return None,
    })
}

const HINT_NO_API_PERMISSION: &str =
    "the caller sys_id has no permission for this API: ask Huifu operations to enable it (not a code bug)";
const HINT_WX_REALNAME: &str =
    "WeChat realname is not done: run WeChat realname and let the legal person scan the QR";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_causes_get_hints() {
        assert_eq!(hint("90000000", "当前商户需补齐相关资料后才可进行支付交易"), Some(HINT_WX_REALNAME));
        assert!(hint("90000000", "sub_mch_id与sub_appid不匹配").unwrap().contains("busi/config"));
        assert_eq!(hint("20003", "接口权限认证失败"), Some(HINT_NO_API_PERMISSION));
        assert_eq!(hint("20003", ""), Some(HINT_NO_API_PERMISSION), "code alone is enough");
        assert_eq!(hint("12345678", "没见过"), None, "unknown cause, no invented hint");
        assert!(is_accepted("00000100") && is_accepted("00000000") && !is_accepted("10000000"));
    }
}
