import { lazy, Suspense, useEffect, useState } from "react";
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Select, Space, Statistic, Table } from "antd";
import type { Dayjs } from "dayjs";
import { save } from "@tauri-apps/plugin-dialog";
import type { BillFilter } from "../../bindings/BillFilter";
import type { BillPage } from "../../bindings/BillPage";
import type { BillRow } from "../../bindings/BillRow";
import type { DailyTotal } from "../../bindings/DailyTotal";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { Word } from "../../components/Word";
import { MerchantPicker } from "../../components/MerchantPicker";
import { TimeTitle } from "../../components/BeijingTime";
import { useWords } from "../../hooks/useWords";

const DailyChart = lazy(() => import("./DailyChart"));

/** The filter form: the command's own fields, the dates as a picked range. */
type FilterForm = Pick<BillFilter, "huifuId" | "transType" | "status" | "text"> & { dates?: [Dayjs | null, Dayjs | null] | null };

function toFilter(v: FilterForm): BillFilter {
  const s = (x?: string) => (x && x.trim() ? x.trim() : undefined);
  return {
    dateFrom: v.dates?.[0]?.format("YYYYMMDD"),
    dateTo: v.dates?.[1]?.format("YYYYMMDD"),
    huifuId: s(v.huifuId),
    transType: s(v.transType),
    status: s(v.status),
    text: s(v.text),
    limit: 500,
  };
}

