import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Descriptions, Drawer, Form, Popconfirm, Space, Tabs, Tag, Typography } from "antd";
import type { KeyCheck } from "../../bindings/KeyCheck";
import type { KeyInfo } from "../../bindings/KeyInfo";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n, type T } from "../../i18n";
import { checkKeyText, type KeyKind } from "./keyText";
import { KeyFileField } from "./KeyFileField";
import { AcquirerKeysForm } from "./AcquirerKeysForm";
import { markKeyError } from "./keyError";
import { useProfileGuard } from "./prodGuard";

interface PasteValues {
  private_key?: string;
  merchant_public_key?: string;
  huifu_public_key?: string;
}

const PASTE_ITEMS = ["private_key", "merchant_public_key", "huifu_public_key"];

function textRule(t: T, kind: KeyKind, required: boolean, pathSet: boolean) {
  return {
    validator: async (_: unknown, v?: string) => {
      if (pathSet) return;
      if (!required && !(v ?? "").trim()) return;
      const problem = checkKeyText(v, kind);
      if (problem) throw new Error(t(`profiles.keys.problem.${problem}`));
    },
  };
}

/** Keys of one profile: what is stored (fingerprints, public key), import with a check first, generate, delete. */
export function KeysDrawer({ profile, onClose, onChanged }: { profile: Profile | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const guard = useProfileGuard();
  const [info, setInfo] = useState<KeyInfo | null>(null);
  const load = useCallback(async () => {
    if (!profile) return;
    try {
      setInfo(await call("profile_key_info", { name: profile.name }));
    } catch (e) {
      handleError(e, { t });
    }
  }, [profile, t]);
  useEffect(() => {
    setInfo(null);
    void load();
  }, [load]);
  const changed = (i: KeyInfo) => {
    setInfo(i);
    onChanged();
  };

  return (
    <Drawer open={!!profile} onClose={onClose} size="large" title={profile ? t("profiles.keys.title", { name: profile.name }) : ""} destroyOnHidden>
      {profile && (
        <Space direction="vertical" style={{ width: "100%" }} size="large" id="keys-drawer">
          <KeyInfoView info={info} />
          {profile.acquirer === "dougong" ? (
            <Tabs
              items={[
                { key: "import", label: <span id="keys-tab-import">{t("profiles.keys.tabImport")}</span>, children: <PasteForm profile={profile} onSaved={changed} /> },
                { key: "generate", label: <span id="keys-tab-generate">{t("profiles.keys.tabGenerate")}</span>, children: <GeneratePane profile={profile} info={info} onSaved={changed} /> },
                { key: "huifu", label: <span id="keys-tab-huifu">{t("profiles.keys.tabHuifu")}</span>, children: <HuifuKeyForm profile={profile} onSaved={changed} /> },
              ]}
            />
          ) : (
            <AcquirerKeysForm profile={profile} onSaved={changed} />
          )}
          {info && (info.hasPrivateKey || info.hasHuifuPublicKey) && profile.environment !== "sandbox" && (
            <Popconfirm
              title={t("profiles.keys.deleteConfirm", { name: profile.name })}
              okButtonProps={{ danger: true, id: "keys-delete-ok" }}
              okText={t("profiles.delete")}
              cancelText={t("common.cancel")}
              onConfirm={async () => {
                try {
                  if (!(await guard(profile, t("profiles.keys.delete")))) return;
                  changed(await call("profile_keys_delete", { name: profile.name }));
                } catch (e) {
                  handleError(e, { t });
                }
              }}
            >
              <Button danger id="keys-delete">{t("profiles.keys.delete")}</Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </Drawer>
  );
}

function KeyInfoView({ info }: { info: KeyInfo | null }) {
  const { t } = useI18n();
  if (!info) return null;
  const yes = (b: boolean) => (b ? <Tag color="green">{t("profiles.keys.stored")}</Tag> : <Tag>{t("profiles.keys.none")}</Tag>);
  return (
    <Descriptions bordered size="small" column={1} id="keys-info">
      <Descriptions.Item label={t("profiles.keys.private")}>
        <span id="keys-has-private" data-stored={String(info.hasPrivateKey)}>{yes(info.hasPrivateKey)}</span>
        {info.bits ? <Typography.Text type="secondary"> RSA {info.bits}</Typography.Text> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t("profiles.fingerprint")}>
        <Typography.Text code id="keys-fingerprint">{info.keyId ?? "—"}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t("profiles.keys.huifu")}>
        <span id="keys-has-huifu" data-stored={String(info.hasHuifuPublicKey)}>{yes(info.hasHuifuPublicKey)}</span>
      </Descriptions.Item>
      {info.merchantPublicKey && (
        <Descriptions.Item label={t("profiles.keys.merchantPublic")}>
          <Typography.Paragraph copyable={{ text: info.merchantPublicKey }} style={{ fontFamily: "monospace", fontSize: 11, wordBreak: "break-all", marginBottom: 0 }} id="keys-merchant-public">
            {info.merchantPublicKey}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t("profiles.keys.uploadHint")}</Typography.Text>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function PasteForm({ profile, onSaved }: { profile: Profile; onSaved: (i: KeyInfo) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PasteValues>();
  const guard = useProfileGuard();
  const [privatePath, setPrivatePath] = useState<string | null>(null);
  const [huifuPath, setHuifuPath] = useState<string | null>(null);
  const [check, setCheck] = useState<KeyCheck | null>(null);
  const [busy, setBusy] = useState(false);

  const req = (v: PasteValues) => ({
    name: profile.name,
    privateKey: privatePath ? undefined : v.private_key,
    privateKeyPath: privatePath ?? undefined,
    merchantPublicKey: v.merchant_public_key?.trim() ? v.merchant_public_key : undefined,
    huifuPublicKey: huifuPath ? undefined : v.huifu_public_key?.trim() ? v.huifu_public_key : undefined,
    huifuPublicKeyPath: huifuPath ?? undefined,
  });

  const run = async (save: boolean) => {
    let v: PasteValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (save) {
        if (!(await guard(profile, t("profiles.keys.save")))) return;
        const info = await call("profile_keys_import", req(v));
        form.resetFields();
        setPrivatePath(null);
        setHuifuPath(null);
        setCheck(null);
        onSaved(info);
      } else {
        setCheck(await call("profile_keys_check", req(v)));
      }
    } catch (e) {
      setCheck(null);
      markKeyError(e, form, t, PASTE_ITEMS);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" id="keys-paste-form" onValuesChange={() => setCheck(null)}>
      <Alert type="info" showIcon title={t("profiles.keys.pasteIntro")} style={{ marginBottom: 16 }} />
      <Form.Item name="private_key" label={t("profiles.keys.privateInput")} rules={[textRule(t, "private", true, !!privatePath)]}>
        <KeyFileField id="keys-private" path={privatePath} onPath={(p) => { setPrivatePath(p); setCheck(null); }} extensions={["pem", "key", "txt"]} />
      </Form.Item>
      <Form.Item name="merchant_public_key" label={t("profiles.keys.merchantPublicInput")} extra={t("profiles.keys.merchantPublicHelp")} rules={[textRule(t, "public", false, false)]}>
        <KeyFileField id="keys-merchant-public-input" path={null} onPath={() => {}} extensions={[]} rows={3} />
      </Form.Item>
      <Form.Item name="huifu_public_key" label={t("profiles.keys.huifuInput")} extra={t("profiles.keys.huifuHelp")} rules={[textRule(t, "public", false, !!huifuPath)]}>
        <KeyFileField id="keys-huifu" path={huifuPath} onPath={(p) => { setHuifuPath(p); setCheck(null); }} extensions={["pem", "pub", "txt"]} rows={3} />
      </Form.Item>
      {check && (
        <Alert
          type="success"
          showIcon
          id="keys-check-result"
          data-pair={String(check.pairChecked)}
          style={{ marginBottom: 16 }}
          title={check.pairChecked ? t("profiles.keys.checkPairOk") : t("profiles.keys.checkOk")}
          description={
            <span>
              {t("profiles.fingerprint")}: <Typography.Text code id="keys-check-fingerprint">{check.keyId}</Typography.Text> · RSA {check.bits}
              {check.huifuKeyId && <> · {t("profiles.keys.huifu")}: <Typography.Text code>{check.huifuKeyId}</Typography.Text></>}
            </span>
          }
        />
      )}
      <Space>
        <Button id="keys-check" onClick={() => void run(false)} loading={busy && !check}>{t("profiles.keys.check")}</Button>
        <Button id="keys-save" type="primary" disabled={!check} onClick={() => void run(true)} loading={busy && !!check}>{t("profiles.keys.save")}</Button>
      </Space>
    </Form>
  );
}

function GeneratePane({ profile, info, onSaved }: { profile: Profile; info: KeyInfo | null; onSaved: (i: KeyInfo) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const guard = useProfileGuard();
  const generate = async () => {
    if (!(await guard(profile, t("profiles.keys.generate")))) return;
    setBusy(true);
    try {
      onSaved(await call("profile_key_generate", { name: profile.name }));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(false);
    }
  };
  const button = <Button type="primary" id="keys-generate" loading={busy} onClick={info?.hasPrivateKey ? undefined : () => void generate()}>{t("profiles.keys.generate")}</Button>;
  return (
    <Space direction="vertical">
      <Typography.Paragraph>{t("profiles.keys.generateIntro")}</Typography.Paragraph>
      {info?.hasPrivateKey ? (
        <Popconfirm title={t("profiles.keys.replaceConfirm")} okButtonProps={{ danger: true, id: "keys-generate-ok" }} okText={t("profiles.keys.replace")} cancelText={t("common.cancel")} onConfirm={() => void generate()}>
          {button}
        </Popconfirm>
      ) : button}
    </Space>
  );
}

function HuifuKeyForm({ profile, onSaved }: { profile: Profile; onSaved: (i: KeyInfo) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ huifu_public_key?: string }>();
  const guard = useProfileGuard();
  const [path, setPath] = useState<string | null>(null);
  const save = async () => {
    let v: { huifu_public_key?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      if (!(await guard(profile, t("profiles.keys.saveHuifu")))) return;
      const info = await call("profile_huifu_key_set", { name: profile.name, text: path ? undefined : v.huifu_public_key, path: path ?? undefined });
      form.resetFields();
      setPath(null);
      onSaved(info);
    } catch (e) {
      markKeyError(e, form, t, ["huifu_public_key"]);
    }
  };
  return (
    <Form form={form} layout="vertical">
      <Form.Item name="huifu_public_key" label={t("profiles.keys.huifuInput")} rules={[textRule(t, "public", true, !!path)]}>
        <KeyFileField id="keys-huifu-only" path={path} onPath={setPath} extensions={["pem", "pub", "txt"]} rows={3} />
      </Form.Item>
      <Button type="primary" id="keys-huifu-save" onClick={() => void save()}>{t("profiles.keys.saveHuifu")}</Button>
    </Form>
  );
}
