// /split: a merchant's split configuration. Up to 20 % takes effect at once; above goes to Huifu's audit,
// followed here by polling.
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button, Col, Descriptions, Empty, Form, Input, Radio, Row, Space, Tag } from "antd";
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import type { SplitState } from "../../bindings/SplitState";
import type { SplitForm } from "../../bindings/SplitForm";
import { call } from "../../ipc/call";
import { useI18n, type MessageKey } from "../../i18n";
import { FormCard, MerchantPage, StateCard } from "../../components/MerchantPage";
import { useMerchantForm } from "../../hooks/useMerchantForm";
import { usePoll } from "../../hooks/usePoll";
import { huifuId as huifuIdCheck, percent, rule } from "../../forms/checks";
import { Word } from "../../components/Word";
import { APPLY_COLORS, applyOutcome, colorOf, type ApplyOutcome } from "../../vocab/codes";

/** Above this ratio Huifu audits the configuration (the sandbox's D6 rule). */
export const AUDIT_THRESHOLD = 20;

/** The form holds the command's own fields; the merchant and the req_seq_id come from the page. */
type SplitValues = Omit<SplitForm, "reqSeqId" | "huifuId">;

const SPLIT_STATUS: Record<ApplyOutcome, MessageKey> = { approved: "split.status.Y", audit: "split.status.P", refused: "split.status.N" };

function Split({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<SplitState | null>(null);
  const f = useMerchantForm<SplitValues>(`split.${huifuId}`, "split.submit", async (v, reqSeqId) => {
    setState(
      await call("split_config", {
        reqSeqId, huifuId, ruleOrigin: v.ruleOrigin, divFlag: v.divFlag, applyRatio: String(v.applyRatio), startType: v.startType,
        shares: v.ruleOrigin === "02" ? (v.shares ?? []).map((s) => ({ huifuId: s.huifuId ?? "", feeRate: s.feeRate ?? "" })) : [],
      }),
    );
  }, { ruleOrigin: "01", divFlag: "Y", applyRatio: "20", startType: "0", shares: [] }, true);
  const ratio = Number(Form.useWatch("applyRatio", f.form) ?? 0);
  const origin = Form.useWatch("ruleOrigin", f.form);
  // Once per merchant opened: with no draft, the form starts from what Huifu has (not the defaults), so a
  // saved 10 % is not shown as 20 % on the next visit. A draft (something typed) always wins.
  const seededFor = useRef("");
  const formRef = useRef(f);
  formRef.current = f;
  const load = useCallback(async () => {
    try {
      const st = await call("split_status", { huifuId });
      setState(st);
      const { draft, form } = formRef.current;
      if (seededFor.current !== huifuId && !draft.hasDraft() && st.ruleOrigin) {
        form.setFieldsValue({ ruleOrigin: st.ruleOrigin, divFlag: st.divFlag || "Y", applyRatio: st.applyRatio });
      }
    } catch {
      setState(null);
    } finally {
      seededFor.current = huifuId;
    }
  }, [huifuId]);
  useEffect(() => {
    void load();
  }, [load]);
  usePoll(load, 3000, applyOutcome(state?.applyStatus) === "audit");
  return (
    <>
      <FormCard id="split" title={t("split.config")} f={f}>
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
      </FormCard>
      <StateCard id="split" title={t("split.state")} onRefresh={load}>
        {state ? (
          <Descriptions size="small" column={3} id="split-state" data-status={state.applyStatus} data-ratio={state.applyRatio}>
            <Descriptions.Item label={t("split.divFlag")}><Word v="yesNo" code={state.divFlag} /></Descriptions.Item>
            <Descriptions.Item label={t("split.ruleOrigin")}><Word v="ruleOrigin" code={state.ruleOrigin} /></Descriptions.Item>
            <Descriptions.Item label={t("split.applyRatio")}>{state.applyRatio}%</Descriptions.Item>
            <Descriptions.Item label={t("split.applyStatus")}>
              <Tag color={state.applyStatus ? colorOf("applyStatus", APPLY_COLORS, state.applyStatus) : "default"}>
                {state.applyStatus ? t(SPLIT_STATUS[applyOutcome(state.applyStatus) ?? "refused"]) : "—"}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="apply_no">{state.applyNo ?? "—"}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Empty description={t("split.none")} />
        )}
      </StateCard>
    </>
  );
}

export function SplitPage() {
  return <MerchantPage area="split">{(huifuId) => <Split huifuId={huifuId} />}</MerchantPage>;
}
