//! The operations every acquirer shares — create an order, query it, close or cancel it, refund, query a
//! refund, verify a notification — behind one interface keyed by the profile's acquirer, answering one
//! normalised [`TradeState`]. Dougong-only jobs stay in their own services.
//!
//! 慧收钱 and the MD5 gateway go through their client crates here ([`hsq`], [`mpg`]), journalled under the
//! order/refund number and audited per call ([`write`]). Dougong goes through desk's dougong order and
//! refund services (owned by the dougong trade work), not duplicated here.

mod dougong_impl;
pub mod hsq;
pub mod keys;
pub mod mpg;
mod refund_guard;
mod sandbox_profiles;
pub mod types;
mod write;

pub use keys::AcquirerKeyImport;
pub use sandbox_profiles::{SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE, SANDBOX_NOTIFY_URL};
pub use types::{
    Capabilities, CreateOrderInput, MiniProgramView, NoticeView, OrderView, RefundInput, RefundView, TradeState,
};

use crate::error::{Error, ErrorCode};
use crate::profile::{Acquirer, Profile};
use crate::Desk;

/// The largest amount desk sends to any acquirer: 99999999999.99 yuan, dougong's String(14) yuan field.
/// Beyond it an amount is a typo (or an overflow waiting in a JSON number), never a payment.
pub const MAX_AMOUNT_FEN: i64 = 9_999_999_999_999;

/// An amount in fen within 0.01 ..= [`MAX_AMOUNT_FEN`] yuan, named by its input field.
fn check_amount(field: &str, fen: i64) -> Result<(), Error> {
    if fen <= 0 {
        return Err(Error::invalid(field, "must be a positive amount in fen (1 = 0.01 yuan)"));
    }
    if fen > MAX_AMOUNT_FEN {
        return Err(Error::invalid(field, "is larger than 99999999999.99 yuan; check the amount"));
    }
    Ok(())
}

/// The order form's field (CreateOrderInput) behind a 慧收钱 / MD5-gateway wire field, so that a refusal
/// lands on the input the person typed rather than on a name they never saw.
pub(crate) fn order_field(wire: &str) -> &str {
    match wire {
        "transNo" | "orderid" => "orderNo",
        "orderAmt" | "txnamt" => "amountFen",
        "goodsInfo" => "goods",
        "returnUrl" | "backurl" => "notifyUrl",
        "payType" | "action" => "product",
        "openid" | "openId" | "memo.openid" | "memo.openId" => "payerId",
        "appId" | "memo.appid" | "memo.appId" => "appId",
        "code" => "payerCode",
        "ip" | "spbillCreateIp" | "memo.spbillCreateIp" => "payerIp",
        other => other,
    }
}

/// The refund dialog's field (RefundInput) behind a 慧收钱 wire field (its refund amount is `orderAmt`).
pub(crate) fn refund_field(wire: &str) -> &str {
    match wire {
        "transNo" => "refundNo",
        "origTransNo" => "orderNo",
        "orderAmt" => "amountFen",
        "origOrderAmt" => "orderAmountFen",
        "refundReason" => "reason",
        "returnUrl" => "notifyUrl",
        other => other,
    }
}

fn not_supported(what: &str, acquirer: Acquirer) -> Error {
    Error::new(ErrorCode::InvalidInput, format!("{what} is not supported by {}", acquirer.as_str()))
}

impl Desk {
    /// The notify_url of a form left empty: the profile's receiver ([`Desk::notify_url_for`]), else for
    /// sandbox profiles a loopback URL where the sandbox keeps what it sent for the page to fetch.
    fn default_notify_url(&self, p: &Profile) -> Option<String> {
        self.notify_url_for(p)
            .or_else(|| (p.environment == crate::Environment::Sandbox).then(|| SANDBOX_NOTIFY_URL.into()))
    }

