//! Downloading a bill file: streamed to `<home>/bills/<profile>/<huifu_id>/<file_date>/<file_name>.part`
//! with a progress event per 256 KiB, renamed into place only when complete (a crash or a dropped
//! connection never leaves a half file under the real name; the next try starts the `.part` afresh),
//! recorded in `bill_files` and audited (the link's query string — Huifu's signed token — is left out).

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use ts_rs::TS;

use super::BillFileInfo;
use crate::audit::{self, NewAuditRow, Outcome};
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::profiles::Profile;
use crate::progress::{Progress, ProgressEvent};
use crate::Desk;

const PROGRESS_STEP: u64 = 256 * 1024;

/// A downloaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DownloadedBill {
    pub path: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
}

/// Keeps a server-given name to one safe path component.
fn safe_name(name: &str) -> String {
    let leaf = name.rsplit(['/', '\\']).next().unwrap_or("");
    let s: String = leaf.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "bill.zip".into()
    } else {
        s
    }
}

/// The link without its query string (signed tokens) for the audit.
fn url_for_audit(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or("").to_string()
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).is_some_and(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h == "::1")
}

impl Desk {
    /// Where a file of this listing lands.
    pub fn bill_path(&self, profile: &str, f: &BillFileInfo) -> PathBuf {
        let name = if f.file_name.is_empty() { format!("{}_{}.zip", f.file_date, f.bill_type) } else { f.file_name.clone() };
        self.home().join("bills").join(safe_name(profile)).join(safe_name(&f.huifu_id)).join(safe_name(&f.file_date)).join(safe_name(&name))
    }

    /// The local copy of a listed file, when it was downloaded and is still there.
    pub(crate) fn downloaded_path(&self, profile: &str, f: &BillFileInfo) -> Result<Option<String>, Error> {
        let p: Option<String> = self.store().with_conn(|c| {
            Ok(c.query_row(
                "SELECT path FROM bill_files WHERE profile = ?1 AND huifu_id = ?2 AND bill_type = ?3 AND file_date = ?4 AND file_name = ?5",
                params![profile, f.huifu_id, f.bill_type, f.file_date, f.file_name],
                |r| r.get(0),
            )
            .optional()?)
        })?;
        Ok(p.filter(|p| Path::new(p).is_file()))
    }

    /// Downloads a listed file (see the module docs). Progress: step `download`, `done`/`total` in bytes.
    ///
    /// Errors: `InvalidInput` (no `download_url`), `NotSent` (connection refused), `OutcomeUnknown`
    /// is never used (a download changes nothing at Huifu); a failed or expired link is `Refused` with
    /// the HTTP status ("list again for a fresh link"); `Io` for the disk.
    pub async fn download_bill(&self, profile: &Profile, file: &BillFileInfo, progress: Progress<'_>) -> Result<DownloadedBill, Error> {
        if file.download_url.trim().is_empty() {
            return Err(Error::invalid("download_url", "this file has no download link yet; list the day again"));
        }
        let started = Instant::now();
        let target = self.bill_path(&profile.name, file);
        let result = self.fetch_to(&file.download_url, &target, progress).await;
        let duration_ms = started.elapsed().as_millis() as i64;
        let request = json!({"url": url_for_audit(&file.download_url), "huifu_id": file.huifu_id, "bill_type": file.bill_type,
                             "file_date": file.file_date, "file_name": file.file_name});
        let (outcome, response, error) = match &result {
            Ok(d) => (Outcome::Ok, Some(json!({"bytes": d.bytes, "sha256": d.sha256, "path": d.path})), None),
            Err(e) => (Outcome::Failed, None, Some(e.message.clone())),
        };
        audit::record(
            self.store(),
            NewAuditRow {
                at: rfc3339(self.now()),
                profile: &profile.name,
                endpoint: "bill/download",
                merchant: Some(&file.huifu_id),
                req_seq_id: None,
                request: &request,
                response: response.as_ref(),
                key_id: None,
                signature: None,
                outcome,
                resp_code: None,
                error: error.as_deref(),
                duration_ms,
            },
        )?;
        let d = result?;
        let now = rfc3339(self.now());
        self.store().with_conn(|c| {
            c.execute(
                "INSERT INTO bill_files(profile, huifu_id, bill_type, file_date, file_name, file_id, path, bytes, sha256, downloaded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(profile, huifu_id, bill_type, file_date, file_name) DO UPDATE SET
                   file_id = excluded.file_id, path = excluded.path, bytes = excluded.bytes, sha256 = excluded.sha256, downloaded_at = excluded.downloaded_at",
                params![profile.name, file.huifu_id, file.bill_type, file.file_date, file.file_name, file.file_id, d.path, d.bytes as i64, d.sha256, now],
            )?;
            Ok(())
        })?;
        Ok(d)
    }

