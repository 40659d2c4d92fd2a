//! `paydesk acquiring`: the operations every acquirer shares (order, query, close/cancel, refund, refund
//! query, notification check) through desk's acquiring interface, for dougong, 慧收钱 and the MD5 gateway.
//! `--acquirer` picks the acquirer; without `--profile` the active profile is used when it belongs to that
//! acquirer, else the built-in sandbox profile of that acquirer.

use clap::{Subcommand, ValueEnum};
use desk::acquiring::{
    CreateOrderInput, NoticeView, OrderView, RefundInput, RefundView, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE,
};
use desk::{Acquirer, Error, Profile, SANDBOX_PROFILE};

use crate::ctx::Ctx;

/// The acquirer a command acts on.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcquirerArg {
    Dougong,
    Huishouqian,
    Mpgateway,
}

/// The base URL a new profile of `acquirer` gets when none is given (dougong's is desk's default).
pub fn default_base_url(acquirer: Option<Acquirer>, env: desk::Environment) -> Option<String> {
    match (acquirer, env) {
        (Some(Acquirer::Huishouqian), desk::Environment::Prod) => Some(huishouqian::client::PRODUCTION_BASE_URL.into()),
        (Some(Acquirer::Huishouqian), desk::Environment::JointDebug) => Some(huishouqian::client::TEST_BASE_URL.into()),
        _ => None,
    }
}

