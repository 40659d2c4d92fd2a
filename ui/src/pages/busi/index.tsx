// /business: open WeChat / Alipay for a merchant (scenes, fee rate, MCC), then follow the application until
// every channel is registered.
import { useState } from "react";
import { Alert, Button, Card, Checkbox, Col, Empty, Form, Input, Row, Space, Switch, Table, Tag } from "antd";
import type { BusiOpenForm } from "../../bindings/BusiOpenForm";
import type { BusiStatus } from "../../bindings/BusiStatus";
import type { ChannelState } from "../../bindings/ChannelState";
import type { PayConfForm } from "../../bindings/PayConfForm";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { MerchantPage, StateCard, SubmitRow } from "../../components/MerchantPage";
import { useMerchantForm } from "../../hooks/useMerchantForm";
import { usePoll } from "../../hooks/usePoll";
import { maxLen, mcc, percent, rule } from "../../forms/checks";
import { useWords } from "../../hooks/useWords";
import { MccField } from "../../components/MccField";
import { APPLY_COLORS, applyOutcome, codeOf, colorOf, type Colors } from "../../vocab/codes";

const CHANNEL_COLORS: Colors<"channelStatus"> = { S: "success", P: "processing", F: "error", unknown: "error" };

const WX_SCENES = ["1", "2", "3", "4", "5", "12"];
const ALI_SCENES = ["1", "2"];
/** The form: the command's short name and online business type, and per channel an on/off switch, the
 * scenes to open and the rate, mcc and rule every scene of that channel shares (one PayConfForm a scene). */
interface BusinessValues {
  shortName?: BusiOpenForm["shortName"];
  onlineBusiType?: BusiOpenForm["onlineBusiType"];
  wxOn: boolean;
  wxScenes?: PayConfForm["payScene"][];
  wxFeeRate: PayConfForm["feeRate"];
  wxMcc?: PayConfForm["mcc"];
  wxFeeRuleId?: PayConfForm["feeRuleId"];
  aliOn: boolean;
  aliScenes?: PayConfForm["payScene"][];
  aliFeeRate: PayConfForm["feeRate"];
  aliMcc?: PayConfForm["mcc"];
}

const INITIAL: BusinessValues = { wxOn: true, wxScenes: ["1"], wxFeeRate: "0.38", wxMcc: "5411", aliOn: true, aliScenes: ["1"], aliFeeRate: "0.38", aliMcc: "" };

function confs(on: boolean, scenes: string[] | undefined, feeRate: string, mccV: string | undefined, ruleId?: string): PayConfForm[] {
  if (!on) return [];
  return (scenes ?? []).map((s): PayConfForm => ({ payScene: s, feeRate, mcc: mccV || undefined, feeRuleId: ruleId || undefined }));
}

