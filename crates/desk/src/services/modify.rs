//! Merchant changes (§7.4 basicdata/modify): the settlement card, the contact, business details. Only what
//! changes is sent; pictures a card change needs (the card's photo, or the corporate account's permit) are
//! fitted and uploaded first and travel inside `card_info`, as Huifu's Java demo sends them. A change Huifu
//! audits answers with an `apply_no` that the application status query (§7.6) follows.
//!
//! What the merchant has now (its settlement cards, masked) is read from the detail query (§7.5).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use dougong::modify::BasicModify;
use dougong::wire::JsonStr;

use crate::audit::mask;
use crate::call::ids_call;
use crate::checks;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::progress::{Progress, ProgressEvent};
use crate::services::merchant::MerchantUpsert;
use crate::services::onboarding::pictures::{prepare_picture, PictureFile};
use crate::services::onboarding::{card_info, check_card, CardForm};
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// What to change; absent parts stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct MerchantChangeForm {
    /// Fixed when the form opens; a second submit reuses it.
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    /// A new settlement card (enterprise: `cardType` 0 对公 / 1 对私法人 / 2 对私非法人).
    pub card: Option<CardForm>,
    pub contact_name: Option<String>,
    pub contact_mobile_no: Option<String>,
    pub contact_email: Option<String>,
    pub short_name: Option<String>,
    pub mcc: Option<String>,
    pub service_phone: Option<String>,
    pub receipt_name: Option<String>,
    /// Pictures of the change: `settle_card_front_pic` (对私), `reg_acct_pic` (对公).
    pub pictures: Vec<PictureFile>,
}

/// What the change did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MerchantChangeResult {
    pub req_seq_id: String,
    pub huifu_id: String,
    /// Present when Huifu audits the change (follow it with the application status query).
    #[ts(optional)]
    pub apply_no: Option<String>,
    /// True when the change is in effect now.
    pub applied: bool,
}

/// One settlement card as Huifu lists it, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettleCardView {
    /// `0` 对公, `1` 对私 (the `cardType` vocabulary).
    pub card_type: String,
    /// The account name (a person's masked).
    pub card_name: String,
    /// `622202******0128`.
    pub card_no: String,
    pub bank_name: String,
    pub token_no: String,
    pub default: bool,
}

/// What the merchant has now: its settlement cards and contact, masked.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MerchantProfileView {
    pub huifu_id: String,
    pub short_name: String,
    pub mcc: String,
    pub contact_mobile_no: String,
    pub cards: Vec<SettleCardView>,
}

ids_call!(write MERCHANT_MODIFY, BasicModify);

/// A lost modify answer: the detail query shows the merchant as it is, which cannot tell whether this
/// change arrived (the old and new values are both possible); it stays unknown for a person to compare.
fn reconcile_modify<'a>(_: &'a Desk, _: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        Ok(Settlement::Unknown(format!(
            "no query finds a merchant change by req_seq_id {}: compare the merchant's details at Huifu with the change, then send it again with a new id only if it is missing",
            e.req_seq_id
        )))
    })
}

/// How a `merchant.modify` write is settled.
pub const MERCHANT_MODIFY: Settler =
    Settler { kind: WriteKind::MerchantModify, settle: reconcile_modify, apply: write::no_rows };

