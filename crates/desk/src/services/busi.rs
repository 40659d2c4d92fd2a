//! Business open (§7.7): WeChat / Alipay with fee rates and scenes, optionally split; then follow the
//! application (§7.6) until each channel is registered.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::busi::{BusiOpen, PayConf};
use dougong::merchant::MerchantDetailQuery;
use dougong::wire::JsonStr;

use crate::call::ids_call;
use crate::checks;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::merchant::{MerchantUpsert, Step, StepState};
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// One channel to open.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct PayConfForm {
    /// WeChat: `1` offline scan, `2` offline official account...; Alipay: `1` offline, `2` online.
    pub pay_scene: String,
    /// Percent with 2 decimals, `0.38`.
    pub fee_rate: String,
    pub mcc: Option<String>,
    pub fee_rule_id: Option<String>,
    pub pay_channel_id: Option<String>,
}

/// The business-open form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct BusiOpenForm {
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// Default: the profile's sys_id.
    pub upper_huifu_id: Option<String>,
    /// WeChat/Alipay short name (≤ 20 bytes for WeChat).
    pub short_name: Option<String>,
    pub wx: Vec<PayConfForm>,
    pub ali: Vec<PayConfForm>,
    /// Required for merchants whose scene is ONLINE or ALL (e.g. `H7999AL`, from Huifu's list).
    pub online_busi_type: Option<String>,
    pub async_return_url: Option<String>,
    pub busi_async_return_url: Option<String>,
}

/// The answer of business open.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BusiOpenResult {
    pub req_seq_id: String,
    pub resp_code: String,
    pub resp_desc: String,
    pub huifu_id: String,
    #[ts(optional)]
    pub apply_no: Option<String>,
}

/// One channel's registration as the status query reports it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChannelState {
    /// `W` WeChat or `A` Alipay.
    pub pay_way: String,
    pub pay_scene: String,
    pub sub_mer_id: String,
    pub pay_channel_id: String,
    /// `P` / `S` / `F`.
    pub status: String,
    pub reason: String,
}

/// The state of a business-open application.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BusiStatus {
    pub huifu_id: String,
    pub apply_no: String,
    /// `Y` approved, `P` auditing, `N` rejected, `F` failed.
    pub apply_status: String,
    pub channels: Vec<ChannelState>,
}

ids_call!(write BUSI_OPEN, BusiOpen);

ids_call!(read MerchantDetailQuery);

/// A business open took effect when the merchant's detail shows WeChat or Alipay registrations. While
/// the application is still in audit nothing shows yet, so "nothing" is not proof of absence: the entry
/// stays unknown rather than being sent again, unless its audit notification gave the apply_no.
fn reconcile_open<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let req =
            MerchantDetailQuery { req_seq_id: d.new_req_seq_id(), req_date: d.req_date(), huifu_id: huifu_id.clone() };
        let r = d.call(p, &req).await?;
        let has = |l: &Option<JsonStr<Vec<Value>>>| l.as_ref().is_some_and(|l| !l.is_empty());
        if has(&r.qry_wx_conf_list) || has(&r.qry_ali_conf_list) {
            return Ok(Settlement::Found(
                json!({"resp_code": "00000000", "resp_desc": "found by merchant detail query", "huifu_id": huifu_id}),
            ));
        }
        // Not visible yet: the audit notification's apply_no lets the status query see the application
        // (still in audit, or rejected).
        crate::services::merchant::applications::settle_by_application(d, p, e, "no registration visible yet and no audit notification received (the application may still be in audit); check again later".into()).await
    })
}

fn confs(field: &str, list: &[PayConfForm]) -> Result<Option<JsonStr<Vec<PayConf>>>, Error> {
    if list.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        checks::required(&format!("{field}[{i}].pay_scene"), &c.pay_scene, 2)?;
        checks::percent(&format!("{field}[{i}].fee_rate"), &c.fee_rate)?;
        out.push(PayConf {
            pay_scene: c.pay_scene.clone(),
            fee_rate: c.fee_rate.clone(),
            mcc: c.mcc.clone().filter(|s| !s.is_empty()),
            fee_rule_id: c.fee_rule_id.clone().filter(|s| !s.is_empty()),
            pay_channel_id: c.pay_channel_id.clone().filter(|s| !s.is_empty()),
            ..Default::default()
        });
    }
    Ok(Some(JsonStr(out)))
}

