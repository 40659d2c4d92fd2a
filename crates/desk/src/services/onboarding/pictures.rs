//! Picture upload (§7.1): photos are fitted to Huifu's limit (JPG/PNG/BMP, ≤ 2 MB) before upload, so a
//! 12 MB phone photo just works; the answer's `file_id` goes into the onboarding `*_pic` fields.
//!
//! Not journalled: there is no query for an upload, and a repeated upload only makes an unused file id.
//! Every upload is audited like any call.

use std::io::Cursor;
use std::time::Instant;

use image::{DynamicImage, GenericImageView, ImageFormat};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use dougong::onboarding::{PictureUpload, UploadFile};

use crate::audit::Outcome;
use crate::call::{CallAudit, Heard};
use crate::error::{Error, ErrorCode};
use crate::profile::Profile;
use crate::vocab::Problem;
use crate::Desk;

/// The extension of a sealed staged photo.
const STAGED_EXT: &str = "sealed";

/// Huifu's image limit (§7.1).
pub const IMAGE_LIMIT: usize = 2 * 1024 * 1024;

/// A picture to upload: the wire field it is for (`license_pic`) and the file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PictureFile {
    /// The onboarding field it fills, e.g. `license_pic`, `legal_cert_front_pic`.
    pub field: String,
    /// Path of the image on this machine.
    pub path: String,
}

/// An uploaded picture.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadedPicture {
    pub field: String,
    pub file_type: String,
    pub file_id: String,
    /// Bytes actually sent (after fitting).
    pub bytes: u64,
    /// True when the image was re-encoded or scaled to fit.
    pub fitted: bool,
}

/// The `F..` file type code of an onboarding picture field (appendix A); `individual` picks the
/// individual-merchant ID codes.
pub fn file_type_for(field: &str, individual: bool) -> Option<&'static str> {
    Some(match (field, individual) {
        ("license_pic", _) => "F07",
        ("legal_cert_front_pic", false) => "F02",
        ("legal_cert_back_pic", false) => "F03",
        ("legal_cert_front_pic", true) => "F40",
        ("legal_cert_back_pic", true) => "F41",
        ("reg_acct_pic", _) => "F08",
        ("settle_card_front_pic", _) => "F13",
        ("settle_cert_front_pic", _) => "F55",
        ("settle_cert_back_pic", _) => "F56",
        ("auth_entrust_pic", _) => "F15",
        ("store_header_pic", _) => "F22",
        ("store_indoor_pic", _) => "F24",
        ("store_cashier_desk_pic", _) => "F105",
        _ => return None,
    })
}

/// The largest picture file a person may choose (a phone photo is well under 20 MB).
pub const MAX_PICTURE_BYTES: usize = 40 * 1024 * 1024;
/// The widest / tallest picture decoded (a 200-megapixel phone photo is 16320 × 12240).
pub const MAX_PICTURE_SIDE: u32 = 16_384;
/// The most memory one decode may take (a 48-megapixel RGBA photo needs 192 MiB).
pub const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// Decodes with explicit limits rather than the image crate's defaults (no size limit, 512 MiB of
/// memory): a small file can claim a huge canvas, and the claim is checked before any pixel is allocated.
fn decode_bounded(bytes: &[u8]) -> image::ImageResult<DynamicImage> {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PICTURE_SIDE);
    limits.max_image_height = Some(MAX_PICTURE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    reader.limits(limits);
    reader.decode()
}

