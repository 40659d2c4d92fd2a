import { lazy, type ReactNode } from "react";
import {
  AccountBookOutlined, ApiOutlined, AuditOutlined, BellOutlined, DollarOutlined,
  ExperimentOutlined, FileTextOutlined, FormOutlined, KeyOutlined, PartitionOutlined, QrcodeOutlined,
  SafetyCertificateOutlined, ShopOutlined, EditOutlined, ShoppingCartOutlined, WechatOutlined, DesktopOutlined,
} from "@ant-design/icons";
import type { MessageKey } from "../i18n";

// Each page is its own chunk, loaded when first opened: the window paints the layout without parsing
// every page (and antd component) first. App.tsx wraps the routes in one <Suspense>.
const DevtoolsPage = lazy(() => import("../pages/devtools").then((m) => ({ default: m.DevtoolsPage })));
const ProfilePage = lazy(() => import("../pages/profile").then((m) => ({ default: m.ProfilePage })));
const AuditPage = lazy(() => import("../pages/audit").then((m) => ({ default: m.AuditPage })));
const SandboxPage = lazy(() => import("../pages/sandbox").then((m) => ({ default: m.SandboxPage })));
const NotifyPage = lazy(() => import("../pages/notify").then((m) => ({ default: m.NotifyPage })));
const BillPage = lazy(() => import("../pages/bill").then((m) => ({ default: m.BillPage })));
const TradePage = lazy(() => import("../pages/trade").then((m) => ({ default: m.TradePage })));
const RefundPage = lazy(() => import("../pages/refund").then((m) => ({ default: m.RefundPage })));
const AcquiringPage = lazy(() => import("../pages/acquiring").then((m) => ({ default: m.AcquiringPage })));
const CashoutPage = lazy(() => import("../pages/cashout").then((m) => ({ default: m.CashoutPage })));
const MerchantIndexPage = lazy(() => import("../pages/merchant").then((m) => ({ default: m.MerchantIndexPage })));
const OnboardingPage = lazy(() => import("../pages/onboarding").then((m) => ({ default: m.OnboardingPage })));
const BusiPage = lazy(() => import("../pages/busi").then((m) => ({ default: m.BusiPage })));
const RealnamePage = lazy(() => import("../pages/realname").then((m) => ({ default: m.RealnamePage })));
const WxconfigPage = lazy(() => import("../pages/wxconfig").then((m) => ({ default: m.WxconfigPage })));
const TerminalPage = lazy(() => import("../pages/terminal").then((m) => ({ default: m.TerminalPage })));
const SplitPage = lazy(() => import("../pages/split").then((m) => ({ default: m.SplitPage })));
const ModifyPage = lazy(() => import("../pages/modify").then((m) => ({ default: m.ModifyPage })));

export type MenuGroup = "setup" | "merchants" | "payments" | "records" | "tools";

export interface PageRoute {
  path: string;
  label: MessageKey;
  group: MenuGroup;
  icon: ReactNode;
  element: ReactNode;
  /** Shown only while the sandbox profile is active. */
  sandboxOnly?: boolean;
}

/** One page per job (DESIGN.md's table) plus profiles, records and tools. */
export const ROUTES: PageRoute[] = [
  { path: "/profile", label: "menu.profile", group: "setup", icon: <KeyOutlined />, element: <ProfilePage /> },
  { path: "/merchant", label: "menu.merchant", group: "merchants", icon: <ShopOutlined />, element: <MerchantIndexPage /> },
  { path: "/onboarding", label: "menu.onboarding", group: "merchants", icon: <FormOutlined />, element: <OnboardingPage /> },
  { path: "/busi", label: "menu.busi", group: "merchants", icon: <ApiOutlined />, element: <BusiPage /> },
  { path: "/realname", label: "menu.realname", group: "merchants", icon: <SafetyCertificateOutlined />, element: <RealnamePage /> },
  { path: "/wxconfig", label: "menu.wxconfig", group: "merchants", icon: <WechatOutlined />, element: <WxconfigPage /> },
  { path: "/terminal", label: "menu.terminal", group: "merchants", icon: <DesktopOutlined />, element: <TerminalPage /> },
  { path: "/split", label: "menu.split", group: "merchants", icon: <PartitionOutlined />, element: <SplitPage /> },
  { path: "/modify", label: "menu.modify", group: "merchants", icon: <EditOutlined />, element: <ModifyPage /> },
  { path: "/trade", label: "menu.trade", group: "payments", icon: <QrcodeOutlined />, element: <TradePage /> },
  { path: "/acquiring", label: "menu.acquiring", group: "payments", icon: <ApiOutlined />, element: <AcquiringPage /> },
  { path: "/refund", label: "menu.refund", group: "payments", icon: <ShoppingCartOutlined />, element: <RefundPage /> },
  { path: "/cashout", label: "menu.cashout", group: "payments", icon: <DollarOutlined />, element: <CashoutPage /> },
  { path: "/bill", label: "menu.bill", group: "payments", icon: <AccountBookOutlined />, element: <BillPage /> },
  { path: "/audit", label: "menu.audit", group: "records", icon: <AuditOutlined />, element: <AuditPage /> },
  { path: "/notify", label: "menu.notify", group: "records", icon: <BellOutlined />, element: <NotifyPage /> },
  { path: "/sandbox", label: "menu.sandbox", group: "tools", icon: <ExperimentOutlined />, element: <SandboxPage />, sandboxOnly: true },
  { path: "/devtools", label: "menu.devtools", group: "tools", icon: <FileTextOutlined />, element: <DevtoolsPage /> },
];

export const GROUP_LABELS: Record<MenuGroup, MessageKey> = {
  setup: "menu.group.setup",
  merchants: "menu.group.merchants",
  payments: "menu.group.payments",
  records: "menu.group.records",
  tools: "menu.group.tools",
};

