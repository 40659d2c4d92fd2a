import { ConfigProvider, App as AntApp } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { HashRouter, Navigate, Route, Routes } from "react-router-dom";
import { I18nProvider, useI18n } from "./i18n";
import { AppLayout } from "./layout/AppLayout";
import { ROUTES } from "./layout/routes";
import { ActiveProfileProvider, useActiveProfile } from "./state/profile";

function Shell() {
  const { lang } = useI18n();
  const profile = useActiveProfile();
  return (
    <ConfigProvider locale={lang === "zh-CN" ? zhCN : enUS}>
      <AntApp>
        <HashRouter>
          <AppLayout sandboxActive={profile?.environment === "sandbox"}>
            <Routes>
              {ROUTES.map((r) => (
                <Route key={r.path} path={r.path} element={r.element} />
              ))}
              <Route path="*" element={<Navigate to="/merchants" replace />} />
            </Routes>
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