function BusinessForm({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const w = useWords();
  const [applyNo, setApplyNo] = useState<string | undefined>();
  const [status, setStatus] = useState<BusiStatus | null>(null);
  const [following, setFollowing] = useState(true);
  const f = useMerchantForm<BusinessValues>(`business.${huifuId}`, "business.submit", async (v, reqSeqId) => {
    const r = await call("busi_open", {
      reqSeqId, huifuId, shortName: v.shortName || undefined,
      wx: confs(v.wxOn, v.wxScenes, v.wxFeeRate, v.wxMcc, v.wxFeeRuleId),
      ali: confs(v.aliOn, v.aliScenes, v.aliFeeRate, v.aliMcc),
      onlineBusiType: v.onlineBusiType || undefined,
    });
    setApplyNo(r.applyNo);
    setFollowing(true);
  }, INITIAL);
  const { form, draft, busy } = f;
  const wxOn = Form.useWatch("wxOn", form);
  const aliOn = Form.useWatch("aliOn", form);
  usePoll(
    async () => {
      try {
        const s = await call("busi_status", { huifuId, applyNo });
        setStatus(s);
        const outcome = applyOutcome(s.applyStatus);
        const settled = (outcome === "approved" && s.channels.every((c) => codeOf("channelStatus", c.status) !== "P")) || outcome === "refused";
        if (settled) setFollowing(false);
      } catch {
        setFollowing(false); // no application known yet
      }
    },
    3000,
    following,
  );
  const sceneOpts = (list: string[], ch: string) => list.map((s) => ({ value: s, label: t(`business.scene.${ch}.${s}` as never) }));
  return (
    <>
      <Form form={form} layout="vertical" id="business-form" onValuesChange={draft.save} disabled={busy}>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col span={8}><Form.Item name="shortName" label={t("business.shortName")} rules={[rule(maxLen(64))]}><Input id="business-short-name" /></Form.Item></Col>
            <Col span={8}><Form.Item name="onlineBusiType" label={t("business.onlineBusiType")} extra={t("business.onlineBusiTypeHelp")}><Input id="business-online-type" placeholder="H7999AL" /></Form.Item></Col>
          </Row>
        </Card>
        <Card size="small" title={<Space><Form.Item name="wxOn" valuePropName="checked" noStyle><Switch id="business-wx-on" /></Form.Item>{t("business.wechat")}</Space>} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col span={24}><Form.Item name="wxScenes" label={t("business.scenes")} rules={wxOn ? [{ required: true, message: t("common.required") }] : []}><Checkbox.Group disabled={!wxOn} options={sceneOpts(WX_SCENES, "wx")} /></Form.Item></Col>
            <Col span={6}><Form.Item name="wxFeeRate" label={t("business.feeRate")} rules={wxOn ? [{ required: true, message: t("common.required") }, rule(percent)] : []}><Input id="business-wx-fee" disabled={!wxOn} suffix="%" /></Form.Item></Col>
            <Col span={6}><Form.Item name="wxMcc" label="MCC" extra={t("business.wxMccHelp")} rules={[rule(mcc)]}><MccField id="business-wx-mcc" disabled={!wxOn} /></Form.Item></Col>
            <Col span={6}><Form.Item name="wxFeeRuleId" label={t("business.feeRuleId")} rules={[{ pattern: /^\d{1,3}$/, message: "≤ 3 digits" }]}><Input disabled={!wxOn} placeholder="758" /></Form.Item></Col>
          </Row>
        </Card>
        <Card size="small" title={<Space><Form.Item name="aliOn" valuePropName="checked" noStyle><Switch id="business-ali-on" /></Form.Item>{t("business.alipay")}</Space>} style={{ marginBottom: 12 }}>
          <Row gutter={16}>
            <Col span={24}><Form.Item name="aliScenes" label={t("business.scenes")} rules={aliOn ? [{ required: true, message: t("common.required") }] : []}><Checkbox.Group disabled={!aliOn} options={sceneOpts(ALI_SCENES, "ali")} /></Form.Item></Col>
            <Col span={6}><Form.Item name="aliFeeRate" label={t("business.feeRate")} rules={aliOn ? [{ required: true, message: t("common.required") }, rule(percent)] : []}><Input id="business-ali-fee" disabled={!aliOn} suffix="%" /></Form.Item></Col>
            <Col span={6}><Form.Item name="aliMcc" label={t("business.aliMcc")} rules={[rule(maxLen(32))]}><Input disabled={!aliOn} placeholder="2015050700000000" /></Form.Item></Col>
          </Row>
        </Card>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t("business.unionNote")} />
        <SubmitRow id="business" f={f} extra={<Button id="business-clear" onClick={() => void draft.clear()}>{t("merchants.clearDraft")}</Button>} />
      </Form>
      <StateCard id="business" title={t("business.status")} style={{ marginTop: 12 }} onRefresh={() => setFollowing(true)}>
        {status ? (
          <>
            <Space style={{ marginBottom: 8 }}>
              apply_no <code>{status.applyNo}</code>
              <Tag id="business-apply-status" data-status={status.applyStatus} color={colorOf("applyStatus", APPLY_COLORS, status.applyStatus)}>{w("applyStatus", status.applyStatus)}</Tag>
            </Space>
            <Table<ChannelState>
              id="business-channels"
              size="small"
              rowKey={(c) => `${c.payWay}-${c.payScene}`}
              pagination={false}
              dataSource={status.channels}
              columns={[
                { title: t("business.channel"), dataIndex: "payWay", render: (v: string) => w("payWay", v) },
                { title: t("business.scene"), dataIndex: "payScene", render: (v: string, c) => t(`business.scene.${c.payWay === "W" ? "wx" : "ali"}.${v}` as never) },
                { title: "sub_mer_id", dataIndex: "subMerId" },
                { title: t("business.state"), dataIndex: "status", render: (v: string) => <Tag data-code={v} color={colorOf("channelStatus", CHANNEL_COLORS, v)}>{w("channelStatus", v)}</Tag> },
                { title: t("business.reason"), dataIndex: "reason" },
              ]}
            />
          </>
        ) : (
          <Empty description={t("business.none")} />
        )}
      </StateCard>
    </>
  );
}

export function BusiPage() {
  return <MerchantPage area="business">{(huifuId) => <BusinessForm huifuId={huifuId} />}</MerchantPage>;
}
