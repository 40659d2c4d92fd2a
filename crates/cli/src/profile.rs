//! `paydesk profile`: accounts and their keys.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use desk::{Environment, Error, KeyImport, NewProfile, ProfileChanges, Secret};

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// List profiles (the active one is marked *).
    List,
    /// Show one profile and what keys it holds.
    Show { name: Option<String> },
    /// Add a profile (keys come next: import-keys or generate-key).
    Add {
        name: String,
        /// prod, joint-debug or sandbox.
        #[arg(long)]
        env: String,
        #[arg(long)]
        sys_id: String,
        /// Dougong's product id (not used by the other acquirers).
        #[arg(long, default_value = "")]
        product_id: String,
        /// Default: the environment's URL of the acquirer (the MD5 gateway has none: give it).
        #[arg(long)]
        base_url: Option<String>,
        /// dougong (default), huishouqian or mpgateway; for the last two, --sys-id is the merchant number /
        /// merid and keys come with `paydesk acquiring import-keys`.
        #[arg(long, value_enum)]
        acquirer: Option<crate::acquiring::AcquirerArg>,
    },
    /// Change a profile's settings. A new environment or base URL changes where requests go: it asks
    /// first (or needs --yes when not on a terminal) and is recorded in the audit log.
    Set {
        name: String,
        /// prod, joint-debug or sandbox.
        #[arg(long)]
        env: Option<String>,
        #[command(flatten)]
        host: HostArgs,
    },
    /// Make a profile the active one.
    Use { name: String },
    /// Delete a profile and its keychain entries.
    Delete { name: String },
    /// Import keys from files (bare base64 or PEM); checked before anything is saved.
    ImportKeys {
        name: String,
        #[arg(long)]
        private_key: PathBuf,
        /// Your public key as uploaded to Huifu (checked to pair with the private key).
        #[arg(long)]
        merchant_public_key: Option<PathBuf>,
        #[arg(long)]
        huifu_public_key: Option<PathBuf>,
    },
    /// Generate a new key pair; prints the public key to upload to Huifu's console.
    GenerateKey { name: String },
    /// Remove a profile's keys from the keychain.
    DeleteKeys { name: String },
    /// Set a profile's tuning settings, KEY=VALUE (an empty VALUE removes it): `timeout_ms` (the answer
    /// timeout), `absent_grace_ms` (how long after a first "not found" a second query may conclude that a
    /// write whose answer was lost never arrived; default 60000).
    Tune { name: String, settings: Vec<String> },
}

fn read(path: &PathBuf, field: &str) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::invalid(field, format!("cannot read {}: {e}", path.display())))
}

