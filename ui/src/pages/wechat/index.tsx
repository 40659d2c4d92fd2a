// /wechat: bind the official-account and mini-program appids and the JSAPI path; list what Huifu has.
import { useCallback, useEffect, useState } from "react";
import { Button, Card, Col, Empty, Form, Input, Radio, Row, Space, Table, Tag, Typography } from "antd";
import type { WxBinding } from "../../bindings/WxBinding";
import { call } from "../../ipc/call";
import { asIpcError } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n, type MessageKey } from "../../i18n";
import { MerchantBar } from "../merchants/MerchantBar";
import { spentId, useDraft, useFormError, useHuifuIdParam } from "../merchants/shared";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const APPID = { pattern: /^wx[0-9a-zA-Z]{16}$/, message: "wx + 16 letters or digits" };
const PATH = { pattern: /^https?:\/\/\S+\/$/, message: "http(s)://…/ (ends with /)" };

function WechatForm({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<Values>();
  const onError = useFormError(form);
  const draft = useDraft<Values>(`wechat.${huifuId}`, form, { feeType: "02" });
  const [busy, setBusy] = useState(false);
  const [list, setList] = useState<WxBinding[] | null>(null);
  const load = useCallback(async () => {
    try {
      setList(await call("wx_config_list", { huifuId }));
    } catch (e) {
      setList([]);
      onError(e);
    }
  }, [huifuId, onError]);
  useEffect(() => {
    void load();
  }, [load]);
  const submit = async () => {
    let v: Values;
    try {
      await form.validateFields();
      v = form.getFieldsValue(true);
    } catch {
      return;
    }
    if (!(await guard(t("wechat.submit")))) return;
    setBusy(true);
    try {
      setList(
        await call("wx_config_set", {
          reqSeqId: draft.reqSeqId, huifuId, feeType: v.feeType,
          wxWoaAppId: v.wxWoaAppId || undefined, wxWoaPath: v.wxWoaPath || undefined, wxAppletAppId: v.wxAppletAppId || undefined,
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
      <Card size="small" title={t("wechat.bind")} style={{ marginBottom: 12 }}>
        <Form form={form} layout="vertical" id="wechat-form" onValuesChange={draft.save} disabled={busy}>
          <Row gutter={16}>
            <Col span={24}>
              <Form.Item name="feeType" label={t("wechat.feeType")} extra={t("wechat.feeTypeHelp")}>
                <Radio.Group options={[{ value: "01", label: "01" }, { value: "02", label: "02" }]} />
              </Form.Item>
            </Col>
            <Col span={8}><Form.Item name="wxWoaAppId" label={t("wechat.woaAppId")} rules={[APPID]}><Input id="wechat-woa-appid" placeholder="wx0123456789abcdef" /></Form.Item></Col>
            <Col span={8}><Form.Item name="wxWoaPath" label={t("wechat.woaPath")} rules={[PATH]}><Input id="wechat-woa-path" placeholder="https://shop.example.com/pay/" /></Form.Item></Col>
            <Col span={8}><Form.Item name="wxAppletAppId" label={t("wechat.appletAppId")} rules={[APPID]}><Input id="wechat-applet-appid" /></Form.Item></Col>
          </Row>
          <Space>
            <Button type="primary" id="wechat-submit" loading={busy} disabled={!draft.reqSeqId} onClick={submit}>{t("common.submit")}</Button>
            <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>req_seq_id: <code>{draft.reqSeqId}</code></Typography.Text>
          </Space>
        </Form>
      </Card>
      <Card size="small" title={t("wechat.current")} extra={<Button size="small" id="wechat-refresh" onClick={load}>{t("common.refresh")}</Button>}>
        {list && list.length ? (
          <Table<WxBinding>
            id="wechat-bindings"
            size="small"
            pagination={false}
            rowKey={(b) => `${b.configType}-${b.configValue}`}
            dataSource={list}
            columns={[
              { title: t("wechat.type"), dataIndex: "configType", render: (v: string) => t(`wechat.type.${v}` as MessageKey) ?? v },
              { title: t("wechat.value"), dataIndex: "configValue", render: (v: string) => <code>{v}</code> },
              { title: t("wechat.status"), dataIndex: "status", render: (v: string) => <Tag>{v}</Tag> },
            ]}
          />
        ) : (
          <Empty description={t("wechat.none")} />
        )}
      </Card>
    </>
  );
}

export function WechatPage() {
  const { t } = useI18n();
  const [huifuId] = useHuifuIdParam();
  return (
    <div id="wechat-page">
      <MerchantBar id="wechat-merchant" />
      {huifuId ? <WechatForm key={huifuId} huifuId={huifuId} /> : <Empty description={t("merchants.noMerchant")} />}
    </div>
  );
}
