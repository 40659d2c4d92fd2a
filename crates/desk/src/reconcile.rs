//! Settles journalled writes whose outcome is open (pending, sent, unknown) by their queries, never by
//! sending them again. The app runs [`Desk::reconcile_with_progress`] in the background after its window
//! is up; `paydesk reconcile` runs it on demand (and the CLI at start).
//!
//! Every write kind's [`Settler`] is listed here by an exhaustive match on [`WriteKind`]: a new kind does
//! not compile until it names its reconciling query. Nothing below this module imports it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::journal::{self, JournalEntry, JournalState};
use crate::progress::{Progress, ProgressEvent};
use crate::services;
use crate::write::{Finding, Settler, WriteKind};
use crate::{acquiring, Desk};

/// The settler of a write kind.
pub fn settler(kind: WriteKind) -> Settler {
    match kind {
        WriteKind::OnboardingEnt => services::onboarding::ONBOARDING_ENT,
        WriteKind::OnboardingIndv => services::onboarding::ONBOARDING_INDV,
        WriteKind::BusiOpen => services::busi::BUSI_OPEN,
        WriteKind::MerchantModify => services::modify::MERCHANT_MODIFY,
        WriteKind::RealnameWx => services::realname::REALNAME_WX,
        WriteKind::RealnameAli => services::realname::REALNAME_ALI,
        WriteKind::WxConfigSet => services::wxconfig::WXCONFIG_SET,
        WriteKind::TerminalAdd => services::terminal::TERMINAL_ADD,
        WriteKind::TerminalCancel => services::terminal::TERMINAL_CANCEL,
        WriteKind::SplitConfig => services::split::SPLIT_CONFIG,
        WriteKind::BillsConfig => services::bill::BILLS_CONFIG,
        WriteKind::TradeQr => services::trade::TRADE_QR,
        WriteKind::TradeMicropay => services::trade::TRADE_MICROPAY,
        WriteKind::TradeClose => services::trade::close::TRADE_CLOSE,
        WriteKind::RefundCreate => services::refund::REFUND_CREATE,
        WriteKind::CashoutWithdraw => services::cashout::CASHOUT_WITHDRAW,
        WriteKind::HsqOrder => acquiring::hsq::HSQ_ORDER,
        WriteKind::HsqClose => acquiring::hsq::HSQ_CLOSE,
        WriteKind::HsqRefund => acquiring::hsq::HSQ_REFUND,
        WriteKind::MpgOrder => acquiring::mpg::MPG_ORDER,
        WriteKind::MpgCancel => acquiring::mpg::MPG_CANCEL,
    }
}

/// One settled (or still open) entry in a reconcile run.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconciledEntry {
    pub profile: String,
    pub kind: String,
    pub req_seq_id: String,
    pub before: JournalState,
    pub after: JournalState,
    pub note: String,
}

/// The result of a reconcile run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    pub checked: u32,
    pub settled: u32,
    pub failed: u32,
    pub still_open: u32,
    /// Open entries another live process (or another task of this one) is sending or settling right now:
    /// left to it.
    pub busy: u32,
    pub entries: Vec<ReconciledEntry>,
}

impl Desk {
    /// Settles every open journal entry (of one profile, or all) by its query. See
    /// [`Desk::reconcile_with_progress`].
    pub async fn reconcile(&self, profile: Option<&str>) -> Result<ReconcileReport, Error> {
        self.reconcile_with_progress(profile, &|_| {}).await
    }

    /// Settles every open journal entry (of one profile, or all) by its query, reporting `reconcile`
    /// progress per entry. An entry claimed by a live process is left to it; a `pending` entry nobody
    /// works on never left and is marked failed without asking anyone; a failing query leaves its entry
    /// open and is reported, not raised.
    pub async fn reconcile_with_progress(
        &self,
        profile: Option<&str>,
        progress: Progress<'_>,
    ) -> Result<ReconcileReport, Error> {
        let open = journal::open_entries(self.store(), profile)?;
        let total = open.len() as u64;
        let mut report = ReconcileReport::default();
        for (i, e) in open.into_iter().enumerate() {
            progress(ProgressEvent::new("reconcile", i as u64, Some(total), format!("{} {}", e.kind, e.req_seq_id)));
            let line = match self.reconcile_entry(&e).await {
                Ok(Some(line)) => line,
                Ok(None) => {
                    report.busy += 1;
                    continue;
                }
                Err(err) => ReconciledEntry {
                    after: e.state,
                    ..entry_line(&e, e.state, format!("could not settle: {}", err.message))
                },
            };
            report.checked += 1;
            match line.after {
                JournalState::Settled => report.settled += 1,
                JournalState::Failed => report.failed += 1,
                _ => report.still_open += 1,
            }
            report.entries.push(line);
        }
        progress(ProgressEvent::new(
            "reconcile",
            total,
            Some(total),
            format!("{} still open", report.still_open + report.busy),
        ));
        Ok(report)
    }

    /// Claims and settles one open entry; `None` when someone else is on it.
    async fn reconcile_entry(&self, e: &JournalEntry) -> Result<Option<ReconciledEntry>, Error> {
        let Some(kind) = WriteKind::parse(&e.kind) else {
            return Ok(Some(entry_line(
                e,
                e.state,
                format!("no query knows a {} write; check it in the acquirer's console", e.kind),
            )));
        };
        let p = match self.profile(&e.profile) {
            Ok(p) => p,
            Err(err) => return Ok(Some(entry_line(e, e.state, format!("profile unavailable: {}", err.message)))),
        };
        let Some(finding) = self.settle_open(&p, &settler(kind), e.id).await? else { return Ok(None) };
        let (after, note) = match &finding {
            Finding::Took(_) => (JournalState::Settled, "found by query: it took effect".to_string()),
            Finding::Refused(err) => (JournalState::Failed, format!("the query says it failed: {}", err.message)),
            Finding::NotSent(err) => (JournalState::Failed, err.message.clone()),
            Finding::Open(err) => (JournalState::Unknown, err.message.clone()),
        };
        Ok(Some(entry_line(e, after, note)))
    }
}

fn entry_line(e: &JournalEntry, after: JournalState, note: String) -> ReconciledEntry {
    ReconciledEntry {
        profile: e.profile.clone(),
        kind: e.kind.clone(),
        req_seq_id: e.req_seq_id.clone(),
        before: e.state,
        after,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_settler() {
        for k in WriteKind::ALL {
            assert_eq!(settler(k).kind, k, "{k} is settled by its own settler");
        }
    }
}
