import { useEffect, useState } from "react";
import { Button, Card, Select, Space, Tag, Typography } from "antd";
import type { Capabilities } from "../../bindings/Capabilities";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n, type MessageKey } from "../../i18n";
import { useActiveProfile } from "../../state/profile";
import { NoticeCard } from "./NoticeCard";
import { OrderCard } from "./OrderCard";

const BUILTIN_SANDBOXES = ["sandbox", "sandbox-huishouqian", "sandbox-mpgateway"];

/** Acquiring: the order journey for whichever acquirer the active profile uses. */
export function AcquiringPage() {
  const { t } = useI18n();
  const profile = useActiveProfile();
  const [caps, setCaps] = useState<Capabilities | null>(null);
  const [profiles, setProfiles] = useState<Profile[] | null>(null);
  const [busy, setBusy] = useState(false);
  const builtin = !!profile && profile.environment === "sandbox" && BUILTIN_SANDBOXES.includes(profile.name);

  useEffect(() => {
    if (!profile) return;
    call("acquiring_capabilities").then(setCaps, (e) => handleError(e, { t }));
  }, [profile, t]);

  const prepare = async () => {
    setBusy(true);
    try {
      setProfiles(await call("acquiring_sandbox_profiles"));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(false);
    }
  };
  const switchTo = async (name: string) => {
    try {
      await call("profile_activate", { name }); // the shell's profile-changed event re-renders this page
    } catch (e) {
      handleError(e, { t });
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} id="acquiring-page">
      <Card size="small">
        <Space wrap>
          <Typography.Text>{t("acquiring.acquirer")}:</Typography.Text>
          {caps && (
            <Tag id="acq-acquirer" data-acquirer={caps.acquirer} color="blue">
              {t(`acquiring.acquirer.${caps.acquirer}` as MessageKey)}
            </Tag>
          )}
          <Typography.Text type="secondary">{profile?.name}</Typography.Text>
          {builtin && (
            <Button id="acq-sandbox-profiles" onClick={prepare} loading={busy}>
              {t("acquiring.sandboxProfiles")}
            </Button>
          )}
          {profiles && (
            <Select
              id="acq-switch"
              style={{ width: 220 }}
              placeholder={t("acquiring.switchTo")}
              value={profile?.name}
              onChange={switchTo}
              options={profiles.filter((p) => p.environment === "sandbox").map((p) => ({ value: p.name, label: `${p.name} (${p.acquirer})` }))}
            />
          )}
        </Space>
      </Card>
      {caps && <OrderCard key={`${profile?.name}-${caps.acquirer}`} caps={caps} sandbox={builtin} />}
      <NoticeCard />
    </Space>
  );
}
