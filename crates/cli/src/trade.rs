//! `paydesk trade`: test orders for a merchant — a QR order, a payment-code charge, query, close and close
//! query. Dougong goes through desk's order service (trades kept locally for `paydesk refund`); 慧收钱 and
//! the MD5 gateway go through desk's acquiring interface exactly as `paydesk acquiring` does.

use clap::Subcommand;
use desk::services::trade::close::{CloseForm, CloseRecord};
use desk::services::trade::{PayCodeForm, QrOrderForm, SplitPart, TradeRecord, TradeRef};
use desk::{Error, Profile};

use crate::acquiring::{self, fen, yuan, AcquirerArg};
use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create a QR order and print the QR content (dougong: optionally save it as PNG / SVG).
    Create {
        /// Amount in yuan (default 0.01).
        #[arg(long, default_value = "0.01")]
        amount: String,
        /// dougong trade_type (A_NATIVE default, T_NATIVE, U_NATIVE...), 慧收钱 payType, gateway action.
        #[arg(long)]
        product: Option<String>,
        #[arg(long, default_value = "Paydesk test order")]
        goods: String,
        /// Keep the same id to retry safely (never a second order).
        #[arg(long, alias = "order-no")]
        req_seq_id: Option<String>,
        #[arg(long)]
        notify_url: Option<String>,
        /// Dougong split: RECEIVER_HUIFU_ID:YUAN, repeated (must add up to the amount).
        #[arg(long)]
        split: Vec<String>,
        /// Write the QR as a PNG file.
        #[arg(long)]
        qr_png: Option<std::path::PathBuf>,
        /// Write the QR as an SVG file.
        #[arg(long)]
        qr_svg: Option<std::path::PathBuf>,
    },
    /// Charge the payer's payment code (dougong micropay; the MD5 gateway's reverse scan with --product).
    PayCode {
        /// The payment code, typed or scanned (16–24 digits).
        #[arg(long, alias = "code")]
        auth_code: String,
        /// MD5 gateway: WxCode, AliCode or QQCode (dougong picks the channel from the code).
        #[arg(long)]
        product: Option<String>,
        #[arg(long, default_value = "0.01")]
        amount: String,
        #[arg(long, default_value = "Paydesk test order")]
        goods: String,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// The order's state now (scan query).
    Query {
        order_no: String,
        /// The order's req_date (yyyyMMdd) when it was not made here.
        #[arg(long)]
        date: Option<String>,
    },
    /// Close an unpaid order (dougong: not within its first minute; final a moment later).
    Close {
        order_no: String,
        /// The close's own id, to retry a close safely.
        #[arg(long)]
        req_seq_id: Option<String>,
        #[arg(long)]
        date: Option<String>,
    },
    /// Where a close stands (dougong close query).
    CloseQuery {
        order_no: String,
        /// The close's req_seq_id (default: the last close sent from here).
        #[arg(long)]
        close_req_seq_id: Option<String>,
    },
    /// Orders made from this desk (dougong).
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Built-in sandbox: the payer pays the order.
    SandboxPay { order_no: String },
}

/// `RECEIVER:YUAN` pairs.
pub(crate) fn parse_split(list: &[String]) -> Result<Vec<SplitPart>, Error> {
    list.iter()
        .map(|s| {
            let (h, a) = s
                .split_once(':')
                .ok_or_else(|| Error::invalid("split", format!("{s:?}: write RECEIVER_HUIFU_ID:YUAN")))?;
            Ok(SplitPart { huifu_id: h.trim().into(), amount_fen: fen("split", a)? })
        })
        .collect()
}

pub(crate) fn trade_text(t: &TradeRecord) -> String {
    let mut s = format!(
        "{} {} {:?} ({}) {} yuan {} hf_seq_id={}",
        t.req_seq_id,
        t.trade_type,
        t.state,
        t.trans_stat,
        yuan(t.amount_fen),
        t.huifu_id,
        t.hf_seq_id.as_deref().unwrap_or("-")
    );
    if let Some(q) = &t.qr_code {
        s.push_str(&format!("\nqr: {q}"));
    }
    if !t.message.is_empty() {
        s.push_str(&format!("\n{}", t.message));
    }
    s
}

fn close_text(c: &CloseRecord) -> String {
    format!(
        "close {} of {}: {:?} ({}), order trans_stat {}",
        c.req_seq_id, c.org_req_seq_id, c.state, c.trans_stat, c.org_trans_stat
    )
}

pub(crate) fn merchant_of(p: &Profile, merchant: &Option<String>) -> String {
    merchant.clone().filter(|m| !m.is_empty()).unwrap_or_else(|| p.sys_id.clone())
}

