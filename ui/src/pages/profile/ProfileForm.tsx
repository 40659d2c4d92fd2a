import { useEffect, useState } from "react";
import { App, Form, Input, Modal, Select } from "antd";
import type { NewProfile } from "../../bindings/NewProfile";
import type { Environment } from "../../bindings/Environment";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { asIpcError, fieldWords, handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { envLabel } from "../../state/env";

/** The form: the command's own fields (acquirer and environment always picked, the product id may be left
 * empty) and the MD5 gateway readings of the spec's ambiguities, which desk keeps in the profile's `extra`. */
type Values = Pick<NewProfile, "name" | "baseUrl" | "sysId"> & {
  acquirer: NonNullable<NewProfile["acquirer"]>;
  environment: NonNullable<NewProfile["environment"]>;
  productId?: NewProfile["productId"];
} & Partial<Record<(typeof EXTRA_KEYS)[number], string>>;

const EXTRA_KEYS = ["paid_reading", "amounts", "payway"] as const;

/** Add a profile, or edit one (name and acquirer fixed once created). Keys are set in the keys drawer. */
export function ProfileForm({ editing, open, onClose, onSaved }: {
  editing: Profile | null;
  open: boolean;
  onClose: () => void;
  onSaved: (p: Profile) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [defaultUrl, setDefaultUrl] = useState<string | null>(null);
  const acquirer = Form.useWatch("acquirer", form) ?? "dougong";
  const environment = Form.useWatch("environment", form) ?? "joint_debug";

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name, acquirer: editing.acquirer, environment: editing.environment, baseUrl: editing.baseUrl,
        sysId: editing.sysId, productId: editing.productId, ...editing.extra,
      });
    }
  }, [open, editing, form]);

  useEffect(() => {
    let live = true;
    call("profile_default_url", { acquirer, environment })
      .then((u) => live && setDefaultUrl(u))
      .catch(() => live && setDefaultUrl(null));
    return () => { live = false; };
  }, [acquirer, environment]);

  const save = async () => {
    const v = await form.validateFields();
    // The form's own extra keys replace theirs; every other setting (receiver, timeout) is kept.
    const extra: Record<string, string> = {};
    for (const [k, val] of Object.entries(editing?.extra ?? {})) if (val !== undefined) extra[k] = val;
    for (const k of EXTRA_KEYS) delete extra[k];
    for (const k of EXTRA_KEYS) if (acquirer === "mpgateway" && v[k]) extra[k] = v[k] as string;
    setBusy(true);
    try {
      let saved: Profile;
      if (editing) {
        const req = {
          name: editing.name,
          changes: { environment: v.environment, baseUrl: v.baseUrl || defaultUrl || editing.baseUrl, sysId: v.sysId, productId: v.productId ?? "", extra },
        };
        // A new label or URL changes where requests go: desk says what changes, the person confirms it,
        // and the shell refuses the change without that confirmation.
        const moved = await call("profile_destination_change", req);
        if (moved) {
          const yes = await modal.confirm({
            title: t("profiles.destTitle"),
            content: (
              <>
                <p>{t("profiles.destBody", { name: moved.profile, fromEnv: envLabel(t, moved.fromEnvironment), fromUrl: moved.fromBaseUrl, toEnv: envLabel(t, moved.toEnvironment), toUrl: moved.toBaseUrl })}</p>
                {moved.toProduction && <p><b>{t("profiles.destProd")}</b></p>}
              </>
            ),
            okText: t("profiles.destOk"),
            okButtonProps: { danger: moved.toProduction, id: "profile-dest-ok" },
            cancelButtonProps: { id: "profile-dest-cancel" },
            cancelText: t("common.cancel"),
          });
          if (!yes) return;
          await call("profile_confirm_prod_write", { name: editing.name });
        }
        saved = await call("profile_update", req);
      } else {
        saved = await call("profile_create", {
            name: v.name.trim(), acquirer: v.acquirer, environment: v.environment, baseUrl: v.baseUrl || undefined,
            sysId: v.sysId, productId: v.productId ?? "", extra,
          });
      }
      onSaved(saved);
    } catch (e) {
      const err = asIpcError(e);
      const item = err.field ? FIELD_OF[err.field] : undefined;
      if (item) form.setFields([{ name: item, errors: [fieldWords(err, t)] }]);
      else handleError(e, { t, form });
    } finally {
      setBusy(false);
    }
  };

  const envs: Environment[] = editing?.environment === "sandbox" ? ["sandbox"] : ["joint_debug", "prod"];
  return (
    <Modal
      open={open}
      title={editing ? t("profiles.editTitle", { name: editing.name }) : t("profiles.addTitle")}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okButtonProps={{ id: "profile-save" }}
      okText={t("profiles.save")}
      cancelText={t("common.cancel")}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={{ acquirer: "dougong", environment: "joint_debug" }} id="profile-form">
        <Form.Item name="name" label={t("profiles.name")} rules={[{ required: true, message: t("common.required") }]} extra={t("profiles.nameHelp")}>
          <Input id="profile-name" disabled={!!editing} maxLength={64} />
        </Form.Item>
        <Form.Item name="acquirer" label={t("profiles.acquirer")}>
          <Select id="profile-acquirer" disabled={!!editing} options={(["dougong", "huishouqian", "mpgateway"] as const).map((a) => ({ value: a, label: t(`profiles.acq.${a}`) }))} />
        </Form.Item>
        <Form.Item name="environment" label={t("profiles.environment")}>
          <Select id="profile-env" options={envs.map((e) => ({ value: e, label: envLabel(t, e) }))} />
        </Form.Item>
        <Form.Item name="baseUrl" label={t("profiles.baseUrl")} extra={defaultUrl ? t("profiles.baseUrlDefault", { url: defaultUrl }) : t("profiles.baseUrlNone")}
          rules={defaultUrl ? [] : [{ required: true, message: t("common.required") }]}>
          <Input id="profile-base-url" placeholder={defaultUrl ?? "https://"} />
        </Form.Item>
        <Form.Item name="sysId" label={t(`profiles.sysId.${acquirer}`)} rules={[{ required: true, message: t("common.required") }]} extra={t(`profiles.sysIdHelp.${acquirer}`)}>
          <Input id="profile-sys-id" />
        </Form.Item>
        {acquirer === "dougong" && (
          <Form.Item name="productId" label={t("profiles.productId")} rules={[{ required: true, message: t("common.required") }]} extra={t("profiles.productIdHelp")}>
            <Input id="profile-product-id" />
          </Form.Item>
        )}
        {acquirer === "mpgateway" && (
          <>
            <Form.Item name="paid_reading" label={t("profiles.extra.paidReading")} initialValue="lenient">
              <Select options={[{ value: "lenient", label: t("profiles.extra.lenient") }, { value: "strict", label: t("profiles.extra.strict") }]} />
            </Form.Item>
            <Form.Item name="amounts" label={t("profiles.extra.amounts")} initialValue="string">
              <Select options={[{ value: "string", label: t("profiles.extra.amountsString") }, { value: "number", label: t("profiles.extra.amountsNumber") }]} />
            </Form.Item>
            <Form.Item name="payway" label={t("profiles.extra.payway")}>
              <Input />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** desk's field names (snake_case) → this form's items. */
const FIELD_OF: Record<string, keyof Values> = {
  name: "name", environment: "environment", base_url: "baseUrl", sys_id: "sysId", product_id: "productId",
};
