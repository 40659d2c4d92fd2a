//! Profiles: the accounts Paydesk acts as. A profile row holds only non-secret settings; its keys live in
//! the OS keychain (see [`keys`]).

pub mod destination;
pub mod keys;
pub mod probe;

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::keychain::KeySlot;
use crate::vocab::Problem;
use crate::Desk;
pub use destination::{destination, Destination};

/// The audit endpoint of a confirmed change of where a profile's requests go.
pub const DESTINATION_AUDIT_ENDPOINT: &str = "paydesk:profile.destination";

/// The name of the profile that exists from first start and points at the built-in sandbox.
pub const SANDBOX_PROFILE: &str = "sandbox";
/// The 慧收钱 profile of the built-in sandbox.
pub const SANDBOX_HSQ_PROFILE: &str = "sandbox-huishouqian";
/// The MD5-gateway profile of the built-in sandbox.
pub const SANDBOX_MPG_PROFILE: &str = "sandbox-mpgateway";

/// Which acquirer a profile talks to. Dougong is the one with services today; the other two get their
/// own credentials in `extra` (their engineer adds them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Acquirer {
    Dougong,
    Huishouqian,
    Mpgateway,
}

/// Where a profile's requests go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    /// Real money: writes ask for confirmation.
    Prod,
    /// Huifu's merchant joint-debug environment (联调).
    JointDebug,
    /// The built-in local sandbox.
    Sandbox,
}

impl Acquirer {
    /// Wire/database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Acquirer::Dougong => "dougong",
            Acquirer::Huishouqian => "huishouqian",
            Acquirer::Mpgateway => "mpgateway",
        }
    }
    pub(crate) fn parse(s: &str) -> Result<Acquirer, Error> {
        match s {
            "dougong" => Ok(Acquirer::Dougong),
            "huishouqian" => Ok(Acquirer::Huishouqian),
            "mpgateway" => Ok(Acquirer::Mpgateway),
            other => {
                Err(Error::invalid("acquirer", format!("{other:?} is not one of dougong, huishouqian, mpgateway")))
            }
        }
    }
}

impl Environment {
    /// Wire/database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Prod => "prod",
            Environment::JointDebug => "joint_debug",
            Environment::Sandbox => "sandbox",
        }
    }
    /// Accepts the database spelling and the CLI's `joint-debug`.
    pub fn parse(s: &str) -> Result<Environment, Error> {
        match s {
            "prod" | "production" => Ok(Environment::Prod),
            "joint_debug" | "joint-debug" | "test" => Ok(Environment::JointDebug),
            "sandbox" => Ok(Environment::Sandbox),
            other => Err(Error::invalid("environment", format!("{other:?} is not one of prod, joint-debug, sandbox"))),
        }
    }
    /// Dougong's base URL for this environment (spec §1); the sandbox's is set when it starts.
    pub fn default_dougong_base_url(self) -> Option<&'static str> {
        match self {
            Environment::Prod => Some(dougong::client::PRODUCTION_BASE_URL),
            Environment::JointDebug => Some(dougong::client::JOINT_DEBUG_BASE_URL),
            Environment::Sandbox => None,
        }
    }
}

/// The acquirer's base URL for `environment` when the person gives none: dougong's and 慧收钱's published
/// production / test URLs; the MD5 gateway has none (each deployment has its own), the sandbox's is set
/// when it starts.
pub fn default_base_url(acquirer: Acquirer, environment: Environment) -> Option<&'static str> {
    match (acquirer, environment) {
        (Acquirer::Dougong, e) => e.default_dougong_base_url(),
        (Acquirer::Huishouqian, Environment::Prod) => Some(huishouqian::client::PRODUCTION_BASE_URL),
        (Acquirer::Huishouqian, Environment::JointDebug) => Some(huishouqian::client::TEST_BASE_URL),
        _ => None,
    }
}

