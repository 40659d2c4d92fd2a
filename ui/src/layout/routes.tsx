import type { ReactNode } from "react";
import {
  AccountBookOutlined, ApiOutlined, AuditOutlined, BellOutlined, DollarOutlined,
  ExperimentOutlined, FileTextOutlined, FormOutlined, KeyOutlined, PartitionOutlined, QrcodeOutlined,
  SafetyCertificateOutlined, ShopOutlined, EditOutlined, ShoppingCartOutlined, WechatOutlined, DesktopOutlined,
} from "@ant-design/icons";
import type { MessageKey } from "../i18n";
import { SigningPage } from "../pages/signing";
import { ProfilesPage } from "../pages/profiles";
import { AuditPage } from "../pages/audit";
import { SandboxPage } from "../pages/sandbox";
import { NotificationsPage } from "../pages/notifications";
import { StatementsPage } from "../pages/statements";
import { TestOrderPage } from "../pages/test-order";
import { RefundsPage } from "../pages/refunds";
import { AcquiringPage } from "../pages/acquiring";
import { BalancePage } from "../pages/balance";
import { MerchantsPage } from "../pages/merchants";
import { OnboardingPage } from "../pages/onboarding";
import { BusinessPage } from "../pages/business";
import { RealnamePage } from "../pages/realname";
import { WechatPage } from "../pages/wechat";
import { TerminalsPage } from "../pages/terminals";
import { SplitPage } from "../pages/split";
import { MerchantChangePage } from "../pages/merchant-change";

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

