//! The kinds of write, one per job that changes something at an acquirer. The journal stores the kind's
//! name; [`crate::reconcile`] matches on the enum, so a kind without a reconciler does not compile.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A kind of write. The string form (`refund.create`) is what the journal stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum WriteKind {
    #[serde(rename = "onboarding.ent")]
    OnboardingEnt,
    #[serde(rename = "onboarding.indv")]
    OnboardingIndv,
    #[serde(rename = "busi.open")]
    BusiOpen,
    #[serde(rename = "merchant.modify")]
    MerchantModify,
    #[serde(rename = "realname.wx")]
    RealnameWx,
    #[serde(rename = "realname.ali")]
    RealnameAli,
    #[serde(rename = "wxconfig.set")]
    WxConfigSet,
    #[serde(rename = "terminal.add")]
    TerminalAdd,
    #[serde(rename = "terminal.cancel")]
    TerminalCancel,
    #[serde(rename = "split.config")]
    SplitConfig,
    #[serde(rename = "bills.config")]
    BillsConfig,
    #[serde(rename = "trade.qr")]
    TradeQr,
    #[serde(rename = "trade.micropay")]
    TradeMicropay,
    #[serde(rename = "trade.close")]
    TradeClose,
    #[serde(rename = "refund.create")]
    RefundCreate,
    #[serde(rename = "cashout.withdraw")]
    CashoutWithdraw,
    #[serde(rename = "hsq.order")]
    HsqOrder,
    #[serde(rename = "hsq.close")]
    HsqClose,
    #[serde(rename = "hsq.refund")]
    HsqRefund,
    #[serde(rename = "mpg.order")]
    MpgOrder,
    #[serde(rename = "mpg.cancel")]
    MpgCancel,
}

impl WriteKind {
    /// Every kind, for tests that must cover them all.
    pub const ALL: [WriteKind; 21] = [
        WriteKind::OnboardingEnt,
        WriteKind::OnboardingIndv,
        WriteKind::BusiOpen,
        WriteKind::MerchantModify,
        WriteKind::RealnameWx,
        WriteKind::RealnameAli,
        WriteKind::WxConfigSet,
        WriteKind::TerminalAdd,
        WriteKind::TerminalCancel,
        WriteKind::SplitConfig,
        WriteKind::BillsConfig,
        WriteKind::TradeQr,
        WriteKind::TradeMicropay,
        WriteKind::TradeClose,
        WriteKind::RefundCreate,
        WriteKind::CashoutWithdraw,
        WriteKind::HsqOrder,
        WriteKind::HsqClose,
        WriteKind::HsqRefund,
        WriteKind::MpgOrder,
        WriteKind::MpgCancel,
    ];

    /// The journal's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteKind::OnboardingEnt => "onboarding.ent",
            WriteKind::OnboardingIndv => "onboarding.indv",
            WriteKind::BusiOpen => "busi.open",
            WriteKind::MerchantModify => "merchant.modify",
            WriteKind::RealnameWx => "realname.wx",
            WriteKind::RealnameAli => "realname.ali",
            WriteKind::WxConfigSet => "wxconfig.set",
            WriteKind::TerminalAdd => "terminal.add",
            WriteKind::TerminalCancel => "terminal.cancel",
            WriteKind::SplitConfig => "split.config",
            WriteKind::BillsConfig => "bills.config",
            WriteKind::TradeQr => "trade.qr",
            WriteKind::TradeMicropay => "trade.micropay",
            WriteKind::TradeClose => "trade.close",
            WriteKind::RefundCreate => "refund.create",
            WriteKind::CashoutWithdraw => "cashout.withdraw",
            WriteKind::HsqOrder => "hsq.order",
            WriteKind::HsqClose => "hsq.close",
            WriteKind::HsqRefund => "hsq.refund",
            WriteKind::MpgOrder => "mpg.order",
            WriteKind::MpgCancel => "mpg.cancel",
        }
    }

    /// Reads the journal's spelling.
    pub fn parse(s: &str) -> Option<WriteKind> {
        WriteKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for WriteKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_match_serde() {
        for k in WriteKind::ALL {
            assert_eq!(WriteKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(k.as_str()));
        }
        assert_eq!(WriteKind::parse("nope"), None);
    }
}
