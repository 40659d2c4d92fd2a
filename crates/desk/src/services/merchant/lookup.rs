//! Merchant lookup (§7.5): a merchant onboarded elsewhere (the console, another tool) joins the index.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use dougong::merchant::{MerchantDetail, MerchantDetailQuery};

use crate::checks;
use crate::error::Error;
use crate::profile::Profile;
use crate::services::merchant::{MerchantUpsert, Step, StepNote, StepState};
use crate::Desk;

/// A merchant as Huifu's detail query (§7.5) reports it, the personal parts masked.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MerchantDetailView {
    pub huifu_id: String,
    pub reg_name: String,
    pub short_name: String,
    /// `1` enterprise, `2` individual.
    pub cust_type: String,
    /// `NORMAL`, `FREEZEWITHDRAWAL`, `CANCEL`, `FREEZEDEPOSIT`.
    pub mer_stat: String,
    pub legal_name: String,
    pub contact_mobile_no: String,
    /// Withdrawal card tokens (for withdrawals).
    pub token_nos: Vec<String>,
}

impl Desk {
    /// Huifu's detail of a merchant (§7.5), `huifu_id` checked first. Errors: the call's (`Refused`
    /// 20000005 when Huifu does not know it).
    pub(crate) async fn merchant_detail(&self, profile: &Profile, huifu_id: &str) -> Result<MerchantDetail, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let req = MerchantDetailQuery {
            req_seq_id: self.new_req_seq_id(),
            req_date: self.req_date(),
            huifu_id: huifu_id.into(),
        };
        self.call(profile, &req).await
    }

    /// A merchant Huifu reports as `NORMAL` is onboarded, however it was.
    pub(crate) fn onboarded_by_lookup(&self, profile: &str, huifu_id: &str) -> Result<(), Error> {
        let note = StepNote::coded("merStat", "NORMAL", "lookup");
        self.set_step(profile, huifu_id, Step::Onboarded, StepState::Done, &note)
    }

    /// Looks a merchant up at Huifu (§7.5) and adds it to this profile's index (so merchants onboarded
    /// elsewhere appear too). Errors: the call's (`Refused` 20000005 when Huifu does not know it).
    pub async fn lookup_merchant(&self, profile: &Profile, huifu_id: &str) -> Result<MerchantDetailView, Error> {
        let r = self.merchant_detail(profile, huifu_id).await?;
        let cust = r.cust_type.clone().unwrap_or_default();
        let individual = cust == "2";
        let reg_name = r.reg_name.clone().unwrap_or_default();
        let shown = if individual { crate::audit::mask::mask_name(&reg_name) } else { reg_name.clone() };
        let tokens: Vec<String> = r
            .qry_cash_card_info_list
            .as_ref()
            .map(|l| l.iter().filter_map(|c| c.token_no.clone()).collect())
            .unwrap_or_default();
        self.upsert_merchant(
            &profile.name,
            MerchantUpsert {
                huifu_id,
                name: Some(&shown),
                kind: Some(if individual {
                    "indv"
                } else if cust == "1" {
                    "ent"
                } else {
                    ""
                }),
                apply_no: None,
                token_no: tokens.first().map(String::as_str),
                short_name: Some(&if individual {
                    crate::audit::mask::mask_name(r.short_name.as_deref().unwrap_or_default())
                } else {
                    r.short_name.clone().unwrap_or_default()
                }),
            },
        )?;
        use crate::services::merchant::search::TokenKind as K;
        let mut personal = vec![
            (K::Phone, r.contact_mobile_no.as_deref().unwrap_or_default()),
            (K::Licence, r.license_code.as_deref().unwrap_or_default()),
        ];
        if individual {
            personal
                .extend([(K::Name, reg_name.as_str()), (K::ShortName, r.short_name.as_deref().unwrap_or_default())]);
        }
        personal.push((K::Name, r.legal_name.as_deref().unwrap_or_default()));
        self.index_merchant_best_effort(&profile.name, huifu_id, &personal);
        if self.step_state(&profile.name, huifu_id, Step::Onboarded)?.is_none()
            && r.mer_stat.as_deref() == Some("NORMAL")
        {
            self.onboarded_by_lookup(&profile.name, huifu_id)?;
        }
        Ok(MerchantDetailView {
            huifu_id: huifu_id.into(),
            reg_name: shown,
            short_name: if individual {
                crate::audit::mask::mask_name(r.short_name.as_deref().unwrap_or_default())
            } else {
                r.short_name.clone().unwrap_or_default()
            },
            cust_type: cust,
            mer_stat: r.mer_stat.clone().unwrap_or_default(),
            legal_name: crate::audit::mask::mask_name(r.legal_name.as_deref().unwrap_or_default()),
            contact_mobile_no: crate::audit::mask::mask_contact(r.contact_mobile_no.as_deref().unwrap_or_default()),
            token_nos: tokens,
        })
    }
}
