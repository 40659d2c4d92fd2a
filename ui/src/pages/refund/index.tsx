import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Col, Form, Input, Row, Space, Statistic } from "antd";
import { useSearchParams } from "react-router-dom";
import type { Refundable } from "../../bindings/Refundable";
import type { RefundRecord } from "../../bindings/RefundRecord";
import type { TradeRecord } from "../../bindings/TradeRecord";
import type { TradeRef } from "../../bindings/TradeRef";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { TradeStateTag } from "../../components/TradeStateTag";
import { BatchCard } from "./BatchCard";
import { RefundPanel } from "./RefundPanel";
import { RefundStateTag } from "../../components/RefundStateTag";
import { MerchantPicker } from "../../components/MerchantPicker";
import { useChosenMerchant } from "../../hooks/useChosenMerchant";
import { RecordsCard, createdColumn, fenColumn } from "../../components/RecordsCard";
import { ActivityCard } from "./ActivityCard";
import { Word } from "../../components/Word";
import { codeOf, type Code } from "../../vocab/codes";
import { wordOf } from "../../hooks/useWords";

/** The find form names a trade as the commands do. */
type FindValues = TradeRef;

const s = (x?: string) => (x && x.trim() ? x.trim() : undefined);

/** Trades and refunds: find a trade, see what was refunded, refund all or part, batch refunds. */
/** A trade's state as a person reads it: paid, partly refunded, refunded (never "paid" once all went back). */
function paidState(r: Refundable): Code<"tradeState"> {
  switch (codeOf("transStat", r.transStat)) {
    case "S":
      break;
    case "F":
      return "failed";
    case "P":
      return "pending";
    case "I":
    case null:
      return "unknown";
  }
  return r.refundedFen >= r.paidFen && r.paidFen > 0 ? "refunded" : r.refundedFen > 0 ? "partly_refunded" : "success";
}