    /// What the profile's acquirer offers (products for the form, refund support, close or cancel).
    pub fn acquiring_capabilities(&self, profile: &Profile) -> Capabilities {
        type Lists =
            (&'static [&'static str], &'static [&'static str], &'static [&'static str], &'static [&'static str]);
        let ((products, code, payer_id, app_id), close_kind, refund): (Lists, &str, bool) = match profile.acquirer {
            Acquirer::Dougong => ((dougong_impl::PRODUCTS, &[], &[], &[]), "close", true),
            Acquirer::Huishouqian => {
                ((hsq::PRODUCTS, &[], hsq::PAYER_ID_PRODUCTS, hsq::APP_ID_PRODUCTS), "close", true)
            }
            Acquirer::Mpgateway => ((mpg::PRODUCTS, mpg::CODE_PRODUCTS, mpg::PAYER_ID_PRODUCTS, &[]), "cancel", false),
        };
        let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Capabilities {
            acquirer: profile.acquirer,
            products: owned(products),
            close_kind: close_kind.into(),
            refund,
            refund_query: refund,
            code_products: owned(code),
            payer_id_products: owned(payer_id),
            app_id_products: owned(app_id),
        }
    }

    /// Re-reads a sandbox profile after making sure the built-in sandbox runs (its port changes per start).
    async fn acquiring_profile(&self, profile: &Profile) -> Result<Profile, Error> {
        if sandbox_profiles::is_builtin(profile) {
            self.ensure_acquirer_sandbox_profiles().await?;
            return self.profile(&profile.name);
        }
        Ok(profile.clone())
    }

    /// Creates an order. `input.order_no` should be fixed when the form opens (retries reuse it: the
    /// journal never lets it be sent twice); empty = a new number now.
    ///
    /// Errors: `InvalidInput` naming the field, `NotSent`, `OutcomeUnknown` (settle with
    /// [`Desk::reconcile`] or a query), `Refused` (resp_code/resp_desc/hint), `Signature`, `Decode`,
    /// `InFlight`, `ReqSeqIdReused`, `KeyMissing`, (dougong: also the order service's errors).
    pub async fn acquiring_create_order(
        &self,
        profile: &Profile,
        mut input: CreateOrderInput,
    ) -> Result<OrderView, Error> {
        check_amount("amountFen", input.amount_fen)?;
        if input.order_no.trim().is_empty() {
            input.order_no = self.new_req_seq_id();
        }
        let p = self.acquiring_profile(profile).await?;
        if input.notify_url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            input.notify_url = self.default_notify_url(&p);
        }
        match p.acquirer {
            Acquirer::Dougong => dougong_impl::create_order(self, &p, &input).await,
            Acquirer::Huishouqian => hsq::create_order(self, &p, &input).await,
            Acquirer::Mpgateway => mpg::create_order(self, &p, &input).await,
        }
    }

    /// The order's state now, from the acquirer.
    /// `merchant`: dougong's huifu_id (default: the profile's sys_id); ignored by the others.
    pub async fn acquiring_query(
        &self,
        profile: &Profile,
        order_no: &str,
        merchant: Option<&str>,
    ) -> Result<OrderView, Error> {
        self.order_at_acquirer(profile, order_no, merchant, false).await
    }

    /// Closes (慧收钱, dougong) or cancels (MD5 gateway) an unpaid order; answers the order's state after.
    pub async fn acquiring_close(
        &self,
        profile: &Profile,
        order_no: &str,
        merchant: Option<&str>,
    ) -> Result<OrderView, Error> {
        self.order_at_acquirer(profile, order_no, merchant, true).await
    }

    /// The order's state now, after closing (cancelling) it when `close`: one dispatch for both.
    async fn order_at_acquirer(
        &self,
        profile: &Profile,
        order_no: &str,
        merchant: Option<&str>,
        close: bool,
    ) -> Result<OrderView, Error> {
        let p = self.acquiring_profile(profile).await?;
        match (p.acquirer, close) {
            (Acquirer::Dougong, false) => dougong_impl::query(self, &p, order_no, merchant).await,
            (Acquirer::Dougong, true) => dougong_impl::close(self, &p, order_no, merchant).await,
            (Acquirer::Huishouqian, false) => hsq::query(self, &p, order_no).await,
            (Acquirer::Huishouqian, true) => hsq::close(self, &p, order_no).await,
            (Acquirer::Mpgateway, false) => mpg::query(self, &p, order_no).await,
            (Acquirer::Mpgateway, true) => mpg::cancel(self, &p, order_no).await,
        }
    }

    /// Refunds all or part of a paid order (not offered by the MD5 gateway). `input.refund_no` is fixed
    /// when the dialog opens; empty = a new number now.
    pub async fn acquiring_refund(&self, profile: &Profile, mut input: RefundInput) -> Result<RefundView, Error> {
        // Named by the dialog's fields: the acquirers' own names (慧收钱 calls the refund amount orderAmt)
        // would put the error on the wrong input.
        check_amount("amountFen", input.amount_fen)?;
        check_amount("orderAmountFen", input.order_amount_fen)?;
        if input.amount_fen > input.order_amount_fen {
            return Err(Error::invalid("amountFen", "is larger than the order's amount"));
        }
        if input.refund_no.trim().is_empty() {
            input.refund_no = self.new_req_seq_id();
        }
        let p = self.acquiring_profile(profile).await?;
        if input.notify_url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            input.notify_url = self.default_notify_url(&p);
        }
        match p.acquirer {
            Acquirer::Dougong => dougong_impl::refund(self, &p, &input).await,
            Acquirer::Huishouqian => hsq::refund(self, &p, &input).await,
            Acquirer::Mpgateway => Err(not_supported("refund", p.acquirer)),
        }
    }

    /// A refund's state now.
    pub async fn acquiring_refund_query(
        &self,
        profile: &Profile,
        refund_no: &str,
        merchant: Option<&str>,
    ) -> Result<RefundView, Error> {
        let p = self.acquiring_profile(profile).await?;
        match p.acquirer {
            Acquirer::Dougong => dougong_impl::refund_query(self, &p, refund_no, merchant).await,
            Acquirer::Huishouqian => hsq::refund_query(self, &p, refund_no).await,
            Acquirer::Mpgateway => Err(not_supported("refund query", p.acquirer)),
        }
    }

    /// Verifies a notification body as received (form-encoded POST body or GET query string) with the
    /// profile's keys. A bad signature is `Signature`: answer anything but `ack` and never act on it.
    pub fn acquiring_verify_notification(&self, profile: &Profile, body: &[u8]) -> Result<NoticeView, Error> {
        match profile.acquirer {
            Acquirer::Dougong => dougong_impl::verify_notice(self, profile, body),
            Acquirer::Huishouqian => hsq::verify_notice(self, profile, body),
            Acquirer::Mpgateway => mpg::verify_notice(self, profile, body),
        }
    }
}
