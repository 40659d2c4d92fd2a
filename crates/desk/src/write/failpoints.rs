//! Failpoints at the write pipeline's stage boundaries, for the crash harness (a process SIGKILLs itself
//! exactly there) and for storage-failure tests (the outcome transaction fails as a full disk would make
//! it). Nothing is armed unless a test arms it: per desk with [`Failpoints::arm`], or for a whole process
//! with `PAYDESK_FAILPOINTS` (`point=action[,…]`, a point optionally scoped to one write kind as
//! `refund.create@send.after=kill`).
//!
//! Points, in pipeline order: `intent.commit` (inside the intent transaction, before it commits),
//! `intent.after`, `send.after` (the answer, or the failure, is in hand and not yet recorded),
//! `outcome.commit` (inside the outcome transaction), `outcome.after`.

use std::sync::Mutex;

use super::WriteKind;
use crate::error::{Error, ErrorCode};

/// What an armed point does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// SIGKILL this process (abort where there are no signals).
    Kill,
    /// Fail with a storage error, as a full disk or a database locked past its busy timeout would.
    StorageError,
}

/// The points in pipeline order.
pub const POINTS: [&str; 5] = ["intent.commit", "intent.after", "send.after", "outcome.commit", "outcome.after"];

#[derive(Debug, Clone)]
struct Armed {
    kind: Option<String>,
    point: String,
    action: Action,
}

/// The armed failpoints of one desk.
#[derive(Debug, Default)]
pub struct Failpoints {
    armed: Mutex<Vec<Armed>>,
}

fn parse(spec: &str) -> Vec<Armed> {
    spec.split(',')
        .filter_map(|item| {
            let (lhs, action) = item.trim().split_once('=')?;
            let action = match action.trim() {
                "kill" => Action::Kill,
                "error" => Action::StorageError,
                _ => return None,
            };
            let (kind, point) = match lhs.split_once('@') {
                Some((k, p)) => (Some(k.trim().to_string()), p.trim().to_string()),
                None => (None, lhs.trim().to_string()),
            };
            POINTS.contains(&point.as_str()).then_some(Armed { kind, point, action })
        })
        .collect()
}

impl Failpoints {
    /// The points armed by `PAYDESK_FAILPOINTS` (none when unset).
    pub fn from_env() -> Failpoints {
        let armed = std::env::var("PAYDESK_FAILPOINTS").map(|s| parse(&s)).unwrap_or_default();
        Failpoints { armed: Mutex::new(armed) }
    }

    /// Arms `point` (one of [`POINTS`]) for writes of `kind` (all kinds when `None`).
    pub fn arm(&self, point: &str, kind: Option<WriteKind>, action: Action) {
        assert!(POINTS.contains(&point), "unknown failpoint {point}");
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).push(Armed {
            kind: kind.map(|k| k.as_str().to_string()),
            point: point.into(),
            action,
        });
    }

    /// Disarms everything.
    pub fn clear(&self) {
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Runs the point: nothing, a storage error, or the end of this process.
    pub(crate) fn hit(&self, point: &str, kind: WriteKind) -> Result<(), Error> {
        let action = {
            let armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
            armed
                .iter()
                .find(|a| a.point == point && a.kind.as_deref().is_none_or(|k| k == kind.as_str()))
                .map(|a| a.action)
        };
        match action {
            None => Ok(()),
            Some(Action::StorageError) => {
                Err(Error::new(ErrorCode::Storage, format!("database write failed (injected at {point})")))
            }
            Some(Action::Kill) => {
                eprintln!("paydesk: failpoint {kind}@{point}: killing this process");
                kill_self()
            }
        }
    }
}

#[cfg(unix)]
fn kill_self() -> ! {
    // SAFETY: kill(2) on our own pid with SIGKILL; nothing of ours runs after it.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}

#[cfg(not(unix))]
fn kill_self() -> ! {
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scoped_and_plain_points() {
        let a = parse("refund.create@send.after=kill, outcome.commit=error, bogus=kill, intent.after=explode");
        assert_eq!(a.len(), 2);
        let f = Failpoints { armed: Mutex::new(a) };
        assert!(f.hit("send.after", WriteKind::TradeQr).is_ok(), "scoped to refunds");
        assert_eq!(f.hit("outcome.commit", WriteKind::TradeQr).unwrap_err().code, ErrorCode::Storage);
        f.clear();
        assert!(f.hit("outcome.commit", WriteKind::TradeQr).is_ok());
    }
}
