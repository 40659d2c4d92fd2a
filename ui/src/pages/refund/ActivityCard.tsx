// Every trade and refund across merchants, filtered by date, merchant, state, amount and ids: the list an
// operator scans all day. A trade says "refunded" / "partly refunded" once money went back.
import { useCallback, useEffect, useState } from "react";
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag } from "antd";
import type { Dayjs } from "dayjs";
import type { ActivityKind } from "../../bindings/ActivityKind";
import type { ActivityRow } from "../../bindings/ActivityRow";
import type { RefundState } from "../../bindings/RefundState";
import type { TradeRowState } from "../../bindings/TradeRowState";
import type { ActivityFilter } from "../../bindings/ActivityFilter";
import { VOCAB } from "../../bindings/vocab";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { MerchantPicker } from "../../components/MerchantPicker";
import { Word } from "../../components/Word";
import { BeijingTime, TimeTitle } from "../../components/BeijingTime";
import { useWords } from "../../hooks/useWords";

const COLOR: Record<TradeRowState | RefundState, string> = { success: "success", refunded: "default", partly_refunded: "gold", pending: "processing", failed: "error", closed: "default", unknown: "warning", prepared: "default" };

/** The filter form: the command's own fields, the dates as a picked range and the amounts as yuan text. */
type Values = Pick<ActivityFilter, "kind" | "huifuId" | "state" | "text"> & { dates?: [Dayjs, Dayjs] | null; min?: string; max?: string };

const fen = (y?: string) => (y && /^\d+(\.\d{1,2})?$/.test(y.trim()) ? Math.round(Number(y.trim()) * 100) : undefined);

export function ActivityCard({ onRefund, reloadKey }: { onRefund: (r: ActivityRow) => void; reloadKey: number }) {
  const { t } = useI18n();
  const w = useWords();
  const [form] = Form.useForm<Values>();
  const [rows, setRows] = useState<ActivityRow[]>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    const v = form.getFieldsValue();
    const f: ActivityFilter = {
      kind: v.kind,
      dateFrom: v.dates?.[0]?.format("YYYYMMDD"),
      dateTo: v.dates?.[1]?.format("YYYYMMDD"),
      huifuId: v.huifuId || undefined,
      state: v.state || undefined,
      minFen: fen(v.min),
      maxFen: fen(v.max),
      text: v.text?.trim() || undefined,
    };
    setBusy(true);
    try {
      setRows(await call("refund_activity", f));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(false);
    }
  }, [form, t]);
  useEffect(() => {
    void load();
  }, [load, reloadKey]);
  const states = [...Object.keys(VOCAB.tradeState).map((c) => ({ value: c, label: w("tradeState", c) })), ...Object.keys(VOCAB.refundState).filter((c) => !(c in VOCAB.tradeState)).map((c) => ({ value: c, label: w("refundState", c) }))];
  return (
    <Card title={t("activity.title")} size="small" id="activity-card">
      <Form form={form} layout="inline" onFinish={load} style={{ rowGap: 8, marginBottom: 8 }}>
        <Form.Item name="kind"><Select id="activity-kind" style={{ width: 110 }} allowClear placeholder={t("activity.kind")} options={[{ value: "trade" satisfies ActivityKind, label: t("activity.kind.trade") }, { value: "refund" satisfies ActivityKind, label: t("activity.kind.refund") }]} /></Form.Item>
        <Form.Item name="dates"><DatePicker.RangePicker id="activity-dates" format={["YYYY-MM-DD", "YYYYMMDD"]} /></Form.Item>
        <Form.Item name="huifuId"><MerchantPicker id="activity-merchant" width={260} /></Form.Item>
        <Form.Item name="state"><Select id="activity-state" style={{ width: 130 }} allowClear placeholder={t("activity.state")} options={states} /></Form.Item>
        <Form.Item name="min"><Input id="activity-min" style={{ width: 90 }} placeholder={t("activity.min")} /></Form.Item>
        <Form.Item name="max"><Input id="activity-max" style={{ width: 90 }} placeholder={t("activity.max")} /></Form.Item>
        <Form.Item name="text"><Input id="activity-text" style={{ width: 200 }} placeholder={t("activity.ids")} allowClear /></Form.Item>
        <Button id="activity-filter" type="primary" htmlType="submit" loading={busy}>{t("activity.filter")}</Button>
      </Form>
      <Table<ActivityRow>
        id="activity-table"
        size="small"
        rowKey={(r) => `${r.kind}-${r.reqSeqId}`}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: <TimeTitle label={t("activity.at")} />, dataIndex: "createdAt", render: (v: string) => <BeijingTime at={v} bare /> },
          { title: t("activity.kind"), dataIndex: "kind", render: (_: unknown, r) => (r.kind === "trade" ? <>{t("activity.kind.trade")} <Word v="tradeType" code={r.tradeType} /></> : t("activity.kind.refund")) },
          { title: t("merchants.merchant"), dataIndex: "huifuId", render: (v: string, r) => <span>{r.merchantName || "—"} <code>{v}</code></span> },
          { title: t("activity.amount"), dataIndex: "amountFen", align: "right", render: (v: number, r) => <>{fenToYuan(v)}{r.kind === "trade" && r.refundedFen > 0 && <div style={{ fontSize: 12, color: "#888" }}>{t("activity.refunded", { amount: fenToYuan(r.refundedFen) })}</div>}</> },
          { title: t("activity.state"), dataIndex: "state", render: (_: unknown, r) => <Tag className="activity-state" data-state={r.state} color={COLOR[r.state]}>{r.kind === "trade" ? w("tradeState", r.state) : w("refundState", r.state)}</Tag> },
          { title: t("activity.ids"), key: "ids", render: (_, r) => <Space direction="vertical" size={0} style={{ fontSize: 12 }}><code>{r.reqSeqId}</code>{r.orgId && <span>{t("activity.original")} <code>{r.orgId}</code></span>}</Space> },
          { title: "", key: "act", render: (_, r) => r.kind === "trade" && (r.state === "success" || r.state === "partly_refunded") && <Button size="small" className="activity-refund" onClick={() => onRefund(r)}>{t("activity.refund")}</Button> },
        ]}
      />
    </Card>
  );
}
