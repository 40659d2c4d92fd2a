//! Merchant onboarding: picture upload (§7.1), enterprise and individual onboarding (§7.2, §7.3),
//! modify (§7.4), detail query (§7.5), application status query (§7.6).

mod picture;

pub use picture::{check_file, PictureUpload, PictureUploadResponse, UploadFile};
