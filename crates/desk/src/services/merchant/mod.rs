//! The merchant index: merchants a profile onboarded or looked up, and each step of the journey
//! (onboarded, businesses open, realname WeChat / Alipay, WeChat config, terminals, split) with its state,
//! so a person sees at a glance what is left to do.

pub mod applications;
pub mod follower;
pub mod journey;
pub mod lookup;
pub mod search;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::Desk;

/// A step of the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Onboarded,
    BusiOpen,
    RealnameWx,
    RealnameAli,
    WxConfig,
    Terminals,
    Split,
}

impl Step {
    /// Every step, in journey order.
    pub const ALL: [Step; 7] = [
        Step::Onboarded,
        Step::BusiOpen,
        Step::RealnameWx,
        Step::RealnameAli,
        Step::WxConfig,
        Step::Terminals,
        Step::Split,
    ];

    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Onboarded => "onboarded",
            Step::BusiOpen => "busi_open",
            Step::RealnameWx => "realname_wx",
            Step::RealnameAli => "realname_ali",
            Step::WxConfig => "wx_config",
            Step::Terminals => "terminals",
            Step::Split => "split",
        }
    }
    fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Todo,
    /// Submitted, waiting (audit, the legal person's scan...).
    Pending,
    Done,
    Failed,
}

impl StepState {
    fn as_str(self) -> &'static str {
        match self {
            StepState::Todo => "todo",
            StepState::Pending => "pending",
            StepState::Done => "done",
            StepState::Failed => "failed",
        }
    }
    fn parse(s: &str) -> StepState {
        match s {
            "pending" => StepState::Pending,
            "done" => StepState::Done,
            "failed" => StepState::Failed,
            _ => StepState::Todo,
        }
    }
}

/// One step's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepStatus {
    pub step: Step,
    pub state: StepState,
    /// What the state rests on, as codes the UI says in words.
    pub note: StepNote,
    #[ts(optional)]
    pub updated_at: Option<String>,
}

/// What a step's state rests on: codes and ids, never a log line, so the journey reads in either language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct StepNote {
    /// The application under audit (onboarding, business open, split).
    pub apply_no: Option<String>,
    /// The vocabulary of `code` (`applyStatus`, `realnameState`, `merStat`...; see [`crate::vocab`]).
    pub vocab: Option<String>,
    pub code: Option<String>,
    /// Huifu's own words about it (an audit reason), as given.
    pub reason: Option<String>,
    /// Ids the step made or found (device ids, sub_mer_ids, appids).
    pub ids: Vec<String>,
    /// How desk learned it: `answer`, `query`, `notification`, `lookup`.
    pub source: Option<String>,
}

impl StepNote {
    /// A note about a code of `vocab`, learned from `source`.
    pub fn coded(vocab: &str, code: impl Into<String>, source: &str) -> StepNote {
        let code = code.into();
        StepNote {
            vocab: (!code.is_empty()).then(|| vocab.to_string()),
            code: (!code.is_empty()).then_some(code),
            source: Some(source.into()),
            ..Default::default()
        }
    }

    /// With the application number.
    pub fn apply_no(mut self, a: Option<&str>) -> StepNote {
        self.apply_no = a.filter(|s| !s.is_empty()).map(str::to_string);
        self
    }

    /// With Huifu's reason.
    pub fn reason(mut self, r: &str) -> StepNote {
        self.reason = Some(r.trim().to_string()).filter(|s| !s.is_empty());
        self
    }

    /// With ids.
    pub fn ids(mut self, ids: Vec<String>) -> StepNote {
        self.ids = ids;
        self
    }

    /// One English line for the CLI.
    pub fn english(&self) -> String {
        let mut parts = Vec::new();
        if let (Some(v), Some(c)) = (&self.vocab, &self.code) {
            parts.push(
                crate::vocab::word(v, c, crate::vocab::Lang::En).map(str::to_string).unwrap_or_else(|| c.clone()),
            );
        }
        if let Some(a) = &self.apply_no {
            parts.push(format!("application {a}"));
        }
        if let Some(r) = &self.reason {
            parts.push(r.clone());
        }
        if !self.ids.is_empty() {
            parts.push(self.ids.join(", "));
        }
        parts.join(" · ")
    }

    fn parse(stored: &str) -> StepNote {
        if stored.trim_start().starts_with('{') {
            if let Ok(n) = serde_json::from_str(stored) {
                return n;
            }
        }
        // Rows written before notes were structured held a line of text: keep it as the reason.
        StepNote { reason: Some(stored.to_string()).filter(|s| !s.is_empty()), ..Default::default() }
    }
}

/// A merchant in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct Merchant {
    pub profile: String,
    pub huifu_id: String,
    /// Registered name (enterprise) or the masked person name (individual).
    pub name: String,
    /// `ent` or `indv` (empty when only looked up).
    pub kind: String,
    /// Short name (enterprise) or the masked one (individual); empty when unknown.
    pub short_name: String,
    pub apply_no: Option<String>,
    pub token_no: Option<String>,
    /// Every step, in journey order (missing ones as `todo`).
    pub steps: Vec<StepStatus>,
    pub created_at: String,
    pub updated_at: String,
}

