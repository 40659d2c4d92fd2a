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

/// One plain hint: a stable key (what the UI translates and the audit page groups by), and its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn h(key: &'static str, zh: &'static str, en: &'static str) -> Hint {
    Hint { key, zh, en }
}

/// Every hint, once: the one table the client's English hints and the app's zh-CN / English words come from.
pub static HINTS: &[Hint] = &[
    h("no_api_permission", "调用方 sys_id 没有这个接口的权限：请汇付运营开通（不是代码问题）", "the caller sys_id has no permission for this API: ask Huifu operations to enable it (not a code bug)"),
    h("ids_mismatch", "sys_id / product_id / huifu_id / upper_huifu_id 不属于同一渠道：确认商户归属哪个渠道", "sys_id / product_id / huifu_id / upper_huifu_id do not belong together; check which channel owns this merchant"),
    h("no_route", "该场景未开通微信/支付宝/银联业务：先去业务开通；非必要不要传 channel_no（更不要传空字符串）", "the WeChat/Alipay/UnionPay business is not opened for this scene; open it, and do not send channel_no unless needed (never channel_no=\"\")"),
    h("several_channels", "商户有多个通道或场景：请明确传 pay_channel / pay_scene", "the merchant has several channels or scenes; pass pay_channel / pay_scene explicitly"),
    h("wx_realname", "微信实名未完成：去做微信实名，并让法人扫码确认", "WeChat realname is not done: run WeChat realname and let the legal person scan the QR"),
    h("ali_realname", "支付宝实名未完成：去做支付宝实名（申请后让法人扫码）", "Alipay realname is not done: run Alipay realname (apply, then let the legal person scan the QR)"),
    h("appid_not_bound", "该 appid 未绑定到微信子商户：在微信配置里绑定，并去掉空格", "the appid is not bound to the WeChat sub-merchant: bind it via WeChat config (busi/config), and strip spaces"),
    h("openid_other_appid", "openid 是在另一个 appid 下取得的：请在同一个 sub_appid 下获取 openid", "the openid was obtained under another appid: get the openid under the same sub_appid"),
    h("jsapi_path", "未配置 JSAPI 支付目录/授权域名：在微信配置里添加以 / 结尾的 wx_woa_path，生效可能需要一段时间", "the JSAPI path / authorised domain is not configured: add wx_woa_path (ending with /) via WeChat config; it may take a while"),
    h("wx_frozen", "微信风控冻结了该子商户的产品权限：请通过微信申诉", "WeChat risk control froze this sub-merchant's product permission: appeal through WeChat"),
    h("too_frequent_query", "请求太频繁：稍后用查询跟进，不要重复发送；同一笔交易不要并发退款", "too frequent: wait and poll the query instead of re-sending; never fire parallel refunds for one trade"),
    h("too_frequent_bills", "请求太频繁（对账文件每个商户每天约 3 次）：稍后再试", "too frequent (bill files: about 3 per day per huifu_id): try again later"),
    h("split_sum", "分账金额之和必须等于交易金额：请修改分账明细", "split amounts must add up to the trade amount: fix acct_split_bunch"),
    h("bill_not_generated", "对账文件未生成：确认对账单配置已开通，并看 task_details.task_stat；状态 S 却没有文件表示当日无交易", "bill file not generated: check bill config is on and task_details.task_stat; S with no file means no records"),
    h("bill_config_off", "该商户还没有对账单配置：先在对账单页面开通对账文件", "bill files are not configured for this merchant: turn them on on the statements page first"),
    h("split_config_missing", "该商户还没有分账配置：先在分账配置页面申请", "this merchant has no split configuration yet: apply for one on the split page first"),
    h("application_not_found", "找不到这个申请单：核对申请单号和商户号", "the application was not found: check the application number and the huifu_id"),
    h("req_date_today", "req_date 必须是当天日期（北京时间）", "req_date must be today's date (Beijing time)"),
    h("pay_code_invalid", "付款码无效、已过期或已使用：请付款人刷新付款码", "the payment code is invalid, expired or already used: ask the payer to refresh it"),
    h("order_expired", "订单已超时：用新的请求流水号重新下单", "the order expired: create a new order with a new req_seq_id"),
    h("close_too_young", "不能关闭一分钟以内的订单：稍等后再关单", "orders younger than one minute cannot be closed: wait, then close again"),
    h("refund_exceeds", "退款金额超过剩余可退金额：先查询原交易和已有的退款", "the refund exceeds what is left to refund: query the trade and the refunds made so far"),
    h("balance_low", "可用余额不足", "insufficient available balance"),
    h("duplicate_seq", "请求流水号重复：这笔请求已被受理，请查询而不要重发", "duplicate req_seq_id: this request was already received; query it instead of sending again"),
    h("too_frequent", "操作太频繁：稍后再试", "too frequent: wait and retry later"),
    h("original_not_found", "找不到原交易：核对原交易日期和各个单号（查退款要用退款自己的单号）", "the original transaction was not found: check org_req_date and the ids (a refund query takes the refund's ids)"),
    h("function_not_open", "商户未开通这项功能（分账 / 延迟入账 / 退款）：先开通", "this function (split / delayed settlement / refund) is not enabled for the merchant: open it first"),
    h("amount_check", "金额校验失败：手续费、优惠、分账金额或可退金额对不上", "amount check failed: fees, discounts, split amounts or refundable amount do not add up"),
    h("trade_type_unsupported", "这里不支持该交易类型（如银联和数字人民币订单不能关单）", "this trade type is not supported here (e.g. UnionPay and digital RMB orders cannot be closed)"),
    h("original_not_final", "原交易还没有最终结果：先查询，成功后再退款", "the original transaction is not final yet: query it and refund after it succeeds"),
    h("no_partial_refund", "这笔交易不支持部分退款（如有渠道优惠）：请全额退款", "this trade cannot be refunded partially (e.g. channel discounts): refund the full amount"),
    h("already_final", "原订单已是最终状态：请查询，不要关单", "the original order is already final: query it instead of closing"),
    h("huifu_failure", "汇付侧故障：先查询，再用同一个请求流水号重试", "Huifu-side failure: retry later with the same req_seq_id, after a query"),
];

