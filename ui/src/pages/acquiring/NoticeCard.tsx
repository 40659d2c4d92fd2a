import { useState } from "react";
import { Alert, Button, Card, Input } from "antd";
import type { NoticeView } from "../../bindings/NoticeView";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";

export function NoticeResult({ notice }: { notice: NoticeView }) {
  const { t } = useI18n();
  return (
    <Alert
      id="acq-notice-result"
      data-state={notice.state}
      style={{ marginTop: 8 }}
      type="success"
      title={t("acquiring.notice.ok", { kind: notice.kind, orderNo: notice.orderNo, state: notice.state, amount: fenToYuan(notice.amountFen), ack: notice.ack })}
    />
  );
}

/** Verify a pasted notification with the active profile's keys; a bad signature is an error, never acted on. */
export function NoticeCard() {
  const { t } = useI18n();
  const [body, setBody] = useState("");
  const [notice, setNotice] = useState<NoticeView | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setNotice(null);
    try {
      setNotice(await call("acquiring_verify_notice", { body }));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t("acquiring.notice.title")} size="small" id="acq-notice-card">
      <Input.TextArea id="acq-notice-body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t("acquiring.notice.body")} style={{ fontFamily: "monospace" }} />
      <Button id="acq-notice-verify" style={{ marginTop: 8 }} onClick={verify} loading={busy} disabled={!body.trim()}>
        {t("acquiring.notice.verify")}
      </Button>
      {notice && <NoticeResult notice={notice} />}
    </Card>
  );
}
