//! `paydesk devtools ...`: what Huifu's own developer tools offer, offline. Key files may hold Huifu's bare
//! base64 or PEM.
//!
//! Exit codes: 0 ok; 1 bad input or failure; for `verify`, 1 = signature not valid; for `call`, 2 = the
//! answer's signature check failed (raw answer on stderr).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use dougong::canonical;
use dougong::keys::{PrivateKey, PublicKey};
use dougong::verify::verify_data_text;

use crate::profile::HostArgs;

#[derive(Subcommand)]
pub enum Devtools {
    /// Print the base64 signature of a `data` object's canonical form (dg-sdk rule).
    Sign {
        /// Merchant private key file (bare base64 PKCS#8, or PEM).
        #[arg(long)]
        private_key: PathBuf,
        /// JSON object to sign; stdin when absent or "-".
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Check a signature over a `data` object; exit 0 if valid, 1 if not.
    Verify {
        /// Public key file (bare base64 SPKI, or PEM).
        #[arg(long)]
        public_key: PathBuf,
        /// The base64 signature.
        #[arg(long = "sign")]
        sign: String,
        /// JSON object that was signed; stdin when absent or "-".
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Print the canonical string of a `data` object exactly (no trailing newline).
    Canonical {
        /// JSON object; stdin when absent or "-".
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Write a new 2048-bit key pair in Huifu's bare base64 form: DIR/private_key.txt, DIR/public_key.txt.
    Keygen {
        /// Target directory (created if missing); existing key files are never overwritten.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign a `data` object, POST the envelope to PATH, verify the answer and print its `data`.
    Call(CallArgs),
}

#[derive(Args)]
pub struct CallArgs {
    /// API path, e.g. /v2/trade/payment/scanpay/query.
    path: String,
    /// JSON object to send as `data`; stdin when absent or "-".
    #[arg(long)]
    input: Option<PathBuf>,
    /// Extra request header, 'Name: value' (repeatable).
    #[arg(long = "header")]
    headers: Vec<String>,
    /// With the global `--profile NAME`, the profile gives the URL, ids and keychain keys instead.
    #[command(flatten)]
    host: HostArgs,
    /// Merchant private key file.
    #[arg(long)]
    private_key: Option<PathBuf>,
    /// Huifu public key file.
    #[arg(long)]
    huifu_public_key: Option<PathBuf>,

    /// Request timeout in seconds.
    #[arg(long, default_value_t = 15)]
    timeout: u64,
}

/// Runs one devtools subcommand.
pub fn run(cmd: Devtools) -> ExitCode {
    let result = match cmd {
        Devtools::Sign { private_key, input } => sign(&private_key, input.as_deref()),
        Devtools::Verify { public_key, sign, input } => return verify(&public_key, &sign, input.as_deref()),
        Devtools::Canonical { input } => canonical_cmd(input.as_deref()),
        Devtools::Keygen { out } => keygen(&out),
        Devtools::Call(args) => return call(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn read_input(input: Option<&Path>) -> Result<String, String> {
    let mut text = String::new();
    match input {
        None => std::io::stdin().read_to_string(&mut text).map_err(|e| format!("reading stdin: {e}"))?,
        Some(p) if p == Path::new("-") => {
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("reading stdin: {e}"))?
        }
        Some(p) => {
            text = std::fs::read_to_string(p).map_err(|e| format!("reading {}: {e}", p.display()))?;
            0
        }
    };
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

fn read_private(path: &Path) -> Result<PrivateKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    PrivateKey::from_text(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_public(path: &Path) -> Result<PublicKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    PublicKey::from_text(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn canonical_of(input: Option<&Path>) -> Result<String, String> {
    let text = read_input(input)?;
    canonical::request_string_from_json(&text).map_err(|e| format!("input: {e}"))
}

fn sign(private_key: &Path, input: Option<&Path>) -> Result<(), String> {
    let key = read_private(private_key)?;
    let c = canonical_of(input)?;
    println!("{}", key.sign(c.as_bytes()));
    Ok(())
}

fn canonical_cmd(input: Option<&Path>) -> Result<(), String> {
    let c = canonical_of(input)?;
    let mut out = std::io::stdout().lock();
    out.write_all(c.as_bytes()).and_then(|_| out.flush()).map_err(|e| format!("writing stdout: {e}"))
}

/// Valid if the signature covers the dg-sdk canonical form, the server-side form that keeps `""`, the
/// exact input bytes, or a response-style form (all levels sorted, `\u0026` unescaped).
fn verify(public_key: &Path, sig: &str, input: Option<&Path>) -> ExitCode {
    let checked = (|| -> Result<Option<&'static str>, String> {
        let key = read_public(public_key)?;
        let text = read_input(input)?;
        let dg = canonical::request_string_from_json(&text).map_err(|e| format!("input: {e}"))?;
        if key.verify(dg.as_bytes(), sig) {
            return Ok(Some("dg-sdk canonical form"));
        }
        let incoming = canonical::incoming_request_string(&text).map_err(|e| format!("input: {e}"))?;
        if key.verify(incoming.as_bytes(), sig) {
            return Ok(Some("canonical form keeping empty strings (Java/Go)"));
        }
        if verify_data_text(text.trim(), sig, &key) {
            return Ok(Some("input bytes / response form"));
        }
        Ok(None)
    })();
    match checked {
        Ok(Some(form)) => {
            eprintln!("valid ({form})");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("INVALID signature");
            ExitCode::from(1)
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn keygen(out: &Path) -> Result<(), String> {
    let priv_path = out.join("private_key.txt");
    let pub_path = out.join("public_key.txt");
    for p in [&priv_path, &pub_path] {
        if p.exists() {
            return Err(format!("{} exists; refusing to overwrite a key", p.display()));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    let key = PrivateKey::generate(2048).map_err(|e| e.to_string())?;
    write_private(&priv_path, key.to_bare_base64().as_str())?;
    std::fs::write(&pub_path, format!("{}\n", key.public_key().to_bare_base64()))
        .map_err(|e| format!("writing {}: {e}", pub_path.display()))?;
    eprintln!("wrote {} (keep it secret) and {}", priv_path.display(), pub_path.display());
    Ok(())
}

fn write_private(path: &Path, b64: &str) -> Result<(), String> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| format!("creating {}: {e}", path.display()))?;
    writeln!(f, "{b64}").map_err(|e| format!("writing {}: {e}", path.display()))
}

fn call(args: CallArgs) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(call_async(args)) {
        Ok(data) => {
            println!("{}", serde_json::to_string_pretty(&data).expect("a JSON value serialises"));
            ExitCode::SUCCESS
        }
        Err(dougong::Error::Signature { reason, body }) => {
            eprintln!("error: the answer's signature check failed: {reason}");
            eprintln!("raw answer:");
            eprintln!("{body}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

async fn call_async(args: CallArgs) -> Result<serde_json::Value, dougong::Error> {
    let invalid = |field: &str, reason: String| dougong::Error::Invalid(dougong::FieldError::new(field, reason));
    let text = read_input(args.input.as_deref()).map_err(|e| invalid("input", e))?;
    // Fail on bad input before reading keys or touching the network.
    dougong::canonical::request_string_from_json(&text).map_err(|e| invalid("input", e.to_string()))?;
    let need = |v: Option<String>, field: &str| {
        v.ok_or_else(|| invalid(field, format!("--{} is required without --profile", field.replace('_', "-"))))
    };
    let need_path = |v: &Option<PathBuf>, field: &str| {
        v.clone().ok_or_else(|| invalid(field, format!("--{} is required without --profile", field.replace('_', "-"))))
    };
    let mut builder = dougong::Client::builder()
        .base_url(need(args.host.base_url, "base_url")?)
        .sys_id(need(args.host.sys_id, "sys_id")?)
        .product_id(need(args.host.product_id, "product_id")?)
        .private_key(
            read_private(&need_path(&args.private_key, "private_key")?).map_err(|e| invalid("private_key", e))?,
        )
        .huifu_public_key(
            read_public(&need_path(&args.huifu_public_key, "huifu_public_key")?)
                .map_err(|e| invalid("huifu_public_key", e))?,
        )
        .timeout(Duration::from_secs(args.timeout));
    for h in &args.headers {
        let (name, value) =
            h.split_once(':').ok_or_else(|| invalid("header", format!("{h:?} is not 'Name: value'")))?;
        builder = builder.header(name.trim(), value.trim());
    }
    builder.build()?.call_raw_json(&args.path, &text).await
}

/// `paydesk --profile NAME devtools call PATH`: the same raw call with the profile's URL, ids and keychain
/// keys. Any path may be a write, so a production profile needs `--yes` (or the typed confirmation), and the
/// call is audited like every other (masked, with the signing key's id). It is not journalled: a raw call
/// has no query desk knows how to settle it by, which is why the typed commands exist.
pub async fn call_with_profile(c: crate::ctx::Ctx, args: CallArgs) -> Result<(), desk::Error> {
    use desk::{Error, ErrorCode};
    if args.host.base_url.is_some()
        || args.host.sys_id.is_some()
        || args.host.product_id.is_some()
        || args.private_key.is_some()
        || args.huifu_public_key.is_some()
    {
        return Err(Error::invalid(
            "profile",
            "--profile replaces --base-url, --sys-id, --product-id and the key files; give one or the other",
        ));
    }
    if !args.headers.is_empty() {
        return Err(Error::invalid("header", "extra headers are only for calls without --profile"));
    }
    let text = read_input(args.input.as_deref()).map_err(|e| Error::invalid("input", e))?;
    dougong::canonical::request_string_from_json(&text).map_err(|e| Error::invalid("input", e.to_string()))?;
    let profile = c.profile_for_write(&format!("devtools call {}", args.path))?;
    let data = c.desk.call_raw(&profile, &args.path, &text).await?;
    match data {
        Ok(v) => {
            println!("{}", serde_json::to_string_pretty(&v).expect("a JSON value serialises"));
            Ok(())
        }
        Err(body) => {
            eprintln!("raw answer:");
            eprintln!("{body}");
            Err(Error::new(ErrorCode::Signature, "the answer's signature check failed"))
        }
    }
}
