// /split: a merchant's split configuration. Up to 20 % takes effect at once; above goes to Huifu's audit,
// followed here by polling.
import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, Radio, Row, Space, Tag, Typography } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import type { SplitState } from "../../bindings/SplitState";
import { call } from "../../ipc/call";
import { asIpcError } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { MerchantBar } from "../merchants/MerchantBar";
import { spentId, useDraft, useFormError, useHuifuIdParam, usePoll } from "../merchants/shared";
import { huifuId as huifuIdCheck, percent, rule } from "../onboarding/checks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

/** Above this ratio Huifu audits the configuration (the sandbox's D6 rule). */
export const AUDIT_THRESHOLD = 20;

function Split({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<Values>();
  const onError = useFormError(form);
  const draft = useDraft<Values>(`split.${huifuId}`, form, { ruleOrigin: "01", divFlag: "Y", applyRatio: "20", startType: "0", shares: [] });
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<SplitState | null>(null);
  const ratio = Number(Form.useWatch("applyRatio", form) ?? 0);
  const origin = Form.useWatch("ruleOrigin", form);
  const load = useCallback(async () => {
    try {
      setState(await call("split_status", { huifuId }));
    } catch {
      setState(null);
    }
  }, [huifuId]);
  useEffect(() => {
    void load();
  }, [load]);
  usePoll(load, 3000, state?.applyStatus === "P");
  const submit = async () => {
    let v: Values;
    try {
      await form.validateFields();
      v = form.getFieldsValue(true);
    } catch {
      return;
    }
    if (!(await guard(t("split.submit")))) return;
    setBusy(true);
    try {
      setState(
        await call("split_config", {
          reqSeqId: draft.reqSeqId, huifuId, ruleOrigin: v.ruleOrigin, divFlag: v.divFlag, applyRatio: String(v.applyRatio), startType: v.startType,
          shares: v.ruleOrigin === "02" ? (v.shares ?? []).map((s: Values) => ({ huifuId: s.huifuId ?? "", feeRate: s.feeRate ?? "" })) : [],
        }),
      );
      await draft.clear();
    } catch (e) {
      const err = onError(e);
      if (spentId(asIpcError(err))) await draft.renew();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Card size="small" title={t("split.config")} style={{ marginBottom: 12 }}>
        <Form form={form} layout="vertical" id="split-form" onValuesChange={draft.save} disabled={busy}>
          <Row gutter={16}>
            <Col span={6}><Form.Item name="divFlag" label={t("split.divFlag")}><Radio.Group options={[{ value: "Y", label: t("split.on") }, { value: "N", label: t("split.off") }]} /></Form.Item></Col>
            <Col span={6}><Form.Item name="ruleOrigin" label={t("split.ruleOrigin")}><Radio.Group options={[{ value: "01", label: t("split.perTrade") }, { value: "02", label: t("split.fixed") }]} /></Form.Item></Col>
            <Col span={6}><Form.Item name="applyRatio" label={t("split.applyRatio")} rules={[{ required: true, message: t("common.required") }, rule(percent)]}><Input id="split-ratio" suffix="%" /></Form.Item></Col>
            <Col span={6}><Form.Item name="startType" label={t("split.startType")}><Radio.Group options={[{ value: "0", label: t("split.startNow") }, { value: "1", label: t("split.startNextDay") }]} /></Form.Item></Col>
          </Row>
          {ratio > AUDIT_THRESHOLD && <Alert id="split-audit-warning" type="warning" showIcon style={{ marginBottom: 12 }} message={t("split.auditNote", { pct: AUDIT_THRESHOLD })} />}
          {origin === "02" && (
            <Form.List name="shares">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline">
                      <Form.Item name={[f.name, "huifuId"]} rules={[{ required: true, message: t("common.required") }, rule(huifuIdCheck)]}><Input placeholder="huifu_id" /></Form.Item>
                      <Form.Item name={[f.name, "feeRate"]} rules={[{ required: true, message: t("common.required") }, rule(percent)]}><Input placeholder="50.00" suffix="%" /></Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Form.Item extra={t("split.sharesHelp")}>
                    <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>{t("split.addShare")}</Button>
                  </Form.Item>
                </>
              )}
            </Form.List>
          )}
          <Space>
            <Button type="primary" id="split-submit" loading={busy} disabled={!draft.reqSeqId} onClick={submit}>{t("common.submit")}</Button>
            <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>req_seq_id: <code>{draft.reqSeqId}</code></Typography.Text>
          </Space>
        </Form>
      </Card>
      <Card size="small" title={t("split.state")} extra={<Button size="small" id="split-refresh" onClick={load}>{t("common.refresh")}</Button>}>
        {state ? (
          <Descriptions size="small" column={3} id="split-state" data-status={state.applyStatus} data-ratio={state.applyRatio}>
            <Descriptions.Item label={t("split.divFlag")}>{state.divFlag}</Descriptions.Item>
            <Descriptions.Item label={t("split.ruleOrigin")}>{state.ruleOrigin}</Descriptions.Item>
            <Descriptions.Item label={t("split.applyRatio")}>{state.applyRatio}%</Descriptions.Item>
            <Descriptions.Item label={t("split.applyStatus")}>
              <Tag color={state.applyStatus === "Y" ? "success" : state.applyStatus === "P" ? "processing" : state.applyStatus ? "error" : "default"}>
                {state.applyStatus ? t(`split.status.${state.applyStatus === "Y" || state.applyStatus === "P" ? state.applyStatus : "N"}`) : "—"}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="apply_no">{state.applyNo ?? "—"}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty description={t("split.none")} />
        )}
      </Card>
    </>
  );
}

export function SplitPage() {
  const { t } = useI18n();
  const [huifuId] = useHuifuIdParam();
  return (
    <div id="split-page">
      <MerchantBar id="split-merchant" />
      {huifuId ? <Split key={huifuId} huifuId={huifuId} /> : <Empty description={t("merchants.noMerchant")} />}
    </div>
  );
}