/// A profile as the UI and CLI see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub name: String,
    pub acquirer: Acquirer,
    pub environment: Environment,
    pub base_url: String,
    pub sys_id: String,
    pub product_id: String,
    /// Non-secret settings of other acquirers.
    pub extra: BTreeMap<String, String>,
    /// Fingerprint of the merchant key pair (16 hex), when keys are stored.
    #[ts(optional)]
    pub key_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Writes against this profile move real money: it is labelled prod, or its base URL is a production
    /// host whatever the label (see [`destination`]). Derived; what every "ask first" checks.
    pub production: bool,
}

impl Profile {
    /// Writes against this profile move real money or real merchants: the label says prod, or the
    /// requests go to a production host (anything not loopback and not a published test host).
    pub fn is_prod(&self) -> bool {
        self.production
    }
}

/// A change of where a profile's requests go (its environment label or its base URL), as a person must
/// confirm it and the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DestinationChange {
    pub profile: String,
    pub from_environment: Environment,
    pub to_environment: Environment,
    pub from_base_url: String,
    pub to_base_url: String,
    /// Writes will go to production after the change.
    pub to_production: bool,
}

impl DestinationChange {
    /// One line for a prompt or a log.
    pub fn describe(&self) -> String {
        format!(
            "profile {}: {} {} → {} {}{}",
            self.profile,
            self.from_environment.as_str(),
            self.from_base_url,
            self.to_environment.as_str(),
            self.to_base_url,
            if self.to_production { " (PRODUCTION: writes move real money)" } else { "" }
        )
    }
}

fn normalized_url(u: &str) -> String {
    u.trim().trim_end_matches('/').to_string()
}

/// What `ch` would change about where `before`'s requests go; `None` when nothing, or when a local
/// sandbox only moves to another loopback port (nothing leaves the machine either way).
pub fn destination_change(before: &Profile, ch: &ProfileChanges) -> Option<DestinationChange> {
    let to_env = ch.environment.unwrap_or(before.environment);
    let to_url = ch.base_url.as_deref().map(normalized_url).unwrap_or_else(|| before.base_url.clone());
    if to_env == before.environment && to_url == before.base_url {
        return None;
    }
    if to_env == before.environment
        && destination(&before.base_url) == Destination::Loopback
        && destination(&to_url) == Destination::Loopback
    {
        return None;
    }
    Some(DestinationChange {
        profile: before.name.clone(),
        from_environment: before.environment,
        to_environment: to_env,
        from_base_url: before.base_url.clone(),
        to_production: to_env == Environment::Prod || destination(&to_url) == Destination::Production,
        to_base_url: to_url,
    })
}

/// What a person fills in to create a profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewProfile {
    pub name: String,
    /// Default: dougong.
    #[ts(optional)]
    pub acquirer: Option<Acquirer>,
    pub environment: Option<Environment>,
    /// Default: the environment's base URL.
    #[ts(optional)]
    pub base_url: Option<String>,
    pub sys_id: String,
    pub product_id: String,
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
}

/// Fields to change on a profile; `None` keeps the value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct ProfileChanges {
    pub environment: Option<Environment>,
    pub base_url: Option<String>,
    pub sys_id: Option<String>,
    pub product_id: Option<String>,
    pub extra: Option<BTreeMap<String, String>>,
    /// The person confirmed the [`DestinationChange`] these changes make. Set by the shell or the CLI
    /// after asking; never taken from the UI's request.
    #[serde(skip)]
    #[ts(skip)]
    pub destination_confirmed: bool,
}

/// Checks a profile name: 1–64 letters (any script), digits, `-`, `_`, `.`; it becomes part of the keychain
/// account name, so no `/`.
pub fn check_name(name: &str) -> Result<(), Error> {
    let n = name.chars().count();
    if n == 0 || n > 64 {
        return Err(Error::problem("name", Problem::ProfileNameLength, &[]));
    }
    if !name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(Error::problem("name", Problem::ProfileNameChars, &[]));
    }
    Ok(())
}

