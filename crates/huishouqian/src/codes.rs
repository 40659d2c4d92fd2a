//! `orderStatus` and the `respCode` table of seed 003 (交易响应码), each code with its meaning, a plain hint
//! and ONE classification ([`CodeClass`]) that reconcile, the connection test and the pages all read.
//!
//! Source of each row: [`Source::Seed`] rows are the seed's table verbatim (100004 … 300701). Two codes
//! are not in that table: `100201` 交易处理中,请稍后查询 appears in the seed's own example answer, and
//! `100213` is what one public plugin treats as "order created" ([`Source::Observed`]).
//!
//! Where the seed is silent (see README.md): which respCode accompanies a SUCCESS or FAIL order (the
//! client decides by `orderStatus`, never by a guessed success code), and the envelope `errorCode` values
//! of a `success:false` answer (shown verbatim with `errorMsg`). Unknown codes are [`CodeClass::Refused`]
//! and shown with the platform's own `respMsg`: never read as "not found", which could make a write that
//! went through look safe to send again.

use serde::{Deserialize, Serialize};

/// State of an order or a refund (spec §1.5.1: the same set for both). Unknown values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    Init,
    Processing,
    Success,
    Fail,
    /// A value this client does not know; kept verbatim.
    Unknown(String),
}

impl OrderStatus {
    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            OrderStatus::Init => "INIT",
            OrderStatus::Processing => "PROCESSING",
            OrderStatus::Success => "SUCCESS",
            OrderStatus::Fail => "FAIL",
            OrderStatus::Unknown(s) => s,
        }
    }

    /// Parses the wire spelling; anything else is `Unknown`.
    pub fn parse(s: &str) -> OrderStatus {
        match s {
            "INIT" => OrderStatus::Init,
            "PROCESSING" => OrderStatus::Processing,
            "SUCCESS" => OrderStatus::Success,
            "FAIL" => OrderStatus::Fail,
            other => OrderStatus::Unknown(other.to_string()),
        }
    }

    /// SUCCESS and FAIL do not change any more.
    pub fn is_final(&self) -> bool {
        matches!(self, OrderStatus::Success | OrderStatus::Fail)
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(OrderStatus::parse(&String::deserialize(d)?))
    }
}

/// Where a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The seed's 交易响应码 table.
    Seed,
    /// The seed's example answer (`100201`).
    SeedExample,
    /// Public integration code only; not in the seed.
    Observed,
}

/// What a respCode says about the request, the one reading every caller uses (shared with the MD5 gateway;
/// this table maps `100201` to processing, `100206`/`200004`/`100211` to not found, `200003`/`100205`/
/// `100200`/`200116`/`200010` to already exists, `200017`/`100207`/`100204` to closed).
pub use gateway_http::CodeClass;

/// One row of the respCode table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RespCode {
    pub code: &'static str,
    /// The seed's zh-CN text.
    pub description: &'static str,
    /// English meaning.
    pub description_en: &'static str,
    pub class: CodeClass,
    /// A plain sentence of what to do.
    pub hint: &'static str,
    pub source: Source,
}

macro_rules! rows {
    ($($code:literal $class:ident $zh:literal $en:literal $hint:literal;)*) => {
        &[$(RespCode { code: $code, description: $zh, description_en: $en, class: CodeClass::$class, hint: $hint, source: Source::Seed },)*]
    };
}

const QUERY_FIRST: &str = "query the order before doing anything else; do not send it again";
const NEW_NUMBER: &str = "start again with a new transNo";
const ASK_HSQ: &str = "the account is not set up for this: ask 慧收钱 (your account manager) to check it";
const LIMIT: &str = "the amount is outside the merchant's limits: lower it, or ask 慧收钱 to raise the limit";
const PAYER: &str = "the payer cannot pay this way: ask them to use another card or channel";

