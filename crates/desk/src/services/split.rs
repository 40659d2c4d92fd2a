//! Split rules (§7.14): apply for a split configuration (≤ 20 % passes at once in the sandbox's reading,
//! above goes to audit) and read its state.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::busi::SplitShare;
use dougong::split::{SplitConfig, SplitQuery};
use dougong::wire::JsonStr;

use crate::call::ids_call;
use crate::checks;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::merchant::{Step, StepState};
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// A share of a fixed rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SplitShareForm {
    pub huifu_id: String,
    /// Percent; all shares add up to 100.
    pub fee_rate: String,
}

/// The split config form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct SplitForm {
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// `01` rules per trade, `02` fixed rules.
    pub rule_origin: String,
    /// `Y` / `N`.
    pub div_flag: String,
    /// Maximum split percentage, 0–100.
    pub apply_ratio: String,
    /// `0` on approval, `1` next day.
    pub start_type: String,
    pub shares: Vec<SplitShareForm>,
    pub split_fee_rate: Option<String>,
    pub async_return_url: Option<String>,
}

/// The split configuration as Huifu reports it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SplitState {
    pub huifu_id: String,
    pub div_flag: String,
    pub rule_origin: String,
    pub apply_ratio: String,
    /// Audit state when reported (`Y`, `P`, `N`...).
    pub apply_status: String,
    #[ts(optional)]
    pub apply_no: Option<String>,
}

ids_call!(write SPLIT_CONFIG, SplitConfig {
    fn reconcile_key(&self) -> Value {
        json!({"div_flag": self.div_flag, "rule_origin": self.rule_origin, "apply_ratio": self.apply_ratio})
    }
});

ids_call!(read SplitQuery);

fn same_ratio(a: &str, b: &str) -> bool {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => (x - y).abs() < 0.005,
        _ => a == b,
    }
}

/// A split config took effect when the query reports the same flag, origin and ratio. A different
/// configuration proves nothing about this one (an older rule), so that stays unknown.
fn reconcile_config<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let want = |k: &str| e.reconcile.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        match d.split_status(p, &huifu_id).await {
            Ok(s)
                if s.div_flag == want("div_flag")
                    && s.rule_origin == want("rule_origin")
                    && same_ratio(&s.apply_ratio, &want("apply_ratio")) =>
            {
                Ok(Settlement::Found(
                    json!({"resp_code": "00000000", "resp_desc": "found by split query", "huifu_id": huifu_id, "apply_no": s.apply_no}),
                ))
            }
            Ok(_) => Ok(Settlement::Unknown("the split query shows another configuration".into())),
            Err(err) if err.resp_code.as_deref() == Some("23000001") => Ok(Settlement::NotFound),
            Err(err) => Err(err),
        }
    })
}

impl Desk {
    /// Applies for a split configuration; returns its state after the answer.
    pub async fn configure_split(&self, profile: &Profile, form: SplitForm) -> Result<SplitState, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        checks::one_of("rule_origin", &form.rule_origin, &["01", "02"])?;
        checks::one_of("div_flag", &form.div_flag, &["Y", "N"])?;
        checks::percent("apply_ratio", &form.apply_ratio)?;
        checks::one_of("start_type", &form.start_type, &["0", "1"])?;
        if form.rule_origin == "02" && form.shares.is_empty() {
            return Err(Error::problem("acct_split_bunch_list", crate::vocab::Problem::SplitSharesNeeded, &[]));
        }
        let mut total = 0.0;
        for (i, s) in form.shares.iter().enumerate() {
            checks::huifu_id(&format!("acct_split_bunch_list[{i}].huifu_id"), &s.huifu_id)?;
            checks::percent(&format!("acct_split_bunch_list[{i}].fee_rate"), &s.fee_rate)?;
            total += s.fee_rate.parse::<f64>().unwrap_or(0.0);
        }
        if !form.shares.is_empty() && (total - 100.0).abs() > 0.001 {
            return Err(Error::problem("acct_split_bunch_list", crate::vocab::Problem::SplitSharesSum, &[]));
        }
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let req = SplitConfig {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id,
            huifu_id: form.huifu_id.clone(),
            rule_origin: form.rule_origin.clone(),
            div_flag: form.div_flag.clone(),
            apply_ratio: form.apply_ratio.clone(),
            start_type: form.start_type.clone(),
            acct_split_bunch_list: if form.shares.is_empty() {
                None
            } else {
                Some(JsonStr(
                    form.shares
                        .iter()
                        .map(|s| SplitShare { huifu_id: s.huifu_id.clone(), fee_rate: s.fee_rate.clone() })
                        .collect(),
                ))
            },
            split_fee_rate: form.split_fee_rate.clone(),
            async_return_url: form.async_return_url.clone(),
            ..Default::default()
        };
        self.call(profile, &req).await?;
        self.split_status(profile, &form.huifu_id).await
    }

    /// The merchant's split configuration (§7.14 query); updates the index's `split` step.
    pub async fn split_status(&self, profile: &Profile, huifu_id: &str) -> Result<SplitState, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let req =
            SplitQuery { req_seq_id: self.new_req_seq_id(), req_date: self.req_date(), huifu_id: huifu_id.into() };
        let r = self.call(profile, &req).await?;
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let status = text(r.extra.get("apply_status"));
        let s = SplitState {
            huifu_id: huifu_id.into(),
            div_flag: r.div_flag.clone().unwrap_or_default(),
            rule_origin: r.rule_origin.clone().unwrap_or_default(),
            apply_ratio: text(r.apply_ratio.as_ref()),
            apply_status: status.clone(),
            apply_no: r.extra.get("apply_no").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string),
        };
        let state = match status.as_str() {
            "P" | "I" => StepState::Pending,
            "N" | "F" => StepState::Failed,
            _ if s.div_flag == "Y" => StepState::Done,
            _ => StepState::Todo,
        };
        let note = if status.is_empty() {
            crate::services::merchant::StepNote::coded("ruleOrigin", s.rule_origin.clone(), "query")
        } else {
            crate::services::merchant::StepNote::coded("applyStatus", status.clone(), "query")
        };
        self.set_step(
            &profile.name,
            huifu_id,
            Step::Split,
            state,
            &note.apply_no(s.apply_no.as_deref()).ids(vec![format!("{}%", s.apply_ratio)]),
        )?;
        Ok(s)
    }
}

/// How a `split.config` write is settled.
pub const SPLIT_CONFIG: Settler =
    Settler { kind: WriteKind::SplitConfig, settle: reconcile_config, apply: write::no_rows };
