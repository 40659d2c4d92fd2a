//! 7.1 picture upload (multipart). Accepts the file part named `file` (Java, Go, PHP, the official demo)
//! or `picture` (dg-sdk 2.0.28), a missing or empty `sign` (several SDKs send none), and `data` in any
//! JSON spacing; stores the bytes and remembers the `file_type` so onboarding can check references.

use std::sync::Arc;

use axum::extract::{Multipart, State};
use axum::response::Response;
use serde_json::{Map, Value};

use super::envelope::{authenticate, outcome_data, signed_response};
use super::state::{persist, FileRec};
use super::validate::{fields, ok, refuse, Data, Out};
use crate::traffic::{sign_hash, LogNote};
use crate::Shared;

const IMAGE_MAX: usize = 2 * 1024 * 1024;
const OTHER_MAX: usize = 10 * 1024 * 1024;

/// Whether `code` may be uploaded through the API (appendix A: `F` + 2–3 digits, minus the console-only
/// ranges).
pub fn uploadable(code: &str) -> Result<(), String> {
    let digits = code.strip_prefix('F').filter(|d| (2..=3).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
    let Some(n) = digits.and_then(|d| d.parse::<u32>().ok()) else {
        return Err(format!("file_type的传入枚举[{code}]不存在"));
    };
    let console_only = matches!(n, 122..=127 | 156..=223 | 225 | 226 | 498..=502 | 517);
    if console_only {
        return Err(format!("文件类型[{code}]暂不支持接口上传"));
    }
    Ok(())
}

fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"BM")
}

fn image_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".bmp"].iter().any(|e| n.ends_with(e))
}

/// The upload, once the parts are read.
struct Upload {
    sys_id: String,
    product_id: String,
    sign: String,
    data_text: String,
    file: Option<(String, Vec<u8>)>,
}

async fn read_parts(mut mp: Multipart) -> Result<Upload, String> {
    let mut u = Upload {
        sys_id: String::new(),
        product_id: String::new(),
        sign: String::new(),
        data_text: String::new(),
        file: None,
    };
    while let Some(field) = mp.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" | "picture" => {
                let fname = field.file_name().unwrap_or("upload.bin").to_string();
                let bytes = field.bytes().await.map_err(|e| e.to_string())?;
                u.file = Some((fname, bytes.to_vec()));
            }
            other => {
                let text = field.text().await.map_err(|e| e.to_string())?;
                match other {
                    "sys_id" => u.sys_id = text,
                    "product_id" => u.product_id = text,
                    "sign" => u.sign = text,
                    "data" => u.data_text = text,
                    _ => {}
                }
            }
        }
    }
    Ok(u)
}

/// `POST /v2/supplementary/picture`.
pub async fn handle(State(s): State<Arc<Shared>>, mp: Multipart) -> Response {
    let mut note = LogNote::default();
    let u = match read_parts(mp).await {
        Ok(u) => u,
        Err(e) => {
            return signed_response(&s, &outcome_data(&Err(refuse("10000000", format!("文件上传格式有误: {e}")))), note)
        }
    };
    note.sys_id = u.sys_id.clone();
    note.sign_sha256 = sign_hash(&u.sign);
    let data = match serde_json::from_str::<Value>(&u.data_text) {
        Ok(Value::Object(m)) => Data(m),
        _ => return signed_response(&s, &outcome_data(&Err(refuse("10000000", "data不符合JSON对象格式"))), note),
    };
    note.req_seq_id = data.s("req_seq_id");
    note.huifu_id = data.s("huifu_id");
    let out = match authenticate(&s, &u.sys_id, &u.product_id, &u.sign, &u.data_text, true) {
        Err(r) => Err(r),
        Ok(_) => store_upload(&s, &data, u.file),
    };
    signed_response(&s, &outcome_data(&out), note)
}

fn store_upload(s: &Shared, d: &Data, file: Option<(String, Vec<u8>)>) -> Out {
    let file_type = d.req("file_type")?;
    uploadable(&file_type).map_err(|e| refuse("90000000", e))?;
    for (k, max) in [("req_seq_id", 32), ("huifu_id", 18), ("file_url", 512)] {
        if d.s(k).chars().count() > max {
            return Err(refuse("10000000", format!("{k}最大长度为{max}位")));
        }
    }
    let Some((name, bytes)) = file else {
        if d.get("file_url").is_some() {
            return Err(refuse("10000000", "not implemented in the sandbox: file_url (the sandbox never fetches remote files); upload the file part instead"));
        }
        return Err(refuse("10000000", "file不能为空"));
    };
    if bytes.is_empty() {
        return Err(refuse("10000000", "file不能为空"));
    }
    let image = is_image(&bytes);
    if image_name(&name) && !image {
        return Err(refuse("10000000", "图片格式有误,仅支持JPG、BMP、PNG"));
    }
    if image && bytes.len() > IMAGE_MAX {
        return Err(refuse("10000000", "图片大小不能超过2M"));
    }
    if bytes.len() > OTHER_MAX {
        return Err(refuse("10000000", "文件大小不能超过10M"));
    }
    let file_id = uuid::Uuid::new_v4().to_string();
    let dir = s.dg.files_dir.join("uploads");
    std::fs::create_dir_all(&dir).map_err(|e| refuse("98888888", format!("系统错误: {e}")))?;
    std::fs::write(dir.join(&file_id), &bytes).map_err(|e| refuse("98888888", format!("系统错误: {e}")))?;
    use sha2::{Digest, Sha256};
    let rec = FileRec {
        file_id: file_id.clone(),
        file_type,
        name,
        size: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        created_at: s.clock.now_ms(),
    };
    persist(&s.store, &rec);
    s.dg.lock().files.insert(file_id.clone(), rec);
    let mut m: Map<String, Value> = fields([("file_id", file_id)]);
    if let Some(seq) = d.get("req_seq_id") {
        m.insert("req_seq_id".into(), seq.into());
    }
    ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_only_types_are_refused() {
        assert!(uploadable("F07").is_ok());
        assert!(uploadable("F105").is_ok());
        assert!(uploadable("F122").unwrap_err().contains("暂不支持接口上传"));
        assert!(uploadable("F200").is_err());
        assert!(uploadable("X07").is_err());
        assert!(uploadable("F1234").is_err());
    }
}