fn check_fields(
    acquirer: Acquirer,
    environment: Environment,
    base_url: &str,
    sys_id: &str,
    product_id: &str,
) -> Result<(), Error> {
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        return Err(Error::problem("base_url", Problem::BaseUrlScheme, &[]));
    }
    if environment == Environment::Prod && !base_url.starts_with("https://") {
        return Err(Error::problem("base_url", Problem::BaseUrlHttps, &[]));
    }
    if acquirer == Acquirer::Dougong {
        if sys_id.is_empty() || sys_id.len() > 32 || !sys_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::problem("sys_id", Problem::HuifuId, &[]));
        }
        if product_id.is_empty() || product_id.len() > 32 || !product_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Error::problem("product_id", Problem::ProductId, &[]));
        }
    }
    Ok(())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Profile, String, String, String)> {
    Ok((
        Profile {
            name: r.get("name")?,
            acquirer: Acquirer::Dougong,
            environment: Environment::Sandbox,
            base_url: r.get("base_url")?,
            sys_id: r.get("sys_id")?,
            product_id: r.get("product_id")?,
            extra: BTreeMap::new(),
            key_id: r.get("key_id")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
            production: false,
        },
        r.get("acquirer")?,
        r.get("environment")?,
        r.get("extra")?,
    ))
}

fn finish((mut p, acq, env, extra): (Profile, String, String, String)) -> Result<Profile, Error> {
    p.acquirer = Acquirer::parse(&acq)?;
    p.environment = Environment::parse(&env)?;
    p.extra = serde_json::from_str(&extra)?;
    p.production = p.environment == Environment::Prod || destination(&p.base_url) == Destination::Production;
    Ok(p)
}

impl Desk {
    /// All profiles, by name.
    pub fn list_profiles(&self) -> Result<Vec<Profile>, Error> {
        self.store().with_conn(|c| {
            let mut st = c.prepare("SELECT * FROM profiles ORDER BY name")?;
            let rows = st.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(finish).collect()
        })
    }

    /// One profile. Errors: `NotFound`.
    pub fn profile(&self, name: &str) -> Result<Profile, Error> {
        let row = self
            .store()
            .with_conn(|c| Ok(c.query_row("SELECT * FROM profiles WHERE name = ?1", [name], from_row).optional()?))?;
        match row {
            Some(r) => finish(r),
            None => Err(Error::new(ErrorCode::NotFound, format!("no profile named {name:?}"))),
        }
    }

    /// Creates a profile without keys (import or generate them next).
    /// Errors: `InvalidInput` naming the field, `AlreadyExists`.
    pub fn create_profile(&self, new: NewProfile) -> Result<Profile, Error> {
        check_name(&new.name)?;
        let acquirer = new.acquirer.unwrap_or(Acquirer::Dougong);
        let environment = new.environment.ok_or_else(|| Error::problem("environment", Problem::Required, &[]))?;
        let base_url = match new.base_url.filter(|u| !u.trim().is_empty()) {
            Some(u) => u.trim().trim_end_matches('/').to_string(),
            None => default_base_url(acquirer, environment)
                .ok_or_else(|| Error::problem("base_url", Problem::Required, &[]))?
                .to_string(),
        };
        let sys_id = new.sys_id.trim().to_string();
        let product_id = new.product_id.trim().to_string();
        check_fields(acquirer, environment, &base_url, &sys_id, &product_id)?;
        crate::profile_timeout(&new.extra)?;
        let now = rfc3339(self.now());
        let extra = serde_json::to_string(&new.extra)?;
        self.store().with_tx(|tx| {
            let exists: i64 = tx.query_row("SELECT count(*) FROM profiles WHERE name = ?1", [&new.name], |r| r.get(0))?;
            if exists > 0 {
                return Err(Error { field: Some("name".into()), ..Error::new(ErrorCode::AlreadyExists, format!("a profile named {:?} exists", new.name)) });
            }
            tx.execute(
                "INSERT INTO profiles(name, acquirer, environment, base_url, sys_id, product_id, extra, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![new.name, acquirer.as_str(), environment.as_str(), base_url, sys_id, product_id, extra, now],
            )?;
            Ok(())
        })?;
        self.profile(&new.name)
    }

