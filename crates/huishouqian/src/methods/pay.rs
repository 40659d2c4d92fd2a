//! `POLYMERIZE_MAIN_SWEPTN` (active scan, JSAPI, mini-program, WQF_APPLET) and `POLYMERIZE_BE_SWEPTN`
//! (passive scan with the customer's payment code), spec other-gateways §1.5.1.

use serde::{Deserialize, Serialize, Serializer};

use super::memo::{self, Memo};
use super::query::OrderOutput;
use super::{check, fen_text, Method};
use crate::error::FieldError;

/// The product (`payType`). Unknown values are sent as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PayType {
    /// 微信公众号
    WechatJsapi,
    /// 微信小程序
    WechatApplet,
    /// 微企付小程序 (seed 003): `qrCode` is the JSON text of a [`MiniProgram`] link.
    WqfApplet,
    /// 支付宝服务窗/JS
    AliJsapi,
    /// 支付宝小程序
    AliApplet,
    /// Dynamic QR codes, scanned by the customer's app.
    DynamicWechat,
    DynamicAlipay,
    DynamicUnion,
    DynamicAll,
    /// Passive scan (payment code) products.
    WechatMicropay,
    AliBarcodepay,
    Other(String),
}

impl PayType {
    /// The wire spelling (`DYNAMIC_ALPAY` is the platform's own spelling).
    pub fn as_str(&self) -> &str {
        match self {
            PayType::WechatJsapi => "WECHAT_JSAPI",
            PayType::WechatApplet => "WECHAT_APPLET",
            PayType::WqfApplet => "WQF_APPLET",
            PayType::AliJsapi => "ALI_JSAPI",
            PayType::AliApplet => "ALI_APPLET",
            PayType::DynamicWechat => "DYNAMIC_WECHAT",
            PayType::DynamicAlipay => "DYNAMIC_ALPAY",
            PayType::DynamicUnion => "DYNAMIC_UNION",
            PayType::DynamicAll => "DYNAMIC_ALL",
            PayType::WechatMicropay => "WECHAT_MICROPAY",
            PayType::AliBarcodepay => "ALI_BARCODEPAY",
            PayType::Other(s) => s,
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> PayType {
        match s {
            "WECHAT_JSAPI" => PayType::WechatJsapi,
            "WECHAT_APPLET" => PayType::WechatApplet,
            "WQF_APPLET" => PayType::WqfApplet,
            "ALI_JSAPI" => PayType::AliJsapi,
            "ALI_APPLET" => PayType::AliApplet,
            "DYNAMIC_WECHAT" => PayType::DynamicWechat,
            "DYNAMIC_ALPAY" => PayType::DynamicAlipay,
            "DYNAMIC_UNION" => PayType::DynamicUnion,
            "DYNAMIC_ALL" => PayType::DynamicAll,
            "WECHAT_MICROPAY" => PayType::WechatMicropay,
            "ALI_BARCODEPAY" => PayType::AliBarcodepay,
            other => PayType::Other(other.to_string()),
        }
    }

    /// A QR code URL comes back (the desk shows it as a QR).
    pub fn is_dynamic_qr(&self) -> bool {
        matches!(self, PayType::DynamicWechat | PayType::DynamicAlipay | PayType::DynamicUnion | PayType::DynamicAll)
    }

    /// The payer's id (`memo.openid`) is required: JSAPI and mini-program products.
    pub fn needs_openid(&self) -> bool {
        matches!(self, PayType::WechatJsapi | PayType::WechatApplet | PayType::AliJsapi | PayType::AliApplet)
    }
}

impl Serialize for PayType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PayType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(PayType::parse(&String::deserialize(d)?))
    }
}

