import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import type { Profile } from "../../bindings/Profile";
import type { ReceiverStatus } from "../../bindings/ReceiverStatus";
import { call } from "../../ipc/call";
import { asIpcError, fieldWords, handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";

/** The active profile's receiver: where it listens, the notify_url handed to the acquirer, start / stop. */
export function Receiver({ profile, onChanged }: { profile: Profile; onChanged: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ listen?: string; publicUrl?: string }>();
  const [status, setStatus] = useState<ReceiverStatus | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const s = await call("notify_receiver_status", { name: profile.name });
      setStatus(s);
      form.setFieldsValue({ listen: s.settings.listen ?? "", publicUrl: s.settings.publicUrl ?? "" });
    } catch (e) {
      handleError(e, { t, navigate });
    }
  }, [profile.name, form, t, navigate]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (start: boolean) => {
    setBusy(true);
    try {
      const v = form.getFieldsValue();
      const s = start
        ? await call("notify_receiver_start", { name: profile.name, listen: v.listen || undefined, publicUrl: v.publicUrl || undefined })
        : await call("notify_receiver_stop", { name: profile.name });
      setStatus(s);
      onChanged();
    } catch (e) {
      const err = asIpcError(e);
      if (err.field === "listen" || err.field === "publicUrl") form.setFields([{ name: err.field, errors: [fieldWords(err, t)] }]);
      else handleError(e, { t, navigate });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("notifications.receiver", { name: profile.name })} id="notify-receiver"
      extra={status && <Tag id="notify-receiver-state" data-running={String(status.running)} color={status.running ? "green" : "default"}>
        {status.running ? t("notifications.running", { address: status.address ?? "" }) : t("notifications.stopped")}
      </Tag>}>
      <Form form={form} layout="inline" style={{ rowGap: 8 }}>
        <Form.Item name="listen" label={t("notifications.listen")}>
          <Input id="notify-listen" placeholder={status?.defaultListen} style={{ width: 180 }} disabled={status?.running} />
        </Form.Item>
        {profile.environment !== "sandbox" && (
          <Form.Item name="publicUrl" label={t("notifications.publicUrl")}>
            <Input id="notify-public-url" placeholder="https://pay.example.com/paydesk" style={{ width: 280 }} disabled={status?.running} />
          </Form.Item>
        )}
        <Space>
          {status?.running ? (
            <Button danger id="notify-stop" loading={busy} onClick={() => void run(false)}>{t("notifications.stop")}</Button>
          ) : (
            <Button type="primary" id="notify-start" loading={busy} onClick={() => void run(true)}>{t("notifications.start")}</Button>
          )}
        </Space>
      </Form>
      {status?.startError && !status.running && (
        <Alert id="notify-receiver-error" style={{ marginTop: 12 }} type="error" showIcon
          title={t("notifications.startFailed", { address: status.settings.listen ?? "" })} description={status.startError} />
      )}
      <div style={{ marginTop: 12 }}>
        {status?.settings.notifyUrl ? (
          <Typography.Text>
            {t("notifications.notifyUrl")}: <Typography.Text code copyable id="notify-url">{status.settings.notifyUrl}</Typography.Text>
          </Typography.Text>
        ) : (
          <Alert type="info" showIcon title={profile.environment === "sandbox" ? t("notifications.noUrlSandbox") : t("notifications.noUrlReal")} />
        )}
      </div>
      {status?.running && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t("notifications.sharedNote")}</Typography.Paragraph>}
    </Card>
  );
}