    async fn fetch_to(&self, url: &str, target: &Path, progress: Progress<'_>) -> Result<DownloadedBill, Error> {
        let dir = target.parent().ok_or_else(|| Error::new(ErrorCode::Internal, "a bill path has a directory"))?;
        tokio::fs::create_dir_all(dir).await.map_err(|e| Error::new(ErrorCode::Io, format!("cannot create {}: {e}", dir.display())))?;
        let mut builder = reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(10));
        if is_loopback(url) {
            builder = builder.no_proxy(); // a desktop proxy must not swallow the local sandbox
        }
        let http = builder.build().map_err(|e| Error::new(ErrorCode::Internal, format!("HTTP client: {e}")))?;
        let mut resp = http.get(url).send().await.map_err(|e| {
            let code = if e.is_connect() { ErrorCode::NotSent } else { ErrorCode::Io };
            Error::new(code, format!("download failed: {e}"))
        })?;
        if !resp.status().is_success() {
            return Err(Error::new(ErrorCode::Refused, format!("the download link answered HTTP {}; list the day again for a fresh link", resp.status())));
        }
        let total = resp.content_length();
        let part = target.with_extension(format!("{}part", target.extension().map(|e| format!("{}.", e.to_string_lossy())).unwrap_or_default()));
        let mut out = tokio::fs::File::create(&part).await.map_err(|e| Error::new(ErrorCode::Io, format!("cannot write {}: {e}", part.display())))?;
        let mut hasher = Sha256::new();
        let mut done: u64 = 0;
        let mut next = PROGRESS_STEP;
        progress(ProgressEvent::new("download", 0, total, "downloading"));
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    drop(out);
                    let _ = tokio::fs::remove_file(&part).await;
                    return Err(Error::new(ErrorCode::Io, format!("the download broke off after {done} bytes: {e}; try again")));
                }
            };
            out.write_all(&chunk).await?;
            hasher.update(&chunk);
            done += chunk.len() as u64;
            if done >= next {
                next = done + PROGRESS_STEP;
                progress(ProgressEvent::new("download", done, total, format!("{done} bytes")));
            }
        }
        if let Some(t) = total {
            if t != done {
                drop(out);
                let _ = tokio::fs::remove_file(&part).await;
                return Err(Error::new(ErrorCode::Io, format!("the download ended after {done} of {t} bytes; try again")));
            }
        }
        out.flush().await?;
        out.sync_all().await?;
        drop(out);
        tokio::fs::rename(&part, target).await.map_err(|e| Error::new(ErrorCode::Io, format!("cannot move {} into place: {e}", part.display())))?;
        progress(ProgressEvent::new("download", done, Some(done), format!("{done} bytes downloaded")));
        let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(DownloadedBill { path: target.display().to_string(), file_name, bytes: done, sha256: hex::encode(hasher.finalize()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_one_safe_component() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("20261130_6666_order.zip"), "20261130_6666_order.zip");
        assert_eq!(safe_name("a b?.zip"), "a_b_.zip");
        assert_eq!(safe_name(".."), "bill.zip");
        assert_eq!(url_for_audit("https://x/y.zip?Signature=abc"), "https://x/y.zip");
    }
}
