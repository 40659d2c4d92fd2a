//! Fault injection for the acquirer paths (never for /sandbox controls): latency, an HTTP 5xx, a connection
//! dropped after the request was read and processed, or a response whose signature does not verify. Each
//! fault is armed for the next N matching calls, optionally only for one path.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Wait `latency_ms` before handling (the request is still processed and answered).
    Latency,
    /// Answer HTTP `status` (default 502) with a plain-text body, without processing the request.
    Http5xx,
    /// Process the request (state changes happen), then close the connection without an answer.
    Drop,
    /// Answer normally but corrupt the response `sign`.
    BadSign,
}

/// A fault as a control arms it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FaultSpec {
    pub kind: FaultKind,
    /// How many matching calls it hits (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Only calls to this exact path (e.g. `/v2/trade/payment/jspay`); absent = any acquirer path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For `latency` (default 3000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// For `http5xx` (default 502; 500..=599).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

fn one() -> u32 {
    1
}

/// An armed fault with what is left of it.
#[derive(Debug, Clone, Serialize)]
pub struct ArmedFault {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    pub remaining: u32,
}

/// The faults that hit one call.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    pub latency_ms: Option<u64>,
    pub http_status: Option<u16>,
    pub drop: bool,
    pub bad_sign: bool,
}

impl Hit {
    /// Names for the request log.
    pub fn labels(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.latency_ms.is_some() {
            v.push("latency");
        }
        if self.http_status.is_some() {
            v.push("http5xx");
        }
        if self.drop {
            v.push("drop");
        }
        if self.bad_sign {
            v.push("bad_sign");
        }
        v
    }
}

/// The armed faults.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<(u64, Vec<ArmedFault>)>,
}

impl Faults {
    /// Arms a fault; refuses nonsense (count 0, a status outside 5xx).
    pub fn arm(&self, spec: FaultSpec) -> Result<ArmedFault, String> {
        if spec.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let Some(s) = spec.status {
            if !(500..=599).contains(&s) {
                return Err(format!("status {s} is not a 5xx"));
            }
        }
        let mut g = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        g.0 += 1;
        let f = ArmedFault { id: g.0, remaining: spec.count, spec };
        g.1.push(f.clone());
        Ok(f)
    }

    /// Armed faults with calls left.
    pub fn list(&self) -> Vec<ArmedFault> {
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).1.clone()
    }

    /// Disarms everything.
    pub fn clear(&self) {
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).1.clear();
    }

    /// Consumes one use of every fault that matches `path` and returns what hits this call.
    pub fn take(&self, path: &str) -> Hit {
        let mut g = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        let mut hit = Hit::default();
        for f in g.1.iter_mut() {
            if f.remaining == 0 || f.spec.path.as_deref().is_some_and(|p| p != path) {
                continue;
            }
            f.remaining -= 1;
            match f.spec.kind {
                FaultKind::Latency => hit.latency_ms = Some(f.spec.latency_ms.unwrap_or(3000)),
                FaultKind::Http5xx => hit.http_status = Some(f.spec.status.unwrap_or(502)),
                FaultKind::Drop => hit.drop = true,
                FaultKind::BadSign => hit.bad_sign = true,
            }
        }
        g.1.retain(|f| f.remaining > 0);
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: FaultKind, count: u32, path: Option<&str>) -> FaultSpec {
        FaultSpec { kind, count, path: path.map(str::to_string), latency_ms: None, status: None }
    }

    #[test]
    fn a_fault_hits_exactly_n_matching_calls() {
        let f = Faults::default();
        f.arm(spec(FaultKind::Drop, 2, Some("/v2/a"))).unwrap();
        assert!(!f.take("/v2/b").drop, "another path is not hit");
        assert!(f.take("/v2/a").drop);
        assert!(f.take("/v2/a").drop);
        assert!(!f.take("/v2/a").drop, "used up after two calls");
        assert!(f.list().is_empty(), "used-up faults disappear");
    }

    #[test]
    fn nonsense_is_refused() {
        let f = Faults::default();
        assert!(f.arm(spec(FaultKind::Latency, 0, None)).is_err(), "count 0");
        let mut s = spec(FaultKind::Http5xx, 1, None);
        s.status = Some(404);
        assert!(f.arm(s).is_err(), "404 is not a 5xx");
    }
}
