//! Terminals (§7.13, UnionPay doc 259): report devices, list them, cancel them.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::terminal::{TerminalAdd, TerminalCancel, TerminalInfo, TerminalQuery};
use dougong::wire::JsonStr;

use crate::call::ids_call;
use crate::checks;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::merchant::{Step, StepState};
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// A device to report. Without `sn` an auxiliary terminal (辅助终端, e.g. a table QR stand) is created.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct TerminalForm {
    /// Fixed when the form opens; a second submit reuses it. Generated if absent.
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// Hardware serial number.
    pub sn: Option<String>,
    /// 21号文 terminal number.
    pub tusn: Option<String>,
    /// Huifu's model code.
    pub dev_model_code: Option<String>,
    pub terminal_address: Option<String>,
}

/// A registered terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Terminal {
    pub device_id: String,
    pub huifu_id: String,
    pub sn: String,
    pub tusn: String,
    pub dev_model_code: String,
    pub terminal_address: String,
    /// `Y` bound, `C` cancelled (as the query reports).
    pub bind_status: String,
}

ids_call!(write TERMINAL_ADD, TerminalAdd {
    fn reconcile_key(&self) -> Value {
        let sns: Vec<&str> = self.terminal_info_list.as_ref().map(|l| l.iter().map(|t| t.sn.as_str()).collect()).unwrap_or_default();
        json!({ "sns": sns })
    }
});

ids_call!(write TERMINAL_CANCEL, TerminalCancel {
    fn reconcile_key(&self) -> Value {
        json!({ "device_id": self.device_id })
    }
});

ids_call!(read TerminalQuery);

fn parse_list(extra: &serde_json::Map<String, Value>) -> Vec<Terminal> {
    let list = match extra.get("terminal_info_list") {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|t| Terminal {
                    device_id: s(t, "device_id"),
                    huifu_id: s(t, "huifu_id"),
                    sn: s(t, "sn"),
                    tusn: s(t, "tusn"),
                    dev_model_code: s(t, "dev_model_code"),
                    terminal_address: s(t, "terminal_address"),
                    bind_status: s(t, "bind_status"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Finds a reported device by its serial number among the merchant's terminals.
fn reconcile_add<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let sns: Vec<String> = e
            .reconcile
            .get("sns")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if sns.is_empty() {
            return Ok(Settlement::Unknown(
                "an auxiliary terminal has no serial number to look for; check the terminal list".into(),
            ));
        }
        let all = d.list_terminals(p, &huifu_id).await?;
        let found: Vec<&Terminal> = all.iter().filter(|t| sns.contains(&t.sn) && t.bind_status != "C").collect();
        if found.is_empty() {
            return Ok(Settlement::NotFound);
        }
        let added: Vec<Value> = found
            .iter()
            .map(|t| json!({"huifu_id": t.huifu_id, "device_id": t.device_id, "bind_status": t.bind_status}))
            .collect();
        Ok(Settlement::Found(json!({
            "resp_code": "00000000", "resp_desc": "found by terminal query", "huifu_id": huifu_id,
            "add_ter_info_list": Value::Array(added).to_string()
        })))
    })
}

/// A cancel took effect when the device is reported cancelled (or gone).
fn reconcile_cancel<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let device_id = e.reconcile.get("device_id").and_then(Value::as_str).unwrap_or_default().to_string();
        let all = d.list_terminals(p, &huifu_id).await?;
        match all.iter().find(|t| t.device_id == device_id) {
            Some(t) if t.bind_status != "C" => Ok(Settlement::NotFound),
            _ => Ok(Settlement::Found(
                json!({"resp_code": "00000000", "resp_desc": "found by terminal query", "huifu_id": huifu_id, "device_id": device_id}),
            )),
        }
    })
}

