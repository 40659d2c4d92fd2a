//! Downloading a bill file: streamed to `<home>/bills/<profile>/<huifu_id>/<file_date>/<file_name>.part`
//! with a progress event per 256 KiB, checked, and renamed into place only when complete (a crash or a
//! dropped connection never leaves a half file under the real name), recorded in `bill_files` and
//! audited (the link's query string — Huifu's signed token — is left out).
//!
//! Resume: a `.part` left by a download that broke off is kept, and the next try asks only for the rest
//! (`Range: bytes=N-`, with `If-Range` set to the `ETag` the first answer gave, kept beside the part as
//! `.part.etag`, so a file regenerated meanwhile comes whole instead of being spliced). A server that
//! answers 200 anyway, or 416, gets the file from the start. Checks before the rename: the size the
//! server announced (`Content-Length` / `Content-Range`), and for a zip every entry read through to its
//! CRC; a damaged file is removed, never imported.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use ts_rs::TS;

use super::BillFileInfo;
use crate::audit::Outcome;
use crate::call::{CallAudit, Heard};
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::profile::Profile;
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
    let s: String =
        leaf.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
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
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h == "::1")
}

impl Desk {
    /// Where a file of this listing lands.
    pub fn bill_path(&self, profile: &str, f: &BillFileInfo) -> PathBuf {
        let name =
            if f.file_name.is_empty() { format!("{}_{}.zip", f.file_date, f.bill_type) } else { f.file_name.clone() };
        self.home()
            .join("bills")
            .join(safe_name(profile))
            .join(safe_name(&f.huifu_id))
            .join(safe_name(&f.file_date))
            .join(safe_name(&name))
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
    pub async fn download_bill(
        &self,
        profile: &Profile,
        file: &BillFileInfo,
        progress: Progress<'_>,
    ) -> Result<DownloadedBill, Error> {
        if file.download_url.trim().is_empty() {
            return Err(Error::invalid("download_url", "this file has no download link yet; list the day again"));
        }
        let started = Instant::now();
        let target = self.bill_path(&profile.name, file);
        let result = self.fetch_to(&file.download_url, &target, progress).await;
        let duration_ms = started.elapsed().as_millis() as i64;
        let request = json!({"url": url_for_audit(&file.download_url), "huifu_id": file.huifu_id, "bill_type": file.bill_type,
                             "file_date": file.file_date, "file_name": file.file_name});
        let heard = match &result {
            Ok(d) => Heard {
                outcome: Outcome::Ok,
                resp_code: None,
                response: Some(json!({"bytes": d.bytes, "sha256": d.sha256, "path": d.path})),
                error: None,
            },
            Err(e) => {
                Heard { outcome: Outcome::Failed, resp_code: None, response: None, error: Some(e.message.clone()) }
            }
        };
        self.audit_call(
            profile,
            CallAudit {
                endpoint: "bill/download",
                merchant: Some(&file.huifu_id),
                req_seq_id: None,
                request: &request,
                key_id: None,
                signature: None,
                heard,
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
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot create {}: {e}", dir.display())))?;
        let mut builder = reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(10));
        if is_loopback(url) {
            builder = builder.no_proxy(); // a desktop proxy must not swallow the local sandbox
        }
        let http = builder.build().map_err(|e| Error::new(ErrorCode::Internal, format!("HTTP client: {e}")))?;
        let part = with_suffix(target, ".part");
        let etag_file = with_suffix(target, ".part.etag");
        let have = tokio::fs::metadata(&part).await.map(|m| m.len()).unwrap_or(0);
        let etag = tokio::fs::read_to_string(&etag_file).await.ok().filter(|e| !e.trim().is_empty());
        let mut req = http.get(url);
        if have > 0 {
            req = req.header(reqwest::header::RANGE, format!("bytes={have}-"));
            if let Some(e) = &etag {
                req = req.header(reqwest::header::IF_RANGE, e.trim());
            }
        }
        let mut resp = req.send().await.map_err(|e| {
            let code = if e.is_connect() { ErrorCode::NotSent } else { ErrorCode::Io };
            Error::new(code, format!("download failed: {e}"))
        })?;
        if resp.status() == reqwest::StatusCode::RANGE_NOT_SATISFIABLE && have > 0 {
            // The part is not a prefix of this file (longer than it): start again.
            remove_part(&part, &etag_file).await;
            return Box::pin(self.fetch_to(url, target, progress)).await;
        }
        if !resp.status().is_success() {
            return Err(Error::new(
                ErrorCode::Refused,
                format!("the download link answered HTTP {}; list the day again for a fresh link", resp.status()),
            ));
        }
        let resumed = resp.status() == reqwest::StatusCode::PARTIAL_CONTENT && have > 0;
        let (start, total) = if resumed {
            let (from, len) = content_range(resp.headers()).ok_or_else(|| {
                Error::new(ErrorCode::Io, "the server resumed without a usable Content-Range; try again")
            })?;
            if from != have {
                remove_part(&part, &etag_file).await;
                return Err(Error::new(
                    ErrorCode::Io,
                    format!("the server resumed at byte {from}, not {have}; the partial file was removed, try again"),
                ));
            }
            (have, len)
        } else {
            (0, resp.content_length())
        };
        let mut hasher = Sha256::new();
        let mut out = if resumed {
            // The kept bytes count towards the hash of the whole file.
            let kept = tokio::fs::read(&part)
                .await
                .map_err(|e| Error::new(ErrorCode::Io, format!("cannot read {}: {e}", part.display())))?;
            hasher.update(&kept);
            tokio::fs::OpenOptions::new().append(true).open(&part).await
        } else {
            let new_etag = resp
                .headers()
                .get(reqwest::header::ETAG)
                .and_then(|v| v.to_str().ok())
                .filter(|e| !e.starts_with("W/"))
                .unwrap_or_default()
                .to_string();
            let _ = tokio::fs::write(&etag_file, new_etag).await;
            tokio::fs::File::create(&part).await
        }
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot write {}: {e}", part.display())))?;
        let mut done: u64 = start;
        let mut next = done + PROGRESS_STEP;
        let said = if resumed { format!("resuming after {start} bytes") } else { "downloading".to_string() };
        progress(ProgressEvent::new("download", done, total, said));
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    // The bytes so far stay in the .part: the next try asks for the rest only.
                    let _ = out.flush().await;
                    return Err(Error::new(
                        ErrorCode::Io,
                        format!("the download broke off after {done} bytes: {e}; try again to resume it"),
                    ));
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
        out.flush().await?;
        out.sync_all().await?;
        drop(out);
        if let Some(t) = total {
            if t != done {
                remove_part(&part, &etag_file).await;
                return Err(Error::new(
                    ErrorCode::Io,
                    format!("the download ended after {done} of {t} bytes; try again"),
                ));
            }
        }
        if let Err(why) = check_zip(&part).await {
            remove_part(&part, &etag_file).await;
            return Err(Error::new(
                ErrorCode::Io,
                format!("the downloaded file is damaged ({why}); it was removed, download it again"),
            ));
        }
        tokio::fs::rename(&part, target)
            .await
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot move {} into place: {e}", part.display())))?;
        let _ = tokio::fs::remove_file(&etag_file).await;
        progress(ProgressEvent::new("download", done, Some(done), format!("{done} bytes downloaded")));
        let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(DownloadedBill {
            path: target.display().to_string(),
            file_name,
            bytes: done,
            sha256: hex::encode(hasher.finalize()),
        })
    }
}

/// `target` with `suffix` appended to its file name.
fn with_suffix(target: &Path, suffix: &str) -> PathBuf {
    let mut name = target.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    target.with_file_name(name)
}

async fn remove_part(part: &Path, etag_file: &Path) {
    let _ = tokio::fs::remove_file(part).await;
    let _ = tokio::fs::remove_file(etag_file).await;
}

/// `Content-Range: bytes A-B/LEN` → (A, Some(LEN)); LEN `*` → None.
fn content_range(h: &reqwest::header::HeaderMap) -> Option<(u64, Option<u64>)> {
    let v = h.get(reqwest::header::CONTENT_RANGE)?.to_str().ok()?;
    let (range, len) = v.trim().strip_prefix("bytes ")?.split_once('/')?;
    let from = range.split_once('-')?.0.trim().parse().ok()?;
    Some((from, if len.trim() == "*" { None } else { Some(len.trim().parse().ok()?) }))
}

/// A file that starts like a zip must open as one and every entry must read through to its CRC.
async fn check_zip(path: &Path) -> Result<(), String> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let mut f = std::fs::File::open(&path).map_err(|e| e.to_string())?;
        let mut magic = [0u8; 4];
        let n = f.read(&mut magic).map_err(|e| e.to_string())?;
        if n < 4 || magic != *b"PK\x03\x04" {
            return Ok(()); // a CSV or other plain file: the size check is what there is
        }
        let mut zip =
            zip::ZipArchive::new(std::io::BufReader::new(std::fs::File::open(&path).map_err(|e| e.to_string())?))
                .map_err(|e| format!("not a readable zip: {e}"))?;
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).map_err(|e| format!("zip entry {i}: {e}"))?;
            let name = entry.name().to_string();
            std::io::copy(&mut entry, &mut std::io::sink()).map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(())
    })
    .await
    .map_err(|e| format!("the check did not run: {e}"))?
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
