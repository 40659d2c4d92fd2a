import { Suspense } from "react";
import { ConfigProvider, Spin, App as AntApp } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { HashRouter, Navigate, Route, Routes } from "react-router-dom";
import { I18nProvider, useI18n } from "./i18n";
import { AppLayout } from "./layout/AppLayout";
import { ROUTES } from "./layout/routes";
import { ActiveProfileProvider, useActiveProfile } from "./state/profile";
import { useReportFirstPaint } from "./state/startup";

function Shell() {
  const { lang } = useI18n();
  const profile = useActiveProfile();
  useReportFirstPaint();
  return (
    <ConfigProvider locale={lang === "zh-CN" ? zhCN : enUS}>
      <AntApp>
        <HashRouter>
          <AppLayout sandboxActive={profile?.environment === "sandbox"}>
            {/* Pages are lazy chunks (layout/routes.tsx): the layout paints while one loads. */}
            <Suspense fallback={<div id="page-loading" style={{ textAlign: "center", marginTop: 48 }}><Spin /></div>}>
              <Routes>
                {ROUTES.map((r) => (
                  <Route key={r.path} path={r.path} element={r.element} />
                ))}
                <Route path="*" element={<Navigate to="/merchant" replace />} />
              </Routes>
            </Suspense>
          </AppLayout>
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <ActiveProfileProvider>
        <Shell />
      </ActiveProfileProvider>
    </I18nProvider>
  );
}
