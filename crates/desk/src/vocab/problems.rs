//! What can be wrong with a field, as keys with zh-CN and English templates. desk's checks and the dougong
//! client's request checks give a key plus parameters ([`crate::Error::problem`]); the UI fills the
//! template of the current language, and the form's own as-you-type checks (ui/src/pages/onboarding/checks.ts)
//! use the same keys, so a field says the same words whether the form or desk caught it.

use super::{t, Vocab};

/// A field problem desk's own checks name (the dougong client's keys are strings in
/// `dougong::error::problem`; both sets are in [`PROBLEMS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong,
    TooShort,
    ControlChar,
    NotOneOf,
    Date8,
    IdCardFormat,
    IdCardBirth,
    IdCardCheck,
    UsccLength,
    UsccChar,
    UsccCheck,
    CardDigits,
    CardLuhn,
    Mobile,
    Email,
    HuifuId,
    Percent,
    PictureRequired,
    Mcc,
    BranchCode,
    WxAppid,
    LicenceKnown,
    WxPath,
    WxConfigEmpty,
    BusiNoChannel,
    SplitSharesNeeded,
    SplitSharesSum,
    NoApplication,
    PictureUnreadable,
    PictureTooLarge,
    PictureFormat,
    PictureUndecodable,
    PictureCannotShrink,
    ProfileNameLength,
    ProfileNameChars,
    BaseUrlScheme,
    BaseUrlHttps,
    ProductId,
    ListenAddr,
    NotAUrl,
    UrlScheme,
    UrlQuery,
    NotifyPort,
    PublicUrlLength,
}

impl Problem {
    /// The key in [`PROBLEMS`].
    pub fn key(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong => "too_long",
            Problem::TooShort => "too_short",
            Problem::ControlChar => "control_char",
            Problem::NotOneOf => "not_one_of",
            Problem::Date8 => "date8",
            Problem::IdCardFormat => "id_card_format",
            Problem::IdCardBirth => "id_card_birth",
            Problem::IdCardCheck => "id_card_check",
            Problem::UsccLength => "uscc_length",
            Problem::UsccChar => "uscc_char",
            Problem::UsccCheck => "uscc_check",
            Problem::CardDigits => "card_digits",
            Problem::CardLuhn => "card_luhn",
            Problem::Mobile => "mobile",
            Problem::Email => "email",
            Problem::HuifuId => "huifu_id",
            Problem::Percent => "percent",
            Problem::PictureRequired => "picture_required",
            Problem::Mcc => "mcc",
            Problem::BranchCode => "branch_code",
            Problem::WxAppid => "wx_appid",
            Problem::LicenceKnown => "licence_known",
            Problem::NoApplication => "no_application",
            Problem::SplitSharesSum => "split_shares_sum",
            Problem::SplitSharesNeeded => "split_shares_needed",
            Problem::BusiNoChannel => "busi_no_channel",
            Problem::WxConfigEmpty => "wx_config_empty",
            Problem::WxPath => "wx_path",
            Problem::PictureUnreadable => "picture_unreadable",
            Problem::PictureTooLarge => "picture_too_large",
            Problem::PictureFormat => "picture_format",
            Problem::PictureUndecodable => "picture_undecodable",
            Problem::PictureCannotShrink => "picture_cannot_shrink",
            Problem::ProfileNameLength => "profile_name_length",
            Problem::ProfileNameChars => "profile_name_chars",
            Problem::BaseUrlScheme => "base_url_scheme",
            Problem::BaseUrlHttps => "base_url_https",
            Problem::ProductId => "product_id",
            Problem::ListenAddr => "listen_addr",
            Problem::NotAUrl => "not_a_url",
            Problem::UrlScheme => "url_scheme",
            Problem::UrlQuery => "url_query",
            Problem::NotifyPort => "notify_port",
            Problem::PublicUrlLength => "public_url_length",
        }
    }

    /// Every variant (for the coverage test).
    pub const ALL: [Problem; 45] = [
        Problem::Required,
        Problem::TooLong,
        Problem::TooShort,
        Problem::ControlChar,
        Problem::NotOneOf,
        Problem::Date8,
        Problem::IdCardFormat,
        Problem::IdCardBirth,
        Problem::IdCardCheck,
        Problem::UsccLength,
        Problem::UsccChar,
        Problem::UsccCheck,
        Problem::CardDigits,
        Problem::CardLuhn,
        Problem::Mobile,
        Problem::Email,
        Problem::HuifuId,
        Problem::Percent,
        Problem::PictureRequired,
        Problem::Mcc,
        Problem::BranchCode,
        Problem::WxAppid,
        Problem::LicenceKnown,
        Problem::WxPath,
        Problem::WxConfigEmpty,
        Problem::BusiNoChannel,
        Problem::SplitSharesNeeded,
        Problem::SplitSharesSum,
        Problem::NoApplication,
        Problem::PictureUnreadable,
        Problem::PictureTooLarge,
        Problem::PictureFormat,
        Problem::PictureUndecodable,
        Problem::PictureCannotShrink,
        Problem::ProfileNameLength,
        Problem::ProfileNameChars,
        Problem::BaseUrlScheme,
        Problem::BaseUrlHttps,
        Problem::ProductId,
        Problem::ListenAddr,
        Problem::NotAUrl,
        Problem::UrlScheme,
        Problem::UrlQuery,
        Problem::NotifyPort,
        Problem::PublicUrlLength,
    ];

    /// The English template.
    pub fn en(self) -> &'static str {
        PROBLEMS.terms.iter().find(|t| t.code == self.key()).map(|t| t.en).expect("every problem has words (tested)")
    }
}