impl Desk {
    /// Applies to open WeChat / Alipay for a merchant. Errors: `InvalidInput` naming the field, the call's.
    pub async fn open_business(&self, profile: &Profile, form: BusiOpenForm) -> Result<BusiOpenResult, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        if form.wx.is_empty() && form.ali.is_empty() {
            return Err(Error::problem("wx_conf_list", crate::vocab::Problem::BusiNoChannel, &[]));
        }
        if let Some(s) = &form.short_name {
            checks::max_len("short_name", s, 64)?;
        }
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let upper_huifu_id = self.upper_huifu_id(profile, form.upper_huifu_id.as_deref()).await?;
        let req = BusiOpen {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id: req_seq_id.clone(),
            huifu_id: form.huifu_id.clone(),
            upper_huifu_id,
            short_name: form.short_name.clone().filter(|s| !s.is_empty()),
            wx_conf_list: confs("wx_conf_list", &form.wx)?,
            ali_conf_list: confs("ali_conf_list", &form.ali)?,
            online_busi_type: form.online_busi_type.clone().filter(|s| !s.is_empty()),
            async_return_url: form.async_return_url.clone().or_else(|| self.notify_url_for(profile)),
            busi_async_return_url: form.busi_async_return_url.clone(),
            ..Default::default()
        };
        let r = self.call(profile, &req).await?;
        let done = r.resp_code == "00000000" && r.apply_no.as_deref().is_none_or(str::is_empty);
        if let Some(a) = r.apply_no.as_deref() {
            self.upsert_merchant(&profile.name, MerchantUpsert { huifu_id: &form.huifu_id, ..Default::default() })?;
            self.set_setting(&format!("busi_apply_no/{}/{}", profile.name, form.huifu_id), a)?;
        }
        let note = crate::services::merchant::StepNote::coded("applyStatus", if done { "Y" } else { "P" }, "answer")
            .apply_no(r.apply_no.as_deref().filter(|_| !done));
        self.set_step(
            &profile.name,
            &form.huifu_id,
            Step::BusiOpen,
            if done { StepState::Done } else { StepState::Pending },
            &note,
        )?;
        Ok(BusiOpenResult {
            req_seq_id,
            resp_code: r.resp_code,
            resp_desc: r.resp_desc,
            huifu_id: form.huifu_id,
            apply_no: r.apply_no,
        })
    }

    /// Follows a business-open application (§7.6): its audit state and each channel's registration.
    /// `apply_no` defaults to the last business-open application of this merchant.
    pub async fn business_status(
        &self,
        profile: &Profile,
        huifu_id: &str,
        apply_no: Option<&str>,
    ) -> Result<BusiStatus, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let apply_no = match apply_no {
            Some(a) => a.to_string(),
            None => self
                .setting(&format!("busi_apply_no/{}/{huifu_id}", profile.name))?
                .ok_or_else(|| Error::problem("apply_no", crate::vocab::Problem::NoApplication, &[]))?,
        };
        let r = self.apply_status(profile, huifu_id, &apply_no).await?;
        let mut channels = Vec::new();
        for (way, list) in [("W", &r.wx_conf_result_list), ("A", &r.ali_conf_result_list)] {
            for c in list.as_ref().map(|l| l.0.clone()).unwrap_or_default() {
                channels.push(ChannelState {
                    pay_way: way.into(),
                    pay_scene: c.pay_scene.unwrap_or_default(),
                    sub_mer_id: c.sub_mer_id.unwrap_or_default(),
                    pay_channel_id: c.pay_channel_id.unwrap_or_default(),
                    status: c.wx_conf_status.or(c.ali_conf_status).unwrap_or_default(),
                    reason: c.wx_conf_reason.or(c.ali_conf_reason).unwrap_or_default(),
                });
            }
        }
        let status = r.apply_status.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
        let state = match status.as_str() {
            "Y" if channels.iter().all(|c| c.status == "S") => StepState::Done,
            "Y" | "P" => StepState::Pending,
            _ => StepState::Failed,
        };
        let ids = channels.iter().filter(|c| !c.sub_mer_id.is_empty()).map(|c| c.sub_mer_id.clone()).collect();
        let reason =
            channels.iter().map(|c| c.reason.as_str()).filter(|r| !r.is_empty()).collect::<Vec<_>>().join("; ");
        let note = crate::services::merchant::StepNote::coded("applyStatus", status.clone(), "query")
            .apply_no(Some(&apply_no))
            .reason(&reason)
            .ids(ids);
        self.set_step(&profile.name, huifu_id, Step::BusiOpen, state, &note)?;
        Ok(BusiStatus { huifu_id: huifu_id.to_string(), apply_no, apply_status: status, channels })
    }
}

/// How a `busi.open` write is settled.
pub const BUSI_OPEN: Settler = Settler { kind: WriteKind::BusiOpen, settle: reconcile_open, apply: write::no_rows };
