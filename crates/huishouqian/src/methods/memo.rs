//! `memo` (扩展信息, seed 003: `string[1,512]`, "json格式,将如下参数转json"): extra options sent as a JSON
//! **string** inside `signContent`, with the seed's WQF_APPLET fields `channel_options`, `payer_options`
//! and `front_callback_url`.
//!
//! Seed silent / self-contradicting, and what this client does:
//! - the field table types `channel_options` and `front_callback_url` as `object` and `payer_options` as
//!   `array[object]`, while the seed's own example request sends `front_callback_url` as a JSON *string*
//!   inside the memo string. [`Nested::Text`] (default) follows the example for all three; [`Nested::Object`]
//!   follows the table. A setting, because a real account may accept only one.
//! - `payer_name` is marked 加密参数 (an encrypted parameter) without saying how; it is sent as given.
//! - lengths are counted in characters (the seed does not say bytes or characters).

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::check;
use crate::error::FieldError;

/// How the object-typed memo fields are written (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nested {
    /// A JSON text inside the memo string, as the seed's example sends `front_callback_url`. Default.
    #[default]
    Text,
    /// A JSON object / array inside the memo, as the seed's field table types them.
    Object,
}

/// 渠道选项: which banks and pay channels the 微企付 cashier offers.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelOptions {
    /// Bank short names to offer, e.g. `PAB` (平安银行); each 1..64.
    pub include_bank_snames: Option<Vec<String>>,
    /// Bank short names to leave out; each 1..64.
    pub exclude_bank_snames: Option<Vec<String>>,
    /// `INDIVIDUAL` (personal bank card) / `ENTERPRISE` (corporate online banking).
    pub include_pay_channels: Option<Vec<String>>,
    pub exclude_pay_channels: Option<Vec<String>>,
}

/// 付款方信息: who may pay (at most two entries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayerOption {
    /// `INDIVIDUAL` (个人付款) or `ENTERPRISE` (企业付款).
    pub assign_pay_type: String,
    /// The person's or the company's name, 1..128 (personal data: masked wherever it is logged).
    pub payer_name: String,
}

/// 前端回调地址: where the 微企付 mini-program sends the payer back.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontCallback {
    /// Mini-program path to return to, 1..1024.
    pub mp_path: Option<String>,
    /// Mini-program appid, 1..64.
    pub mp_appid: Option<String>,
    /// Mini-program original id (原始id), 1..64.
    pub mp_username: Option<String>,
    /// URL scheme of the merchant's app, 1..64.
    pub mp_urlscheme: Option<String>,
}

/// `memo`. Unset options are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memo {
    /// Order expiry, `yyyyMMddHHmmss` (more than one minute ahead recommended).
    pub time_expire: Option<String>,
    /// Card restriction, e.g. `no_credit` (public code; not in seed 003).
    pub pay_limit: Option<String>,
    /// WeChat official-account / mini-program appid (public code).
    pub app_id: Option<String>,
    /// The payer's openid / user id; required for JSAPI and mini-program products (public code).
    pub open_id: Option<String>,
    /// The payer's IP, IPv4 or IPv6, at most 32.
    pub spbill_create_ip: Option<String>,
    /// At most 32.
    pub longitude: Option<String>,
    /// At most 32.
    pub latitude: Option<String>,
    /// UnionPay area code, exactly 7 characters.
    pub area_info: Option<String>,
    /// UnionPay app version, right-padded with spaces to 8 characters when sent (public code).
    pub app_version: Option<String>,
    /// UnionPay device type `01`..`05` (public code).
    pub device_type: Option<String>,
    /// Device serial number, at most 50 (public code).
    pub device_no: Option<String>,
    /// Split field, e.g. `"<receiver>,<n>"` (one public sample only).
    pub share_info: Option<String>,
    /// WQF_APPLET: the cashier's banks and channels.
    pub channel_options: Option<ChannelOptions>,
    /// WQF_APPLET: one or two payers.
    pub payer_options: Option<Vec<PayerOption>>,
    /// WQF_APPLET: where the payer returns.
    pub front_callback_url: Option<FrontCallback>,
    /// How the three object-typed fields above are written.
    pub nested: Nested,
}