pub async fn run(ctx: Ctx, acquirer: Option<AcquirerArg>, merchant: Option<String>, cmd: Cmd) -> Result<(), Error> {
    let acquirer = acquirer.unwrap_or(AcquirerArg::Dougong);
    if acquirer != AcquirerArg::Dougong {
        // The shared interface, exactly as `paydesk acquiring` runs it.
        let routed = match cmd {
            Cmd::Create { amount, product, goods, req_seq_id, notify_url, .. } => acquiring::Cmd::Create {
                product: product
                    .ok_or_else(|| Error::invalid("product", "give --product (慧收钱 payType or gateway action)"))?,
                amount,
                goods,
                order_no: req_seq_id,
                notify_url,
                payer_id: None,
                app_id: None,
                payer_ip: None,
                code: None,
            },
            Cmd::PayCode { auth_code, amount, goods, req_seq_id, product } => acquiring::Cmd::Create {
                product: product
                    .ok_or_else(|| Error::invalid("product", "give --product (WxCode, AliCode or QQCode)"))?,
                amount,
                goods,
                order_no: req_seq_id,
                notify_url: None,
                payer_id: None,
                app_id: None,
                payer_ip: None,
                code: Some(auth_code),
            },
            Cmd::Query { order_no, .. } => acquiring::Cmd::Query { order_no },
            Cmd::Close { order_no, .. } => acquiring::Cmd::Close { order_no },
            Cmd::SandboxPay { order_no } => acquiring::Cmd::SandboxPay { order_no, tamper: false },
            _ => return Err(Error::invalid("acquirer", "close-query and list are dougong only")),
        };
        return acquiring::run(ctx, Some(acquirer), merchant, routed).await;
    }
    let p = acquiring::profile(&ctx, Some(acquirer)).await?;
    let h = merchant_of(&p, &merchant);
    let tref = |order_no: String, date: Option<String>| TradeRef {
        huifu_id: h.clone(),
        req_seq_id: Some(order_no),
        req_date: date,
        hf_seq_id: None,
    };
    match cmd {
        Cmd::Create { amount, product, goods, req_seq_id, notify_url, split, qr_png, qr_svg } => {
            let form = QrOrderForm {
                req_seq_id,
                huifu_id: h.clone(),
                trade_type: product,
                amount_fen: Some(fen("amount", &amount)?),
                goods_desc: Some(goods),
                notify_url,
                split: parse_split(&split)?,
                ..Default::default()
            };
            let p = ctx.confirm_write(p, "Create an order")?;
            let o = ctx.desk.create_qr_order(&p, form).await?;
            if let Some(img) = &o.qr {
                use base64::Engine as _;
                if let Some(f) = &qr_png {
                    let png = base64::engine::general_purpose::STANDARD
                        .decode(&img.png_base64)
                        .map_err(|e| Error::new(desk::ErrorCode::Internal, e.to_string()))?;
                    std::fs::write(f, png)
                        .map_err(|e| Error::invalid("qr_png", format!("cannot write {}: {e}", f.display())))?;
                }
                if let Some(f) = &qr_svg {
                    std::fs::write(f, &img.svg)
                        .map_err(|e| Error::invalid("qr_svg", format!("cannot write {}: {e}", f.display())))?;
                }
            }
            ctx.print(&o.trade, trade_text);
        }
        Cmd::PayCode { auth_code, amount, goods, req_seq_id, .. } => {
            let form = PayCodeForm {
                req_seq_id,
                huifu_id: h.clone(),
                auth_code,
                amount_fen: Some(fen("amount", &amount)?),
                goods_desc: Some(goods),
                ..Default::default()
            };
            let p = ctx.confirm_write(p, "Charge a payment code")?;
            ctx.print(&ctx.desk.pay_by_code(&p, form).await?, trade_text);
        }
        Cmd::Query { order_no, date } => ctx.print(&ctx.desk.query_trade(&p, tref(order_no, date)).await?, trade_text),
        Cmd::Close { order_no, req_seq_id, date } => {
            let p = ctx.confirm_write(p, "Close an order")?;
            ctx.print(
                &ctx.desk.close_trade(&p, CloseForm { req_seq_id, trade: tref(order_no, date) }).await?,
                close_text,
            );
        }
        Cmd::CloseQuery { order_no, close_req_seq_id } => {
            ctx.print(&ctx.desk.close_status(&p, tref(order_no, None), close_req_seq_id).await?, close_text)
        }
        Cmd::List { limit } => {
            let l = ctx.desk.list_trades(&p, merchant.as_deref(), limit)?;
            ctx.print(&l, |l| l.iter().map(trade_text).collect::<Vec<_>>().join("\n"));
        }
        Cmd::SandboxPay { order_no } => {
            ctx.desk.acquiring_sandbox_pay(&p, &order_no, false).await?;
            ctx.print(&serde_json::json!({"paid": order_no}), |_| format!("paid {order_no}"));
        }
    }
    Ok(())
}
