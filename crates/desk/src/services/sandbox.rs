//! The Sandbox page's controls: one generic call to the running in-process sandbox's unsigned
//! `/sandbox/...` endpoints over loopback (see crates/sandbox/README.md for the list: records, clock,
//! audits approve/reject, faults, notification replay, order pay...). Kept generic on purpose: the page
//! (and other pages linking to it, e.g. "pay this order") name the control, so a new sandbox control
//! needs no new desk or shell code.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{Error, ErrorCode};
use crate::profile::{Environment, Profile, SANDBOX_PROFILE};
use crate::vocab::Problem;
use crate::Desk;

/// HTTP verb of a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "UPPERCASE")]
pub enum ControlMethod {
    Get,
    Post,
    Delete,
}

/// One control call: `path` starts with `/sandbox/` (query string allowed), `body` is the JSON body of a
/// POST.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxControl {
    pub method: ControlMethod,
    pub path: String,
    #[ts(optional, type = "unknown")]
    pub body: Option<Value>,
}

/// Checks `path` names a control of the sandbox and nothing else (no other host, no way up and out).
fn check_path(path: &str) -> Result<(), Error> {
    let route = path.split('?').next().unwrap_or_default();
    if !route.starts_with("/sandbox/") || route.contains("..") || route.contains("//") || path.contains('#') {
        return Err(Error::invalid("path", "must be a /sandbox/... control path"));
    }
    Ok(())
}

fn sandbox_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::Sandbox, msg)
}

impl Desk {
    /// Calls one control of the built-in sandbox (started if needed) and answers its JSON. Only for the
    /// built-in sandbox profiles (`sandbox` and its 慧收钱 / MD5-gateway twins, all served by the same
    /// in-process sandbox): controls of a real acquirer do not exist.
    ///
    /// Errors: `InvalidInput` (`profile` not the sandbox, `path` not a control), `Sandbox` (could not
    /// start, or the control refused: the sandbox's own message, e.g. "the clock never goes back").
    pub async fn run_sandbox_control(&self, profile: &Profile, control: SandboxControl) -> Result<Value, Error> {
        let builtin = [SANDBOX_PROFILE, crate::profile::SANDBOX_HSQ_PROFILE, crate::profile::SANDBOX_MPG_PROFILE];
        if profile.environment != Environment::Sandbox || !builtin.contains(&profile.name.as_str()) {
            return Err(Error::problem("profile", Problem::NotTheSandbox, &[("profile", profile.name.clone())]));
        }
        check_path(&control.path)?;
        let base = self.ensure_sandbox_running().await?;
        let url = format!("{}{}", base.trim_end_matches('/'), control.path);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .no_proxy()
            .build()
            .map_err(|e| sandbox_err(format!("http client: {e}")))?;
        let req = match control.method {
            ControlMethod::Get => http.get(&url),
            ControlMethod::Post => {
                http.post(&url).json(&control.body.unwrap_or_else(|| Value::Object(Default::default())))
            }
            ControlMethod::Delete => http.delete(&url),
        };
        let res = req.send().await.map_err(|e| sandbox_err(format!("sandbox control {}: {e}", control.path)))?;
        let status = res.status();
        let text = res.text().await.map_err(|e| sandbox_err(format!("sandbox control {}: {e}", control.path)))?;
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if !status.is_success() {
            let why = json.get("error").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| json.to_string());
            return Err(sandbox_err(format!("sandbox control {} answered {}: {why}", control.path, status.as_u16())));
        }
        Ok(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sandbox_control_paths_pass() {
        assert!(check_path("/sandbox/records/orders").is_ok());
        assert!(check_path("/sandbox/requests?limit=20").is_ok());
        for bad in [
            "/v2/trade/payment/jspay",
            "/sandbox/../v2/x",
            "http://example.com/sandbox/info",
            "//evil/sandbox/",
            "/sandbox//x",
        ] {
            assert_eq!(check_path(bad).unwrap_err().field.as_deref(), Some("path"), "{bad}");
        }
    }
}
