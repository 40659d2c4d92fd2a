import { lazy, type ReactNode } from "react";
import {
  AccountBookOutlined, ApiOutlined, AuditOutlined, BellOutlined, DollarOutlined,
  ExperimentOutlined, FileTextOutlined, FormOutlined, KeyOutlined, PartitionOutlined, QrcodeOutlined,
  SafetyCertificateOutlined, ShopOutlined, EditOutlined, ShoppingCartOutlined, WechatOutlined, DesktopOutlined,
} from "@ant-design/icons";
import type { MessageKey } from "../i18n";

// Each page is its own chunk, loaded when first opened: the window paints the layout without parsing
// every page (and antd component) first. App.tsx wraps the routes in one <Suspense>.
const SigningPage = lazy(() => import("../pages/signing").then((m) => ({ default: m.SigningPage })));
const ProfilesPage = lazy(() => import("../pages/profiles").then((m) => ({ default: m.ProfilesPage })));
const AuditPage = lazy(() => import("../pages/audit").then((m) => ({ default: m.AuditPage })));
const SandboxPage = lazy(() => import("../pages/sandbox").then((m) => ({ default: m.SandboxPage })));
const NotificationsPage = lazy(() => import("../pages/notifications").then((m) => ({ default: m.NotificationsPage })));
const StatementsPage = lazy(() => import("../pages/statements").then((m) => ({ default: m.StatementsPage })));
const TestOrderPage = lazy(() => import("../pages/test-order").then((m) => ({ default: m.TestOrderPage })));
const RefundsPage = lazy(() => import("../pages/refunds").then((m) => ({ default: m.RefundsPage })));
const AcquiringPage = lazy(() => import("../pages/acquiring").then((m) => ({ default: m.AcquiringPage })));
const BalancePage = lazy(() => import("../pages/balance").then((m) => ({ default: m.BalancePage })));
const MerchantsPage = lazy(() => import("../pages/merchants").then((m) => ({ default: m.MerchantsPage })));
const OnboardingPage = lazy(() => import("../pages/onboarding").then((m) => ({ default: m.OnboardingPage })));
const BusinessPage = lazy(() => import("../pages/business").then((m) => ({ default: m.BusinessPage })));
const RealnamePage = lazy(() => import("../pages/realname").then((m) => ({ default: m.RealnamePage })));
const WechatPage = lazy(() => import("../pages/wechat").then((m) => ({ default: m.WechatPage })));
const TerminalsPage = lazy(() => import("../pages/terminals").then((m) => ({ default: m.TerminalsPage })));
const SplitPage = lazy(() => import("../pages/split").then((m) => ({ default: m.SplitPage })));
const MerchantChangePage = lazy(() => import("../pages/merchant-change").then((m) => ({ default: m.MerchantChangePage })));

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
  { path: "/profiles", label: "menu.profiles", group: "setup", icon: <KeyOutlined />, element: <ProfilesPage /> },
  { path: "/merchants", label: "menu.merchants", group: "merchants", icon: <ShopOutlined />, element: <MerchantsPage /> },
  { path: "/onboarding", label: "menu.onboarding", group: "merchants", icon: <FormOutlined />, element: <OnboardingPage /> },
  { path: "/business", label: "menu.business", group: "merchants", icon: <ApiOutlined />, element: <BusinessPage /> },
  { path: "/realname", label: "menu.realname", group: "merchants", icon: <SafetyCertificateOutlined />, element: <RealnamePage /> },
  { path: "/wechat", label: "menu.wechat", group: "merchants", icon: <WechatOutlined />, element: <WechatPage /> },
  { path: "/terminals", label: "menu.terminals", group: "merchants", icon: <DesktopOutlined />, element: <TerminalsPage /> },
  { path: "/split", label: "menu.split", group: "merchants", icon: <PartitionOutlined />, element: <SplitPage /> },
  { path: "/merchant-change", label: "menu.merchantChange", group: "merchants", icon: <EditOutlined />, element: <MerchantChangePage /> },
  { path: "/test-order", label: "menu.testOrder", group: "payments", icon: <QrcodeOutlined />, element: <TestOrderPage /> },
  { path: "/acquiring", label: "acquiring.menu", group: "payments", icon: <ApiOutlined />, element: <AcquiringPage /> },
  { path: "/refunds", label: "menu.refunds", group: "payments", icon: <ShoppingCartOutlined />, element: <RefundsPage /> },
  { path: "/balance", label: "menu.balance", group: "payments", icon: <DollarOutlined />, element: <BalancePage /> },
  { path: "/statements", label: "menu.statements", group: "payments", icon: <AccountBookOutlined />, element: <StatementsPage /> },
  { path: "/audit", label: "menu.audit", group: "records", icon: <AuditOutlined />, element: <AuditPage /> },
  { path: "/notifications", label: "menu.notifications", group: "records", icon: <BellOutlined />, element: <NotificationsPage /> },
  { path: "/sandbox", label: "menu.sandbox", group: "tools", icon: <ExperimentOutlined />, element: <SandboxPage />, sandboxOnly: true },
  { path: "/signing", label: "menu.signing", group: "tools", icon: <FileTextOutlined />, element: <SigningPage /> },
];

export const GROUP_LABELS: Record<MenuGroup, MessageKey> = {
  setup: "menu.group.setup",
  merchants: "menu.group.merchants",
  payments: "menu.group.payments",
  records: "menu.group.records",
  tools: "menu.group.tools",
};