/// The seed's 交易响应码 table, in its order.
pub const SEED_CODES: &[RespCode] = rows! {
    "100004" Refused "不支持该支付通道的交易" "this channel does not support the trade" "the product (payType) is not opened for this merchant: ask 慧收钱 to open it";
    "100019" Refused "无可用渠道" "no channel available" "no channel is configured for this product: ask 慧收钱 to check it";
    "100200" AlreadyExists "订单已支付成功,请勿重复支付" "the order is already paid; do not pay again" "this transNo is paid already: query it, do not pay again";
    "100203" Refused "交易失败" "the trade failed" "query the order for its state; pay again with a new transNo";
    "100204" Closed "订单已过期,请使用新的订单号发起交易" "the order expired; use a new order number" "the order expired: start again with a new transNo";
    "100205" AlreadyExists "订单已存在" "the order already exists" "this transNo was sent before: query it instead of sending it again";
    "100206" NotFound "订单不存在" "no such order" "check transNo; an order sent moments ago may need another query";
    "100207" Closed "交易已取消" "the trade was cancelled" "the order is cancelled: start again with a new transNo";
    "100208" Refused "订单已失败" "the order has failed" "the order is final (failed): start again with a new transNo";
    "100209" Refused "交易失败,黑名单用户" "refused: the payer is blacklisted" "the payer cannot pay this merchant; nothing was charged";
    "100210" Refused "交易失败,非白名单用户" "refused: the payer is not on the whitelist" "the payer is not on the merchant's whitelist: ask 慧收钱 to add them";
    "100211" NotFound "交易记录不存在" "no such trade record" "check the number; a record sent moments ago may need another query";
    "100212" Refused "交易失败,风险受限" "refused by risk control" "risk control stopped the trade: the payer should try later or another way";
    "100500" Refused "余额不足" "insufficient balance" "the balance is too low for this: top up or lower the amount";
    "100501" Refused "交易金额超限" "amount over the limit" "LIMIT";
    "100502" Refused "交易金额低于限额" "amount below the minimum" "the amount is below the minimum for this product: raise it";
    "100503" Refused "交易金额不正确" "the amount is not correct" "check the amount (fen, as a string of digits) and for a refund the original amount";
    "100505" Refused "单日交易金额超限" "daily amount limit reached" "LIMIT";
    "100506" Refused "单笔交易金额超限" "single trade amount limit exceeded" "LIMIT";
    "100507" Refused "单月交易金额超限" "monthly amount limit reached" "LIMIT";
    "100600" Refused "短信验证码错误" "wrong SMS code" "PAYER";
    "100601" Refused "短信验证码失效" "the SMS code has expired" "PAYER";
    "100602" Refused "请确认是否发送短信,当前交易必须通过短信验证" "this trade needs SMS verification" "PAYER";
    "200002" Refused "非法的交易" "illegal trade" "a field is not acceptable (respMsg names it); fix it and send again";
    "200003" AlreadyExists "订单号已存在,请勿重复提交" "the order number exists; do not submit again" "this transNo was sent before: query it instead of sending it again";
    "200004" NotFound "订单不存在" "no such order" "check transNo; an order sent moments ago may need another query";
    "200005" Refused "原订单金额校验不通过" "the original order amount does not match" "origOrderAmt must be the paid order's amount in fen";
    "200010" AlreadyExists "批次号已存在" "the batch number exists" "this batch number was used: query the batch instead of sending it again";
    "200011" Refused "订单数量超过单批次处理量" "too many orders in one batch" "split the batch into smaller ones";
    "200012" Refused "请求太过频繁,请稍后再试" "too many requests; try later" "wait a minute, then query before sending again with the same transNo";
    "200015" Refused "不支持此支付类型" "this payType is not supported" "choose another product, or ask 慧收钱 to open this one";
    "200017" Closed "订单关闭成功" "the order was closed" "nothing to do: the order is closed and cannot be paid";
    "200018" Refused "订单关闭失败,请重试!" "closing the order failed; try again" "query the order: close it again only if it is still unpaid";
    "200107" Refused "分账参数校验异常" "split parameters are not valid" "check the split fields (receivers and amounts)";
    "200108" Refused "交易主体从属关系异常" "the parties of the trade do not belong together" "ASK_HSQ";
    "200109" Refused "业务订单不存在" "no such business order" "check the business order number (bizOrderNo)";
    "200110" Refused "业务订单状态异常" "the business order is in a state that does not allow this" "query the business order";
    "200111" Refused "支付金额超限" "payment amount over the limit" "LIMIT";
    "200112" Refused "业务订单已失效" "the business order has expired" "start again with a new business order";
    "200113" Refused "该业务订单不支持部分支付" "the business order cannot be paid in part" "pay the business order's whole amount";
    "200114" Refused "业务订单已关闭" "the business order is closed" "start again with a new business order";
    "200115" Refused "非法交易" "illegal trade" "a field is not acceptable (respMsg names it); fix it and send again";
    "200116" AlreadyExists "存在成功/处理中订单,请勿重复提交" "a successful or processing order exists; do not submit again" "QUERY_FIRST";
    "200117" Refused "订单已经分账不能发起退款/撤销" "the order was split; it cannot be refunded or reversed" "undo the split first, then refund";
    "200118" Refused "订单金额不等于交易金额+营销金额" "order amount is not trade amount + marketing amount" "make the amounts add up";
    "200119" Refused "订单金额+交易金额不能都为0" "order amount and trade amount cannot both be 0" "enter a positive amount";
    "200120" Refused "营销账户信息不能为空" "the marketing account is missing" "fill in the marketing account";
    "200201" Refused "商户状态异常,无法进行交易" "the merchant cannot trade in its current state" "ASK_HSQ";
    "200203" Refused "商户与子商户关系不对应,无法进行交易" "merchant and sub-merchant do not belong together" "check subMerchantNo against merchantNo";
    "200204" Refused "门店信息不存在,无法进行交易" "no such store" "check subMerchantNo (the store number)";
    "200205" Refused "终端商户信息不存在,无法进行交易" "no such terminal merchant" "ASK_HSQ";
    "200206" Refused "请求ip白名单未配置" "this IP is not on the whitelist" "ask 慧收钱 to add this computer's public IP to the whitelist";
    "200207" Refused "账户状态异常" "the account cannot be used in its current state" "ASK_HSQ";
    "200209" Refused "门店信息不存在" "no such store" "check subMerchantNo (the store number)";
    "200210" Refused "设备信息不存在" "no such device" "check the device number in memo.deviceNo";
    "200302" Refused "产品渠道不能为空" "the product channel is missing" "ASK_HSQ";
    "300401" Refused "交易非法,订单已完成" "refused: the order is already complete" "QUERY_FIRST";
    "300701" Refused "商户限额校验不通过" "the merchant's limit check failed" "LIMIT";
};

