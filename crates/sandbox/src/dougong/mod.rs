//! The dougong (斗拱) v2 gateway simulator: one router with every endpoint the client covers, the
//! envelope and signature rules of spec §2, and the rules of each step of the merchant journey (§6).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;

pub mod audit;
pub mod bill_files;
pub mod bills;
pub mod busi;
pub mod canonical;
pub mod cards;
pub mod envelope;
pub mod ids;
pub mod merchant_query;
pub mod money;
pub mod notices;
pub mod onboarding;
pub mod picture;
pub mod realname;
pub mod refund;
pub mod settle;
pub mod signing;
pub mod split;
pub mod state;
pub mod terminal;
pub mod trade;
pub mod trade_checks;
pub mod trade_query;
pub mod validate;
pub mod wxconfig;

use envelope::{Ctx, Handler};
use state::Merchant;
use validate::{check, f, refuse, Data, Refusal, F};

use crate::Shared;

/// One JSON endpoint: path, body, and whether it writes (writes refuse a reused req_seq_id).
pub struct Endpoint {
    pub path: &'static str,
    pub handler: Handler,
    pub write: bool,
}

const fn w(path: &'static str, handler: Handler) -> Endpoint {
    Endpoint { path, handler, write: true }
}

const fn r(path: &'static str, handler: Handler) -> Endpoint {
    Endpoint { path, handler, write: false }
}

/// Every JSON endpoint of the simulator.
pub static ENDPOINTS: &[Endpoint] = &[
    w("/v2/merchant/basicdata/ent", onboarding::ent),
    w("/v2/merchant/basicdata/indv", onboarding::indv),
    w("/v2/merchant/basicdata/modify", onboarding::modify),
    r("/v2/merchant/basicdata/query", merchant_query::detail),
    r("/v2/merchant/basicdata/status/query", merchant_query::status),
    w("/v2/merchant/busi/open", busi::open),
    w("/v2/merchant/busi/modify", busi::modify),
    r("/v2/merchant/busi/mercode/query", busi::mercode_query),
    w("/v2/merchant/busi/realname", realname::wx_apply),
    r("/v2/merchant/busi/realname/query", realname::wx_query),
    w("/v2/merchant/busi/ali/realname/apply", realname::ali_apply),
    r("/v2/merchant/busi/ali/realname/query", realname::ali_query),
    w("/v2/merchant/busi/config", wxconfig::config),
    r("/v2/merchant/busi/config/query", wxconfig::query),
    w("/v2/terminaldevice/deviceInfo/add", terminal::add),
    r("/v2/terminaldevice/deviceInfo/query", terminal::query),
    w("/v2/terminaldevice/deviceInfo/cancel", terminal::cancel),
    w("/v2/merchant/split/config", split::config),
    r("/v2/merchant/split/query", split::query),
    w("/v2/trade/payment/jspay", trade::jspay),
    w("/v3/trade/payment/jspay", trade::jspay),
    w("/v2/trade/payment/micropay", trade::micropay),
    w("/v3/trade/payment/micropay", trade::micropay),
    r("/v2/trade/payment/scanpay/query", trade_query::query),
    r("/v3/trade/payment/scanpay/query", trade_query::query),
    w("/v2/trade/payment/scanpay/close", trade_query::close),
    r("/v2/trade/payment/scanpay/closequery", trade_query::close_query),
    w("/v2/trade/payment/scanpay/refund", refund::refund),
    w("/v3/trade/payment/scanpay/refund", refund::refund),
    r("/v2/trade/payment/scanpay/refundquery", refund::query),
    r("/v3/trade/payment/scanpay/refundquery", refund::query),
    r("/v2/trade/acctpayment/balance/query", settle::balance),
    w("/v2/trade/settlement/encashment", settle::encashment),
    w("/v2/trade/settlement/enchashment", settle::encashment),
    r("/v2/trade/settlement/query", settle::query),
    w("/v2/merchant/busi/bill/config", bills::config),
    r("/v2/merchant/busi/bill/query", bills::config_query),
    r("/v2/trade/check/filequery", bills::filequery),
    w("/v2/trade/check/replay", bills::replay),
];

/// The dougong router (to be merged with the other acquirers' and put behind the traffic layer).
pub fn routes() -> Router<Arc<Shared>> {
    // Files up to 10 MB plus the form around them; the handler answers the size rules with Huifu's texts.
    let mut router = Router::new()
        .route("/v2/supplementary/picture", post(picture::handle).layer(DefaultBodyLimit::max(12 * 1024 * 1024)));
    for ep in ENDPOINTS {
        let (path, handler, write) = (ep.path, ep.handler, ep.write);
        router = router.route(
            path,
            post(move |State(s): State<Arc<Shared>>, headers: HeaderMap, body: Bytes| {
                envelope::handle_json(s, path, write, handler, headers, body)
            }),
        );
    }
    router
}

/// The merchant `huifu_id`, if the caller owns it; `approved` also requires a finished onboarding.
pub fn merchant_mut<'c>(ctx: &'c mut Ctx<'_>, huifu_id: &str, approved: bool) -> Result<&'c mut Merchant, Refusal> {
    let Some(m) = ctx.w.merchants.get_mut(huifu_id) else {
        return Err(refuse("20000005", format!("商户[{huifu_id}]不存在")));
    };
    if m.sys_id != ctx.sys_id {
        return Err(refuse("23000002", "数据权限不足"));
    }
    if approved && m.status != "Y" {
        return Err(refuse("20000006", "商户状态异常:入驻审核未通过"));
    }
    Ok(m)
}

/// The head of the two scan queries (trade §7.17, refund): the merchant and the original's ids, with
/// `own_id` the field naming the merchant's own order id (`out_ord_id` / `mer_ord_id`). Returns `huifu_id`.
pub fn query_head(ctx: &mut Ctx<'_>, d: &Data, own_id: F) -> Result<String, Refusal> {
    check(
        d,
        &[
            f("huifu_id", 32).y(),
            f("org_req_date", 8).date(),
            f("org_hf_seq_id", 128),
            f("org_req_seq_id", 128),
            own_id,
        ],
    )?;
    let huifu_id = d.s("huifu_id");
    merchant_mut(ctx, &huifu_id, false)?;
    Ok(huifu_id)
}

/// Moves due work forward; called by the sandbox's ticker. Returns bill files to build outside the lock.
pub fn tick(s: &Shared) -> Vec<bill_files::BuildJob> {
    let now = s.clock.now_ms();
    let mut w = s.dg.lock();
    audit::tick(s, &mut w, now);
    realname::tick(s, &mut w, now);
    trade::tick(s, &mut w, now);
    trade_query::tick(s, &mut w, now);
    refund::tick(s, &mut w, now);
    settle::tick(s, &mut w, now);
    bills::tick(s, &mut w, now)
}
