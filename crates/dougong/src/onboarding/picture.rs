//! 图片上传 (§7.1): multipart upload of a licence / ID / bank-card / shop photo; answers a `file_id`.
//!
//! Transport follows the Java SDK (spec D1): file part `file`, text parts `sys_id`, `product_id`, `data`
//! (the canonical string, with every field) and `sign`.
// Without the `client` feature (crates/fuzz) only the pure parts here are used.
#![cfg_attr(not(feature = "client"), allow(unused_imports, dead_code))]

use serde::{Deserialize, Serialize};

use crate::client::Endpoint;
#[cfg(feature = "client")]
use crate::client::{data_map, Client};
use crate::error::{Error, FieldError};
use crate::wire::check;

/// The `data` of a picture upload.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PictureUpload {
    pub req_seq_id: String,
    pub req_date: String,
    /// `F..` code of appendix A (e.g. `F07` business licence).
    pub file_type: String,
    /// Absent while the merchant has no huifu_id yet.
    pub huifu_id: Option<String>,
    /// HTTPS URL Huifu fetches instead of a file part (mutually exclusive with the file).
    pub file_url: Option<String>,
}

/// The file part.
#[derive(Debug, Clone)]
pub struct UploadFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The answer: the id to put into `*_pic` fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PictureUploadResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub file_id: Option<String>,
}

const IMAGE_LIMIT: usize = 2 * 1024 * 1024;
const OTHER_LIMIT: usize = 10 * 1024 * 1024;

impl Endpoint for PictureUpload {
    const PATH: &'static str = "/v2/supplementary/picture";
    type Output = PictureUploadResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::required("file_type", &self.file_type, 32)?;
        let ft = self.file_type.as_bytes();
        if ft[0] != b'F' || ft.len() < 2 || !ft[1..].iter().all(u8::is_ascii_digit) {
            return Err(FieldError::new("file_type", format!("{:?} is not a file type code like F07", self.file_type)));
        }
        if let Some(h) = &self.huifu_id {
            check::huifu_id("huifu_id", h, 18)?;
        }
        check::optional("file_url", &self.file_url, 512)?;
        if let Some(u) = &self.file_url {
            if !u.starts_with("https://") {
                return Err(FieldError::new("file_url", "must be an https:// URL"));
            }
        }
        Ok(())
    }
}

/// Checks the file against the limits of §7.1 (images JPG/BMP/PNG ≤ 2 MB, other files ≤ 10 MB).
pub fn check_file(file: &UploadFile) -> Result<(), FieldError> {
    if file.bytes.is_empty() {
        return Err(FieldError::new("file", "is empty"));
    }
    let lower = file.file_name.to_ascii_lowercase();
    let is_image = [".jpg", ".jpeg", ".png", ".bmp"].iter().any(|e| lower.ends_with(e));
    let limit = if is_image { IMAGE_LIMIT } else { OTHER_LIMIT };
    if file.bytes.len() > limit {
        return Err(FieldError::new(
            "file",
            format!(
                "{} bytes; at most {} MB for {}",
                file.bytes.len(),
                limit / 1024 / 1024,
                if is_image { "images" } else { "other files" }
            ),
        ));
    }
    Ok(())
}

#[cfg(feature = "client")]
impl Client {
    /// Uploads a picture (or points Huifu at `file_url` when `file` is `None`) and returns its `file_id`.
    /// The answer is verified when signed; the SDKs do not sign-check this answer, and some gateways send
    /// it unsigned, which is accepted here only.
    pub async fn upload_picture(
        &self,
        req: &PictureUpload,
        file: Option<&UploadFile>,
    ) -> Result<PictureUploadResponse, Error> {
        req.validate()?;
        match (file, &req.file_url) {
            (Some(f), None) => check_file(f)?,
            (None, Some(_)) => {}
            (Some(_), Some(_)) => {
                return Err(FieldError::new("file_url", "give either a file or file_url, not both").into())
            }
            (None, None) => return Err(FieldError::new("file", "a file or file_url is required").into()),
        }
        let signed = self.sign_parts(&data_map(req)?);
        let (sys_id, product_id) = self.ids();
        let url = format!("{}{}", self.base_url(), PictureUpload::PATH);
        let make = || {
            let mut form = reqwest::multipart::Form::new()
                .text("sys_id", sys_id.to_string())
                .text("product_id", product_id.to_string())
                .text("data", signed.canonical.clone())
                .text("sign", signed.sign.clone());
            if let Some(f) = file {
                let part = reqwest::multipart::Part::bytes(f.bytes.clone())
                    .file_name(f.file_name.clone())
                    .mime_str("application/octet-stream")
                    .expect("static mime type parses");
                form = form.part("file", part);
            }
            self.http().post(&url).multipart(form)
        };
        let (status, bytes) = self.post_with_connect_retries(make).await?;
        let data = match self.verify_answer(status, &bytes) {
            Ok(v) => v,
            Err(Error::Signature { .. }) if (200..300).contains(&status) && unsigned_envelope(&bytes) => {
                let v: serde_json::Value = serde_json::from_slice(&bytes)
                    .map_err(|e| Error::Decode { path: "$".into(), message: e.to_string() })?;
                v.get("data").cloned().unwrap_or(v)
            }
            Err(e) => return Err(e),
        };
        crate::client::decode_output::<PictureUpload>(data)
    }
}

/// True for a JSON body without a (non-empty) `sign`.
fn unsigned_envelope(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => v.get("sign").and_then(|s| s.as_str()).is_none_or(str::is_empty),
        Err(_) => false,
    }
}
