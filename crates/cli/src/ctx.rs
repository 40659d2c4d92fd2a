//! What every desk-backed subcommand shares: the global flags, the opened Desk, output in human form or
//! `--json`, confirmation of writes against production, and the exit code of an error.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Args;
use desk::{Desk, Error, ErrorCode, Profile, ProgressEvent};
use serde::Serialize;

/// Flags accepted by every desk subcommand.
#[derive(Args, Debug, Clone, Default)]
pub struct Global {
    /// Print JSON instead of text (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
    /// The profile to act as (default: the active one, else `sandbox`).
    #[arg(long, global = true, env = "PAYDESK_PROFILE")]
    pub profile: Option<String>,
    /// Do not ask before a write against a production profile.
    #[arg(long, global = true)]
    pub yes: bool,
}

/// Which application of a merchant a `status` subcommand reads (onboarding, business open).
#[derive(Args, Debug)]
pub struct ApplicationArgs {
    pub huifu_id: String,
    /// The application's number (default: the merchant's latest).
    #[arg(long)]
    pub apply_no: Option<String>,
}

/// An opened desk plus the global flags.
pub struct Ctx {
    pub desk: Desk,
    pub g: Global,
}

impl Ctx {
    /// The profile named by `--profile`, or the active one.
    pub fn profile(&self) -> Result<Profile, Error> {
        self.desk.resolve_profile(self.g.profile.as_deref())
    }

    /// The profile for a write: asks "send to production?" when the profile is production — by its label
    /// or by its base URL's host — unless `--yes`.
    pub fn profile_for_write(&self, what: &str) -> Result<Profile, Error> {
        self.confirm_write(self.profile()?, what)
    }

    /// [`Ctx::profile_for_write`] for a profile already in hand (a subcommand that reads before it writes).
    pub fn confirm_write(&self, p: Profile, what: &str) -> Result<Profile, Error> {
        if p.is_prod() {
            let why = if p.environment == desk::Environment::Prod {
                "production profile"
            } else {
                "profile on a PRODUCTION host:"
            };
            self.confirm(&format!("{what} against {why} {} ({})", p.name, p.base_url))?;
        }
        Ok(p)
    }

    /// Asks the person to type yes (on stderr) unless `--yes`; without a terminal and without `--yes`,
    /// refuses. Errors: `ConfirmationRequired`.
    pub fn confirm(&self, what: &str) -> Result<(), Error> {
        if self.g.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() {
            return Err(Error::new(ErrorCode::ConfirmationRequired, format!("{what}: needs --yes")));
        }
        eprint!("{what}. Type yes to go on: ");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok();
        if line.trim() != "yes" {
            return Err(Error::new(ErrorCode::ConfirmationRequired, "not confirmed; nothing was sent or changed"));
        }
        Ok(())
    }

    /// Prints `value` as JSON with `--json`, else the text `human` builds.
    pub fn print<T: Serialize>(&self, value: &T, human: impl FnOnce(&T) -> String) {
        if self.g.json {
            println!("{}", serde_json::to_string_pretty(value).expect("output serialises"));
        } else {
            let text = human(value);
            if !text.is_empty() {
                println!("{}", text.trim_end());
            }
        }
    }

    /// A progress callback: a line per step on stderr (silent with `--json`).
    pub fn progress(&self) -> impl Fn(ProgressEvent) + Send + Sync + 'static {
        let quiet = self.g.json;
        move |e: ProgressEvent| {
            if !quiet {
                match e.total {
                    Some(t) => eprintln!("[{}/{}] {}", e.done, t, e.message),
                    None => eprintln!("... {}", e.message),
                }
            }
        }
    }
}

/// Opens the data directory (`PAYDESK_HOME`) with the startup reconcile, runs `f`, and turns its error
/// into a message (or JSON with `--json`) and a non-zero exit code.
pub fn run<F, Fut>(g: Global, f: F) -> ExitCode
where
    F: FnOnce(Ctx) -> Fut,
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    let json = g.json;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let result = rt.block_on(async move {
        let desk = Desk::open(desk::default_home()).await?;
        if let Some(r) = desk.startup_report() {
            if r.checked > 0 && !json {
                eprintln!(
                    "reconciled {} open write(s) at start: {} settled, {} failed, {} still open",
                    r.checked, r.settled, r.failed, r.still_open
                );
            }
        }
        let kept = desk.clone();
        let out = f(Ctx { desk, g }).await;
        // The audit rows of this run are anchored outside the database before the process ends.
        kept.audit_chain().flush();
        out
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e).expect("errors serialise"));
            } else {
                eprintln!(
                    "error [{}]: {}",
                    serde_json::to_value(e.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                    e.message
                );
                if let Some(h) = &e.hint {
                    eprintln!("hint: {h}");
                }
            }
            match e.code {
                ErrorCode::InvalidInput | ErrorCode::ConfirmationRequired => ExitCode::from(2),
                ErrorCode::OutcomeUnknown => ExitCode::from(3),
                _ => ExitCode::from(1),
            }
        }
    }
}

/// Reads a JSON file into `T`, naming the file in the error.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> Result<T, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid("form", format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| Error::invalid("form", format!("{} is not a valid form: {e}", path.display())))
}
