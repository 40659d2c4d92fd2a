import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Checkbox, Form, Input, Space, Switch, Tag, message } from "antd";
import type { BillConfigForm } from "../../bindings/BillConfigForm";
import type { BillConfigView } from "../../bindings/BillConfigView";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n, type MessageKey } from "../../i18n";

const TYPES = ["1", "2", "3", "4"] as const;

/** The form: the command's own fields; the merchant and the req_seq_id come from the page. */
type ConfigForm = Pick<BillConfigForm, "enabled" | "fileTypes" | "notifyUrl">;

/** Bill config: turn generation on and choose types. The req_seq_id is fixed when the form opens. */
export function ConfigCard({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<ConfigForm>();
  const [view, setView] = useState<BillConfigView | null>(null);
  const [reqSeqId, setReqSeqId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const freshId = useCallback(async () => setReqSeqId(await call("bill_new_req_seq_id")), []);
  useEffect(() => {
    void freshId();
  }, [freshId]);

  const load = async () => {
    setBusy(true);
    try {
      const v = await call("bill_config_get", { huifuId });
      setView(v);
      form.setFieldsValue({ enabled: v.configured ? v.enabled : true, fileTypes: v.fileTypes, notifyUrl: v.notifyUrl ?? "" });
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const v = await form.validateFields();
    if (!reqSeqId || !(await guard(t("statements.config.write")))) return;
    setBusy(true);
    try {
      const r = await call("bill_config_set", { reqSeqId, huifuId, enabled: v.enabled, fileTypes: v.fileTypes, notifyUrl: v.notifyUrl || undefined });
      setView(r);
      message.success(t("statements.config.saved"));
      await freshId(); // the next save is a new write
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      setBusy(false);
    }
  };

  const typeName = (c: string) => t(`statements.config.type.${c}` as MessageKey);
  return (
    <Card title={t("statements.config.title")} id="bill-config-card" size="small">
      <Form form={form} layout="inline" initialValues={{ enabled: true, fileTypes: ["1"] }}>
        <Form.Item name="enabled" label={t("statements.config.enabled")} valuePropName="checked">
          <Switch id="bill-config-enabled" />
        </Form.Item>
        <Form.Item name="fileTypes" label={t("statements.config.types")} rules={[{ required: true, message: t("common.required") }]}>
          <Checkbox.Group options={TYPES.map((c) => ({ value: c, label: <span id={`bill-config-type-${c}`}>{typeName(c)}</span> }))} />
        </Form.Item>
        <Form.Item name="notifyUrl" label={t("statements.config.notifyUrl")}>
          <Input id="bill-config-notify" style={{ width: 260 }} />
        </Form.Item>
        <Space>
          <Button id="bill-config-load" onClick={load} loading={busy}>
            {t("statements.config.load")}
          </Button>
          <Button id="bill-config-save" type="primary" onClick={save} loading={busy} disabled={!reqSeqId}>
            {t("statements.config.save")}
          </Button>
        </Space>
      </Form>
      {view && (
        <div id="bill-config-state" data-enabled={String(view.configured && view.enabled)}>
        <Alert
          style={{ marginTop: 12 }}
          type={view.configured && view.enabled ? "success" : "info"}
          title={
            <span>
              <Tag>{view.huifuId}</Tag>
              {!view.configured
                ? t("statements.config.none")
                : view.enabled
                  ? t("statements.config.on", { types: view.fileTypes.map(typeName).join("、") })
                  : t("statements.config.off")}
            </span>
          }
        />
        </div>
      )}
    </Card>
  );
}
