//! The nested objects of jspay / micropay (spec §7.15.2). Each travels as a JSON string on the wire
//! (wrap it in [`crate::wire::JsonStr`]); `extra` carries fields this client does not model yet.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::money::Fen;

/// `wx_data` (WeChat).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WxData {
    pub sub_appid: Option<String>,
    pub sub_openid: Option<String>,
    pub attach: Option<String>,
    pub body: Option<String>,
    pub device_info: Option<String>,
    pub goods_tag: Option<String>,
    pub spbill_create_ip: Option<String>,
    pub product_id: Option<String>,
    pub promotion_flag: Option<String>,
    pub receipt: Option<String>,
    pub limit_payer: Option<String>,
    /// `detail`, `scene_info`, `identity` and anything newer.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// `alipay_data.ext_user_info`: real-name buyer check. `cert_no` must be encrypted with Huifu's public key
/// (spec §2.9): build it with [`AlipayExtUserInfo::with_encrypted_cert_no`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlipayExtUserInfo {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub cert_type: Option<String>,
    /// Ciphertext (base64), never the plain ID number.
    pub cert_no: Option<String>,
    pub min_age: Option<String>,
    pub fix_buyer: Option<String>,
    pub need_check_info: Option<String>,
}

impl AlipayExtUserInfo {
    /// Sets `cert_no` to the §2.9 ciphertext of `plain_cert_no` under Huifu's public key.
    pub fn with_encrypted_cert_no(
        mut self,
        plain_cert_no: &str,
        huifu_pub: &crate::keys::PublicKey,
    ) -> Result<Self, crate::keys::KeyError> {
        self.cert_no = Some(huifu_pub.encrypt(plain_cert_no.as_bytes())?);
        Ok(self)
    }
}

/// `alipay_data` (Alipay).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlipayData {
    pub buyer_id: Option<String>,
    pub buyer_logon_id: Option<String>,
    pub alipay_store_id: Option<String>,
    pub store_id: Option<String>,
    pub operator_id: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub ext_user_info: Option<AlipayExtUserInfo>,
    /// `extend_params`, `goods_detail`, `ali_business_params` and anything newer.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// `unionpay_data` (UnionPay).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnionpayData {
    pub qr_code: Option<String>,
    pub customer_ip: Option<String>,
    pub user_id: Option<String>,
    pub front_url: Option<String>,
    pub order_desc: Option<String>,
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// `dc_data` (digital RMB).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DcData {
    pub digital_bank_no: Option<String>,
}

/// One receiver in `acct_split_bunch.acct_infos`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AcctInfo {
    pub huifu_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::yuan_opt")]
    pub div_amt: Option<Fen>,
    pub acct_id: Option<String>,
    /// Percentage string with 2 decimals when `percentage_flag=Y` (all sum to "100.00").
    pub percentage_div: Option<String>,
    /// Refund split: part paid from a loan (垫资).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::yuan_opt")]
    pub part_loan_amt: Option<Fen>,
    /// Present in notifications.
    pub acct_date: Option<String>,
}

/// `acct_split_bunch`: how a trade (or refund) is split between receivers.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AcctSplitBunch {
    #[serde(default)]
    pub acct_infos: Vec<AcctInfo>,
    pub percentage_flag: Option<String>,
    pub is_clean_split: Option<String>,
    /// In answers: fee details.
    pub fee_acct_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::money::yuan_opt")]
    pub fee_amt: Option<Fen>,
    pub fee_huifu_id: Option<String>,
}

impl AcctSplitBunch {
    /// Checks that fixed amounts add up to `total` (spec: `23000003` otherwise); `field` names the request
    /// field for the error.
    pub fn check_sum(&self, field: &str, total: Fen) -> Result<(), crate::FieldError> {
        if self.acct_infos.is_empty() {
            return Err(crate::FieldError::new(format!("{field}.acct_infos"), "at least one receiver is required"));
        }
        for (i, a) in self.acct_infos.iter().enumerate() {
            crate::wire::check::huifu_id(&format!("{field}.acct_infos[{i}].huifu_id"), &a.huifu_id, 32)?;
        }
        if self.percentage_flag.as_deref() == Some("Y") {
            return Ok(());
        }
        let mut sum = Fen::ZERO;
        for (i, a) in self.acct_infos.iter().enumerate() {
            let amt = a.div_amt.ok_or_else(|| {
                crate::FieldError::new(
                    format!("{field}.acct_infos[{i}].div_amt"),
                    "is required unless percentage_flag=Y",
                )
            })?;
            sum = sum.checked_add(amt).ok_or_else(|| crate::FieldError::new(field, "amounts overflow"))?;
        }
        if sum != total {
            return Err(crate::FieldError::new(
                format!("{field}.acct_infos"),
                format!("div_amt add up to {sum}, must equal {total}"),
            ));
        }
        Ok(())
    }
}

/// One `combinedpay_data[]` item (subsidy payment).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CombinedPay {
    pub huifu_id: String,
    pub user_type: String,
    pub acct_id: String,
    #[serde(with = "crate::money::yuan")]
    pub amount: Fen,
}

/// `risk_check_data` (at least one field).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RiskCheckData {
    pub ip_addr: Option<String>,
    pub base_station: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
}

impl RiskCheckData {
    /// True when no field is set (the API wants at least one).
    pub fn is_empty(&self) -> bool {
        self.ip_addr.is_none() && self.base_station.is_none() && self.latitude.is_none() && self.longitude.is_none()
    }
}

/// `terminal_device_data`: the device a payment is taken on (`devs_id` = terminal `device_id` of §7.13).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminalDeviceData {
    pub device_type: Option<String>,
    pub device_ip: Option<String>,
    pub mer_device_type: Option<String>,
    pub mer_device_ip: Option<String>,
    pub devs_id: Option<String>,
    pub serial_num: Option<String>,
    pub location: Option<String>,
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// One `fee_formula_infos[]` item of answers and notifications.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeeFormulaInfo {
    #[serde(default)]
    pub fee_formula: Option<String>,
    #[serde(default)]
    pub fee_type: Option<String>,
    #[serde(default)]
    pub huifu_id: Option<String>,
}
