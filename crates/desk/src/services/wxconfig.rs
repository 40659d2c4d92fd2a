//! WeChat config (§7.12): bind official-account / mini-program appids and the JSAPI path to the WeChat
//! sub-merchant, then read the bindings back.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::wxconfig::{WxConfig, WxConfigQuery};

use crate::call::ids_call;
use crate::checks;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::merchant::{Step, StepState};
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// The WeChat config form; at least one of the appids or the path.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct WxConfigForm {
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// `01` / `02`: which WeChat registration (must match what business open opened).
    pub fee_type: String,
    pub wx_woa_app_id: Option<String>,
    /// JSAPI authorised directory, ends with `/`.
    pub wx_woa_path: Option<String>,
    pub wx_applet_app_id: Option<String>,
}

/// One binding as the query reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WxBinding {
    /// `01` official account appid, `02` mini program appid, `03` JSAPI path.
    pub config_type: String,
    pub config_value: String,
    pub status: String,
}

ids_call!(write WXCONFIG_SET, WxConfig {
    fn reconcile_key(&self) -> Value {
        let v: Vec<&str> = [&self.wx_woa_app_id, &self.wx_woa_path, &self.wx_applet_app_id].iter().filter_map(|o| o.as_deref()).collect();
        json!({ "values": v })
    }
});

ids_call!(read WxConfigQuery);

/// A config took effect when every value it set is listed by the query.
fn reconcile_set<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let wanted: Vec<String> = e
            .reconcile
            .get("values")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let have = d.wx_config_list(p, &huifu_id).await?;
        if !wanted.is_empty() && wanted.iter().all(|w| have.iter().any(|b| &b.config_value == w)) {
            Ok(Settlement::Found(
                json!({"resp_code": "00000000", "resp_desc": "found by config query", "huifu_id": huifu_id}),
            ))
        } else {
            Ok(Settlement::NotFound)
        }
    })
}

fn appid(field: &str, v: &Option<String>) -> Result<Option<String>, Error> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(a) => {
            if !(a.len() == 18 && a.starts_with("wx") && a[2..].bytes().all(|b| b.is_ascii_alphanumeric())) {
                return Err(Error::problem(field, crate::vocab::Problem::WxAppid, &[]));
            }
            Ok(Some(a.to_string()))
        }
    }
}

impl Desk {
    /// Binds appids / the JSAPI path, then returns the bindings Huifu reports.
    pub async fn set_wx_config(&self, profile: &Profile, form: WxConfigForm) -> Result<Vec<WxBinding>, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        checks::one_of("fee_type", &form.fee_type, &["01", "02", "03"])?;
        let woa = appid("wx_woa_app_id", &form.wx_woa_app_id)?;
        let applet = appid("wx_applet_app_id", &form.wx_applet_app_id)?;
        let path = form.wx_woa_path.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(p) = &path {
            if !(p.starts_with("https://") || p.starts_with("http://")) || !p.ends_with('/') {
                return Err(Error::problem("wx_woa_path", crate::vocab::Problem::WxPath, &[]));
            }
            checks::max_len("wx_woa_path", p, 128)?;
        }
        if woa.is_none() && applet.is_none() && path.is_none() {
            return Err(Error::problem("wx_woa_app_id", crate::vocab::Problem::WxConfigEmpty, &[]));
        }
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let req = WxConfig {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id,
            huifu_id: form.huifu_id.clone(),
            fee_type: form.fee_type.clone(),
            wx_woa_app_id: woa,
            wx_woa_path: path,
            wx_applet_app_id: applet,
            ..Default::default()
        };
        self.call(profile, &req).await?;
        let list = self.wx_config_list(profile, &form.huifu_id).await?;
        Ok(list)
    }

    /// The merchant's WeChat bindings (§7.12 query); updates the index's `wx_config` step.
    pub async fn wx_config_list(&self, profile: &Profile, huifu_id: &str) -> Result<Vec<WxBinding>, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let req = WxConfigQuery {
            req_seq_id: self.new_req_seq_id(),
            req_date: self.req_date(),
            huifu_id: huifu_id.into(),
            bank_channel_no: None,
        };
        let r = self.call(profile, &req).await?;
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let list: Vec<WxBinding> = r
            .atu_config_bo_list
            .map(|l| l.0)
            .unwrap_or_default()
            .iter()
            .map(|v| WxBinding {
                config_type: s(v, "config_type"),
                config_value: s(v, "config_value"),
                status: s(v, "config_stat"),
            })
            .collect();
        let note = crate::services::merchant::StepNote {
            ids: list.iter().map(|b| b.config_value.clone()).collect(),
            source: Some("query".into()),
            ..Default::default()
        };
        self.set_step(
            &profile.name,
            huifu_id,
            Step::WxConfig,
            if list.is_empty() { StepState::Todo } else { StepState::Done },
            &note,
        )?;
        Ok(list)
    }
}

/// How a `wxconfig.set` write is settled.
pub const WXCONFIG_SET: Settler =
    Settler { kind: WriteKind::WxConfigSet, settle: reconcile_set, apply: write::no_rows };
