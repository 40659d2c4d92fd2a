import { en as changeI18n } from "../pages/modify/i18n";
import { en as componentsI18n } from "../components/i18n";
import { en as moneyI18nEn } from "../money/i18n";
import { en as statementsEn } from "../pages/bill/i18n";
import { en as testOrderEn } from "../pages/trade/i18n";
import { en as refundsEn } from "../pages/refund/i18n";
import { en as acquiringEn } from "../pages/acquiring/i18n";
import { en as balanceEn } from "../pages/cashout/i18n";
import type { MessageKey } from "./zh-CN";
import { en as profilesEn } from "../pages/profile/i18n";
import { en as auditEn } from "../pages/audit/i18n";
import { en as sandboxEn } from "../pages/sandbox/i18n";
import { en as notificationsEn } from "../pages/notify/i18n";
import { en as merchantsEn } from "../pages/merchant/i18n";
import { en as onboardingEn } from "../pages/onboarding/i18n";
import { en as businessEn } from "../pages/busi/i18n";
import { en as realnameEn } from "../pages/realname/i18n";
import { en as wechatEn } from "../pages/wxconfig/i18n";
import { en as terminalsEn } from "../pages/terminal/i18n";
import { en as splitEn } from "../pages/split/i18n";


export const en: Record<MessageKey, string> = {
  ...componentsI18n,
  ...changeI18n,
  ...profilesEn,
  ...auditEn,
  ...sandboxEn,
  ...notificationsEn,
  "app.name": "Paydesk",
  "app.loading": "Loading…",
  "header.profile": "Profile",
  "header.noProfile": "No profile yet",
  "header.language": "中文",
  "header.startup.running": "Checking writes with an open outcome {checked}/{total}…",
  "header.startup.open": "{count} writes with an open outcome",
  "header.startup.failed": "The start-up check could not run ({count} writes with an open outcome)",
  "header.startup.waiting": "The check starts once the window is up",
  "header.startup.detail": "Checked {checked}: {settled} took effect, {failed} did not, {open} still open; they are checked again at the next start",
  "env.sandbox": "Sandbox",
  "env.joint": "Joint debug",
  "prod.confirmTitle": "Send to production?",
  "prod.confirmBody": "{what}: this goes to production profile {name} ({url}) and moves real money or real merchants. Send it?",
  "prod.confirmOk": "Send",
  "env.prod": "Production",
  "env.prodHost": "Production host",
  "menu.group.setup": "Setup",
  "menu.group.merchants": "Merchants",
  "menu.group.payments": "Payments",
  "menu.group.records": "Records",
  "menu.group.tools": "Tools",
  "menu.profile": "Profiles and keys",
  "menu.merchant": "Merchants",
  "menu.onboarding": "Onboarding",
  "menu.busi": "Business open",
  "menu.realname": "Realname",
  "menu.wxconfig": "WeChat config",
  "menu.terminal": "Terminals",
  "menu.split": "Split rules",
  "menu.trade": "Test order",
  "menu.refund": "Trades and refunds",
  "menu.cashout": "Balance and withdrawal",
  "menu.bill": "Statements",
  "menu.audit": "Audit log",
  "menu.notify": "Notifications",
  "menu.sandbox": "Sandbox",
  "menu.devtools": "Signing tool",
  "common.submit": "Submit",
  "common.cancel": "Cancel",
  "common.confirm": "Confirm",
  "common.refresh": "Refresh",
  "common.search": "Search",
  "common.copy": "Copy",
  "common.copied": "Copied",
  "common.required": "Required",
  "common.notImplemented": "Not implemented yet",
  "common.goFix": "Fix it",
  "error.title": "Failed",
  "error.titleUnknown": "Sent, outcome unknown",
  "error.titleBusy": "In progress",
  "error.titleUnsettled": "An earlier write is not settled",
  "error.repeatTitle": "Refund again?",
  "error.repeatOk": "Yes, refund again",
  "error.respCode": "Response code",
  "error.hint": "Hint",
  "error.field": "Field",
  "error.unknown": "Unknown error",
  "page.pending": "This page's service is not wired yet: {what}",
  "signing.title": "Signing tool",
  "signing.intro": "Like Huifu's online developer tool: the string to sign, RSA signature (SHA256withRSA), verification.",
  "signing.data": "Business data (JSON)",
  "signing.privateKey": "Merchant private key (bare base64 or PEM)",
  "signing.publicKey": "Public key (bare base64 or PEM)",
  "signing.signature": "Signature (sign)",
  "signing.canonical": "String to sign",
  "signing.doCanonical": "Build string to sign",
  "signing.doSign": "Sign",
  "signing.doVerify": "Verify",
  "signing.doGenerate": "Generate a test key pair",
  "signing.verifyOk": "Signature valid",
  "signing.verifyBad": "Signature invalid: it does not match the data or the public key",
  "signing.keyNote": "A private key typed here is used for this calculation only and never stored.",
  ...moneyI18nEn,
  ...statementsEn,
  ...testOrderEn,
  ...refundsEn,
  ...acquiringEn,
  ...balanceEn,
  ...merchantsEn,
  ...onboardingEn,
  ...businessEn,
  ...realnameEn,
  ...wechatEn,
  ...terminalsEn,
  ...splitEn,
};