/// The memo's length limit (seed: `string[1,512]`).
pub const MEMO_MAX: usize = 512;

const PAY_CHANNELS: [&str; 2] = ["INDIVIDUAL", "ENTERPRISE"];

impl Memo {
    /// The memo as a JSON object, keys as the wire spells them.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.clone()));
            }
        };
        put("timeExpire", &self.time_expire);
        put("paylimit", &self.pay_limit);
        put("appid", &self.app_id);
        put("openid", &self.open_id);
        put("spbillCreateIp", &self.spbill_create_ip);
        put("longitude", &self.longitude);
        put("latitude", &self.latitude);
        put("areaInfo", &self.area_info);
        put("appVersion", &self.app_version.as_ref().map(|v| format!("{v:<8}")));
        put("deviceType", &self.device_type);
        put("deviceNo", &self.device_no);
        put("shareInfo", &self.share_info);
        let nested = |v: Value| match self.nested {
            Nested::Text => Value::String(v.to_string()),
            Nested::Object => v,
        };
        let to = |x: Result<Value, serde_json::Error>| x.unwrap_or(Value::Null);
        if let Some(c) = &self.channel_options {
            m.insert("channel_options".into(), nested(to(serde_json::to_value(c))));
        }
        if let Some(p) = &self.payer_options {
            m.insert("payer_options".into(), nested(to(serde_json::to_value(p))));
        }
        if let Some(f) = &self.front_callback_url {
            m.insert("front_callback_url".into(), nested(to(serde_json::to_value(f))));
        }
        Value::Object(m)
    }

    /// The memo string as sent.
    pub fn to_text(&self) -> String {
        self.to_value().to_string()
    }

    /// Checks each field and the whole memo's length; errors name `memo.<field>`.
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(t) = &self.time_expire {
            check::timestamp("memo.timeExpire", t)?;
        }
        if let Some(ip) = &self.spbill_create_ip {
            check::optional("memo.spbillCreateIp", ip, 32)?;
            if ip.parse::<std::net::IpAddr>().is_err() {
                return Err(FieldError::new("memo.spbillCreateIp", "must be an IPv4 or IPv6 address"));
            }
        }
        for (name, v) in [("memo.longitude", &self.longitude), ("memo.latitude", &self.latitude)] {
            if let Some(v) = v {
                check::optional(name, v, 32)?;
            }
        }
        if let Some(a) = &self.area_info {
            if a.chars().count() != 7 {
                return Err(FieldError::new("memo.areaInfo", "must be 7 characters (UnionPay area code)"));
            }
        }
        if let Some(v) = &self.app_version {
            check::optional("memo.appVersion", v, 8)?;
        }
        if let Some(d) = &self.device_type {
            if !["01", "02", "03", "04", "05"].contains(&d.as_str()) {
                return Err(FieldError::new("memo.deviceType", "must be 01..05"));
            }
        }
        if let Some(d) = &self.device_no {
            check::optional("memo.deviceNo", d, 50)?;
        }
        if let Some(c) = &self.channel_options {
            validate_channels(c)?;
        }
        if let Some(p) = &self.payer_options {
            validate_payers(p)?;
        }
        if let Some(f) = &self.front_callback_url {
            for (name, v, max) in [
                ("memo.front_callback_url.mp_path", &f.mp_path, 1024),
                ("memo.front_callback_url.mp_appid", &f.mp_appid, 64),
                ("memo.front_callback_url.mp_username", &f.mp_username, 64),
                ("memo.front_callback_url.mp_urlscheme", &f.mp_urlscheme, 64),
            ] {
                if let Some(v) = v {
                    check::required(name, v, max)?;
                }
            }
        }
        let n = self.to_text().chars().count();
        if n > MEMO_MAX {
            return Err(FieldError::new("memo", format!("is {n} characters as sent; at most {MEMO_MAX} allowed")));
        }
        Ok(())
    }
}

