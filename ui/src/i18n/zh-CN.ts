import { zh as changeI18n } from "../pages/modify/i18n";
import { zh as componentsI18n } from "../components/i18n";
import { zh as profilesZh } from "../pages/profile/i18n";
import { zh as auditZh } from "../pages/audit/i18n";
import { zh as sandboxZh } from "../pages/sandbox/i18n";
import { zh as notificationsZh } from "../pages/notify/i18n";
import { zh as moneyI18nZh } from "../money/i18n";
import { zh as statementsZh } from "../pages/bill/i18n";
import { zh as testOrderZh } from "../pages/trade/i18n";
import { zh as refundsZh } from "../pages/refund/i18n";
import { zh as acquiringZh } from "../pages/acquiring/i18n";
import { zh as balanceZh } from "../pages/cashout/i18n";
// The source dictionary: its keys are the key list every other language must fill (checked by tsc and a test).
import { zh as merchantsZh } from "../pages/merchant/i18n";
import { zh as onboardingZh } from "../pages/onboarding/i18n";
import { zh as businessZh } from "../pages/busi/i18n";
import { zh as realnameZh } from "../pages/realname/i18n";
import { zh as wechatZh } from "../pages/wxconfig/i18n";
import { zh as terminalsZh } from "../pages/terminal/i18n";
import { zh as splitZh } from "../pages/split/i18n";

export const zhCN = {
  ...componentsI18n,
  ...changeI18n,
  ...profilesZh,
  ...auditZh,
  ...sandboxZh,
  ...notificationsZh,
  "app.name": "Paydesk 支付工作台",
  "app.loading": "加载中…",
  "header.profile": "当前配置",
  "header.noProfile": "尚无配置",
  "header.language": "English",
  "header.startup.running": "正在核对结果未定的写入 {checked}/{total}…",
  "header.startup.open": "{count} 笔写入结果未定",
  "header.startup.failed": "启动核对未能运行（{count} 笔写入结果未定）",
  "header.startup.waiting": "窗口打开后即开始核对",
  "header.startup.detail": "已核对 {checked} 笔：{settled} 笔已生效，{failed} 笔未生效，{open} 笔仍未定；下次启动时会再次核对",
  "env.sandbox": "沙箱",
  "env.joint": "联调",
  "prod.confirmTitle": "发送到生产环境？",
  "prod.confirmBody": "{what}：将发送到生产配置 {name}（{url}），涉及真实资金或真实商户。确认发送？",
  "prod.confirmOk": "确认发送",
  "env.prod": "生产",
  "env.prodHost": "生产地址",
  "menu.group.setup": "配置",
  "menu.group.merchants": "商户",
  "menu.group.payments": "交易",
  "menu.group.records": "记录",
  "menu.group.tools": "工具",
  "menu.profile": "配置与密钥",
  "menu.merchant": "商户",
  "menu.onboarding": "商户进件",
  "menu.busi": "业务开通",
  "menu.realname": "实名认证",
  "menu.wxconfig": "微信配置",
  "menu.terminal": "终端报备",
  "menu.split": "分账配置",
  "menu.trade": "测试下单",
  "menu.refund": "交易与退款",
  "menu.cashout": "余额与取现",
  "menu.bill": "对账单",
  "menu.audit": "审计日志",
  "menu.notify": "异步通知",
  "menu.sandbox": "沙箱控制台",
  "menu.devtools": "签名工具",
  "common.submit": "提交",
  "common.cancel": "取消",
  "common.confirm": "确认",
  "common.refresh": "刷新",
  "common.search": "搜索",
  "common.copy": "复制",
  "common.copied": "已复制",
  "common.required": "必填",
  "common.notImplemented": "尚未实现",
  "common.goFix": "去处理",
  "error.title": "操作失败",
  "error.titleUnknown": "已发送，结果未知",
  "error.titleBusy": "正在处理",
  "error.titleUnsettled": "有一笔操作尚未确认",
  "error.repeatTitle": "重复退款？",
  "error.repeatOk": "确认再退一笔",
  "error.respCode": "返回码",
  "error.hint": "建议",
  "error.field": "字段",
  "error.unknown": "未知错误",
  "page.pending": "此页面的后台服务尚未接入：{what}",
  "signing.title": "签名工具",
  "signing.intro": "与汇付在线开发者工具相同：生成待签字符串、RSA 签名（SHA256withRSA）、验签。",
  "signing.data": "业务数据 data（JSON）",
  "signing.privateKey": "商户私钥（裸 base64 或 PEM）",
  "signing.publicKey": "公钥（裸 base64 或 PEM）",
  "signing.signature": "签名 sign",
  "signing.canonical": "待签字符串",
  "signing.doCanonical": "生成待签字符串",
  "signing.doSign": "签名",
  "signing.doVerify": "验签",
  "signing.doGenerate": "生成测试密钥对",
  "signing.verifyOk": "验签通过",
  "signing.verifyBad": "验签失败：签名与数据或公钥不匹配",
  "signing.keyNote": "此处输入的私钥只在本次计算中使用，不会保存。",
  ...moneyI18nZh,
  ...statementsZh,
  ...testOrderZh,
  ...refundsZh,
  ...acquiringZh,
  ...balanceZh,
  ...merchantsZh,
  ...onboardingZh,
  ...businessZh,
  ...realnameZh,
  ...wechatZh,
  ...terminalsZh,
  ...splitZh,
} as const;

export type MessageKey = keyof typeof zhCN;
