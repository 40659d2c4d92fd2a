//! Creating orders: jspay (§7.15) and micropay (§7.16).

use serde::{Deserialize, Serialize};

use super::channel::{
    AcctSplitBunch, AlipayData, CombinedPay, DcData, RiskCheckData, TerminalDeviceData, UnionpayData, WxData,
};
use super::TradeType;
use crate::client::Endpoint;
use crate::error::FieldError;
use crate::money::Fen;
use crate::wire::{check, JsonStr, TransStat};

/// 聚合正扫: create a QR / JS / mini-program / APP order. Answer `00000100` with `trans_stat=P`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Jspay {
    pub req_date: String,
    pub req_seq_id: String,
    pub huifu_id: String,
    pub goods_desc: String,
    pub trade_type: TradeType,
    #[serde(with = "crate::money::yuan")]
    pub trans_amt: Fen,
    pub acct_id: Option<String>,
    /// `yyyyMMddHHmmss`.
    pub time_expire: Option<String>,
    pub wx_data: Option<JsonStr<WxData>>,
    pub alipay_data: Option<JsonStr<AlipayData>>,
    pub unionpay_data: Option<JsonStr<UnionpayData>>,
    pub dc_data: Option<JsonStr<DcData>>,
    /// `Y` delayed settlement.
    pub delay_acct_flag: Option<String>,
    /// 1 外扣, 2 内扣 (an Integer on the wire).
    pub fee_flag: Option<u8>,
    pub acct_split_bunch: Option<JsonStr<AcctSplitBunch>>,
    pub term_div_coupon_type: Option<u8>,
    pub combinedpay_data: Option<JsonStr<Vec<CombinedPay>>>,
    pub limit_pay_type: Option<String>,
    pub fq_mer_discount_flag: Option<String>,
    /// Omit unless needed; never empty.
    pub channel_no: Option<String>,
    pub pay_scene: Option<String>,
    pub remark: Option<String>,
    pub risk_check_data: Option<JsonStr<RiskCheckData>>,
    pub terminal_device_data: Option<JsonStr<TerminalDeviceData>>,
    pub notify_url: Option<String>,
    pub trans_fee_allowance_info: Option<JsonStr<serde_json::Value>>,
}

/// The checks jspay and micropay share (both name these fields alike); `?` returns from the caller.
macro_rules! check_common {
    ($order:expr) => {{
        let o = $order;
        check::date8("req_date", &o.req_date)?;
        check::seq_id("req_seq_id", &o.req_seq_id, 128)?;
        check::huifu_id("huifu_id", &o.huifu_id, 32)?;
        check::required("goods_desc", &o.goods_desc, 127)?;
        check::amount("trans_amt", o.trans_amt)?;
        if let Some(s) = &o.acct_split_bunch {
            s.check_sum("acct_split_bunch", o.trans_amt)?;
        }
    }};
}

impl Endpoint for Jspay {
    const PATH: &'static str = "/v2/trade/payment/jspay";
    type Output = OrderResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_common!(self);
        check::known("trade_type", self.trade_type.is_known(), self.trade_type.as_str())?;
        let wx = self.wx_data.as_ref().map(|w| &w.0);
        let need = |field: &str, present: bool| {
            if present {
                Ok(())
            } else {
                Err(FieldError::new(field, format!("is required for trade_type {}", self.trade_type)))
            }
        };
        match self.trade_type {
            TradeType::WxJsapi | TradeType::WxMiniapp => {
                need("wx_data.sub_appid", wx.and_then(|w| w.sub_appid.as_ref()).is_some())?;
                need("wx_data.sub_openid", wx.and_then(|w| w.sub_openid.as_ref()).is_some())?;
            }
            TradeType::WxApp => need("wx_data.sub_appid", wx.and_then(|w| w.sub_appid.as_ref()).is_some())?,
            TradeType::WxNative => need("wx_data.product_id", wx.and_then(|w| w.product_id.as_ref()).is_some())?,
            TradeType::AliJsapi => {
                let a = self.alipay_data.as_ref().map(|a| &a.0);
                need("alipay_data.buyer_id", a.is_some_and(|a| a.buyer_id.is_some() || a.buyer_logon_id.is_some()))?;
            }
            TradeType::UnionJsapi => {
                let u = self.unionpay_data.as_ref().map(|u| &u.0);
                need("unionpay_data.qr_code", u.and_then(|u| u.qr_code.as_ref()).is_some())?;
                need("unionpay_data.customer_ip", u.and_then(|u| u.customer_ip.as_ref()).is_some())?;
                need("unionpay_data.user_id", u.and_then(|u| u.user_id.as_ref()).is_some())?;
            }
            TradeType::WxMicropay | TradeType::AliMicropay | TradeType::UnionMicropay | TradeType::DigitalMicropay => {
                return Err(FieldError::new(
                    "trade_type",
                    "micropay types are inferred by micropay, not sent to jspay",
                ));
            }
            _ => {}
        }
        check::digits_opt("time_expire", &self.time_expire, 14)?;
        check::optional("channel_no", &self.channel_no, 32)?;
        check::optional("remark", &self.remark, 255)?;
        check::optional("acct_id", &self.acct_id, 9)?;
        check::notify_url("notify_url", &self.notify_url, 504)?;
        if let Some(f) = self.fee_flag {
            if !(1..=2).contains(&f) {
                return Err(FieldError::new("fee_flag", "must be 1 (外扣) or 2 (内扣)"));
            }
        }
        Ok(())
    }
}

