// /onboarding: the enterprise and the individual form, each with its own draft. Opened for a merchant the
// index already has (?huifu_id=, e.g. from its journey), it shows that merchant's application instead.
import { useCallback } from "react";
import { Tabs } from "antd";
import { useSearchParams } from "react-router-dom";
import { useI18n } from "../../i18n";
import { EntForm } from "./EntForm";
import { IndvForm } from "./IndvForm";
import { KnownMerchant } from "./KnownMerchant";

export function OnboardingPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  // The tab is kept: in the URL, and for the next visit from the menu.
  const kind = (params.get("kind") ?? localStorage.getItem("paydesk.onboarding.kind")) === "indv" ? "indv" : "ent";
  const huifuId = params.get("huifu_id");
  const another = useCallback(() => setParams({ kind }, { replace: true }), [kind, setParams]);
  if (huifuId && params.get("step") !== "failed") return <KnownMerchant huifuId={huifuId} onAnother={another} onUnknown={another} />;
  return (
    <Tabs
      id="onboarding-tabs"
      activeKey={kind}
      onChange={(k) => {
        localStorage.setItem("paydesk.onboarding.kind", k);
        setParams({ kind: k }, { replace: true });
      }}
      items={[
        { key: "ent", label: <span id="onboarding-tab-ent">{t("onboarding.ent")}</span>, children: <EntForm /> },
        { key: "indv", label: <span id="onboarding-tab-indv">{t("onboarding.indv")}</span>, children: <IndvForm /> },
      ]}
    />
  );
}
