import { useState } from "react";
import { Alert, Card, Space } from "antd";
import { useSearchParams } from "react-router-dom";
import { useI18n } from "../../i18n";
import { useActiveProfile } from "../../state/profile";
import { ClockAndFaults } from "./ClockAndFaults";
import { KINDS, Records, type Kind } from "./Records";

/**
 * The built-in sandbox: its records and controls. Other pages link here generically:
 * `#/sandbox?tab=orders&pay=<hf_seq_id>` opens the orders with that one marked and its Pay button.
 */
export function SandboxPage() {
  const { t } = useI18n();
  const profile = useActiveProfile();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab");
  const [kind, setKind] = useState<Kind>(KINDS.includes(tab as Kind) ? (tab as Kind) : params.get("pay") ? "orders" : "merchants");
  const [version, setVersion] = useState(0);

  if (profile && profile.environment !== "sandbox") {
    return <Alert type="warning" showIcon id="sandbox-not-active" title={t("sandbox.notActive", { name: profile.name })} />;
  }
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle" id="sandbox-page">
      <Alert type="info" showIcon title={t("sandbox.intro")} />
      <ClockAndFaults onChanged={() => setVersion((v) => v + 1)} />
      <Card size="small">
        <Records
          kind={kind}
          onKind={(k) => {
            setKind(k);
            setParams({ tab: k });
          }}
          payId={params.get("pay")}
          version={version}
          onChanged={() => setVersion((v) => v + 1)}
        />
      </Card>
    </Space>
  );
}