/// Fields of a merchant row to write.
#[derive(Debug, Clone, Default)]
pub struct MerchantUpsert<'a> {
    pub huifu_id: &'a str,
    pub name: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub apply_no: Option<&'a str>,
    pub token_no: Option<&'a str>,
    pub short_name: Option<&'a str>,
}

impl Desk {
    /// Adds or updates a merchant of `profile`; `None` fields keep their value.
    pub fn upsert_merchant(&self, profile: &str, m: MerchantUpsert<'_>) -> Result<(), Error> {
        let now = rfc3339(self.now());
        self.store().with_conn(|c| {
            c.execute(
                "INSERT INTO merchants(profile, huifu_id, name, kind, apply_no, token_no, created_at, updated_at, short_name)
                 VALUES (?1, ?2, coalesce(?3, ''), coalesce(?4, ''), ?5, ?6, ?7, ?7, coalesce(?8, ''))
                 ON CONFLICT(profile, huifu_id) DO UPDATE SET
                   name = coalesce(?3, name), kind = coalesce(?4, kind), apply_no = coalesce(?5, apply_no),
                   token_no = coalesce(?6, token_no), updated_at = ?7, short_name = coalesce(?8, short_name)",
                params![profile, m.huifu_id, m.name, m.kind, m.apply_no, m.token_no, now, m.short_name],
            )?;
            Ok(())
        })
    }

    /// Records a step's state and what it rests on (the merchant row is created if missing).
    pub fn set_step(
        &self,
        profile: &str,
        huifu_id: &str,
        step: Step,
        state: StepState,
        note: &StepNote,
    ) -> Result<(), Error> {
        self.upsert_merchant(profile, MerchantUpsert { huifu_id, ..Default::default() })?;
        let now = rfc3339(self.now());
        let detail = serde_json::to_string(note)?;
        self.store().with_conn(|c| {
            c.execute(
                "INSERT INTO merchant_steps(profile, huifu_id, step, state, detail, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(profile, huifu_id, step) DO UPDATE SET state = ?4, detail = ?5, updated_at = ?6",
                params![profile, huifu_id, step.as_str(), state.as_str(), detail, now],
            )?;
            Ok(())
        })
    }

    /// One merchant with its steps. Errors: `NotFound`.
    pub fn merchant(&self, profile: &str, huifu_id: &str) -> Result<Merchant, Error> {
        self.merchants_where(profile, Some(huifu_id))?.pop().ok_or_else(|| {
            Error::new(ErrorCode::NotFound, format!("merchant {huifu_id} is not in the index of {profile}"))
        })
    }

    /// Every merchant of `profile`, newest first.
    pub fn list_merchants(&self, profile: &str) -> Result<Vec<Merchant>, Error> {
        self.merchants_where(profile, None)
    }

    fn merchants_where(&self, profile: &str, huifu_id: Option<&str>) -> Result<Vec<Merchant>, Error> {
        self.store().with_conn(|c| {
            let mut st = c.prepare(
                "SELECT huifu_id, name, kind, apply_no, token_no, created_at, updated_at, short_name FROM merchants
                 WHERE profile = ?1 AND (?2 IS NULL OR huifu_id = ?2) ORDER BY created_at DESC, huifu_id",
            )?;
            let rows = st
                .query_map(params![profile, huifu_id], |r| {
                    Ok(Merchant {
                        profile: profile.to_string(),
                        huifu_id: r.get(0)?,
                        name: r.get(1)?,
                        kind: r.get(2)?,
                        short_name: r.get(7)?,
                        apply_no: r.get(3)?,
                        token_no: r.get(4)?,
                        steps: Vec::new(),
                        created_at: r.get(5)?,
                        updated_at: r.get(6)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut out = Vec::with_capacity(rows.len());
            let mut st = c.prepare(
                "SELECT step, state, detail, updated_at FROM merchant_steps WHERE profile = ?1 AND huifu_id = ?2",
            )?;
            for mut m in rows {
                let stored = st
                    .query_map(params![profile, m.huifu_id], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                m.steps = Step::ALL
                    .iter()
                    .map(|s| match stored.iter().find(|(n, ..)| Step::parse(n) == Some(*s)) {
                        Some((_, state, detail, at)) => StepStatus {
                            step: *s,
                            state: StepState::parse(state),
                            note: StepNote::parse(detail),
                            updated_at: Some(at.clone()),
                        },
                        None => {
                            StepStatus { step: *s, state: StepState::Todo, note: StepNote::default(), updated_at: None }
                        }
                    })
                    .collect();
                out.push(m);
            }
            Ok(out)
        })
    }

    /// The step's state, `None` when never recorded.
    pub fn step_state(&self, profile: &str, huifu_id: &str, step: Step) -> Result<Option<StepState>, Error> {
        self.store().with_conn(|c| {
            let s: Option<String> = c
                .query_row(
                    "SELECT state FROM merchant_steps WHERE profile = ?1 AND huifu_id = ?2 AND step = ?3",
                    params![profile, huifu_id, step.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(s.map(|s| StepState::parse(&s)))
        })
    }
}
