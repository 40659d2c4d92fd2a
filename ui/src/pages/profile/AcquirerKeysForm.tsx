import { useState } from "react";
import { Alert, Button, Form, Input, Segmented } from "antd";
import type { KeyInfo } from "../../bindings/KeyInfo";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { KeyFileField } from "./KeyFileField";
import { markKeyError } from "./keyError";
import { useProfileGuard } from "./prodGuard";

interface Values {
  /** Only marks errors: the .pfx travels as a path (pfxPath). */
  pfx?: string;
  private_key_pem?: string;
  pfx_password?: string;
  platform_cert?: string;
  sign_key?: string;
  md5_key?: string;
}

const ITEMS = ["pfx", "private_key_pem", "platform_cert", "sign_key", "md5_key"];

/** 慧收钱 (.pfx or PEM, platform .cer, sign key) and MD5-gateway (merchant key) credentials. */
export function AcquirerKeysForm({ profile, onSaved }: { profile: Profile; onSaved: (i: KeyInfo) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [source, setSource] = useState<"pfx" | "pem">("pfx");
  const [pfxPath, setPfxPath] = useState<string | null>(null);
  const [certPath, setCertPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hsq = profile.acquirer === "huishouqian";
  const guard = useProfileGuard();

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (hsq && source === "pfx" && !pfxPath) {
      form.setFields([{ name: "pfx", errors: [t("profiles.keys.pfxMissing")] }]);
      return;
    }
    if (!(await guard(profile, t("profiles.keys.save")))) return;
    setBusy(true);
    try {
      const info = await call("profile_acquirer_keys_import", {
        name: profile.name,
        pfxPath: hsq && source === "pfx" ? (pfxPath ?? undefined) : undefined,
        pfxPassword: hsq && source === "pfx" ? v.pfx_password : undefined,
        privateKeyPem: hsq && source === "pem" ? v.private_key_pem : undefined,
        platformCert: hsq && !certPath ? v.platform_cert : undefined,
        platformCertPath: hsq ? (certPath ?? undefined) : undefined,
        signKey: hsq ? v.sign_key : undefined,
        md5Key: hsq ? undefined : v.md5_key,
      });
      form.resetFields();
      setPfxPath(null);
      setCertPath(null);
      onSaved(info);
    } catch (e) {
      markKeyError(e, form, t, ITEMS);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" id="acq-keys-form">
      <Alert type="info" showIcon title={t(hsq ? "profiles.keys.hsqIntro" : "profiles.keys.mpgIntro")} style={{ marginBottom: 16 }} />
      {hsq ? (
        <>
          <Segmented value={source} onChange={(v) => setSource(v as "pfx" | "pem")} style={{ marginBottom: 12 }}
            options={[{ value: "pfx", label: t("profiles.keys.fromPfx") }, { value: "pem", label: t("profiles.keys.fromPem") }]} />
          {source === "pfx" ? (
            <>
              <Form.Item name="pfx" label={t("profiles.keys.pfx")}>
                <KeyFileField id="acq-pfx" path={pfxPath} onPath={setPfxPath} extensions={["pfx", "p12"]} rows={1} placeholder={t("profiles.keys.pfxPlaceholder")} />
              </Form.Item>
              <Form.Item name="pfx_password" label={t("profiles.keys.pfxPassword")}>
                <Input.Password id="acq-pfx-password" autoComplete="off" />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="private_key_pem" label={t("profiles.keys.privateInput")} rules={[{ required: true, message: t("common.required") }]}>
              <Input.TextArea id="acq-private-pem" rows={5} spellCheck={false} style={{ fontFamily: "monospace", fontSize: 12 }} />
            </Form.Item>
          )}
          <Form.Item name="platform_cert" label={t("profiles.keys.platformCert")} extra={t("profiles.keys.platformCertHelp")}>
            <KeyFileField id="acq-platform-cert" path={certPath} onPath={setCertPath} extensions={["cer", "crt", "pem"]} rows={3} />
          </Form.Item>
          <Form.Item name="sign_key" label={t("profiles.keys.signKey")} rules={[{ required: true, message: t("common.required") }]}>
            <Input.Password id="acq-sign-key" autoComplete="off" />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="md5_key" label={t("profiles.keys.md5Key")} rules={[{ required: true, message: t("common.required") }]}>
          <Input.Password id="acq-md5-key" autoComplete="off" />
        </Form.Item>
      )}
      <Button type="primary" id="acq-keys-save" loading={busy} onClick={() => void save()}>{t("profiles.keys.save")}</Button>
    </Form>
  );
}
