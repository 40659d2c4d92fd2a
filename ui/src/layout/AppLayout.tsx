import { useLayoutEffect, useMemo, useRef, type ReactNode } from "react";
import { Button, Layout, Menu, Space, Typography } from "antd";
import type { MenuProps } from "antd";
import { useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../i18n";
import { GROUP_LABELS, ROUTES, type MenuGroup } from "./routes";
import { ProfileBadge } from "./ProfileBadge";
import { ProductionBand } from "../components/ProductionBand";
import { StartupBadge } from "./StartupBadge";

const { Header, Sider, Content } = Layout;

export function AppLayout({ children, sandboxActive }: { children: ReactNode; sandboxActive: boolean }) {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // Each page's scroll position is kept for this window: a long form is found where it was left (the
  // window scrolls, or the content pane when the layout is taller than the window).
  const content = useRef<HTMLElement>(null);
  const scrollKey = `paydesk.scroll.${location.pathname}`;
  const keepScroll = () => sessionStorage.setItem(scrollKey, String(Math.max(window.scrollY, content.current?.scrollTop ?? 0)));
  // Restored as the new page is laid out, before it is painted: no visible jump, and nothing moves under a
  // click that comes after the page opened.
  useLayoutEffect(() => {
    const y = Number(sessionStorage.getItem(scrollKey) ?? 0);
    if (y > 0) {
      window.scrollTo({ top: y });
      content.current?.scrollTo({ top: y });
    }
    window.addEventListener("scroll", keepScroll, { passive: true });
    return () => window.removeEventListener("scroll", keepScroll);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the scroll is restored once per page (scrollKey); keepScroll only reads the key
  }, [scrollKey]);

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
            <StartupBadge />
            <ProfileBadge />
            <Button id="lang-switch" size="small" onClick={() => setLang(lang === "zh-CN" ? "en" : "zh-CN")}>
              {t("header.language")}
            </Button>
          </Space>
        </Header>
        <Content ref={content} onScroll={keepScroll} style={{ padding: 24, overflow: "auto" }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
