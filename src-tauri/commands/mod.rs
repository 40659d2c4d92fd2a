//! Every command, declared once. `command_list!` registers the handlers with Tauri and lists their types for
//! the generated `ui/src/bindings/commands.ts`. Each command is one use case: unpack state, call one
//! service, map the error (≤ ~15 lines).
//!
//! Convention the TS side relies on: a command's input is one argument named `req` (absent when the declared
//! request type is `()`), and a progress Channel is an argument named `on_progress`.

pub mod acquiring;
pub mod app;
pub mod audit;
pub mod balance;
pub mod business;
pub mod drafts;
pub mod merchants;
pub mod notifications;
pub mod onboarding;
pub mod profiles;
pub mod realname;
pub mod refunds;
pub mod sandbox;
pub mod signing;
pub mod split;
pub mod statements;
pub mod terminals;
pub mod test_order;
pub mod wechat;

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
    profiles::profile_active(()) -> desk::Profile;
    profiles::profile_list(()) -> Vec<desk::Profile>;
    profiles::profile_activate(profiles::ProfileName) -> desk::Profile;
    profiles::confirm_prod_write(profiles::ProfileName) -> ();
    profiles::profile_create(desk::NewProfile) -> desk::Profile;
    profiles::profile_update(profiles::ProfileUpdate) -> desk::Profile;
    profiles::profile_destination_change(profiles::ProfileUpdate) -> Option<desk::profiles::DestinationChange>;
    profiles::profile_delete(profiles::ProfileName) -> ();
    profiles::profile_key_info(profiles::ProfileName) -> desk::KeyInfo;
    profiles::profile_keys_check(profiles::KeysReq) -> desk::KeyCheck;
    profiles::profile_keys_import(profiles::KeysReq) -> desk::KeyInfo;
    profiles::profile_key_generate(profiles::ProfileName) -> desk::KeyInfo;
    profiles::profile_huifu_key_set(profiles::HuifuKeyReq) -> desk::KeyInfo;
    profiles::profile_keys_delete(profiles::ProfileName) -> desk::KeyInfo;
    profiles::profile_acquirer_keys_import(profiles::AcquirerKeysReq) -> desk::KeyInfo;
    profiles::profile_default_url(profiles::DefaultUrlReq) -> Option<String>;
    profiles::profile_test_connection(profiles::ProfileName) -> desk::profiles::probe::ConnectionTest;
    // Audit log
    audit::audit_search(desk::audit::AuditFilter) -> desk::audit::AuditPage;
    audit::audit_errors(desk::audit::AuditFilter) -> Vec<desk::audit::AuditErrorGroup>;
    audit::audit_verify(()) -> desk::audit::AuditReport;
    audit::audit_export(audit::AuditExportReq) -> audit::AuditExportRes;
    // Notifications
    notifications::notify_list(desk::notify_receiver::NotificationFilter) -> desk::notify_receiver::NotificationPage;
    notifications::notify_receiver_status(profiles::ProfileName) -> notifications::ReceiverStatus;
    notifications::notify_receiver_start(notifications::ReceiverStartReq) -> notifications::ReceiverStatus;
    notifications::notify_receiver_stop(profiles::ProfileName) -> notifications::ReceiverStatus;
    // Sandbox page
    sandbox::sandbox_control(desk::services::sandbox_controls::SandboxControl) -> sandbox::SandboxAnswer;
    signing::sign_tool_canonical(signing::CanonicalReq) -> signing::CanonicalRes;
    signing::sign_tool_sign(signing::SignReq) -> signing::SignRes;
    signing::sign_tool_verify(signing::VerifyReq) -> signing::VerifyRes;
    // Statements (对账单)
    statements::bill_new_req_seq_id(()) -> String;
    statements::bill_config_get(statements::BillConfigReq) -> desk::services::bills::BillConfigView;
    statements::bill_config_set(desk::services::bills::BillConfigForm) -> desk::services::bills::BillConfigView;
    statements::bill_list(desk::services::bills::BillListQuery) -> desk::services::bills::BillListing;
    statements::bill_download(desk::services::bills::BillFileInfo) -> desk::services::bills::DownloadedBill, progress desk::ProgressEvent;
    statements::bill_import(statements::BillImportReq) -> desk::services::bills::ImportReport, progress desk::ProgressEvent;
    statements::bill_query(desk::services::bills::BillFilter) -> desk::services::bills::BillPage;
    statements::bill_daily_totals(desk::services::bills::BillFilter) -> Vec<desk::services::bills::DailyTotal>;
    statements::bill_export(statements::BillExportReq) -> statements::BillExportRes;
    // Test order (测试下单)
    test_order::order_new_req_seq_id(()) -> String;
    test_order::order_create_qr(desk::services::orders::QrOrderForm) -> desk::services::orders::QrOrder;
    test_order::order_pay_code(desk::services::orders::PayCodeForm) -> desk::services::orders::TradeRecord;
    test_order::order_query(desk::services::orders::TradeRef) -> desk::services::orders::TradeRecord;
    test_order::order_close(desk::services::trade_close::CloseForm) -> desk::services::trade_close::CloseRecord;
    test_order::order_close_status(test_order::CloseStatusReq) -> desk::services::trade_close::CloseRecord;
    test_order::order_list(test_order::TradeListReq) -> Vec<desk::services::orders::TradeRecord>;
    test_order::order_sandbox_pay(test_order::SandboxPayReq) -> ();
    test_order::order_sandbox_paycode(test_order::PayCodeReq) -> String;
    // Trades and refunds (交易与退款)
    refunds::refund_refundable(desk::services::orders::TradeRef) -> desk::services::refunds::Refundable;
    refunds::refund_prepare(desk::services::orders::TradeRef) -> desk::services::refunds::RefundDraft;
    refunds::refund_submit(desk::services::refunds::RefundForm) -> desk::services::refunds::RefundRecord;
    refunds::refund_preview(desk::services::refunds::RefundForm) -> desk::RequestPreview;
    refunds::refund_status(refunds::RefundId) -> desk::services::refunds::RefundRecord;
    refunds::refund_follow(refunds::RefundId) -> desk::services::refunds::RefundRecord, progress desk::ProgressEvent;
    refunds::refund_list(desk::services::refunds::RefundFilter) -> Vec<desk::services::refunds::RefundRecord>;
    refunds::activity_list(desk::services::activity::ActivityFilter) -> Vec<desk::services::activity::ActivityRow>;
    refunds::refund_batch_check(refunds::RefundCsvPath) -> refunds::RefundCsvCheck;
    refunds::refund_batch_import(refunds::RefundCsvPath) -> desk::services::refund_batch::RefundBatch;
    refunds::refund_batch_list(()) -> Vec<desk::services::refund_batch::RefundBatch>;
    refunds::refund_batch_run(refunds::RefundBatchRunReq) -> desk::services::refund_batch::BatchReport, progress desk::ProgressEvent;
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
    acquiring::qr_render(acquiring::QrText) -> desk::services::realname::QrImage;
    // Balance and withdrawal (余额与取现)
    balance::balance_get(balance::BalanceReq) -> desk::services::cashout::BalanceView;
    balance::withdraw_new_req_seq_id(()) -> String;
    balance::withdraw_submit(desk::services::cashout::WithdrawForm) -> desk::services::cashout::Withdrawal;
    balance::withdraw_follow(balance::WithdrawalId) -> desk::services::cashout::Withdrawal;
    balance::withdraw_list(balance::WithdrawalListReq) -> Vec<desk::services::cashout::Withdrawal>;
    // Merchant journey (index, onboarding, business open, realname, WeChat config, terminals, split)
    merchants::merchant_list(()) -> Vec<desk::merchants::Merchant>;
    merchants::merchant_get(merchants::MerchantRef) -> desk::merchants::Merchant;
    merchants::merchant_lookup(merchants::MerchantRef) -> desk::services::lookup::MerchantDetailView;
    merchants::merchant_search(merchants::MerchantQuery) -> Vec<desk::merchants::Merchant>;
    merchants::merchant_refresh(merchants::MerchantRef) -> desk::services::journey::MerchantRefresh;
    merchants::merchant_follow(merchants::MerchantRef) -> desk::services::journey::MerchantRefresh;
    merchants::merchant_remove(merchants::MerchantRef) -> ();
    merchants::merchant_change(desk::services::modify::MerchantChangeForm) -> desk::services::modify::MerchantChangeResult, progress desk::ProgressEvent;
    merchants::merchant_profile(merchants::MerchantRef) -> desk::services::modify::MerchantProfileView;
    merchants::merchant_new_req_seq_id(()) -> merchants::NewReqSeqId;
    onboarding::picture_stage(onboarding::PictureStageReq) -> desk::services::pictures::StagedPicture;
    onboarding::onboard_enterprise(desk::services::onboarding::EntOnboardingForm) -> desk::services::onboarding::OnboardingResult, progress desk::ProgressEvent;
    onboarding::onboard_individual(desk::services::onboarding::IndvOnboardingForm) -> desk::services::onboarding::OnboardingResult, progress desk::ProgressEvent;
    onboarding::onboarding_status(onboarding::OnboardingStatusReq) -> desk::services::onboarding::OnboardingStatus;
    business::business_open(desk::services::busi::BusiOpenForm) -> desk::services::busi::BusiOpenResult;
    business::business_status(onboarding::OnboardingStatusReq) -> desk::services::busi::BusiStatus;
    realname::realname_submit(desk::services::realname::RealnameForm) -> desk::services::realname::RealnameState;
    realname::realname_status(realname::RealnameStatusReq) -> desk::services::realname::RealnameState;
    realname::realname_qr(realname::QrReq) -> desk::services::realname::QrImage;
    realname::realname_prefill(merchants::MerchantRef) -> desk::services::realname::RealnamePrefill;
    wechat::wx_config_set(desk::services::wxconfig::WxConfigForm) -> Vec<desk::services::wxconfig::WxBinding>;
    wechat::wx_config_list(merchants::MerchantRef) -> Vec<desk::services::wxconfig::WxBinding>;
    terminals::terminal_add(desk::services::terminal::TerminalForm) -> Vec<desk::services::terminal::Terminal>;
    terminals::terminal_list(merchants::MerchantRef) -> Vec<desk::services::terminal::Terminal>;
    terminals::terminal_cancel(terminals::TerminalCancelReq) -> ();
    split::split_config(desk::services::split::SplitForm) -> desk::services::split::SplitState;
    split::split_status(merchants::MerchantRef) -> desk::services::split::SplitState;
}

/// Events the shell pushes to the UI, with their payload types.
#[cfg_attr(not(test), allow(dead_code))]
pub fn event_entries() -> Vec<crate::ipc::schema::EventEntry> {
    vec![
        crate::ipc::schema::EventEntry::of::<desk::Profile>(profiles::PROFILE_CHANGED),
        crate::ipc::schema::EventEntry::of::<Vec<String>>(crate::follower::MERCHANTS_CHANGED),
        crate::ipc::schema::EventEntry::of::<crate::startup::StartupStatus>(crate::startup::STARTUP_CHANGED),
    ]
}