/// Reads a picture file, refusing one over [`MAX_PICTURE_BYTES`] without reading it all (a path may name
/// anything, even a device that never ends).
fn read_bounded(field: &str, path: &std::path::Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let shown =
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let cannot = |_: std::io::Error| Error::problem(field, Problem::PictureUnreadable, &[("name", shown.clone())]);
    let mut out = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(MAX_PICTURE_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(cannot)?;
    if out.len() > MAX_PICTURE_BYTES {
        let mb = ((out.len() as u64) >> 20).to_string();
        return Err(Error::problem(
            field,
            Problem::PictureTooLarge,
            &[("name", shown), ("mb", mb), ("max", (MAX_PICTURE_BYTES >> 20).to_string())],
        ));
    }
    Ok(out)
}

/// Makes `bytes` an image Huifu accepts: JPG/PNG/BMP of at most `limit` bytes. Images already within the
/// limit in an accepted format pass unchanged; others are re-encoded as JPEG, scaled down step by step
/// until they fit. Returns (file name, bytes, fitted).
///
/// Errors: `InvalidInput` on `field` when the bytes are not an image.
pub fn fit_image(field: &str, name: &str, bytes: &[u8], limit: usize) -> Result<(String, Vec<u8>, bool), Error> {
    if bytes.len() > MAX_PICTURE_BYTES {
        let p = [
            ("name", name.to_string()),
            ("mb", (bytes.len() >> 20).to_string()),
            ("max", (MAX_PICTURE_BYTES >> 20).to_string()),
        ];
        return Err(Error::problem(field, Problem::PictureTooLarge, &p));
    }
    let format = image::guess_format(bytes)
        .map_err(|_| Error::problem(field, Problem::PictureFormat, &[("name", name.to_string())]))?;
    let accepted = matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Bmp);
    if accepted && bytes.len() <= limit {
        let ext = match format {
            ImageFormat::Png => "png",
            ImageFormat::Bmp => "bmp",
            _ => "jpg",
        };
        return Ok((with_ext(name, ext), bytes.to_vec(), false));
    }
    let img = decode_bounded(bytes)
        .map_err(|_| Error::problem(field, Problem::PictureUndecodable, &[("name", name.to_string())]))?;
    let mut current: DynamicImage = img;
    for _ in 0..12 {
        for quality in [85u8, 70, 55] {
            let mut out = Vec::new();
            let rgb = current.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut Cursor::new(&mut out), quality)
                .encode_image(&rgb)
                .map_err(|e| Error::new(ErrorCode::Internal, format!("JPEG encoding failed: {e}")))?;
            if out.len() <= limit {
                return Ok((with_ext(name, "jpg"), out, true));
            }
        }
        let (w, h) = current.dimensions();
        if w < 64 || h < 64 {
            break;
        }
        current = current.resize(w * 3 / 4, h * 3 / 4, image::imageops::FilterType::Triangle);
    }
    Err(Error::problem(
        field,
        Problem::PictureCannotShrink,
        &[("name", name.to_string()), ("max", (limit / 1024 / 1024).to_string())],
    ))
}

/// A picture fitted and kept on this machine, ready for an onboarding form's `pictures`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StagedPicture {
    pub field: String,
    /// Where the fitted file is kept (under `<home>/pictures`); goes into [`PictureFile::path`].
    pub path: String,
    /// Size of the file as chosen.
    #[ts(type = "number")]
    pub original_bytes: u64,
    /// Size after fitting (what will be uploaded).
    #[ts(type = "number")]
    pub bytes: u64,
    pub fitted: bool,
}

fn with_ext(name: &str, ext: &str) -> String {
    let stem = std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or("picture");
    format!("{stem}.{ext}")
}

/// A picture read and fitted, ready to upload.
pub(crate) struct ReadyPicture {
    field: String,
    file_type: &'static str,
    file_name: String,
    bytes: Vec<u8>,
    fitted: bool,
}

/// Everything about a picture that can fail without the network: the field, reading the file, fitting it.
/// Onboarding runs this for every picture before uploading any, so a bad file sends nothing.
pub(crate) fn prepare_picture(desk: &Desk, pic: &PictureFile, individual: bool) -> Result<ReadyPicture, Error> {
    let file_type = file_type_for(&pic.field, individual)
        .ok_or_else(|| Error::invalid(&pic.field, "is not a picture field of onboarding"))?;
    let path = std::path::Path::new(&pic.path);
    let raw = match desk.staged_name(path) {
        // A photo staged by the app: sealed at rest.
        Some(name) => {
            let sealed = read_bounded(&pic.field, path)?;
            desk.unseal(&format!("picture:{name}"), &sealed)
                .map_err(|e| {
                    let lost = Error::problem(&pic.field, Problem::StagedPhotoLost, &[]);
                    Error { message: format!("{} ({})", lost.message, e.message), ..lost }
                })?
                .to_vec()
        }
        // A file of the person's own (the CLI's forms name files anywhere).
        None => read_bounded(&pic.field, path)?,
    };
    let name = std::path::Path::new(&pic.path).file_name().and_then(|n| n.to_str()).unwrap_or("picture.jpg");
    let (file_name, bytes, fitted) = fit_image(&pic.field, name, &raw, IMAGE_LIMIT)?;
    Ok(ReadyPicture { field: pic.field.clone(), file_type, file_name, bytes, fitted })
}

