// After a submit: the new huifu_id, and for an application under audit, the audit followed by polling
// with a badge and a notification when it finishes.
import { useEffect, useState } from "react";
import { App, Badge, Button, Result, Space, Typography, notification } from "antd";
import { useNavigate } from "react-router-dom";
import type { OnboardingResult } from "../../bindings/OnboardingResult";
import type { OnboardingStatus } from "../../bindings/OnboardingStatus";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { usePoll } from "../../hooks/usePoll";
import { Word } from "../../components/Word";

const FINAL = ["Y", "N", "F"];

export function OnboardingDone({ result }: { result: OnboardingResult }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  // The result replaces the emptied form at the top of the page, with a message: never below the fold.
  useEffect(() => {
    document.getElementById("onboarding-result")?.scrollIntoView({ block: "start" });
    message.success(t(result.approved ? "onboarding.doneApproved" : "onboarding.doneAudit", { id: result.huifuId }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scroll and message once per new result, not again when the language changes
  }, [result.huifuId]);
  const navigate = useNavigate();
  const [status, setStatus] = useState<OnboardingStatus | null>(null);
  const following = !result.approved && !!result.applyNo && !(status && FINAL.includes(status.applyStatus));
  usePoll(
    async () => {
      const s = await call("onboarding_status", { huifuId: result.huifuId, applyNo: result.applyNo });
      setStatus(s);
      if (FINAL.includes(s.applyStatus)) {
        notification[s.applyStatus === "Y" ? "success" : "error"]({
          title: t(s.applyStatus === "Y" ? "onboarding.auditPassed" : "onboarding.auditFailed"),
          description: `${result.huifuId} ${s.reason}`,
        });
      }
    },
    5000,
    following,
  );
  const done = result.approved || status?.applyStatus === "Y";
  const failed = status && ["N", "F"].includes(status.applyStatus);
  return (
    <div id="onboarding-result" data-huifu-id={result.huifuId} data-apply-no={result.applyNo ?? ""} data-state={failed ? "failed" : done ? "approved" : "audit"}>
    <Result
      status={failed ? "error" : done ? "success" : "info"}
      title={
        <Badge dot={!!status && FINAL.includes(status.applyStatus)} offset={[8, 0]}>
          {done ? t("onboarding.approved") : failed ? t("onboarding.auditFailed") : t("onboarding.underAudit")}
        </Badge>
      }
      subTitle={
        <Space direction="vertical">
          <span>
            huifu_id: <Typography.Text copyable code id="onboarding-huifu-id">{result.huifuId}</Typography.Text>
          </span>
          {result.applyNo && <span>apply_no: <code>{result.applyNo}</code> {status && <span id="onboarding-apply-status" data-status={status.applyStatus}><Word v="applyStatus" code={status.applyStatus} /> {status.reason}</span>}</span>}
          <span>{result.respDesc}</span>
        </Space>
      }
      extra={
        <Button type="primary" id="onboarding-open-merchant" onClick={() => navigate(`/merchants?huifu_id=${encodeURIComponent(result.huifuId)}`)}>
          {t("merchants.openMerchant")}
        </Button>
      }
    />
    </div>
  );
}