impl Desk {
    /// Reports a terminal for a merchant. A second submit with the same req_seq_id returns the first
    /// device instead of reporting another. Errors: `InvalidInput` naming the field, the call's errors.
    pub async fn add_terminal(&self, profile: &Profile, form: TerminalForm) -> Result<Vec<Terminal>, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        let list = match form.sn.as_deref().filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(sn) => {
                checks::max_len("sn", sn, 50)?;
                let tusn = form.tusn.clone().unwrap_or_default();
                checks::required("tusn", &tusn, 64)?;
                let model = form.dev_model_code.clone().unwrap_or_default();
                checks::required("dev_model_code", &model, 16)?;
                if let Some(a) = &form.terminal_address {
                    checks::max_len("terminal_address", a, 64)?;
                }
                Some(JsonStr(vec![TerminalInfo {
                    sn: sn.trim().into(),
                    tusn,
                    dev_model_code: model,
                    terminal_address: form.terminal_address.clone().filter(|s| !s.is_empty()),
                }]))
            }
        };
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let req = TerminalAdd {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id,
            huifu_id: form.huifu_id.clone(),
            terminal_info_list: list,
        };
        let r = self.call(profile, &req).await?;
        let added: Vec<Terminal> = r
            .add_ter_info_list
            .map(|l| l.0)
            .unwrap_or_default()
            .into_iter()
            .map(|a| Terminal {
                device_id: a.device_id.unwrap_or_default(),
                huifu_id: a.huifu_id.unwrap_or_else(|| form.huifu_id.clone()),
                sn: form.sn.clone().unwrap_or_default(),
                tusn: form.tusn.clone().unwrap_or_default(),
                dev_model_code: form.dev_model_code.clone().unwrap_or_default(),
                terminal_address: form.terminal_address.clone().unwrap_or_default(),
                bind_status: a.bind_status.unwrap_or_default(),
            })
            .collect();
        if added.is_empty() {
            return Err(Error::new(ErrorCode::Decode, "the answer lists no added terminal"));
        }
        let ids: Vec<&str> = added.iter().map(|t| t.device_id.as_str()).collect();
        self.set_step(
            &profile.name,
            &form.huifu_id,
            Step::Terminals,
            StepState::Done,
            &crate::services::merchant::StepNote {
                ids: ids.iter().map(|s| s.to_string()).collect(),
                source: Some("answer".into()),
                ..Default::default()
            },
        )?;
        Ok(added)
    }

    /// Every terminal of a merchant (all pages).
    pub async fn list_terminals(&self, profile: &Profile, huifu_id: &str) -> Result<Vec<Terminal>, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let mut out = Vec::new();
        for page in 1..=50u32 {
            let req = TerminalQuery {
                req_seq_id: self.new_req_seq_id(),
                req_date: self.req_date(),
                huifu_id: huifu_id.to_string(),
                page_size: "50".into(),
                page_num: page.to_string(),
                device_id: None,
            };
            let r = self.call(profile, &req).await?;
            let items = parse_list(&r.extra);
            let total: usize = r
                .extra
                .get("total_count")
                .and_then(|v| v.as_str().map(str::to_string).or(v.as_u64().map(|n| n.to_string())))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let n = items.len();
            out.extend(items);
            if n < 50 || out.len() >= total {
                break;
            }
        }
        Ok(out)
    }

    /// Cancels a terminal. Errors: the call's errors (Huifu's `23000001` when it does not exist).
    pub async fn cancel_terminal(
        &self,
        profile: &Profile,
        huifu_id: &str,
        device_id: &str,
        req_seq_id: Option<String>,
    ) -> Result<(), Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        checks::required("device_id", device_id, 32)?;
        let req_seq_id = self.write_seq(req_seq_id.as_deref());
        let req = TerminalCancel {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id,
            huifu_id: huifu_id.into(),
            device_id: device_id.into(),
        };
        self.call(profile, &req).await?;
        let left: Vec<String> = self
            .list_terminals(profile, huifu_id)
            .await?
            .into_iter()
            .filter(|t| t.bind_status != "C")
            .map(|t| t.device_id)
            .collect();
        let state = if left.is_empty() { StepState::Todo } else { StepState::Done };
        self.set_step(
            &profile.name,
            huifu_id,
            Step::Terminals,
            state,
            &crate::services::merchant::StepNote {
                ids: left.clone(),
                source: Some("query".into()),
                ..Default::default()
            },
        )?;
        Ok(())
    }
}

/// How a `terminal.add` write is settled.
pub const TERMINAL_ADD: Settler =
    Settler { kind: WriteKind::TerminalAdd, settle: reconcile_add, apply: write::no_rows };

/// How a `terminal.cancel` write is settled.
pub const TERMINAL_CANCEL: Settler =
    Settler { kind: WriteKind::TerminalCancel, settle: reconcile_cancel, apply: write::no_rows };
