//! Every command, declared once. `command_list!` registers the handlers with Tauri and lists their types for
//! the generated `ui/src/bindings/commands.ts`. Each command is one use case: unpack state, call one
//! service, map the error (≤ ~15 lines).
//!
//! Convention the TS side relies on: a command's input is one argument named `req` (absent when the declared
//! request type is `()`), and a progress Channel is an argument named `on_progress`.

pub mod acquiring;
pub mod app;
pub mod audit;
pub mod bill;
pub mod busi;
pub mod cashout;
pub mod devtools;
pub mod drafts;
pub mod merchant;
pub mod modify;
pub mod notify;
pub mod onboarding;
pub mod profile;
pub mod realname;
pub mod refund;
pub mod sandbox;
pub mod split;
pub mod terminal;
pub mod trade;
pub mod wxconfig;

macro_rules! command_list {
    ($( $module:ident :: $name:ident ( $req:ty ) -> $res:ty $(, progress $p:ty)? ; )*) => {
        /// The Tauri invoke handler for every declared command.
        pub fn invoke_handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$( crate::commands::$module::$name ),*]
        }

        /// The declared commands with their TS types, for the bindings.
        #[cfg_attr(not(test), allow(dead_code))]
        pub fn command_entries() -> Vec<crate::ipc::schema::CommandEntry> {
            vec![$(
                crate::ipc::schema::CommandEntry::of::<$req, $res>(stringify!($name)) $( .with_progress::<$p>() )?
            ),*]
        }
    };
}