/// `POLYMERIZE_MAIN_SWEPTN`: create an order the customer pays by scanning (dynamic QR), in an official
/// account (JSAPI) or in a mini-program (incl. `WQF_APPLET`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pay {
    /// Store number (门店编号).
    pub sub_merchant_no: Option<String>,
    /// Merchant order number, unique, at most 64.
    pub trans_no: String,
    pub pay_type: PayType,
    /// The **notification** URL (后端通知地址; the platform's naming is inverted), at most 128. Empty: no
    /// notification (the seed's example sends `"returnUrl":""`).
    pub return_url: String,
    /// The front-end redirect URL (public code; not in seed 003).
    pub page_url: Option<String>,
    /// Amount in fen, sent as a string of digits (seed: `string[1,16]`, example `"orderAmt":"1"`).
    #[serde(serialize_with = "fen_text")]
    pub order_amt: i64,
    /// Goods description, at most 128.
    pub goods_info: String,
    /// `yyyyMMddHHmmss`, within 10 minutes of the platform's clock; chosen by the caller (desk).
    pub request_date: String,
    /// Free text echoed in query and notification, at most 128.
    pub extend: Option<String>,
    /// Dynamic QR only: may the code be scanned again (`TRUE`/`FALSE`, default TRUE; public code).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "bool_upper")]
    pub reuse_pay: Option<bool>,
    /// Extra options, sent as a JSON string of at most 512 characters.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "memo::as_string")]
    pub memo: Option<Memo>,
}

fn bool_upper<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(true) => s.serialize_str("TRUE"),
        Some(false) => s.serialize_str("FALSE"),
        None => s.serialize_none(),
    }
}

impl Method for Pay {
    const METHOD: &'static str = "POLYMERIZE_MAIN_SWEPTN";
    type Output = PayOutput;

    fn validate(&self) -> Result<(), FieldError> {
        check::trans_no("transNo", &self.trans_no)?;
        check::amount("orderAmt", self.order_amt)?;
        if !self.return_url.is_empty() {
            check::url("returnUrl", &self.return_url, 128)?;
        }
        if let Some(p) = &self.page_url {
            check::url("pageUrl", p, 256)?;
        }
        check::required("goodsInfo", &self.goods_info, 128)?;
        check::timestamp("requestDate", &self.request_date)?;
        if let Some(s) = &self.sub_merchant_no {
            check::required("subMerchantNo", s, 32)?;
        }
        if let Some(e) = &self.extend {
            check::optional("extend", e, 128)?;
        }
        check::required("payType", self.pay_type.as_str(), 32)?;
        if matches!(self.pay_type, PayType::WechatMicropay | PayType::AliBarcodepay) {
            return Err(FieldError::new(
                "payType",
                "payment-code products go through POLYMERIZE_BE_SWEPTN (BarcodePay)",
            ));
        }
        if self.reuse_pay.is_some() && !self.pay_type.is_dynamic_qr() {
            return Err(FieldError::new("reusePay", "only applies to DYNAMIC_* QR products"));
        }
        if let Some(m) = &self.memo {
            m.validate()?;
        }
        if self.pay_type.needs_openid() {
            let memo = self.memo.as_ref();
            if memo.and_then(|m| m.open_id.as_deref()).is_none_or(|o| o.trim().is_empty()) {
                return Err(FieldError::new("memo.openid", format!("is required for {}", self.pay_type.as_str())));
            }
            let wechat = matches!(self.pay_type, PayType::WechatJsapi | PayType::WechatApplet);
            if wechat && memo.and_then(|m| m.app_id.as_deref()).is_none_or(|a| a.trim().is_empty()) {
                return Err(FieldError::new("memo.appid", format!("is required for {}", self.pay_type.as_str())));
            }
        }
        Ok(())
    }
}

/// `POLYMERIZE_BE_SWEPTN`: charge the customer's payment code (付款码).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BarcodePay {
    pub sub_merchant_no: Option<String>,
    pub trans_no: String,
    /// `WECHAT_MICROPAY` or `ALI_BARCODEPAY`.
    pub pay_type: PayType,
    /// The customer's payment code.
    pub pay_code: String,
    /// Notification URL.
    pub return_url: Option<String>,
    /// Amount in fen, sent as a string of digits like every 慧收钱 amount.
    #[serde(serialize_with = "fen_text")]
    pub order_amt: i64,
    pub goods_info: String,
    pub request_date: String,
    pub extend: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "memo::as_string")]
    pub memo: Option<Memo>,
}

impl Method for BarcodePay {
    const METHOD: &'static str = "POLYMERIZE_BE_SWEPTN";
    type Output = PayOutput;