impl Desk {
    /// Fits a picture the person chose (bytes, as a web view cannot hand over a path) and keeps it under
    /// `<home>/pictures`, so the form can show the fitted size at once and the upload later sends that file.
    ///
    /// Errors: `InvalidInput` on `field` (unknown field, not an image, cannot be fitted), `Io`.
    ///
    /// The kept file is sealed ([`crate::at_rest`]: ID cards and bank cards are personal data), named by
    /// a fresh id and the field only (the person's own file name may carry a name), owner-only, and removed
    /// once the onboarding it was for is accepted or its draft is discarded.
    pub fn stage_picture(&self, field: &str, name: &str, bytes: &[u8]) -> Result<StagedPicture, Error> {
        if file_type_for(field, false).is_none() {
            return Err(Error::invalid(field, "is not a picture field of onboarding"));
        }
        let (_, out, fitted) = fit_image(field, name, bytes, IMAGE_LIMIT)?;
        let dir = self.pictures_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot create {}: {e}", dir.display())))?;
        crate::at_rest::owner_only(&dir, false);
        // A fresh name per choice: a draft restored later still points at the file it showed.
        let file = format!("{}-{field}.{STAGED_EXT}", crate::ids::new_req_seq_id(self.now()));
        let sealed = self.seal(&format!("picture:{file}"), &out)?;
        let path = dir.join(&file);
        crate::at_rest::write_private(&path, &sealed)?;
        Ok(StagedPicture {
            field: field.into(),
            path: path.display().to_string(),
            original_bytes: bytes.len() as u64,
            bytes: out.len() as u64,
            fitted,
        })
    }

    fn pictures_dir(&self) -> std::path::PathBuf {
        self.home().join("pictures")
    }

    /// The file name of `path` when it is a photo this desk staged (directly under `<home>/pictures`).
    fn staged_name(&self, path: &std::path::Path) -> Option<String> {
        let name = path.file_name()?.to_str()?.to_string();
        let dir = path.parent()?.canonicalize().ok()?;
        (dir == self.pictures_dir().canonicalize().ok()? && name.ends_with(&format!(".{STAGED_EXT}"))).then_some(name)
    }

