// /onboarding: the enterprise and the individual form, each with its own draft.
import { Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { useI18n } from "../../i18n";
import { EntForm } from "./EntForm";
import { IndvForm } from "./IndvForm";

export function OnboardingPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const kind = params.get("kind") === "indv" ? "indv" : "ent";
  return (
    <Tabs
      id="onboarding-tabs"
      activeKey={kind}
      onChange={(k) => setParams({ kind: k }, { replace: true })}
      items={[
        { key: "ent", label: <span id="onboarding-tab-ent">{t("onboarding.ent")}</span>, children: <EntForm /> },
        { key: "indv", label: <span id="onboarding-tab-indv">{t("onboarding.indv")}</span>, children: <IndvForm /> },
      ]}
    />
  );
}