/// The codes that are not in the seed's table.
pub const OTHER_CODES: &[RespCode] = &[
    RespCode {
        code: "100201",
        description: "交易处理中,请稍后查询",
        description_en: "processing; query later",
        class: CodeClass::Processing,
        hint: "query the order later; do not send it again",
        source: Source::SeedExample,
    },
    RespCode {
        code: "100213",
        description: "下单成功,等待支付",
        description_en: "order created, waiting for the payer",
        class: CodeClass::Accepted,
        hint: "show the payer the code; then query the order",
        source: Source::Observed,
    },
];

/// Resolves the shared hints written as their constant's name in the table.
fn resolve(hint: &'static str) -> &'static str {
    match hint {
        "QUERY_FIRST" => QUERY_FIRST,
        "NEW_NUMBER" => NEW_NUMBER,
        "ASK_HSQ" => ASK_HSQ,
        "LIMIT" => LIMIT,
        "PAYER" => PAYER,
        h => h,
    }
}

/// The table row for `code`, if known (its `hint` already resolved).
pub fn lookup(code: &str) -> Option<RespCode> {
    SEED_CODES.iter().chain(OTHER_CODES).find(|c| c.code == code).map(|c| RespCode { hint: resolve(c.hint), ..*c })
}

/// The one classification of `code`; unknown codes are [`CodeClass::Refused`].
pub fn classify(code: &str) -> CodeClass {
    lookup(code).map_or(CodeClass::Refused, |c| c.class)
}

/// Whether `code` says the request was taken (accepted or processing).
pub fn is_accepted(code: &str) -> bool {
    classify(code).is_taken()
}

/// A plain hint for `code`, when known.
pub fn hint(code: &str) -> Option<&'static str> {
    lookup(code).map(|c| c.hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for c in SEED_CODES.iter().chain(OTHER_CODES) {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(
                c.code.len() == 6 && c.code.bytes().all(|b| b.is_ascii_digit()),
                "codes are six digits: {}",
                c.code
            );
            assert!(!c.description.is_empty() && !c.description_en.is_empty(), "{} has descriptions", c.code);
            let h = lookup(c.code).unwrap().hint;
            assert!(
                h.len() > 12 && !h.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'),
                "{} has a resolved hint: {h}",
                c.code
            );
        }
        assert_eq!(SEED_CODES.len(), 58, "every row of the seed's table");
    }

    #[test]
    fn the_errata_codes_classify_as_the_seed_says() {
        for c in ["100206", "200004", "100211"] {
            assert_eq!(classify(c), CodeClass::NotFound, "{c}");
        }
        for c in ["200003", "100205"] {
            assert_eq!(classify(c), CodeClass::AlreadyExists, "{c}");
        }
        assert_eq!(classify("200017"), CodeClass::Closed, "close succeeded");
        assert_eq!(classify("200018"), CodeClass::Refused, "close failed");
        assert_eq!(classify("100201"), CodeClass::Processing, "the seed's example answer");
        assert!(is_accepted("100201") && !is_accepted("200017"));
        assert_eq!(classify("999999"), CodeClass::Refused, "unknown is never not-found");
        assert_eq!(lookup("100207").unwrap().description, "交易已取消", "not the invented clock code");
    }

    #[test]
    fn status_round_trip_and_unknown() {
        for s in ["INIT", "PROCESSING", "SUCCESS", "FAIL", "WEIRD"] {
            assert_eq!(OrderStatus::parse(s).as_str(), s);
        }
        assert!(OrderStatus::Success.is_final() && !OrderStatus::Processing.is_final());
    }
}