    fn validate(&self) -> Result<(), FieldError> {
        check::trans_no("transNo", &self.trans_no)?;
        check::amount("orderAmt", self.order_amt)?;
        if !matches!(self.pay_type, PayType::WechatMicropay | PayType::AliBarcodepay | PayType::Other(_)) {
            return Err(FieldError::new("payType", "passive scan takes WECHAT_MICROPAY or ALI_BARCODEPAY"));
        }
        let code = self.pay_code.trim();
        if !(10..=32).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "payCode",
                "must be the 10..32-digit payment code shown by the customer's app",
            ));
        }
        if let Some(u) = &self.return_url {
            check::url("returnUrl", u, 128)?;
        }
        check::required("goodsInfo", &self.goods_info, 128)?;
        check::timestamp("requestDate", &self.request_date)?;
        if let Some(e) = &self.extend {
            check::optional("extend", e, 128)?;
        }
        if let Some(m) = &self.memo {
            m.validate()?;
        }
        Ok(())
    }
}

/// The `result` of a pay call: the order as a query reports it, with `qrCode`.
pub type PayOutput = OrderOutput;

/// WeChat JSAPI parameters (third level of encoding: a JSON string inside `qrCode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WechatJsapiParams {
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

/// What `qrCode` holds, by product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrCode {
    /// A URL to render as a QR code (`DYNAMIC_*`).
    Url(String),
    /// WeChat JSAPI / mini-program parameters.
    WechatJsapi(WechatJsapiParams),
    /// Alipay `trade_no` for `ALI_JSAPI` / `ALI_APPLET`.
    AlipayTradeNo(String),
    /// `WQF_APPLET`: the 微企付 mini-program to open (not a QR, not a URL).
    MiniProgram(MiniProgram),
    /// Anything else, verbatim.
    Raw(String),
}

/// What `qrCode` holds for `WQF_APPLET` (seed 003's example answer): the JSON text
/// `{"mp_appid","mp_path","mp_username","mp_version"}` that opens the 微企付 mini-program. Not a URL and
/// not something to draw as a QR code: the merchant's own mini-program (or app) opens it with
/// `wx.navigateToMiniProgram` / the WeChat open SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniProgram {
    /// The 微企付 mini-program's appid.
    pub mp_appid: String,
    /// The page path with its query (the cashier of this order).
    pub mp_path: String,
    /// The mini-program's original id (`gh_...`).
    pub mp_username: String,
    /// `release`, `trial` or `develop` (the seed's example answers `trial`).
    #[serde(default)]
    pub mp_version: String,
}

impl MiniProgram {
    /// Reads the `qrCode` text of a `WQF_APPLET` answer; a text without `mp_appid` and `mp_path` is a
    /// decode error naming `result.qrCode`.
    pub fn parse(raw: &str) -> Result<MiniProgram, crate::Error> {
        let m: MiniProgram = serde_json::from_str(raw).map_err(|e| crate::Error::Decode {
            path: "result.qrCode".into(),
            message: format!("the WQF_APPLET answer is not the mini-program JSON: {e}"),
        })?;
        if m.mp_appid.is_empty() || m.mp_path.is_empty() {
            return Err(crate::Error::Decode {
                path: "result.qrCode".into(),
                message: "mp_appid and mp_path must not be empty".into(),
            });
        }
        Ok(m)
    }
}