fn validate_channels(c: &ChannelOptions) -> Result<(), FieldError> {
    for (name, list) in [
        ("memo.channel_options.include_bank_snames", &c.include_bank_snames),
        ("memo.channel_options.exclude_bank_snames", &c.exclude_bank_snames),
    ] {
        for s in list.iter().flatten() {
            check::required(name, s, 64)?;
        }
    }
    for (name, list) in [
        ("memo.channel_options.include_pay_channels", &c.include_pay_channels),
        ("memo.channel_options.exclude_pay_channels", &c.exclude_pay_channels),
    ] {
        if let Some(bad) = list.iter().flatten().find(|s| !PAY_CHANNELS.contains(&s.as_str())) {
            return Err(FieldError::new(name, format!("{bad:?} is not INDIVIDUAL or ENTERPRISE")));
        }
    }
    Ok(())
}

fn validate_payers(p: &[PayerOption]) -> Result<(), FieldError> {
    if p.is_empty() || p.len() > 2 {
        return Err(FieldError::new("memo.payer_options", "takes one or two payers"));
    }
    for o in p {
        if !PAY_CHANNELS.contains(&o.assign_pay_type.as_str()) {
            return Err(FieldError::new("memo.payer_options.assign_pay_type", "must be INDIVIDUAL or ENTERPRISE"));
        }
        check::required("memo.payer_options.payer_name", &o.payer_name, 128)?;
    }
    Ok(())
}

/// Serde helper: `memo` goes into `signContent` as a string.
pub(crate) fn as_string<S: Serializer>(m: &Option<Memo>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_str(&m.to_text()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wqf() -> Memo {
        Memo {
            time_expire: Some("20240101121000".into()),
            channel_options: Some(ChannelOptions {
                include_pay_channels: Some(vec!["ENTERPRISE".into()]),
                ..Default::default()
            }),
            payer_options: Some(vec![PayerOption {
                assign_pay_type: "ENTERPRISE".into(),
                payer_name: "某某公司".into(),
            }]),
            front_callback_url: Some(FrontCallback {
                mp_appid: Some("wx0001".into()),
                mp_path: Some("pages/order".into()),
                ..Default::default()
            }),
            ..Memo::default()
        }
    }

    #[test]
    fn nested_fields_as_text_like_the_seed_example_or_as_objects() {
        let v = wqf().to_value();
        let f = v["front_callback_url"].as_str().expect("a JSON text by default, as the seed's example sends it");
        assert_eq!(serde_json::from_str::<Value>(f).unwrap()["mp_appid"], "wx0001");
        assert!(v["payer_options"].is_string() && v["channel_options"].is_string());
        let o = Memo { nested: Nested::Object, ..wqf() }.to_value();
        assert_eq!(o["payer_options"][0]["assign_pay_type"], "ENTERPRISE");
        assert_eq!(o["channel_options"]["include_pay_channels"][0], "ENTERPRISE");
        assert!(wqf().validate().is_ok());
    }

    #[test]
    fn limits_name_the_field() {
        let three = vec![PayerOption { assign_pay_type: "INDIVIDUAL".into(), payer_name: "张三".into() }; 3];
        assert_eq!(Memo { payer_options: Some(three), ..wqf() }.validate().unwrap_err().field, "memo.payer_options");
        let bad_type = vec![PayerOption { assign_pay_type: "PERSON".into(), payer_name: "张三".into() }];
        assert_eq!(
            Memo { payer_options: Some(bad_type), ..wqf() }.validate().unwrap_err().field,
            "memo.payer_options.assign_pay_type"
        );
        let long_appid = FrontCallback { mp_appid: Some("w".repeat(65)), ..Default::default() };
        assert_eq!(
            Memo { front_callback_url: Some(long_appid), ..wqf() }.validate().unwrap_err().field,
            "memo.front_callback_url.mp_appid"
        );
        let huge = FrontCallback { mp_path: Some("p".repeat(600)), ..Default::default() };
        assert_eq!(
            Memo { front_callback_url: Some(huge), ..wqf() }.validate().unwrap_err().field,
            "memo",
            "the whole memo is at most 512"
        );
        let channels = ChannelOptions { exclude_pay_channels: Some(vec!["CARD".into()]), ..Default::default() };
        assert_eq!(
            Memo { channel_options: Some(channels), ..wqf() }.validate().unwrap_err().field,
            "memo.channel_options.exclude_pay_channels"
        );
        assert_eq!(
            Memo { spbill_create_ip: Some("not-an-ip".into()), ..wqf() }.validate().unwrap_err().field,
            "memo.spbillCreateIp"
        );
    }
}
