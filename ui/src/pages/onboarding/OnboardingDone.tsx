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
import { applyOutcome } from "../../vocab/codes";
import { Word } from "../../components/Word";


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
  const outcome = applyOutcome(status?.applyStatus);
  const final = outcome === "approved" || outcome === "refused";
  const following = !result.approved && !!result.applyNo && !final;
  usePoll(
    async () => {
      const s = await call("onboarding_status", { huifuId: result.huifuId, applyNo: result.applyNo });
      setStatus(s);
      const now = applyOutcome(s.applyStatus);
      if (now === "approved" || now === "refused") {
        notification[now === "approved" ? "success" : "error"]({
          title: t(now === "approved" ? "onboarding.auditPassed" : "onboarding.auditFailed"),
          description: `${result.huifuId} ${s.reason}`,
        });
      }
    },
    5000,
    following,
  );
  const done = result.approved || outcome === "approved";
  const failed = outcome === "refused";
  return (
    <div id="onboarding-result" data-huifu-id={result.huifuId} data-apply-no={result.applyNo ?? ""} data-state={failed ? "failed" : done ? "approved" : "audit"}>
    <Result
      status={failed ? "error" : done ? "success" : "info"}
      title={
        <Badge dot={final} offset={[8, 0]}>
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
        <Button type="primary" id="onboarding-open-merchant" onClick={() => navigate(`/merchant?huifu_id=${encodeURIComponent(result.huifuId)}`)}>
          {t("merchants.openMerchant")}
        </Button>
      }
    />
    </div>
  );
}