/** Imported rows: filter, totals, a chart of daily totals, and a CSV export of the filtered set. */
export function AnalysisCard({ reloadKey }: { reloadKey: number }) {
  const { t } = useI18n();
  const w = useWords();
  const [form] = Form.useForm<FilterForm>();
  const [page, setPage] = useState<BillPage | null>(null);
  const [days, setDays] = useState<DailyTotal[]>([]);
  const [busy, setBusy] = useState(false);
  const [exportPath, setExportPath] = useState("");
  const [exported, setExported] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      const f = toFilter(form.getFieldsValue());
      const [p, d] = await Promise.all([call("bill_query", f), call("bill_daily_totals", f)]);
      setPage(p);
      setDays(d);
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the page asks (reloadKey); run reads the form as it is then
  }, [reloadKey]);

  const choose = async () => {
    const p = await save({ defaultPath: "bills.csv", filters: [{ name: "CSV", extensions: ["csv"] }] });
    if (p) setExportPath(p);
  };

  const doExport = async () => {
    setBusy(true);
    setExported(null);
    try {
      const r = await call("bill_export", { filter: { ...toFilter(form.getFieldsValue()), limit: undefined }, path: exportPath.trim() });
      setExported(t("statements.export.done", { rows: r.rows, path: r.path }));
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      setBusy(false);
    }
  };

  const totals = page?.totals;
  const yuanCol = (k: keyof BillRow) => ({ dataIndex: k, align: "right" as const, render: (v: number) => fenToYuan(v) });
  return (
    <Card title={t("statements.query.title")} id="bill-query-card" size="small">
      <Form form={form} layout="inline" onFinish={run}>
        <Form.Item name="dates" label={t("statements.query.dates")}>
          <DatePicker.RangePicker id="bill-filter-dates" />
        </Form.Item>
        <Form.Item name="huifuId" label={t("statements.merchant")}>
          <MerchantPicker id="bill-filter-huifu" width={300} />
        </Form.Item>
        <Form.Item name="transType" label={t("statements.query.transType")}>
          <Select
            id="bill-filter-transtype"
            style={{ width: 110 }}
            allowClear
            options={[
              { value: "PAYMENT", label: w("billTransType", "PAYMENT") },
              { value: "REFUND", label: w("billTransType", "REFUND") },
            ]}
          />
        </Form.Item>
        <Form.Item name="status" label={t("statements.query.status")}>
          <Select id="bill-filter-status" style={{ width: 110 }} allowClear options={["S", "F", "P", "I"].map((c) => ({ value: c, label: w("transStat", c) }))} />
        </Form.Item>
        <Form.Item name="text" label={t("statements.query.text")}>
          <Input id="bill-filter-text" style={{ width: 170 }} />
        </Form.Item>
        <Button id="bill-query-btn" type="primary" htmlType="submit" loading={busy}>
          {t("statements.query.run")}
        </Button>
      </Form>
      {totals && (
        <Row
          gutter={16}
          style={{ marginTop: 12 }}
          id="bill-totals"
          data-count={totals.count}
          data-amount-fen={totals.amountFen}
          data-payment-fen={totals.paymentFen}
          data-refund-fen={totals.refundFen}
          data-fee-fen={totals.feeFen}
        >
          <Col span={4}><Statistic title={t("statements.query.count")} value={totals.count} /></Col>
          <Col span={4}><Statistic title={t("statements.query.payments")} value={fenToYuan(totals.paymentFen)} /></Col>
          <Col span={4}><Statistic title={t("statements.query.refunds")} value={fenToYuan(totals.refundFen)} /></Col>
          <Col span={4}><Statistic title={t("statements.query.amount")} value={fenToYuan(totals.amountFen)} /></Col>
          <Col span={4}><Statistic title={t("statements.query.fee")} value={fenToYuan(totals.feeFen)} /></Col>
          <Col span={4}><Statistic title={t("statements.query.settled")} value={fenToYuan(totals.settledFen)} /></Col>
        </Row>
      )}
      {days.length > 0 && (
        <Card size="small" type="inner" title={t("statements.query.chart")} style={{ marginTop: 12 }}>
          <Suspense fallback={<div style={{ height: 220 }} />}>
            <DailyChart days={days} label={t("statements.query.amount")} />
          </Suspense>
        </Card>
      )}
      {page && page.rows.length === 0 ? (
        <Empty style={{ marginTop: 12 }} description={t("statements.query.noRows")} />
      ) : (
        page && (
          <Table<BillRow>
            id="bill-rows"
            style={{ marginTop: 12 }}
            size="small"
            rowKey={(r) => `${r.billDate}-${r.hfSeqId}-${r.reqSeqId}-${r.transType}`}
            dataSource={page.rows}
            scroll={{ x: true }}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t("statements.col.date"), dataIndex: "billDate" },
              { title: <TimeTitle label={t("statements.col.time")} />, dataIndex: "transTime" },
              { title: t("statements.col.merchant"), dataIndex: "huifuId" },
              { title: t("statements.col.type"), dataIndex: "transType", render: (v: string) => <Word v="billTransType" code={v} /> },
              { title: t("statements.col.product"), dataIndex: "tradeType", render: (v: string) => <Word v="tradeType" code={v} /> },
              { title: t("statements.col.seq"), dataIndex: "reqSeqId" },
              { title: t("statements.col.hfSeq"), dataIndex: "hfSeqId" },
              { title: t("statements.col.amount"), ...yuanCol("transAmtFen") },
              { title: t("statements.col.fee"), ...yuanCol("feeAmtFen") },
              { title: t("statements.col.settled"), ...yuanCol("settledFen") },
              { title: t("statements.col.status"), dataIndex: "transStat", render: (v: string) => <Word v="transStat" code={v} /> },
            ]}
          />
        )
      )}
      <Space.Compact style={{ width: "100%", marginTop: 12 }}>
        <Input id="bill-export-path" placeholder={t("statements.export.path")} value={exportPath} onChange={(e) => setExportPath(e.target.value)} />
        <Button id="bill-export-choose" onClick={choose}>
          {t("statements.export.choose")}
        </Button>
        <Button id="bill-export-btn" type="primary" disabled={!exportPath.trim()} loading={busy} onClick={doExport}>
          {t("statements.export.run")}
        </Button>
      </Space.Compact>
      {exported && <Alert id="bill-export-result" style={{ marginTop: 8 }} type="success" title={exported} />}
    </Card>
  );
}