command_list! {
    app::app_info(()) -> app::AppInfo;
    app::app_set_lang(app::AppLang) -> ();
    app::app_ready(app::ReadyReq) -> crate::startup::StartupStatus;
    app::startup_status(()) -> crate::startup::StartupStatus;
    // Form drafts, sealed in the desk store
    drafts::draft_save(drafts::DraftSave) -> ();
    drafts::draft_load(drafts::DraftKey) -> Option<desk::services::drafts::DraftValue>;
    drafts::draft_delete(drafts::DraftKey) -> ();
    // Profiles and keys
    profile::profile_active(()) -> desk::Profile;
    profile::profile_list(()) -> Vec<desk::Profile>;
    profile::profile_activate(profile::ProfileName) -> desk::Profile;
    profile::profile_confirm_prod_write(profile::ProfileName) -> ();
    profile::profile_create(desk::NewProfile) -> desk::Profile;
    profile::profile_update(profile::ProfileUpdate) -> desk::Profile;
    profile::profile_destination_change(profile::ProfileUpdate) -> Option<desk::profile::DestinationChange>;
    profile::profile_delete(profile::ProfileName) -> ();
    profile::profile_key_info(profile::ProfileName) -> desk::KeyInfo;
    profile::profile_keys_check(profile::KeysReq) -> desk::KeyCheck;
    profile::profile_keys_import(profile::KeysReq) -> desk::KeyInfo;
    profile::profile_key_generate(profile::ProfileName) -> desk::KeyInfo;
    profile::profile_huifu_key_set(profile::HuifuKeyReq) -> desk::KeyInfo;
    profile::profile_keys_delete(profile::ProfileName) -> desk::KeyInfo;
    profile::profile_acquirer_keys_import(profile::AcquirerKeysReq) -> desk::KeyInfo;
    profile::profile_default_url(profile::DefaultUrlReq) -> Option<String>;
    profile::profile_test_connection(profile::ProfileName) -> desk::profile::probe::ConnectionTest;
    // Audit log
    audit::audit_search(desk::audit::AuditFilter) -> desk::audit::AuditPage;
    audit::audit_errors(desk::audit::AuditFilter) -> Vec<desk::audit::AuditErrorGroup>;
    audit::audit_verify(()) -> desk::audit::AuditReport;
    audit::audit_export(audit::AuditExportReq) -> audit::AuditExportRes;
    // Notifications
    notify::notify_list(desk::notify::NotificationFilter) -> desk::notify::NotificationPage;
    notify::notify_receiver_status(profile::ProfileName) -> notify::ReceiverStatus;
    notify::notify_receiver_start(notify::ReceiverStartReq) -> notify::ReceiverStatus;
    notify::notify_receiver_stop(profile::ProfileName) -> notify::ReceiverStatus;
    // Sandbox page
    sandbox::sandbox_control(desk::services::sandbox::SandboxControl) -> sandbox::SandboxAnswer;
    devtools::devtools_canonical(devtools::CanonicalReq) -> devtools::CanonicalRes;
    devtools::devtools_sign(devtools::SignReq) -> devtools::SignRes;
    devtools::devtools_verify(devtools::VerifyReq) -> devtools::VerifyRes;
    // Statements (对账单)
    bill::bill_new_req_seq_id(()) -> String;
    bill::bill_config_get(bill::BillConfigReq) -> desk::services::bill::BillConfigView;
    bill::bill_config_set(desk::services::bill::BillConfigForm) -> desk::services::bill::BillConfigView;
    bill::bill_list(desk::services::bill::BillListQuery) -> desk::services::bill::BillListing;
    bill::bill_download(desk::services::bill::BillFileInfo) -> desk::services::bill::DownloadedBill, progress desk::ProgressEvent;
    bill::bill_import(bill::BillImportReq) -> desk::services::bill::ImportReport, progress desk::ProgressEvent;
    bill::bill_query(desk::services::bill::BillFilter) -> desk::services::bill::BillPage;
    bill::bill_daily_totals(desk::services::bill::BillFilter) -> Vec<desk::services::bill::DailyTotal>;
    bill::bill_export(bill::BillExportReq) -> bill::BillExportRes;
    // Test order (测试下单)
    trade::trade_new_req_seq_id(()) -> String;
    trade::trade_create_qr(desk::services::trade::QrOrderForm) -> desk::services::trade::QrOrder;
    trade::trade_pay_code(desk::services::trade::PayCodeForm) -> desk::services::trade::TradeRecord;
    trade::trade_query(desk::services::trade::TradeRef) -> desk::services::trade::TradeRecord;
    trade::trade_close(desk::services::trade::close::CloseForm) -> desk::services::trade::close::CloseRecord;
    trade::trade_close_status(trade::CloseStatusReq) -> desk::services::trade::close::CloseRecord;
    trade::trade_list(trade::TradeListReq) -> Vec<desk::services::trade::TradeRecord>;
    trade::trade_sandbox_pay(trade::SandboxPayReq) -> ();
    trade::trade_sandbox_paycode(trade::PayCodeReq) -> String;
    // Trades and refunds (交易与退款)
    refund::refund_refundable(desk::services::trade::TradeRef) -> desk::services::refund::Refundable;
    refund::refund_prepare(desk::services::trade::TradeRef) -> desk::services::refund::RefundDraft;
    refund::refund_submit(desk::services::refund::RefundForm) -> desk::services::refund::RefundRecord;
    refund::refund_preview(desk::services::refund::RefundForm) -> desk::RequestPreview;
    refund::refund_status(refund::RefundId) -> desk::services::refund::RefundRecord;
    refund::refund_follow(refund::RefundId) -> desk::services::refund::RefundRecord, progress desk::ProgressEvent;
    refund::refund_list(desk::services::refund::RefundFilter) -> Vec<desk::services::refund::RefundRecord>;
    refund::refund_activity(desk::services::refund::activity::ActivityFilter) -> Vec<desk::services::refund::activity::ActivityRow>;
    refund::refund_batch_check(refund::RefundCsvPath) -> refund::RefundCsvCheck;
    refund::refund_batch_import(refund::RefundCsvPath) -> desk::services::refund::batch::RefundBatch;
    refund::refund_batch_list(()) -> Vec<desk::services::refund::batch::RefundBatch>;
    refund::refund_batch_run(refund::RefundBatchRunReq) -> desk::services::refund::batch::BatchReport, progress desk::ProgressEvent;
    // Acquiring (收单, every acquirer)
    acquiring::acquiring_capabilities(()) -> desk::acquiring::Capabilities;
    acquiring::acquiring_new_no(()) -> String;
    acquiring::acquiring_sandbox_profiles(()) -> Vec<desk::Profile>;
    acquiring::acquiring_create(desk::acquiring::CreateOrderInput) -> desk::acquiring::OrderView;
    acquiring::acquiring_query(acquiring::AcqOrderReq) -> desk::acquiring::OrderView;
    acquiring::acquiring_close(acquiring::AcqOrderReq) -> desk::acquiring::OrderView;
    acquiring::acquiring_refund(desk::acquiring::RefundInput) -> desk::acquiring::RefundView;
    acquiring::acquiring_refund_query(acquiring::AcqRefundReq) -> desk::acquiring::RefundView;
    acquiring::acquiring_verify_notice(acquiring::NoticeBody) -> desk::acquiring::NoticeView;
    acquiring::acquiring_sandbox_pay(acquiring::AcqSandboxPayReq) -> ();
    acquiring::acquiring_sandbox_notice(acquiring::AcqOrderReq) -> desk::acquiring::NoticeView;
    acquiring::acquiring_qr_render(acquiring::QrText) -> desk::services::realname::QrImage;
    // Balance and withdrawal (余额与取现)
    cashout::cashout_balance(cashout::BalanceReq) -> desk::services::cashout::BalanceView;
    cashout::cashout_new_req_seq_id(()) -> String;
    cashout::cashout_submit(desk::services::cashout::WithdrawForm) -> desk::services::cashout::Withdrawal;
    cashout::cashout_follow(cashout::WithdrawalId) -> desk::services::cashout::Withdrawal;
    cashout::cashout_list(cashout::WithdrawalListReq) -> Vec<desk::services::cashout::Withdrawal>;
    // Merchant journey (index, onboarding, business open, realname, WeChat config, terminals, split)
    merchant::merchant_list(()) -> Vec<desk::services::merchant::Merchant>;
    merchant::merchant_get(merchant::MerchantRef) -> desk::services::merchant::Merchant;
    merchant::merchant_lookup(merchant::MerchantRef) -> desk::services::merchant::lookup::MerchantDetailView;
    merchant::merchant_search(merchant::MerchantQuery) -> Vec<desk::services::merchant::Merchant>;
    merchant::merchant_refresh(merchant::MerchantRef) -> desk::services::merchant::journey::MerchantRefresh;
    merchant::merchant_follow(merchant::MerchantRef) -> desk::services::merchant::journey::MerchantRefresh;
    merchant::merchant_remove(merchant::MerchantRef) -> ();
    modify::modify_submit(desk::services::modify::MerchantChangeForm) -> desk::services::modify::MerchantChangeResult, progress desk::ProgressEvent;
    modify::modify_current(merchant::MerchantRef) -> desk::services::modify::MerchantProfileView;
    merchant::merchant_new_req_seq_id(()) -> merchant::NewReqSeqId;
    onboarding::onboarding_picture_stage(onboarding::PictureStageReq) -> desk::services::onboarding::pictures::StagedPicture;
    onboarding::onboarding_enterprise(desk::services::onboarding::EntOnboardingForm) -> desk::services::onboarding::OnboardingResult, progress desk::ProgressEvent;
    onboarding::onboarding_individual(desk::services::onboarding::IndvOnboardingForm) -> desk::services::onboarding::OnboardingResult, progress desk::ProgressEvent;
    onboarding::onboarding_status(onboarding::OnboardingStatusReq) -> desk::services::onboarding::OnboardingStatus;
    busi::busi_open(desk::services::busi::BusiOpenForm) -> desk::services::busi::BusiOpenResult;
    busi::busi_status(onboarding::OnboardingStatusReq) -> desk::services::busi::BusiStatus;
    realname::realname_submit(desk::services::realname::RealnameForm) -> desk::services::realname::RealnameState;
    realname::realname_status(realname::RealnameStatusReq) -> desk::services::realname::RealnameState;
    realname::realname_qr(realname::QrReq) -> desk::services::realname::QrImage;
    realname::realname_prefill(merchant::MerchantRef) -> desk::services::realname::RealnamePrefill;
    wxconfig::wxconfig_set(desk::services::wxconfig::WxConfigForm) -> Vec<desk::services::wxconfig::WxBinding>;
    wxconfig::wxconfig_list(merchant::MerchantRef) -> Vec<desk::services::wxconfig::WxBinding>;
    terminal::terminal_add(desk::services::terminal::TerminalForm) -> Vec<desk::services::terminal::Terminal>;
    terminal::terminal_list(merchant::MerchantRef) -> Vec<desk::services::terminal::Terminal>;
    terminal::terminal_cancel(terminal::TerminalCancelReq) -> ();
    split::split_config(desk::services::split::SplitForm) -> desk::services::split::SplitState;
    split::split_status(merchant::MerchantRef) -> desk::services::split::SplitState;
}

/// Events the shell pushes to the UI, with their payload types.
#[cfg_attr(not(test), allow(dead_code))]
pub fn event_entries() -> Vec<crate::ipc::schema::EventEntry> {
    vec![
        crate::ipc::schema::EventEntry::of::<desk::Profile>(profile::PROFILE_CHANGED),
        crate::ipc::schema::EventEntry::of::<Vec<String>>(crate::follower::MERCHANTS_CHANGED),
        crate::ipc::schema::EventEntry::of::<crate::startup::StartupStatus>(crate::startup::STARTUP_CHANGED),
    ]
}