    /// Changes a profile's settings. A change of where its requests go ([`destination_change`]) needs
    /// `ch.destination_confirmed` and leaves an audit row (endpoint `paydesk:profile.destination`).
    /// Errors: `NotFound`, `InvalidInput`, `ConfirmationRequired` (naming `environment` or `base_url`).
    pub fn update_profile(&self, name: &str, ch: ProfileChanges) -> Result<Profile, Error> {
        let mut p = self.profile(name)?;
        let moved = destination_change(&p, &ch);
        if let Some(m) = &moved {
            if !ch.destination_confirmed {
                let field = if m.to_environment != m.from_environment { "environment" } else { "base_url" };
                return Err(Error {
                    field: Some(field.into()),
                    ..Error::new(
                        ErrorCode::ConfirmationRequired,
                        format!("changing where requests go needs your confirmation: {}", m.describe()),
                    )
                });
            }
        }
        if let Some(e) = ch.environment {
            p.environment = e;
        }
        if let Some(u) = ch.base_url {
            p.base_url = u.trim().trim_end_matches('/').to_string();
        }
        if let Some(s) = ch.sys_id {
            p.sys_id = s.trim().to_string();
        }
        if let Some(s) = ch.product_id {
            p.product_id = s.trim().to_string();
        }
        if let Some(x) = ch.extra {
            p.extra = x;
        }
        check_fields(p.acquirer, p.environment, &p.base_url, &p.sys_id, &p.product_id)?;
        crate::profile_timeout(&p.extra)?;
        let now = rfc3339(self.now());
        let request = moved.as_ref().map(serde_json::to_value).transpose()?;
        // The change and its audit row commit together: no move of a profile without its record.
        self.store().with_tx(|tx| {
            tx.execute(
                "UPDATE profiles SET environment=?2, base_url=?3, sys_id=?4, product_id=?5, extra=?6, updated_at=?7 WHERE name=?1",
                params![name, p.environment.as_str(), p.base_url, p.sys_id, p.product_id, serde_json::to_string(&p.extra)?, now],
            )?;
            if let Some(request) = &request {
                crate::audit::append(
                    tx,
                    self.audit_chain(),
                    crate::audit::NewAuditRow {
                        at: now.clone(),
                        profile: name,
                        endpoint: DESTINATION_AUDIT_ENDPOINT,
                        merchant: None,
                        req_seq_id: None,
                        request,
                        response: None,
                        key_id: p.key_id.as_deref(),
                        signature: None,
                        outcome: crate::audit::Outcome::Ok,
                        resp_code: None,
                        error: None,
                        duration_ms: 0,
                    },
                )?;
            }
            Ok(())
        })?;
        self.forget_client(name);
        self.profile(name)
    }

    /// Deletes a profile and its keychain entries. The audit log and journal keep their rows (history is
    /// not rewritten). Errors: `NotFound`; the sandbox profile cannot be deleted (`InvalidInput`).
    pub fn delete_profile(&self, name: &str) -> Result<(), Error> {
        let p = self.profile(name)?;
        if p.name == SANDBOX_PROFILE {
            return Err(Error::problem("name", Problem::SandboxBuiltIn, &[]));
        }
        self.keychain().delete(name, KeySlot::PrivateKey)?;
        self.keychain().delete(name, KeySlot::HuifuPublicKey)?;
        self.store().with_conn(|c| {
            c.execute("DELETE FROM profiles WHERE name = ?1", [name])?;
            c.execute("DELETE FROM settings WHERE key = 'active_profile' AND value = ?1", [name])?;
            Ok(())
        })?;
        self.forget_client(name);
        Ok(())
    }

    /// The profile the app and CLI use when none is named: the last one chosen, else the sandbox.
    pub fn active_profile(&self) -> Result<Profile, Error> {
        let name = self.setting("active_profile")?.unwrap_or_else(|| SANDBOX_PROFILE.to_string());
        self.profile(&name)
    }

    /// Makes `name` the active profile. Errors: `NotFound`.
    pub fn set_active_profile(&self, name: &str) -> Result<Profile, Error> {
        let p = self.profile(name)?;
        self.set_setting("active_profile", name)?;
        Ok(p)
    }

    /// A profile by name, or the active one for `None`.
    pub fn resolve_profile(&self, name: Option<&str>) -> Result<Profile, Error> {
        match name {
            Some(n) => self.profile(n),
            None => self.active_profile(),
        }
    }
}
