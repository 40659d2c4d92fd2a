//! Merchant onboarding: picture upload (§7.1), enterprise and individual onboarding (§7.2, §7.3),
//! modify (§7.4), detail query (§7.5), application status query (§7.6).

mod basicdata;
pub mod forms;
mod picture;
mod query;

pub use basicdata::{EntOnboarding, IndvOnboarding, OnboardingResponse};
pub use picture::{check_file, PictureUpload, PictureUploadResponse, UploadFile};
pub use query::{
    ApplyStatus, ApplyStatusQuery, AuditStatus, BasicModify, CashCardInfo, ChannelConfResult, MerchantDetail,
    MerchantDetailQuery,
};
