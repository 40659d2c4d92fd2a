//! Re-reading a merchant's whole journey from Huifu ("从汇付刷新"): every step whose state Huifu can tell
//! is asked again, so a step set once (an onboarding "under audit") moves when the audit is over, whatever
//! page was open at the time. Reads only: nothing here sends a write.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::profile::Profile;
use crate::services::merchant::{Merchant, Step, StepState};
use crate::services::realname::RealnameChannel;
use crate::Desk;

/// A step Huifu could not tell about on this refresh, and why (the step keeps its last known state).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepUnread {
    pub step: Step,
    pub error: Error,
}

/// The merchant after a refresh, with the steps that could not be read.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MerchantRefresh {
    pub merchant: Merchant,
    pub unread: Vec<StepUnread>,
}

impl Desk {
    /// Re-reads every step of `huifu_id` from Huifu (detail, application, business open, realname, WeChat
    /// config, terminals, split) and records what it finds. A step that was never started and that Huifu
    /// knows nothing about stays "to do"; a step Huifu refuses to tell about keeps its state and is listed
    /// in `unread`. Errors: the merchant detail query's (a merchant Huifu does not know).
    pub async fn refresh_merchant(&self, profile: &Profile, huifu_id: &str) -> Result<MerchantRefresh, Error> {
        let before = self.merchant(&profile.name, huifu_id).ok();
        let detail = self.lookup_merchant(profile, huifu_id).await?;
        let mut unread = Vec::new();
        let state_of =
            |step: Step| before.as_ref().and_then(|m| m.steps.iter().find(|s| s.step == step)).map(|s| s.state);

        // Onboarding: its application decides when there is one; a NORMAL merchant without one is done.
        let apply_no = before.as_ref().and_then(|m| m.apply_no.clone());
        match apply_no {
            Some(a) => {
                if let Err(e) = self.onboarding_status(profile, huifu_id, Some(&a)).await {
                    unread.push(StepUnread { step: Step::Onboarded, error: e });
                }
            }
            None if detail.mer_stat == "NORMAL" => {
                self.onboarded_by_lookup(&profile.name, huifu_id)?;
            }
            _ => {}
        }
        if self.setting(&format!("busi_apply_no/{}/{huifu_id}", profile.name))?.is_some() {
            if let Err(e) = self.business_status(profile, huifu_id, None).await {
                unread.push(StepUnread { step: Step::BusiOpen, error: e });
            }
        }
        for (step, channel) in
            [(Step::RealnameWx, RealnameChannel::Wechat), (Step::RealnameAli, RealnameChannel::Alipay)]
        {
            if let Err(e) = self.realname_status(profile, huifu_id, channel).await {
                if state_of(step).is_some_and(|s| s != StepState::Todo) {
                    unread.push(StepUnread { step, error: e });
                }
            }
        }
        if let Err(e) = self.wx_config_list(profile, huifu_id).await {
            unread.push(StepUnread { step: Step::WxConfig, error: e });
        }
        if let Err(e) = self.list_terminals(profile, huifu_id).await {
            unread.push(StepUnread { step: Step::Terminals, error: e });
        }
        if let Err(e) = self.split_status(profile, huifu_id).await {
            // No split configuration yet is an answer ("not found"), not a failure to read.
            if state_of(Step::Split).is_some_and(|s| s != StepState::Todo) {
                unread.push(StepUnread { step: Step::Split, error: e });
            }
        }
        Ok(MerchantRefresh { merchant: self.merchant(&profile.name, huifu_id)?, unread })
    }

    /// Asks Huifu about the steps of `huifu_id` that wait (pending: an application under audit, a business
    /// open, a realname scan, a split audit) and records the answers; steps not waiting cost no call.
    /// What a page following a merchant calls on its back-off timer. Errors: `NotFound` (not in the
    /// index); a step Huifu does not answer for is listed in `unread` and keeps its state.
    pub async fn follow_merchant(&self, profile: &Profile, huifu_id: &str) -> Result<MerchantRefresh, Error> {
        let m = self.merchant(&profile.name, huifu_id)?;
        let mut unread = Vec::new();
        for s in m.steps.iter().filter(|s| s.state == StepState::Pending) {
            let r = match s.step {
                Step::Onboarded => self
                    .onboarding_status(profile, huifu_id, s.note.apply_no.as_deref().or(m.apply_no.as_deref()))
                    .await
                    .map(drop),
                Step::BusiOpen => self.business_status(profile, huifu_id, s.note.apply_no.as_deref()).await.map(drop),
                Step::RealnameWx => self.realname_status(profile, huifu_id, RealnameChannel::Wechat).await.map(drop),
                Step::RealnameAli => self.realname_status(profile, huifu_id, RealnameChannel::Alipay).await.map(drop),
                Step::Split => self.split_status(profile, huifu_id).await.map(drop),
                Step::WxConfig | Step::Terminals => Ok(()),
            };
            if let Err(error) = r {
                unread.push(StepUnread { step: s.step, error });
            }
        }
        Ok(MerchantRefresh { merchant: self.merchant(&profile.name, huifu_id)?, unread })
    }
}
