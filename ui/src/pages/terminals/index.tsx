// /terminals: report a device (or an auxiliary terminal without a serial number), list, cancel.
import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Card, Col, Empty, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography } from "antd";
import type { Terminal } from "../../bindings/Terminal";
import { call } from "../../ipc/call";
import { asIpcError } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { MerchantBar } from "../merchants/MerchantBar";
import { spentId, useDraft, useFormError, useHuifuIdParam } from "../merchants/shared";
import { maxLen, rule } from "../onboarding/checks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

function Terminals({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<Values>();
  const onError = useFormError(form);
  const draft = useDraft<Values>(`terminals.${huifuId}`, form);
  const [busy, setBusy] = useState(false);
  const [list, setList] = useState<Terminal[] | null>(null);
  // A cancel's req_seq_id is fixed at its first click, so a retry of the same cancel is the same request.
  const cancelIds = useRef(new Map<string, string>());
  const load = useCallback(async () => {
    try {
      setList(await call("terminal_list", { huifuId }));
    } catch (e) {
      setList([]);
      onError(e);
    }
  }, [huifuId, onError]);
  useEffect(() => {
    void load();
  }, [load]);
  const add = async () => {
    let v: Values;
    try {
      await form.validateFields();
      v = form.getFieldsValue(true);
    } catch {
      return;
    }
    if (!(await guard(t("terminals.add")))) return;
    setBusy(true);
    try {
      setList(await call("terminal_add", { reqSeqId: draft.reqSeqId, huifuId, sn: v.sn || undefined, tusn: v.tusn || undefined, devModelCode: v.devModelCode || undefined, terminalAddress: v.terminalAddress || undefined }));
      await draft.clear();
    } catch (e) {
      const err = onError(e);
      if (spentId(asIpcError(err))) await draft.renew();
    } finally {
      setBusy(false);
    }
  };
  const cancel = async (deviceId: string) => {
    if (!(await guard(t("terminals.cancel")))) return;
    let id = cancelIds.current.get(deviceId);
    if (!id) {
      id = (await call("merchant_new_req_seq_id")).reqSeqId;
      cancelIds.current.set(deviceId, id);
    }
    try {
      await call("terminal_cancel", { huifuId, deviceId, reqSeqId: id });
      await load();
    } catch (e) {
      if (spentId(onError(e))) cancelIds.current.delete(deviceId);
    }
  };
  return (
    <>
      <Card size="small" title={t("terminals.add")} style={{ marginBottom: 12 }}>
        <Form form={form} layout="vertical" id="terminal-form" onValuesChange={draft.save} disabled={busy}>
          <Row gutter={16}>
            <Col span={6}><Form.Item name="sn" label={t("terminals.sn")} extra={t("terminals.snHelp")} rules={[rule(maxLen(64))]}><Input id="terminal-sn" /></Form.Item></Col>
            <Col span={6}><Form.Item name="tusn" label={t("terminals.tusn")} rules={[rule(maxLen(64))]}><Input id="terminal-tusn" /></Form.Item></Col>
            <Col span={4}><Form.Item name="devModelCode" label={t("terminals.model")} rules={[rule(maxLen(16))]}><Input id="terminal-model" placeholder="01" /></Form.Item></Col>
            <Col span={8}><Form.Item name="terminalAddress" label={t("terminals.address")} rules={[rule(maxLen(128))]}><Input id="terminal-address" /></Form.Item></Col>
          </Row>
          <Space>
            <Button type="primary" id="terminal-submit" loading={busy} disabled={!draft.reqSeqId} onClick={add}>{t("common.submit")}</Button>
            <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>req_seq_id: <code>{draft.reqSeqId}</code></Typography.Text>
          </Space>
        </Form>
      </Card>
      <Card size="small" title={t("terminals.list")} extra={<Button size="small" id="terminal-refresh" onClick={load}>{t("common.refresh")}</Button>}>
        {list && list.length ? (
          <Table<Terminal>
            id="terminal-table"
            size="small"
            rowKey="deviceId"
            pagination={false}
            dataSource={list}
            columns={[
              { title: "device_id", dataIndex: "deviceId", render: (v: string) => <code>{v}</code> },
              { title: t("terminals.sn"), dataIndex: "sn" },
              { title: t("terminals.tusn"), dataIndex: "tusn" },
              { title: t("terminals.model"), dataIndex: "devModelCode" },
              { title: t("terminals.address"), dataIndex: "terminalAddress" },
              { title: t("terminals.status"), dataIndex: "bindStatus", render: (v: string) => <Tag color={v === "Y" ? "success" : "default"}>{v === "Y" ? t("terminals.bound") : v === "C" ? t("terminals.cancelled") : v}</Tag> },
              {
                key: "op",
                render: (_, d) =>
                  d.bindStatus !== "C" && (
                    <Popconfirm title={t("terminals.cancelConfirm")} onConfirm={() => cancel(d.deviceId)}>
                      <Button size="small" danger id={`terminal-cancel-${d.deviceId}`}>{t("terminals.cancel")}</Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        ) : (
          <Empty description={t("terminals.none")} />
        )}
      </Card>
    </>
  );
}

export function TerminalsPage() {
  const { t } = useI18n();
  const [huifuId] = useHuifuIdParam();
  return (
    <div id="terminals-page">
      <MerchantBar id="terminals-merchant" />
      {huifuId ? <Terminals key={huifuId} huifuId={huifuId} /> : <Empty description={t("merchants.noMerchant")} />}
    </div>
  );
}