fn opt(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Desk {
    /// Sends a merchant change: checks what changes (card: Luhn, holder ID, phone; contact: mobile, e-mail;
    /// MCC, lengths), uploads the card's picture, sends once (a retry with the same req_seq_id returns the
    /// first answer) and keeps the new withdrawal token in the index. Errors: `InvalidInput` naming the
    /// field (nothing sent), the call's.
    pub async fn change_merchant(
        &self,
        profile: &Profile,
        form: MerchantChangeForm,
        progress: Progress<'_>,
    ) -> Result<MerchantChangeResult, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        let enterprise = self.merchant(&profile.name, &form.huifu_id).map(|m| m.kind != "indv").unwrap_or(true);
        let mut changes = Map::new();
        let mut put = |k: &str, v: &str| {
            changes.insert(k.to_string(), Value::String(v.to_string()));
        };
        if let Some(v) = opt(&form.contact_name) {
            checks::required("contact_name", v, 32)?;
            put("contact_name", v);
        }
        if let Some(v) = opt(&form.contact_mobile_no) {
            checks::mobile("contact_mobile_no", v)?;
            put("contact_mobile_no", v);
        }
        if let Some(v) = opt(&form.contact_email) {
            checks::email("contact_email", v, 32)?;
            put("contact_email", v);
        }
        if let Some(v) = opt(&form.short_name) {
            checks::required("short_name", v, 64)?;
            checks::min_len("short_name", v, 4)?;
            put("short_name", v);
        }
        if let Some(v) = opt(&form.mcc) {
            checks::required("mcc", v, 7)?;
            put("mcc", v);
        }
        if let Some(v) = opt(&form.service_phone) {
            checks::required("service_phone", v, 20)?;
            put("service_phone", v);
        }
        if let Some(v) = opt(&form.receipt_name) {
            checks::required("receipt_name", v, 50)?;
            put("receipt_name", v);
        }
        let card = match &form.card {
            Some(c) => {
                check_card(c, enterprise)?;
                let corporate = enterprise && c.card_type.as_deref() == Some("0");
                let needed = if corporate { "reg_acct_pic" } else { "settle_card_front_pic" };
                if !form.pictures.iter().any(|p| p.field == needed) {
                    return Err(Error::problem(needed, crate::vocab::Problem::PictureRequired, &[]));
                }
                Some(card_info(c, enterprise))
            }
            None => None,
        };
        let upper = self.upper_huifu_id(profile, None).await?;
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let build = |ids: &[(String, String)]| -> Result<BasicModify, Error> {
            let card = card.clone().map(|mut c| {
                for (f, id) in ids {
                    c.extra.insert(f.clone(), Value::String(id.clone()));
                }
                JsonStr(c)
            });
            Ok(BasicModify {
                req_date: self.req_date_for(profile, &req_seq_id)?,
                req_seq_id: req_seq_id.clone(),
                upper_huifu_id: upper.clone(),
                huifu_id: form.huifu_id.clone(),
                card_info: card,
                async_return_url: self.notify_url_for(profile),
                changes: changes.clone(),
                ..Default::default()
            })
        };
        let pending: Vec<(String, String)> =
            form.pictures.iter().map(|p| (p.field.clone(), "pending-upload".into())).collect();
        dougong::Endpoint::validate(&build(&pending)?)?;
        let ready =
            form.pictures.iter().map(|p| prepare_picture(self, p, !enterprise)).collect::<Result<Vec<_>, _>>()?;
        let total = ready.len() as u64;
        let mut ids = Vec::new();
        for (i, (r, p)) in ready.into_iter().zip(&form.pictures).enumerate() {
            progress(ProgressEvent::new(format!("upload.{}", p.field), i as u64, Some(total), "uploading a picture"));
            let up = self.send_picture(profile, r, Some(&form.huifu_id)).await?;
            ids.push((up.field, up.file_id));
        }
        progress(ProgressEvent::new("submit", 0, None, "sending the change"));
        let r = self.call(profile, &build(&ids)?).await?;
        let apply_no = r.apply_no.clone().filter(|a| !a.is_empty());
        self.upsert_merchant(
            &profile.name,
            MerchantUpsert {
                huifu_id: &form.huifu_id,
                token_no: r.token_no.as_deref().filter(|t| !t.is_empty()),
                short_name: opt(&form.short_name),
                ..Default::default()
            },
        )?;
        // Huifu has the photos now: the sealed copies staged for this change go.
        self.remove_staged_pictures(&form.pictures);
        Ok(MerchantChangeResult {
            req_seq_id,
            huifu_id: form.huifu_id,
            applied: apply_no.is_none() && r.resp_code == dougong::codes::SUCCESS,
            apply_no,
        })
    }

    /// The merchant's settlement cards and contact as Huifu has them now (§7.5), masked for the screen.
    pub async fn merchant_profile(&self, profile: &Profile, huifu_id: &str) -> Result<MerchantProfileView, Error> {
        let r = self.merchant_detail(profile, huifu_id).await?;
        let individual = r.cust_type.as_deref() == Some("2");
        let cards = r
            .qry_cash_card_info_list
            .as_ref()
            .map(|l| l.0.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let card_type = c.card_type.clone().unwrap_or_default();
                let name = c.card_name.clone().unwrap_or_default();
                SettleCardView {
                    card_name: if card_type == "0" && !individual { name } else { mask::mask_name(&name) },
                    card_type,
                    card_no: mask::mask_card(c.card_no.as_deref().unwrap_or_default()),
                    bank_name: c.bank_name.clone().unwrap_or_default(),
                    token_no: c.token_no.clone().unwrap_or_default(),
                    default: c.is_settle_default.as_deref() == Some("Y"),
                }
            })
            .collect();
        Ok(MerchantProfileView {
            huifu_id: huifu_id.into(),
            short_name: if individual {
                mask::mask_name(r.short_name.as_deref().unwrap_or_default())
            } else {
                r.short_name.clone().unwrap_or_default()
            },
            mcc: r.mcc.clone().unwrap_or_default(),
            contact_mobile_no: mask::mask_contact(r.contact_mobile_no.as_deref().unwrap_or_default()),
            cards,
        })
    }
}
