//! The built-in sandbox as 慧收钱 and MD5-gateway profiles (`sandbox-huishouqian`, `sandbox-mpgateway`):
//! created when the sandbox starts, pointed at its port, keys copied from its credentials files into the
//! keychain like any profile's. Plus the two sandbox controls the order page uses: pay an order (optionally
//! with a tampered notification) and fetch the notification the sandbox sent, verified.

pub use crate::profile::{SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};
use serde_json::Value;

use super::keys::AcquirerKeyImport;
use super::types::NoticeView;
use crate::error::{Error, ErrorCode};
use crate::profile::{Acquirer, Environment, NewProfile, Profile, ProfileChanges};
use crate::secret::Secret;
use crate::Desk;

/// Where sandbox orders ask to be notified when the person gives no URL: a loopback port nobody listens
/// on, so the sandbox keeps the signed body (and its retries) for the page to fetch and verify.
pub const SANDBOX_NOTIFY_URL: &str = "http://127.0.0.1:9/paydesk-notify";

pub(crate) fn is_builtin(p: &Profile) -> bool {
    p.environment == Environment::Sandbox && (p.name == SANDBOX_HSQ_PROFILE || p.name == SANDBOX_MPG_PROFILE)
}

fn sandbox_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::Sandbox, format!("sandbox: {e}"))
}

fn read_json(path: &std::path::Path) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| sandbox_err(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| sandbox_err(format!("{}: {e}", path.display())))
}

fn field(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or_default().to_string()
}

impl Desk {
    /// Starts the built-in sandbox if needed and creates / refreshes its 慧收钱 and MD5-gateway profiles.
    /// Errors: `Sandbox`, `Keychain`, `KeyInvalid`.
    pub async fn ensure_acquirer_sandbox_profiles(&self) -> Result<(), Error> {
        let base_url = self.ensure_sandbox_running().await?;
        let dir = self.home().join("sandbox");
        let hsq = read_json(&dir.join("huishouqian/credentials.json"))?;
        let mpg = read_json(&dir.join("mpgateway/credentials.json"))?;
        self.upsert_sandbox_profile(
            SANDBOX_HSQ_PROFILE,
            Acquirer::Huishouqian,
            &base_url,
            &field(&hsq, "merchant_no"),
            || AcquirerKeyImport {
                pfx_base64: None,
                pfx_password: None,
                private_key_pem: Some(Secret::new(field(&hsq, "merchant_private_key_pem"))),
                platform_cert: Some(field(&hsq, "platform_public_key_pem")),
                sign_key: Some(Secret::new(field(&hsq, "sign_key"))),
                md5_key: None,
            },
        )?;
        self.upsert_sandbox_profile(
            SANDBOX_MPG_PROFILE,
            Acquirer::Mpgateway,
            &base_url,
            &field(&mpg, "merid"),
            || AcquirerKeyImport {
                pfx_base64: None,
                pfx_password: None,
                private_key_pem: None,
                platform_cert: None,
                sign_key: None,
                md5_key: Some(Secret::new(field(&mpg, "key"))),
            },
        )?;
        Ok(())
    }

    fn upsert_sandbox_profile(
        &self,
        name: &str,
        acquirer: Acquirer,
        base_url: &str,
        merchant: &str,
        keys: impl Fn() -> AcquirerKeyImport,
    ) -> Result<(), Error> {
        let existing = match self.profile(name) {
            Ok(p) => Some(p),
            Err(e) if e.code == ErrorCode::NotFound => None,
            Err(e) => return Err(e),
        };
        match existing {
            None => {
                self.create_profile(NewProfile {
                    name: name.into(),
                    acquirer: Some(acquirer),
                    environment: Some(Environment::Sandbox),
                    base_url: Some(base_url.into()),
                    sys_id: merchant.into(),
                    product_id: String::new(),
                    extra: Default::default(),
                })?;
            }
            Some(p) if p.base_url != base_url || p.sys_id != merchant => {
                self.update_profile(
                    name,
                    ProfileChanges {
                        base_url: Some(base_url.into()),
                        sys_id: Some(merchant.into()),
                        ..Default::default()
                    },
                )?;
            }
            Some(_) => {}
        }
        // Imported on every start: cheap, and keeps the keychain in step if the sandbox dir was reset.
        self.import_acquirer_keys(name, keys())?;
        Ok(())
    }

