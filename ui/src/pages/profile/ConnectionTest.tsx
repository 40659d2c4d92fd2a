import { useState } from "react";
import { Button, Space, Tag, Typography } from "antd";
import type { ConnectionTest } from "../../bindings/ConnectionTest";
import type { ProbeOutcome } from "../../bindings/ProbeOutcome";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n, type MessageKey } from "../../i18n";

const COLOR: Record<ProbeOutcome, string> = { ok: "green", refused: "red", network: "orange", keys: "red", other: "default" };

/**
 * "Test connection" for one profile: desk makes one harmless signed read (never a write) and the answer is
 * shown beside the button — ok, the acquirer's refusal with its code and hint, or a network / key problem.
 */
export function ConnectionTestButton({ profile }: { profile: Profile }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await call("profile_test_connection", { name: profile.name }));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size={2}>
      <Button size="small" id={`profile-test-${profile.name}`} loading={busy} onClick={() => void run()}>{t("profiles.test")}</Button>
      {result && (
        <div id={`profile-test-result-${profile.name}`} data-outcome={result.outcome} style={{ maxWidth: 360 }}>
          <Tag color={COLOR[result.outcome]}>{t(`profiles.test.${result.outcome}` as MessageKey)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {result.call}
            {result.respCode && <> · <code>{result.respCode}</code> {result.respDesc}</>}
          </Typography.Text>
          <div style={{ fontSize: 12 }}>{result.message}</div>
          {result.hint && <div style={{ fontSize: 12 }}>{t("error.hint")}: {result.hint}</div>}
        </div>
      )}
    </Space>
  );
}