export function RefundPage() {
  const { t } = useI18n();
  const [activityKey, setActivityKey] = useState(0);
  const { lang } = useI18n();
  const [chosen, choose] = useChosenMerchant();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FindValues>();
  const [trades, setTrades] = useState<TradeRecord[]>([]);
  const [refundable, setRefundable] = useState<Refundable | null>(null);
  const [refunds, setRefunds] = useState<RefundRecord[]>([]);
  const [panel, setPanel] = useState<{ key: number; trade: TradeRef } | null>(null);
  const [busy, setBusy] = useState(false);

  const loadLists = useCallback(
    async (r: Refundable | null) => {
      try {
        setTrades(await call("trade_list", { limit: 20 }));
        const key = r?.trade.reqSeqId ?? r?.trade.hfSeqId;
        setRefunds(await call("refund_list", { trade: key, limit: 50 }));
      } catch (e) {
        handleError(e, { t });
      }
    },
    [t],
  );

  const find = useCallback(
    async (v: FindValues) => {
      setBusy(true);
      setPanel(null);
      try {
        const r = await call("refund_refundable", { huifuId: v.huifuId.trim(), reqSeqId: s(v.reqSeqId), reqDate: s(v.reqDate), hfSeqId: s(v.hfSeqId) });
        setRefundable(r);
        await loadLists(r);
      } catch (e) {
        handleError(e, { t, form });
      } finally {
        setBusy(false);
      }
    },
    [form, loadLists, t],
  );

  useEffect(() => {
    const huifuId = params.get("huifuId");
    const reqSeqId = params.get("reqSeqId");
    if (huifuId && reqSeqId) {
      form.setFieldsValue({ huifuId, reqSeqId });
      void find({ huifuId, reqSeqId });
    } else {
      if (chosen && !form.getFieldValue("huifuId")) form.setFieldsValue({ huifuId: chosen });
      void loadLists(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the URL is read when it changes; the chosen merchant only fills an empty field then
  }, [params, form, find, loadLists]);

  const refresh = async () => {
    if (!refundable) return loadLists(null);
    try {
      const r = await call("refund_refundable", refundable.trade);
      setRefundable(r);
      await loadLists(r);
    } catch (e) {
      handleError(e, { t });
    }
  };

  const queryRefund = async (seq: string) => {
    try {
      await call("refund_status", { reqSeqId: seq });
      await refresh();
    } catch (e) {
      handleError(e, { t });
    }
  };

  const pick = (tr: TradeRecord) => {
    const v = { huifuId: tr.huifuId, reqSeqId: tr.reqSeqId, reqDate: tr.reqDate, hfSeqId: "" };
    form.setFieldsValue(v);
    void find(v);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} id="refunds-page">
      <Card title={t("refunds.find.title")} size="small">
        <Form form={form} layout="inline" onFinish={find} onValuesChange={(c: Partial<FindValues>) => c.huifuId !== undefined && choose(c.huifuId ?? "")}>
          <Form.Item name="huifuId" label={t("refunds.find.merchant")} rules={[{ required: true, message: t("common.required") }]}>
            <MerchantPicker id="refund-find-huifu" width={320} />
          </Form.Item>
          <Form.Item name="reqSeqId" label={t("refunds.find.reqSeqId")}>
            <Input id="refund-find-seq" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="reqDate" label={t("refunds.find.reqDate")}>
            <Input id="refund-find-date" style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="hfSeqId" label={t("refunds.find.hfSeqId")}>
            <Input id="refund-find-hf" style={{ width: 200 }} />
          </Form.Item>
          <Button id="refund-find-btn" type="primary" htmlType="submit" loading={busy}>{t("refunds.find.run")}</Button>
        </Form>
        {refundable && (
          <div style={{ marginTop: 12 }} id="refund-trade" data-refundable-fen={refundable.refundableFen} data-refunded-fen={refundable.refundedFen} data-pending-fen={refundable.pendingFen}>
            <Row gutter={16}>
              <Col span={4}><Statistic title={t("refunds.trade.stat")} valueRender={() => <span id="refund-trade-state" data-state={paidState(refundable)}><Word v="tradeState" code={paidState(refundable)} /></span>} /></Col>
              <Col span={5}><Statistic title={t("refunds.trade.paid")} value={fenToYuan(refundable.paidFen)} /></Col>
              <Col span={5}><Statistic title={t("refunds.trade.refunded")} value={fenToYuan(refundable.refundedFen)} /></Col>
              <Col span={5}><Statistic title={t("refunds.trade.pending")} value={fenToYuan(refundable.pendingFen)} /></Col>
              <Col span={5}><Statistic title={t("refunds.trade.refundable")} value={fenToYuan(refundable.refundableFen)} valueStyle={{ color: "#cf1322" }} /></Col>
            </Row>
            {codeOf("transStat", refundable.transStat) !== "S" ? (
              <Alert type="warning" style={{ marginTop: 8 }} title={t("refunds.trade.notPaid", { stat: wordOf("transStat", refundable.transStat, lang) ?? "—" })} />
            ) : refundable.refundableFen <= 0 ? (
              <Alert type="info" style={{ marginTop: 8 }} title={t("refunds.trade.nothingLeft")} />
            ) : (
              <Button id="refund-open" type="primary" style={{ marginTop: 8 }} onClick={() => setPanel({ key: Date.now(), trade: refundable.trade })}>
                {t("refunds.trade.open")}
              </Button>
            )}
          </div>
        )}
      </Card>
      {panel && <RefundPanel key={panel.key} trade={panel.trade} onChanged={() => { void refresh(); setActivityKey((k) => k + 1); }} onClose={() => { setPanel(null); void refresh(); setActivityKey((k) => k + 1); }} />}
      <ActivityCard reloadKey={activityKey} onRefund={(r) => pick({ huifuId: r.huifuId, reqSeqId: r.reqSeqId, reqDate: r.reqDate } as TradeRecord)} />
      <RecordsCard<RefundRecord>
        title={refundable ? t("refunds.list.title") : t("refunds.list.all")}
        id="refund-list"
        rows={refunds}
        columns={[
          { title: t("refunds.col.seq"), dataIndex: "reqSeqId" },
          fenColumn(t("refunds.col.amount")),
          {
            title: t("refunds.col.split"), key: "split",
            render: (_: unknown, r) => (r.split.length ? r.split.map((p) => `${p.huifuId} ${fenToYuan(p.amountFen)}`).join("; ") : "—"),
          },
          { title: t("refunds.col.state"), dataIndex: "state", render: (_: unknown, r) => <RefundStateTag state={r.state} /> },
          { title: t("refunds.col.reason"), dataIndex: "reason" },
          { title: t("refunds.col.note"), dataIndex: "note" },
          { title: t("refunds.col.message"), dataIndex: "message" },
          createdColumn(t("refunds.col.created")),
          { title: "", key: "q", render: (_: unknown, r) => r.state !== "success" && r.state !== "failed" && <Button size="small" onClick={() => queryRefund(r.reqSeqId)}>{t("refunds.col.query")}</Button> },
        ]}
      />
      <RecordsCard<TradeRecord>
        title={t("refunds.find.local")}
        id="refund-trades"
        rows={trades} pageSize={5}
        columns={[
          { title: "req_seq_id", dataIndex: "reqSeqId" },
          { title: "huifu_id", dataIndex: "huifuId" },
          fenColumn(t("refunds.col.amount")),
          { title: t("refunds.col.state"), dataIndex: "state", render: (_: unknown, r) => <TradeStateTag state={r.state} raw={r.transStat} /> },
          { title: "", key: "pick", render: (_: unknown, r) => <Button size="small" className="refund-pick" onClick={() => pick(r)}>{t("refunds.find.pick")}</Button> },
        ]}
      />
      <BatchCard onChanged={refresh} />
    </Space>
  );
}