impl OrderOutput {
    /// Interprets `qrCode` for `pay_type`; `Ok(None)` when absent.
    pub fn qr(&self, pay_type: &PayType) -> Result<Option<QrCode>, crate::Error> {
        let Some(raw) = self.qr_code.as_deref().filter(|s| !s.is_empty()) else { return Ok(None) };
        Ok(Some(match pay_type {
            PayType::WechatJsapi | PayType::WechatApplet => {
                let p: WechatJsapiParams = serde_json::from_str(raw).map_err(|e| crate::Error::Decode {
                    path: "result.qrCode".into(),
                    message: format!("WeChat parameters are not the expected JSON: {e}"),
                })?;
                QrCode::WechatJsapi(p)
            }
            PayType::AliJsapi | PayType::AliApplet => QrCode::AlipayTradeNo(raw.to_string()),
            PayType::WqfApplet => QrCode::MiniProgram(MiniProgram::parse(raw)?),
            t if t.is_dynamic_qr() => QrCode::Url(raw.to_string()),
            _ if raw.starts_with("http://") || raw.starts_with("https://") => QrCode::Url(raw.to_string()),
            _ => QrCode::Raw(raw.to_string()),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn pay() -> Pay {
        Pay {
            sub_merchant_no: None,
            trans_no: "P1".into(),
            pay_type: PayType::WqfApplet,
            return_url: "http://127.0.0.1:9/n".into(),
            page_url: None,
            order_amt: 1,
            goods_info: "测试".into(),
            request_date: "20240101120000".into(),
            extend: None,
            reuse_pay: None,
            memo: Some(Memo {
                time_expire: Some("20240101121000".into()),
                app_version: Some("1.0".into()),
                ..Memo::default()
            }),
        }
    }

    #[test]
    fn memo_is_a_nested_json_string() {
        let v = serde_json::to_value(pay()).unwrap();
        let memo = v["memo"].as_str().expect("memo must be a string, not an object");
        let inner: Value = serde_json::from_str(memo).unwrap();
        assert_eq!(inner["timeExpire"], "20240101121000");
        assert_eq!(inner["appVersion"], "1.0     ", "UnionPay appVersion right-padded to 8");
        assert_eq!(v["orderAmt"], "1", "fen as a string of digits (seed 003)");
        assert!(v.get("pageUrl").is_none(), "absent options are not sent");
    }

    #[test]
    fn validation_names_fields() {
        let mut p = pay();
        p.order_amt = 0;
        assert_eq!(p.validate().unwrap_err().field, "orderAmt");
        let mut p = pay();
        p.pay_type = PayType::WechatJsapi;
        assert_eq!(p.validate().unwrap_err().field, "memo.openid");
        p.memo = Some(Memo { open_id: Some("o1".into()), ..Memo::default() });
        assert_eq!(p.validate().unwrap_err().field, "memo.appid");
        let mut p = pay();
        p.request_date = "2024-01-01".into();
        assert_eq!(p.validate().unwrap_err().field, "requestDate");
        let mut p = pay();
        p.reuse_pay = Some(false);
        assert_eq!(p.validate().unwrap_err().field, "reusePay");
        for (field, p) in [
            ("goodsInfo", Pay { goods_info: "货".repeat(129), ..pay() }),
            ("extend", Pay { extend: Some("x".repeat(129)), ..pay() }),
            ("returnUrl", Pay { return_url: format!("https://e.com/{}", "a".repeat(120)), ..pay() }),
            ("transNo", Pay { trans_no: "T".repeat(65), ..pay() }),
        ] {
            assert_eq!(p.validate().unwrap_err().field, field, "seed 003 length of {field}");
        }
        assert!(
            Pay { return_url: String::new(), ..pay() }.validate().is_ok(),
            "the seed's example sends an empty returnUrl"
        );
        assert!(Pay { goods_info: "货".repeat(128), ..pay() }.validate().is_ok(), "128 characters, not bytes");
        assert!(pay().validate().is_ok());
    }

    #[test]
    fn qr_code_by_product() {
        let params =
            r#"{"appId":"wx1","timeStamp":"1","nonceStr":"n","package":"prepay_id=1","signType":"RSA","paySign":"s"}"#;
        let out: PayOutput = serde_json::from_value(serde_json::json!({
            "transNo": "P1", "orderAmt": "1", "orderStatus": "PROCESSING", "qrCode": params
        }))
        .unwrap();
        assert_eq!(out.order_amt, 1, "string amount accepted");
        match out.qr(&PayType::WechatApplet).unwrap() {
            Some(QrCode::WechatJsapi(p)) => assert_eq!(p.package, "prepay_id=1"),
            other => panic!("expected WeChat params, got {other:?}"),
        }
        assert!(matches!(out.qr(&PayType::DynamicAll).unwrap(), Some(QrCode::Url(_))));
        let bad = MiniProgram::parse(r#"{"mp_appid":"wx1"}"#).unwrap_err();
        assert!(matches!(bad, crate::Error::Decode { ref path, .. } if path == "result.qrCode"), "{bad:?}");
    }
}