/// 聚合反扫: charge the payer's payment code (`auth_code`). Small amounts answer `00000000`/`S`; a
/// password payment answers `00000100`/`P` — poll the scan query.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Micropay {
    pub req_date: String,
    pub req_seq_id: String,
    pub huifu_id: String,
    #[serde(with = "crate::money::yuan")]
    pub trans_amt: Fen,
    pub goods_desc: String,
    pub auth_code: String,
    pub risk_check_data: JsonStr<RiskCheckData>,
    pub time_expire: Option<String>,
    pub fee_flag: Option<u8>,
    pub limit_pay_type: Option<String>,
    pub delay_acct_flag: Option<String>,
    pub channel_no: Option<String>,
    pub combinedpay_data: Option<JsonStr<Vec<CombinedPay>>>,
    pub pay_scene: Option<String>,
    pub acct_split_bunch: Option<JsonStr<AcctSplitBunch>>,
    pub term_div_coupon_type: Option<u8>,
    pub wx_data: Option<JsonStr<WxData>>,
    pub alipay_data: Option<JsonStr<AlipayData>>,
    pub unionpay_data: Option<JsonStr<UnionpayData>>,
    pub terminal_device_data: Option<JsonStr<TerminalDeviceData>>,
    pub notify_url: Option<String>,
    pub remark: Option<String>,
    pub acct_id: Option<String>,
    pub trans_fee_allowance_info: Option<JsonStr<serde_json::Value>>,
}

impl Endpoint for Micropay {
    const PATH: &'static str = "/v2/trade/payment/micropay";
    type Output = OrderResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_common!(self);
        check::required("auth_code", &self.auth_code, 128)?;
        if !self.auth_code.bytes().all(|b| b.is_ascii_digit()) || !(16..=24).contains(&self.auth_code.len()) {
            return Err(FieldError::new("auth_code", "a payment code is 16 to 24 digits"));
        }
        if self.risk_check_data.is_empty() {
            return Err(FieldError::new(
                "risk_check_data",
                "give at least one of ip_addr, base_station, latitude, longitude",
            ));
        }
        check::digits_opt("time_expire", &self.time_expire, 14)?;
        check::optional("channel_no", &self.channel_no, 32)?;
        check::optional("remark", &self.remark, 255)?;
        check::notify_url("notify_url", &self.notify_url, 504)?;
        Ok(())
    }
}

/// The synchronous answer of jspay and micropay (§7.15.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    pub hf_seq_id: Option<String>,
    pub trade_type: Option<TradeType>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub trans_amt: Option<Fen>,
    pub trans_stat: Option<TransStat>,
    pub huifu_id: Option<String>,
    pub bank_code: Option<String>,
    pub bank_message: Option<String>,
    pub delay_acct_flag: Option<String>,
    /// JSON string for JS payments (`appId`, `package`, `paySign`… or Alipay `tradeNO`); passed to the
    /// wallet as is.
    pub pay_info: Option<String>,
    /// URL to render as a QR code for native payments.
    pub qr_code: Option<String>,
    pub party_order_id: Option<String>,
    pub atu_sub_mer_id: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub unconfirm_amt: Option<Fen>,
    pub remark: Option<String>,
    pub acct_id: Option<String>,
    pub wx_response: Option<serde_json::Value>,
    pub alipay_response: Option<serde_json::Value>,
    pub unionpay_response: Option<serde_json::Value>,
}
