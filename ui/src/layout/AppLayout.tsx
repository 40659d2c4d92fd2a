import { useMemo, type ReactNode } from "react";
import { Button, Layout, Menu, Space, Typography } from "antd";
import type { MenuProps } from "antd";
import { useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../i18n";
import { GROUP_LABELS, ROUTES, type MenuGroup } from "./routes";
import { ProfileBadge } from "./ProfileBadge";
import { ProductionBand } from "../components/ProductionBand";

const { Header, Sider, Content } = Layout;

export function AppLayout({ children, sandboxActive }: { children: ReactNode; sandboxActive: boolean }) {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();

  const items = useMemo<MenuProps["items"]>(() => {
    const groups = Object.keys(GROUP_LABELS) as MenuGroup[];
    return groups.map((g) => ({
      type: "group" as const,
      key: g,
      label: t(GROUP_LABELS[g]),
      children: ROUTES.filter((r) => r.group === g && (!r.sandboxOnly || sandboxActive)).map((r) => ({
        key: r.path,
        icon: r.icon,
        label: <span id={`menu-${r.path.slice(1)}`}>{t(r.label)}</span>,
      })),
    }));
  }, [t, sandboxActive]);

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Sider width={200} theme="light" style={{ borderRight: "1px solid #f0f0f0", overflow: "auto" }}>
        <div style={{ padding: "16px 20px", fontWeight: 600, fontSize: 16 }}>{t("app.name")}</div>
        <Menu
          id="side-menu"
          mode="inline"
          selectedKeys={[location.pathname]}
          items={items}
          onClick={(e) => navigate(e.key)}
        />
      </Sider>
      <Layout>
        <ProductionBand />
        <Header
          style={{ background: "#fff", padding: "0 24px", display: "flex", justifyContent: "space-between", alignItems: "center", borderBottom: "1px solid #f0f0f0" }}
        >
          <Typography.Title level={4} style={{ margin: 0 }} id="page-title">
            {t(ROUTES.find((r) => r.path === location.pathname)?.label ?? "app.name")}
          </Typography.Title>
          <Space>
            <ProfileBadge />
            <Button id="lang-switch" size="small" onClick={() => setLang(lang === "zh-CN" ? "en" : "zh-CN")}>
              {t("header.language")}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 24, overflow: "auto" }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
