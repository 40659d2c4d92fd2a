import { useCallback, useEffect, useState } from "react";
import { Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from "antd";
import { CheckCircleFilled, PlusOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router-dom";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { envColor, envLabel } from "../../state/env";
import { useActiveProfileState } from "../../state/profile";
import { ProfileForm } from "./ProfileForm";
import { ConnectionTestButton } from "./ConnectionTest";
import { KeysDrawer } from "./KeysDrawer";
import { useProfileGuard } from "./prodGuard";
import { useSwitchGuard } from "../../hooks/useSwitchGuard";

/** Profiles and keys: which account the app acts as, and its keys (kept in the OS keychain). */
export function ProfilePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { profile: active, reload } = useActiveProfileState();
  const guard = useProfileGuard();
  const switchGuard = useSwitchGuard();
  const [rows, setRows] = useState<Profile[]>([]);
  const [loading, setLoading] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Profile | null>(null);
  const [keysOf, setKeysOf] = useState<Profile | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows(await call("profile_list"));
    } catch (e) {
      handleError(e, { t, navigate });
    } finally {
      setLoading(false);
    }
  }, [t, navigate]);
  useEffect(() => {
    void load();
  }, [load, active?.name]);

  const activate = async (p: Profile) => {
    try {
      if (!(await switchGuard(p))) return;
      await call("profile_activate", { name: p.name });
      await reload();
    } catch (e) {
      handleError(e, { t, navigate });
    }
  };
  const remove = async (p: Profile) => {
    try {
      if (!(await guard(p, t("profiles.delete")))) return;
      await call("profile_delete", { name: p.name });
      await reload();
      await load();
    } catch (e) {
      handleError(e, { t, navigate });
    }
  };

  return (
    <Card
      id="profiles-page"
      extra={
        <Space>
          <Button onClick={() => void load()}>{t("common.refresh")}</Button>
          <Button type="primary" icon={<PlusOutlined />} id="profile-add" onClick={() => { setEditing(null); setFormOpen(true); }}>
            {t("profiles.add")}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t("profiles.intro")}</Typography.Paragraph>
      <Table<Profile>
        rowKey="name"
        id="profiles-table"
        loading={loading}
        dataSource={rows}
        pagination={false}
        size="middle"
        onRow={(p) => ({ id: `profile-row-${p.name}`, "data-env": p.environment } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: t("profiles.name"), dataIndex: "name",
            render: (n: string) => (
              <Space>
                <Typography.Text strong>{n}</Typography.Text>
                {active?.name === n && <Tag icon={<CheckCircleFilled />} color="blue" id="profile-active-tag">{t("profiles.active")}</Tag>}
              </Space>
            ),
          },
          { title: t("profiles.acquirer"), dataIndex: "acquirer", render: (a: Profile["acquirer"]) => t(`profiles.acq.${a}`) },
          {
            title: t("profiles.environment"), dataIndex: "environment",
            render: (e: Profile["environment"], p: Profile) => (
              <>
                <Tag color={envColor(e)}>{envLabel(t, e)}</Tag>
                {p.production && e !== "prod" && <Tooltip title={t("profiles.prodHostNote")}><Tag color="red" id={`profile-prod-host-${p.name}`}>{t("env.prodHost")}</Tag></Tooltip>}
              </>
            ),
          },
          { title: t("profiles.baseUrl"), dataIndex: "baseUrl", ellipsis: true },
          { title: t("profiles.sysIdShort"), dataIndex: "sysId" },
          {
            title: t("profiles.fingerprint"), dataIndex: "keyId",
            render: (k: string | undefined, p: Profile) =>
              k ? <Typography.Text code>{k}</Typography.Text>
                : p.name === "sandbox" ? <Tag>{t("profiles.sandboxLazy")}</Tag>
                : <Tag color="warning">{t("profiles.noKeys")}</Tag>,
          },
          {
            title: t("profiles.actions"), key: "actions",
            render: (_: unknown, p: Profile) => (
              <Space size="small" wrap>
                {active?.name !== p.name && (
                  <Button size="small" type="primary" ghost id={`profile-activate-${p.name}`} onClick={() => void activate(p)}>
                    {t("profiles.activate")}
                  </Button>
                )}
                <Button size="small" id={`profile-keys-${p.name}`} onClick={() => setKeysOf(p)}>{t("profiles.keysBtn")}</Button>
                <ConnectionTestButton profile={p} />
                {p.environment !== "sandbox" && (
                  <Button size="small" id={`profile-edit-${p.name}`} onClick={() => { setEditing(p); setFormOpen(true); }}>{t("profiles.edit")}</Button>
                )}
                {p.environment !== "sandbox" && (
                  <Popconfirm
                    title={t("profiles.deleteConfirm", { name: p.name })}
                    okButtonProps={{ danger: true, id: `profile-delete-ok-${p.name}` }}
                    okText={t("profiles.delete")}
                    cancelText={t("common.cancel")}
                    onConfirm={() => void remove(p)}
                  >
                    <Tooltip title={p.production ? t("profiles.deleteProdNote") : undefined}>
                      <Button size="small" danger id={`profile-delete-${p.name}`}>{t("profiles.delete")}</Button>
                    </Tooltip>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ProfileForm
        open={formOpen}
        editing={editing}
        onClose={() => setFormOpen(false)}
        onSaved={(p) => {
          setFormOpen(false);
          void load();
          void reload();
          if (!editing) setKeysOf(p);
        }}
      />
      <KeysDrawer profile={keysOf} onClose={() => setKeysOf(null)} onChanged={() => void load()} />
    </Card>
  );
}