impl AcquirerArg {
    /// The desk acquirer.
    pub fn acquirer(self) -> Acquirer {
        match self {
            AcquirerArg::Dougong => Acquirer::Dougong,
            AcquirerArg::Huishouqian => Acquirer::Huishouqian,
            AcquirerArg::Mpgateway => Acquirer::Mpgateway,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create an order and print what the payer needs: a QR's content, the link they open (WxJsApi), or
    /// the mini-program to open (WQF_APPLET); reverse scan (WxCode, AliCode, QQCode) takes their --code.
    Create {
        /// dougong trade_type, 慧收钱 payType (DYNAMIC_ALL, WECHAT_JSAPI, WQF_APPLET, ...) or gateway action (WxSao, WxCode, ...).
        #[arg(long)]
        product: String,
        /// Amount in yuan, e.g. 0.01.
        #[arg(long, allow_negative_numbers = true)]
        amount: String,
        #[arg(long, default_value = "Paydesk test order")]
        goods: String,
        /// Keep the same number to retry safely (never a second order).
        #[arg(long)]
        order_no: Option<String>,
        #[arg(long)]
        notify_url: Option<String>,
        /// openid / Alipay user id (JSAPI, mini-program).
        #[arg(long)]
        payer_id: Option<String>,
        #[arg(long)]
        app_id: Option<String>,
        #[arg(long)]
        payer_ip: Option<String>,
        /// Reverse scan (MD5 gateway WxCode / AliCode / QQCode): the payer's payment code, scanned or typed.
        #[arg(long)]
        code: Option<String>,
    },
    /// The order's state now.
    Query { order_no: String },
    /// Close (or, on the MD5 gateway, cancel) an unpaid order.
    Close { order_no: String },
    /// Refund all or part of a paid order.
    Refund {
        #[arg(long)]
        order_no: String,
        /// Refund amount in yuan.
        #[arg(long, allow_negative_numbers = true)]
        amount: String,
        /// The paid order's amount in yuan.
        #[arg(long, allow_negative_numbers = true)]
        order_amount: String,
        #[arg(long)]
        refund_no: Option<String>,
        #[arg(long)]
        reason: Option<String>,
        /// A refund of the same order and amount as one made in the last 24 hours is meant (else refused
        /// with `confirm_repeat`).
        #[arg(long)]
        allow_repeat: bool,
    },
    /// A refund's state now.
    RefundQuery { refund_no: String },
    /// Verify a notification body saved to a file (as received: form-encoded).
    VerifyNotice { body_file: std::path::PathBuf },
    /// Store a 慧收钱 or MD5-gateway profile's keys in the OS keychain (checked before anything is saved).
    /// Secrets are read from environment variables, never from the command line.
    ImportKeys {
        /// 慧收钱: the merchant .pfx file.
        #[arg(long)]
        pfx: Option<std::path::PathBuf>,
        /// 慧收钱: name of the environment variable holding the .pfx password.
        #[arg(long, default_value = "PAYDESK_PFX_PASSWORD")]
        pfx_password_env: String,
        /// 慧收钱: the merchant private key as a PEM file (instead of a .pfx).
        #[arg(long)]
        private_key_pem: Option<std::path::PathBuf>,
        /// 慧收钱: the platform certificate MANDAO_<merchantNo>_pub.cer (DER or PEM).
        #[arg(long)]
        platform_cert: Option<std::path::PathBuf>,
        /// 慧收钱: environment variable holding the 32-hex sign key.
        #[arg(long, default_value = "PAYDESK_SIGN_KEY")]
        sign_key_env: String,
        /// MD5 gateway: environment variable holding the merchant key.
        #[arg(long, default_value = "PAYDESK_MD5_KEY")]
        md5_key_env: String,
    },
    /// Built-in sandbox: the payer pays the order (with --tamper its notification carries a broken signature).
    SandboxPay {
        order_no: String,
        #[arg(long)]
        tamper: bool,
    },
    /// Built-in sandbox: fetch the latest notification about the order and verify it.
    SandboxNotice { order_no: String },
}

/// A yuan amount from the command line as fen; at least 0.01 (the flag is named in the error).
pub(crate) fn fen(field: &str, yuan: &str) -> Result<i64, Error> {
    match dougong::Fen::parse_yuan(yuan.trim()) {
        Ok(f) if f.0 > 0 && f.0 <= desk::acquiring::MAX_AMOUNT_FEN => Ok(f.0),
        Ok(f) if f.0 > 0 => Err(Error::invalid(field, "is larger than 99999999999.99 yuan")),
        Ok(_) => Err(Error::invalid(field, "must be at least 0.01 yuan")),
        Err(e) => Err(Error::invalid(field, e.to_string())),
    }
}

pub(crate) async fn profile(ctx: &Ctx, acquirer: Option<AcquirerArg>) -> Result<Profile, Error> {
    let Some(a) = acquirer.map(AcquirerArg::acquirer) else { return ctx.profile() };
    if let Some(name) = ctx.g.profile.as_deref() {
        let p = ctx.desk.profile(name)?;
        if p.acquirer != a {
            return Err(Error::invalid(
                "acquirer",
                format!("profile {} is a {} profile, not {}", p.name, p.acquirer.as_str(), a.as_str()),
            ));
        }
        return Ok(p);
    }
    if let Ok(p) = ctx.profile() {
        if p.acquirer == a {
            return Ok(p);
        }
    }
    let name = match a {
        Acquirer::Dougong => SANDBOX_PROFILE,
        Acquirer::Huishouqian => SANDBOX_HSQ_PROFILE,
        Acquirer::Mpgateway => SANDBOX_MPG_PROFILE,
    };
    if a != Acquirer::Dougong {
        ctx.desk.ensure_acquirer_sandbox_profiles().await?;
    }
    ctx.desk.profile(name)
}

pub(crate) fn yuan(fen: i64) -> String {
    dougong::Fen(fen).to_yuan_string()
}

fn order_text(o: &OrderView) -> String {
    let mut s =
        format!("{} {} {:?} ({}) {} yuan", o.acquirer.as_str(), o.order_no, o.state, o.raw_status, yuan(o.amount_fen));
    if let Some(q) = &o.qr {
        s.push_str(&format!("\nqr: {q}"));
    }
    if let Some(l) = &o.payer_link {
        s.push_str(&format!("\npayer opens: {l}"));
    }
    if let Some(m) = &o.mini_program {
        s.push_str(&format!(
            "\nmini-program (open it, not a QR): appid={} path={} username={} version={}",
            m.appid, m.path, m.username, m.version
        ));
    }
    if o.state == desk::acquiring::TradeState::Hold {
        s.push_str("\nheld for investigation (协查调单): neither paid nor failed; contact the acquirer");
    }
    s
}

fn refund_text(r: &RefundView) -> String {
    format!(
        "{} refund {} {:?} ({}) {} yuan",
        r.acquirer.as_str(),
        r.refund_no,
        r.state,
        r.raw_status,
        yuan(r.amount_fen)
    )
}

fn notice_text(n: &NoticeView) -> String {
    format!(
        "verified {} notification: {} {:?} {} yuan (answer {:?})",
        n.kind,
        n.order_no,
        n.state,
        yuan(n.amount_fen),
        n.ack
    )
}

pub async fn run(ctx: Ctx, acquirer: Option<AcquirerArg>, merchant: Option<String>, cmd: Cmd) -> Result<(), Error> {
    let p = profile(&ctx, acquirer).await?;
    match cmd {
        Cmd::Create { product, amount, goods, order_no, notify_url, payer_id, app_id, payer_ip, code } => {
            let input = CreateOrderInput {
                order_no: order_no.unwrap_or_default(),
                product,
                amount_fen: fen("amount", &amount)?,
                goods,
                notify_url,
                payer_id,
                app_id,
                payer_ip,
                payer_code: code,
                merchant: merchant.clone(),
            };
            let p = ctx.confirm_write(p, "Create an order")?;
            let o = ctx.desk.acquiring_create_order(&p, input).await?;
            ctx.print(&o, order_text);
        }
        Cmd::Query { order_no } => {
            ctx.print(&ctx.desk.acquiring_query(&p, &order_no, merchant.as_deref()).await?, order_text)
        }
        Cmd::Close { order_no } => {
            ctx.print(&ctx.desk.acquiring_close(&p, &order_no, merchant.as_deref()).await?, order_text)
        }
        Cmd::Refund { order_no, amount, order_amount, refund_no, reason, allow_repeat } => {
            let input = RefundInput {
                refund_no: refund_no.unwrap_or_default(),
                order_no,
                amount_fen: fen("amount", &amount)?,
                order_amount_fen: fen("order_amount", &order_amount)?,
                reason,
                notify_url: None,
                merchant: merchant.clone(),
                allow_repeat,
            };
            let p = ctx.confirm_write(p, "Refund")?;
            ctx.print(&ctx.desk.acquiring_refund(&p, input).await?, refund_text);
        }
        Cmd::RefundQuery { refund_no } => {
            ctx.print(&ctx.desk.acquiring_refund_query(&p, &refund_no, merchant.as_deref()).await?, refund_text)
        }
        Cmd::VerifyNotice { body_file } => {
            let body = std::fs::read(&body_file)
                .map_err(|e| Error::invalid("body_file", format!("cannot read {}: {e}", body_file.display())))?;
            ctx.print(&ctx.desk.acquiring_verify_notification(&p, &body)?, notice_text);
        }
        Cmd::SandboxPay { order_no, tamper } => {
            ctx.desk.acquiring_sandbox_pay(&p, &order_no, tamper).await?;
            ctx.print(&serde_json::json!({"paid": order_no, "tamperedNotification": tamper}), |_| {
                format!("paid {order_no}")
            });
        }
        Cmd::ImportKeys { pfx, pfx_password_env, private_key_pem, platform_cert, sign_key_env, md5_key_env } => {
            use base64::Engine as _;
            let read = |field: &str, path: &std::path::Path| {
                std::fs::read(path).map_err(|e| Error::invalid(field, format!("cannot read {}: {e}", path.display())))
            };
            let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty()).map(desk::Secret::new);
            let keys = desk::acquiring::AcquirerKeyImport {
                pfx_base64: pfx
                    .as_deref()
                    .map(|f| read("pfx", f))
                    .transpose()?
                    .map(|b| desk::Secret::new(base64::engine::general_purpose::STANDARD.encode(b))),
                pfx_password: env(&pfx_password_env),
                private_key_pem: private_key_pem
                    .as_deref()
                    .map(|f| read("private_key_pem", f))
                    .transpose()?
                    .map(|b| desk::Secret::new(String::from_utf8_lossy(&b).into_owned())),
                platform_cert: platform_cert.as_deref().map(|f| read("platform_cert", f)).transpose()?.map(|b| {
                    match std::str::from_utf8(&b) {
                        Ok(t) if t.trim_start().starts_with("-----BEGIN") => t.to_string(),
                        _ => base64::engine::general_purpose::STANDARD.encode(&b),
                    }
                }),
                sign_key: env(&sign_key_env),
                md5_key: env(&md5_key_env),
            };
            let id = ctx.desk.import_acquirer_keys(&p.name, keys)?;
            ctx.print(&serde_json::json!({"profile": p.name, "keyId": id}), |_| {
                format!("keys stored in the keychain for {} (key id {id})", p.name)
            });
        }
        Cmd::SandboxNotice { order_no } => {
            ctx.print(&ctx.desk.acquiring_sandbox_notice(&p, &order_no).await?, notice_text)
        }
    }
    Ok(())
}
