//! Merchant onboarding: picture upload (§7.1), enterprise and individual onboarding (§7.2, §7.3),
//! application status query (§7.6). The change (§7.4) is [`crate::modify`], the detail query (§7.5)
//! [`crate::merchant`].

mod basicdata;
pub mod forms;
mod picture;
mod status;

pub use basicdata::{EntOnboarding, IndvOnboarding, OnboardingResponse};
pub use picture::{check_file, PictureUpload, PictureUploadResponse, UploadFile};
pub use status::{ApplyStatus, ApplyStatusQuery, AuditStatus, ChannelConfResult};