    /// Removes a staged photo; anything that is not one (a path elsewhere, a missing file) is left alone.
    pub(crate) fn remove_staged(&self, path: &str) {
        let p = std::path::Path::new(path);
        if self.staged_name(p).is_some() {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Removes the staged photos of an onboarding form once Huifu has accepted it (it has the pictures).
    pub(crate) fn remove_staged_pictures(&self, pics: &[PictureFile]) {
        for p in pics {
            self.remove_staged(&p.path);
        }
    }

    /// Fits and uploads one picture for `field`, returning its file id. `huifu_id` is absent before the
    /// merchant exists. Audited; not journalled (see the module docs).
    ///
    /// Errors: `InvalidInput` on `field` (unknown field, unreadable or unfit file), `Io`, the call's errors.
    pub async fn upload_picture(
        &self,
        profile: &Profile,
        pic: &PictureFile,
        individual: bool,
        huifu_id: Option<&str>,
    ) -> Result<UploadedPicture, Error> {
        let ready = prepare_picture(self, pic, individual)?;
        self.send_picture(profile, ready, huifu_id).await
    }

    /// Uploads a picture [`prepare_picture`] made ready.
    pub(crate) async fn send_picture(
        &self,
        profile: &Profile,
        ready: ReadyPicture,
        huifu_id: Option<&str>,
    ) -> Result<UploadedPicture, Error> {
        let ReadyPicture { field, file_type, file_name, bytes, fitted } = ready;
        let req = PictureUpload {
            req_seq_id: self.new_req_seq_id(),
            req_date: self.req_date(),
            file_type: file_type.to_string(),
            huifu_id: huifu_id.map(str::to_string),
            file_url: None,
        };
        let client = self.client(profile).await?;
        // The upload signs the same data as a prepared request does (PKCS#1 v1.5 is deterministic), so this
        // is the signature that travels; only its hash is kept.
        let prepared = client.prepare(&req)?;
        let started = Instant::now();
        let len = bytes.len() as u64;
        let result = client.upload_picture(&req, Some(&UploadFile { file_name, bytes })).await;
        let heard = match &result {
            Ok(r) => Heard {
                outcome: Outcome::Ok,
                resp_code: Some(r.resp_code.clone()),
                response: serde_json::to_value(r).ok(),
                error: None,
            },
            Err(dougong::Error::Business { resp_code, .. }) => {
                Heard { outcome: Outcome::Refused, resp_code: Some(resp_code.clone()), response: None, error: None }
            }
            Err(e) => Heard {
                outcome: if e.may_have_reached_server() { Outcome::Unknown } else { Outcome::Failed },
                resp_code: None,
                response: None,
                error: Some(e.to_string()),
            },
        };
        let mut request: Value = serde_json::from_str(&prepared.request.canonical).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut request {
            m.insert("file_bytes".into(), Value::from(len));
        }
        self.audit_call(
            profile,
            CallAudit {
                endpoint: <PictureUpload as dougong::Endpoint>::PATH,
                merchant: huifu_id,
                req_seq_id: Some(&req.req_seq_id),
                request: &request,
                key_id: profile.key_id.as_deref(),
                signature: Some(&prepared.request.sign),
                heard,
                duration_ms: started.elapsed().as_millis() as i64,
            },
        )?;
        let r = result.map_err(|e| {
            let mut err = Error::from(e);
            err.field.get_or_insert_with(|| field.clone());
            err
        })?;
        let file_id = r
            .file_id
            .filter(|f| !f.is_empty())
            .ok_or_else(|| Error::new(ErrorCode::Decode, "the upload answer has no file_id"))?;
        Ok(UploadedPicture { field, file_type: file_type.into(), file_id, bytes: len, fitted })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noisy_png(w: u32, h: u32) -> Vec<u8> {
        // Noise compresses badly: a big PNG, like a phone photo.
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let v = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)).wrapping_mul(2246822519);
            image::Rgb([(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_big_photo_is_fitted_under_the_limit_and_a_small_one_passes_unchanged() {
        let big = noisy_png(1400, 1000);
        assert!(big.len() > 2 * 1024 * 1024, "the test image is over the limit: {}", big.len());
        let (name, out, fitted) = fit_image("license_pic", "licence.png", &big, IMAGE_LIMIT).unwrap();
        assert!(fitted && out.len() <= IMAGE_LIMIT, "fitted to {} bytes", out.len());
        assert_eq!(name, "licence.jpg");
        assert_eq!(image::guess_format(&out).unwrap(), ImageFormat::Jpeg);

        let small = noisy_png(40, 30);
        let (name, out, fitted) = fit_image("license_pic", "a.png", &small, IMAGE_LIMIT).unwrap();
        assert!(!fitted && out == small && name == "a.png");

        let e = fit_image("license_pic", "x.txt", b"hello", IMAGE_LIMIT).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("license_pic"));
    }

    #[test]
    fn a_picture_claiming_a_huge_canvas_is_refused_before_decoding() {
        // A 3 MB BMP (so it is decoded to be fitted) whose header claims 60000 × 60000 pixels: 10 GB of RGB.
        let mut bmp = vec![0u8; 3 * 1024 * 1024];
        bmp[..2].copy_from_slice(b"BM");
        let len = bmp.len() as u32;
        bmp[2..6].copy_from_slice(&len.to_le_bytes());
        bmp[10..14].copy_from_slice(&54u32.to_le_bytes());
        bmp[14..18].copy_from_slice(&40u32.to_le_bytes());
        bmp[18..22].copy_from_slice(&60_000i32.to_le_bytes());
        bmp[22..26].copy_from_slice(&60_000i32.to_le_bytes());
        bmp[26..28].copy_from_slice(&1u16.to_le_bytes());
        bmp[28..30].copy_from_slice(&24u16.to_le_bytes());
        let e = fit_image("license_pic", "bomb.bmp", &bmp, IMAGE_LIMIT).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("license_pic"));
        assert!(e.message.contains("cannot be decoded"), "{}", e.message);

        let e = fit_image("license_pic", "huge.jpg", &vec![0u8; MAX_PICTURE_BYTES + 1], IMAGE_LIMIT).unwrap_err();
        assert!(e.message.contains("at most 40 MB"), "{}", e.message);
    }

    #[test]
    fn a_staged_picture_is_kept_fitted_under_home() {
        let home = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(home.path()).unwrap();
        let big = noisy_png(1400, 1000);
        let s = desk.stage_picture("settle_card_front_pic", "张三的银行卡.png", &big).unwrap();
        assert!(s.fitted && s.bytes as usize <= IMAGE_LIMIT && s.original_bytes as usize == big.len());
        assert!(s.path.starts_with(&home.path().join("pictures").display().to_string()), "{}", s.path);
        assert!(!s.path.contains("张三"), "the person's file name is not kept: {}", s.path);
        let kept = std::fs::read(&s.path).unwrap();
        assert!(image::guess_format(&kept).is_err(), "the kept file is sealed, not a readable image");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&s.path).unwrap().permissions().mode() & 0o777, 0o600, "owner-only");
        }
        let pic = PictureFile { field: "settle_card_front_pic".into(), path: s.path.clone() };
        let ready = prepare_picture(&desk, &pic, false).unwrap();
        assert_eq!(ready.bytes.len() as u64, s.bytes, "the upload sends the fitted photo, unsealed");
        desk.remove_staged(&s.path);
        assert!(!std::path::Path::new(&s.path).exists(), "removed");
        let e = desk.stage_picture("not_a_pic", "a.png", &big).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("not_a_pic"));
    }
}