pub static PROBLEMS: Vocab = Vocab {
    name: "problem",
    about: "field problems: desk's checks (vocab::Problem) and the dougong client's (dougong::error::problem)",
    terms: &[
        t("required", "必填", "is required"),
        t("omit_empty", "不填时请留空（不要只填空格）", "must be omitted rather than empty"),
        t("too_long", "共 {n} 个字符，最多 {max} 个", "is {n} characters; at most {max}"),
        t("too_short", "至少 {min} 个字符", "must be at least {min} characters"),
        t("control_char", "含有看不见的控制字符（如换行、制表符），请删除", "holds a control character (line break, tab...); remove it"),
        t("not_one_of", "「{value}」不是可选的值（可选：{allowed}）", "{value} is not one of {allowed}"),
        t("not_accepted", "「{value}」不是可接受的值", "{value} is not an accepted value"),
        t("date8", "不是有效日期：请选择日期，或按 20260131 的格式输入", "is not a valid date: pick one, or type it as 20260131"),
        t("id_card_format", "应为 18 位身份证号（17 位数字加 1 位数字或 X）", "must be an 18-character ID card number (17 digits and a digit or X)"),
        t("id_card_birth", "其中的出生日期不可能存在", "holds an impossible birth date"),
        t("id_card_check", "校验位不对（是否输错了某一位？）", "check digit is wrong (mistyped number?)"),
        t("uscc_length", "应为 18 位统一社会信用代码", "must be the 18-character unified social credit code"),
        t("uscc_char", "含有「{char}」，信用代码中不会出现（没有 I、O、S、V、Z）", "holds {char}, which a credit code never contains (no I, O, S, V, Z)"),
        t("uscc_check", "校验位不对（是否输错了某一位？）", "check character is wrong (mistyped code?)"),
        t("card_digits", "应为 12 到 19 位数字", "must be 12 to 19 digits"),
        t("card_luhn", "未通过卡号校验（Luhn），是否输错了一位？", "fails the card number check (Luhn): mistyped digit?"),
        t("mobile", "应为 13–19 开头的 11 位手机号", "must be an 11-digit mobile number starting 13–19"),
        t("email", "不是有效的电子邮箱地址", "is not an e-mail address"),
        t("huifu_id", "应为汇付商户号（数字，如 6666000108854952）", "must be a huifu_id (digits, e.g. 6666000108854952)"),
        t("seq_id_chars", "只能包含字母、数字、下划线和连字符", "only letters, digits, '_' and '-' are allowed"),
        t("amount_min", "金额至少 0.01 元", "must be at least 0.01"),
        t("amount_max", "金额太大", "is too large"),
        t("url_scheme", "应为 http:// 或 https:// 开头的网址", "must be an http:// or https:// URL"),
        t("url_query", "网址不能带查询参数（? 之后的部分汇付会丢弃）", "must not carry a query string (Huifu drops it)"),
        t("digits", "应为 {n} 位数字", "must be {n} digits"),
        t("percent", "应为 0 到 100 的百分比，最多两位小数，如 0.38", "must be a percentage from 0 to 100 with at most 2 decimals, e.g. 0.38"),
        t("picture_required", "需要上传这张照片", "a picture is required"),
        t("mcc", "应为 4 到 7 位的 MCC，如 5411", "must be a 4 to 7 character MCC, e.g. 5411"),
        t("branch_code", "应为 12 位联行号", "must be the 12-digit branch number"),
        t("wx_appid", "应为 wx 加 16 位字母或数字", "must be wx followed by 16 letters or digits"),
        t("licence_known", "这个营业执照号已进件过（商户 {huifu_id}）：请打开该商户，不要重复进件", "this licence number was already onboarded (merchant {huifu_id}): open that merchant instead of onboarding it twice"),
        t("wx_path", "应为以 / 结尾的 http(s) 网址", "must be an http(s) URL ending with /"),
        t("wx_config_empty", "至少填写公众号 appid、小程序 appid 或 JSAPI 支付目录中的一项", "give an official-account appid, a mini-program appid or a JSAPI path"),
        t("busi_no_channel", "微信和支付宝至少选一个", "choose at least one of WeChat or Alipay"),
        t("split_shares_needed", "固定规则（02）需要填写分账比例", "fixed rules (02) need the shares"),
        t("split_shares_sum", "各方比例之和必须是 100", "the shares must add up to 100"),
        t("no_application", "这个商户没有在审核中的申请单", "no application of this merchant is known"),
        t("picture_unreadable", "读不出文件 {name}", "{name} cannot be read"),
        t("picture_too_large", "{name} 有 {mb} MB，照片最大 {max} MB", "{name} is {mb} MB; a picture may be at most {max} MB"),
        t("picture_format", "{name} 不是 JPG、PNG 或 BMP 图片", "{name} is not a JPG, PNG or BMP image"),
        t("picture_undecodable", "{name} 无法解码（文件损坏或不是图片）", "{name} cannot be decoded (damaged, or not a picture)"),
        t("picture_cannot_shrink", "{name} 无法压缩到 {max} MB 以内", "{name} cannot be made smaller than {max} MB"),
        t("profile_name_length", "名称应为 1 到 64 个字符", "must be 1 to 64 characters"),
        t("profile_name_chars", "名称只能包含字母、汉字、数字、-、_ 和 .", "may hold letters, digits, '-', '_' and '.' only"),
        t("base_url_scheme", "应以 https:// 开头（本机沙箱可用 http://）", "must start with https:// (or http:// for a local sandbox)"),
        t("base_url_https", "生产环境的配置必须使用 https://", "a production profile must use https://"),
        t("listen_addr", "「{value}」不是「IP 地址:端口」，如 127.0.0.1:8700", "{value} is not host:port with an IP address (e.g. 127.0.0.1:8700)"),
        t("not_a_url", "不是有效的网址", "is not a URL"),
        t("notify_port", "端口 {port}：汇付只回调默认端口或 8000–9005", "port {port}: Huifu calls only the default ports or 8000-9005"),
        t("public_url_length", "最多 80 个字符（加上 /notify/<配置名> 后 notify_url 最多 128 个字符）", "at most 80 characters (notify_url is at most 128 with /notify/<profile>)"),
        t("product_id", "应为汇付给你的产品号（字母或数字，如 YYZY）", "must be the product code Huifu gave you (e.g. YYZY)"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_key_has_words() {
        for p in Problem::ALL {
            assert!(!p.en().is_empty(), "{p:?}");
        }
        for k in dougong::error::problem::ALL {
            assert!(PROBLEMS.terms.iter().any(|t| t.code == *k), "dougong's problem {k} has no words");
        }
    }
}