/// The hint for `key` (one of [`HINTS`]).
pub fn hint_by_key(key: &str) -> Option<&'static Hint> {
    HINTS.iter().find(|h| h.key == key)
}

/// The key of the plain hint for a refusal whose cause the FAQ knows. Message-based matches win over
/// code-based ones because one code covers many causes (23000001 says "not found" for trades, bill
/// configs, split configs and applications alike: only its desc tells which).
pub fn hint_key(resp_code: &str, resp_desc: &str) -> Option<&'static str> {
    let d = resp_desc;
    let by_desc: &[(&str, &'static str)] = &[
        ("接口权限认证失败", "no_api_permission"),
        ("数据权限认证失败", "ids_mismatch"),
        ("数据权限不足", "ids_mismatch"),
        ("该路由下未配置可用通道", "no_route"),
        ("入驻信息配置有误", "several_channels"),
        ("需补齐相关资料", "wx_realname"),
        ("支付宝商家认证", "ali_realname"),
        ("sub_mch_id与sub_appid不匹配", "appid_not_bound"),
        ("sub_appid与sub_openid不匹配", "openid_other_appid"),
        ("URL未注册", "jsapi_path"),
        ("redirect_uri", "jsapi_path"),
        ("权限已被冻结", "wx_frozen"),
        ("请求频率过高", "too_frequent_query"),
        ("请求过于频繁", "too_frequent_bills"),
        ("分账金额总和必须等于交易金额", "split_sum"),
        ("对账文件未生成", "bill_not_generated"),
        ("对账单配置不存在", "bill_config_off"),
        ("分账配置不存在", "split_config_missing"),
        ("申请单不存在", "application_not_found"),
        ("请求日期必须是当前日期", "req_date_today"),
        ("付款码", "pay_code_invalid"),
        ("订单已超时", "order_expired"),
        ("不允许关闭一分钟以内的订单", "close_too_young"),
        ("退款金额大于可退金额", "refund_exceeds"),
        ("余额不足", "balance_low"),
    ];
    if let Some((_, k)) = by_desc.iter().find(|(needle, _)| d.contains(needle)) {
        return Some(k);
    }
    Some(match resp_code {
        "20003" | "00000103" => "no_api_permission",
        "20000000" => "duplicate_seq",
        "20000001" => "too_frequent",
        // "not found" codes: only the original transaction's hint when the desc does not name something else.
        "20000004" | "23000001" if d.is_empty() || d.contains("原交易") || d.contains("交易不存在") => {
            "original_not_found"
        }
        "22000004" => "function_not_open",
        "23000003" => "amount_check",
        "23000004" => "trade_type_unsupported",
        "10000001" => "original_not_final",
        "10000002" => "refund_exceeds",
        "10000009" => "no_partial_refund",
        "10000015" => "close_too_young",
        "10000016" | "23000000" => "already_final",
        "91111119" | "98888888" | "99999999" => "huifu_failure",
        _ => return None,
    })
}

/// The plain hint in English for a refusal whose cause the FAQ knows (see [`hint_key`]).
pub fn hint(resp_code: &str, resp_desc: &str) -> Option<&'static str> {
    hint_key(resp_code, resp_desc).and_then(hint_by_key).map(|h| h.en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_causes_get_hints() {
        let wx = hint_by_key("wx_realname").unwrap().en;
        let perm = hint_by_key("no_api_permission").unwrap().en;
        assert_eq!(hint("90000000", "当前商户需补齐相关资料后才可进行支付交易"), Some(wx));
        assert!(hint("90000000", "sub_mch_id与sub_appid不匹配").unwrap().contains("busi/config"));
        assert_eq!(hint("20003", "接口权限认证失败"), Some(perm));
        assert_eq!(hint("20003", ""), Some(perm), "code alone is enough");
        assert_eq!(hint("12345678", "没见过"), None, "unknown cause, no invented hint");
        assert_eq!(
            hint_key("23000001", "对账单配置不存在"),
            Some("bill_config_off"),
            "a missing bill config is no missing trade"
        );
        assert_eq!(hint_key("23000001", "原交易不存在"), Some("original_not_found"));
        assert_eq!(hint_key("23000001", "某某不存在"), None, "an unknown 'not found' gets no wrong hint");
        for h in HINTS {
            assert!(HINTS.iter().filter(|x| x.key == h.key).count() == 1, "hint {} twice", h.key);
        }
        assert!(is_accepted("00000100") && is_accepted("00000000") && !is_accepted("10000000"));
    }
}