    async fn sandbox_control(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Error> {
        let base = self.ensure_sandbox_running().await?;
        let http = reqwest::Client::builder().no_proxy().build().map_err(sandbox_err)?;
        let url = format!("{base}{path}");
        let rb = if method == "POST" { http.post(&url).json(&body.unwrap_or(Value::Null)) } else { http.get(&url) };
        let r = rb.send().await.map_err(sandbox_err)?;
        let ok = r.status().is_success();
        let v: Value = r.json().await.map_err(sandbox_err)?;
        if !ok {
            return Err(sandbox_err(v.get("error").and_then(Value::as_str).unwrap_or("control refused")));
        }
        Ok(v)
    }

    /// Sandbox only: the payer pays `order_no` (慧收钱 `success`, MD5 gateway resultcode `0000`); with
    /// `tamper` the notification carries a broken signature.
    pub async fn acquiring_sandbox_pay(&self, profile: &Profile, order_no: &str, tamper: bool) -> Result<(), Error> {
        let path = match (profile.acquirer, is_builtin(profile)) {
            (Acquirer::Huishouqian, true) => format!("/sandbox/huishouqian/orders/{order_no}/pay"),
            (Acquirer::Mpgateway, true) => format!("/sandbox/mpgateway/orders/{order_no}/pay"),
            (Acquirer::Dougong, _) if profile.name == crate::SANDBOX_PROFILE => {
                // Dougong's control pays by Huifu's number: the order made here knows it.
                let t = self.trade(profile, order_no)?.ok_or_else(|| {
                    Error::new(ErrorCode::NotFound, format!("no dougong order {order_no} was made here"))
                })?;
                let hf = t
                    .hf_seq_id
                    .ok_or_else(|| Error::invalid("order_no", "the order has no hf_seq_id yet; query it first"))?;
                self.sandbox_control("POST", &format!("/sandbox/orders/{hf}/pay"), Some(serde_json::json!({}))).await?;
                return Ok(());
            }
            _ => {
                return Err(Error::invalid("profile", "paying by control works on the built-in sandbox profiles only"))
            }
        };
        self.sandbox_control("POST", &path, Some(serde_json::json!({"tamper_sign": tamper}))).await?;
        Ok(())
    }

    /// Built-in dougong sandbox only: a fresh payment code (`auth_code`) for micropay; `channel` is `wx`,
    /// `alipay` or `unionpay`.
    pub async fn sandbox_payment_code(&self, channel: &str) -> Result<String, Error> {
        let v = self.sandbox_control("POST", "/sandbox/paycode", Some(serde_json::json!({"channel": channel}))).await?;
        v.get("auth_code")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| sandbox_err("no auth_code in the paycode answer"))
    }

    /// Sandbox only: the latest notification the sandbox sent about `order_no`, verified with the profile's
    /// keys (a tampered one is refused with `Signature`).
    pub async fn acquiring_sandbox_notice(&self, profile: &Profile, order_no: &str) -> Result<NoticeView, Error> {
        if !is_builtin(profile) {
            return Err(Error::invalid(
                "profile",
                "fetching notifications works on the built-in sandbox profiles only",
            ));
        }
        let list = self.sandbox_control("GET", "/sandbox/notifications", None).await?;
        let body = list["notifications"]
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .find(|n| n["acquirer"] == profile.acquirer.as_str() && n["about"] == order_no)
            .and_then(|n| n["body"].as_str())
            .ok_or_else(|| {
                Error::new(ErrorCode::NotFound, format!("the sandbox has sent no notification about {order_no} yet"))
            })?
            .to_string();
        let p = self.profile(&profile.name)?;
        self.acquiring_verify_notification(&p, body.as_bytes())
    }
}
