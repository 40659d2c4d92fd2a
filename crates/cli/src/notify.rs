//! `paydesk notify`: the local receiver of acquirer notifications (serve), what it received (list), and a
//! profile's receiver settings (config).

use clap::Subcommand;
use desk::notify::{NotificationFilter, NotificationPage, NotifySettings, DEFAULT_LISTEN, SETTING_LISTEN};
use desk::{Acquirer, Error};

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Receive notifications until Ctrl-C, for every profile at /notify/<profile>.
    Serve {
        /// host:port (default: the profile's notify_listen setting, else 127.0.0.1:8700).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Received notifications, newest first.
    List {
        /// dougong, huishouqian or mpgateway.
        #[arg(long)]
        acquirer: Option<String>,
        /// trade, refund, withdrawal, audit, busi, bill, unknown.
        #[arg(long)]
        kind: Option<String>,
        /// pending, success, failed, closed, unknown, rejected.
        #[arg(long)]
        state: Option<String>,
        /// Order number / req_seq_id / platform number.
        #[arg(long)]
        order: Option<String>,
        /// Only rejected (bad signature) ones.
        #[arg(long)]
        rejected: bool,
        /// Every profile, not only the chosen one.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Set where the profile's receiver listens and the public URL that reaches it (empty = remove).
    Config {
        #[arg(long)]
        listen: Option<String>,
        /// https://... that a real acquirer can reach (reverse proxy or tunnel to --listen).
        #[arg(long)]
        public_url: Option<String>,
    },
}

fn acquirer(s: &str) -> Result<Acquirer, Error> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| Error::invalid("acquirer", format!("{s:?} is not one of dougong, huishouqian, mpgateway")))
}

fn settings_text(name: &str, s: &NotifySettings) -> String {
    format!(
        "profile {name}: listen {} public URL {}\nnotify_url: {}",
        s.listen.as_deref().unwrap_or("-"),
        s.public_url.as_deref().unwrap_or("-"),
        s.notify_url.as_deref().unwrap_or("(none: set --listen for a sandbox profile, --public-url for a real one)")
    )
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Serve { listen } => {
            let p = ctx.profile()?;
            let listen =
                listen.or_else(|| p.extra.get(SETTING_LISTEN).cloned()).unwrap_or_else(|| DEFAULT_LISTEN.into());
            let rx = ctx.desk.start_notify_receiver(&listen).await?;
            let info = serde_json::json!({"listening": rx.addr().to_string(), "url": rx.url_for(&p.name)});
            ctx.print(&info, |_| {
                format!(
                    "receiving notifications on http://{}/notify/<profile> (this profile: {}); Ctrl-C stops",
                    rx.addr(),
                    rx.url_for(&p.name)
                )
            });
            let _ = tokio::signal::ctrl_c().await;
            rx.stop().await;
        }
        Cmd::List { acquirer: acq, kind, state, order, rejected, all, limit } => {
            let p = ctx.profile()?;
            let f = NotificationFilter {
                profile: (!all).then(|| p.name.clone()),
                acquirer: acq.as_deref().map(acquirer).transpose()?,
                kind,
                state: if rejected { Some("rejected".into()) } else { state },
                order_no: order,
                limit: Some(limit),
                ..Default::default()
            };
            let page = ctx.desk.list_notifications(&f)?;
            let refused = ctx.desk.rejected_notifications(&p.name)?;
            ctx.print(&page, |pg: &NotificationPage| {
                let mut out = format!("{} notification(s)\n", pg.total);
                if rejected && refused.count > 0 {
                    out.push_str(&format!(
                        "{} rejected for {} in all (the last at {}); the newest {} are kept\n",
                        refused.count,
                        p.name,
                        refused.last_at.as_deref().unwrap_or("-"),
                        desk::notify::KEEP_REJECTED
                    ));
                }
                for r in &pg.rows {
                    out.push_str(&format!(
                        "#{} {} {} {} {} {} x{} {} — {}\n",
                        r.id,
                        r.received_at,
                        r.acquirer.as_str(),
                        r.kind,
                        r.order_no,
                        r.state,
                        r.count,
                        if r.verified { "verified" } else { "REJECTED" },
                        r.effect
                    ));
                }
                out
            });
        }
        Cmd::Config { listen, public_url } => {
            let p = ctx.profile()?;
            let now = ctx.desk.notify_settings(&p.name)?;
            let listen = listen.or(now.listen);
            let public_url = public_url.or(now.public_url);
            let s = ctx.desk.set_notify_settings(&p.name, listen.as_deref(), public_url.as_deref())?;
            ctx.print(&s, |s| settings_text(&p.name, s));
        }
    }
    Ok(())
}