/// Where a dougong gateway is and who we are on it: the same three flags wherever they are given.
#[derive(Args, Debug)]
pub struct HostArgs {
    /// Gateway base URL, e.g. https://api.huifu.com or the sandbox's http://127.0.0.1:PORT.
    #[arg(long)]
    pub base_url: Option<String>,
    #[arg(long)]
    pub sys_id: Option<String>,
    #[arg(long)]
    pub product_id: Option<String>,
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let d = &ctx.desk;
    match cmd {
        Cmd::List => {
            let active = d.active_profile().map(|p| p.name).unwrap_or_default();
            let list = d.list_profiles()?;
            ctx.print(&list, |l| {
                l.iter()
                    .map(|p| {
                        format!(
                            "{} {:<16} {:<12} {:<10} {} {}{}",
                            if p.name == active { "*" } else { " " },
                            p.name,
                            p.environment.as_str(),
                            p.sys_id,
                            p.base_url,
                            p.key_id.as_deref().unwrap_or("(no key)"),
                            if p.production && p.environment != Environment::Prod { "  PRODUCTION HOST" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Show { name } => {
            let p = d.resolve_profile(name.as_deref().or(ctx.g.profile.as_deref()))?;
            let keys = d.key_info(&p.name)?;
            let out = serde_json::json!({ "profile": p, "keys": keys });
            ctx.print(&out, |_| {
                format!(
                    "name:        {}\nenvironment: {}\nbase URL:    {}\nsys_id:      {}\nproduct_id:  {}\nkey id:      {}\nhuifu key:   {}\npublic key:  {}",
                    p.name, p.environment.as_str(), p.base_url, p.sys_id, p.product_id,
                    keys.key_id.as_deref().unwrap_or("(none)"), if keys.has_huifu_public_key { "stored" } else { "(none)" },
                    keys.merchant_public_key.as_deref().unwrap_or("(none)")
                )
            });
        }
        Cmd::Add { name, env, sys_id, product_id, base_url, acquirer } => {
            let environment = Environment::parse(&env)?;
            let acquirer = acquirer.map(crate::acquiring::AcquirerArg::acquirer);
            let base_url = base_url.or_else(|| crate::acquiring::default_base_url(acquirer, environment));
            let p = d.create_profile(NewProfile {
                name,
                acquirer,
                environment: Some(environment),
                sys_id,
                product_id,
                base_url,
                ..Default::default()
            })?;
            ctx.print(&p, |p| format!("added profile {} ({})", p.name, p.base_url));
        }
        Cmd::Set { name, env, host: HostArgs { base_url, sys_id, product_id } } => {
            let environment = env.as_deref().map(Environment::parse).transpose()?;
            let mut ch = ProfileChanges { environment, base_url, sys_id, product_id, ..Default::default() };
            if let Some(m) = desk::profile::destination_change(&d.profile(&name)?, &ch) {
                ctx.confirm(&format!("Change where requests go, {}", m.describe()))?;
                ch.destination_confirmed = true;
            }
            let p = d.update_profile(&name, ch)?;
            ctx.print(&p, |p| {
                format!(
                    "profile {}: {} {}{}",
                    p.name,
                    p.environment.as_str(),
                    p.base_url,
                    if p.production { " (production)" } else { "" }
                )
            });
        }
        Cmd::Use { name } => {
            let p = d.set_active_profile(&name)?;
            ctx.print(&p, |p| format!("active profile: {}", p.name));
        }
        Cmd::Delete { name } => {
            d.delete_profile(&name)?;
            ctx.print(&serde_json::json!({"deleted": name}), |_| format!("deleted profile {name}"));
        }
        Cmd::ImportKeys { name, private_key, merchant_public_key, huifu_public_key } => {
            let keys = KeyImport {
                private_key: Secret::new(read(&private_key, "private_key")?),
                merchant_public_key: merchant_public_key
                    .as_ref()
                    .map(|p| read(p, "merchant_public_key"))
                    .transpose()?,
                huifu_public_key: huifu_public_key.as_ref().map(|p| read(p, "huifu_public_key")).transpose()?,
            };
            let info = d.import_keys(&name, keys)?;
            ctx.print(&info, |i| {
                format!(
                    "keys stored in the OS keychain for {} (key id {})",
                    i.profile,
                    i.key_id.as_deref().unwrap_or("")
                )
            });
        }
        Cmd::GenerateKey { name } => {
            let info = d.generate_key(&name)?;
            ctx.print(&info, |i| {
                format!(
                    "new key {} for {}; upload this public key to Huifu's console:\n{}",
                    i.key_id.as_deref().unwrap_or(""),
                    i.profile,
                    i.merchant_public_key.as_deref().unwrap_or("")
                )
            });
        }
        Cmd::Tune { name, settings } => {
            let mut extra = d.profile(&name)?.extra;
            for kv in &settings {
                let (k, v) =
                    kv.split_once('=').ok_or_else(|| Error::invalid("settings", format!("{kv:?} is not KEY=VALUE")))?;
                if !matches!(k, "timeout_ms" | "absent_grace_ms") {
                    return Err(Error::invalid(
                        "settings",
                        format!("{k} is not a setting (timeout_ms, absent_grace_ms)"),
                    ));
                }
                if v.is_empty() {
                    extra.remove(k);
                } else {
                    v.parse::<u64>()
                        .map_err(|_| Error::invalid(k, format!("{v:?} is not a number of milliseconds")))?;
                    extra.insert(k.to_string(), v.to_string());
                }
            }
            let p = d.update_profile(&name, desk::ProfileChanges { extra: Some(extra), ..Default::default() })?;
            ctx.print(&p, |p| {
                format!(
                    "profile {}: {}",
                    p.name,
                    p.extra.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
                )
            });
        }
        Cmd::DeleteKeys { name } => {
            let info = d.delete_keys(&name)?;
            ctx.print(&info, |i| format!("keys of {} removed from the keychain", i.profile));
        }
    }
    Ok(())
}
