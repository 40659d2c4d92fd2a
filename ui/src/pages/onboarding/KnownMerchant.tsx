// /onboarding?huifu_id=…: the merchant is onboarded (or its application is being audited). Show that
// application and what to do — never an empty form inviting a second onboarding of the same company.
import { useState } from "react";
import { Alert, Button, Card, Descriptions, Space } from "antd";
import { useNavigate } from "react-router-dom";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { Word } from "../../components/Word";
import { useFormError } from "../../hooks/useFormError";
import { useMerchant } from "../../hooks/useMerchant";
import { usePoll } from "../../hooks/usePoll";

export function KnownMerchant({ huifuId, onAnother, onUnknown }: { huifuId: string; onAnother: () => void; onUnknown: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const onError = useFormError();
  const { merchant: m, setMerchant: setM, load } = useMerchant(huifuId, onUnknown);
  const [busy, setBusy] = useState(false);
  const step = m?.steps.find((s) => s.step === "onboarded");
  usePoll(load, 4000, step?.state === "pending");
  if (!m || !step) return <Card loading />;
  const refresh = async () => {
    setBusy(true);
    try {
      setM((await call("merchant_refresh", { huifuId })).merchant);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="onboarding-known" data-state={step.state} title={t("onboarding.knownTitle")}>
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("merchants.name")}>{m.name || "—"}</Descriptions.Item>
        <Descriptions.Item label="huifu_id"><code>{m.huifuId}</code></Descriptions.Item>
        <Descriptions.Item label={t("merchants.applyNo")}>{step.note.applyNo ?? m.applyNo ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("merchants.progress")}>
          <Word v="stepState" code={step.state} />
          {step.note.code && step.note.vocab === "applyStatus" && <> · <Word v="applyStatus" code={step.note.code} /></>}
        </Descriptions.Item>
      </Descriptions>
      {step.state === "pending" && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t("merchants.underAuditWhat")} />}
      <Space>
        <Button type="primary" id="onboarding-known-journey" onClick={() => navigate(`/merchant?huifu_id=${encodeURIComponent(huifuId)}`)}>{t("merchants.openMerchant")}</Button>
        <Button id="onboarding-known-refresh" loading={busy} onClick={refresh}>{t("merchants.lookupHuifu")}</Button>
        <Button id="onboarding-another" onClick={onAnother}>{t("onboarding.another")}</Button>
      </Space>
    </Card>
  );
}
