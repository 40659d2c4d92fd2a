import { useCallback, useEffect, useState, type ReactNode } from "react";
import { App, Button, Input, Popconfirm, Space, Table, Tabs, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useNavigate } from "react-router-dom";
import { handleError } from "../../ipc/errors";
import { useI18n, type T } from "../../i18n";
import { JsonView } from "../../components/JsonView";
import { control } from "../../ipc/sandbox";
import { fmtMillis, yuan } from "./format";

type Rec = Record<string, unknown>;
export type Kind = "merchants" | "applications" | "orders" | "refunds" | "closes" | "terminals" | "withdrawals" | "bill_tasks" | "notifications";
export const KINDS: Kind[] = ["merchants", "applications", "orders", "refunds", "notifications", "terminals", "withdrawals", "closes", "bill_tasks"];

const s = (v: unknown) => (v == null || v === "" ? "—" : String(v));
const stat = (v: unknown) => {
  const x = s(v);
  const color = x === "S" || x === "Y" || x === "delivered" ? "green" : x === "F" || x === "N" || x === "failed" || x === "refused" ? "red" : x === "P" || x === "pending" ? "gold" : undefined;
  return <Tag color={color}>{x}</Tag>;
};

/** The columns worth a glance per kind; the whole record is one click away (expand). */
function columns(kind: Kind, t: T, actions: (r: Rec) => ReactNode): ColumnsType<Rec> {
  const c = (title: string, key: string, render?: (v: unknown, r: Rec) => ReactNode) => ({ title, dataIndex: key, key, render: render ?? s, ellipsis: true });
  const withActions = (cols: ColumnsType<Rec>) => [...cols, { title: t("sandbox.actions"), key: "_actions", render: (_: unknown, r: Rec) => actions(r) }];
  switch (kind) {
    case "merchants":
      return [c("huifu_id", "huifu_id"), c(t("sandbox.col.name"), "reg_name"), c(t("sandbox.col.type"), "cust_type"), c(t("sandbox.col.status"), "status", stat), c(t("sandbox.col.busi"), "busi_status", stat), c("apply_no", "apply_no"), c(t("sandbox.col.created"), "created_at", fmtMillis)];
    case "applications":
      return withActions([c("apply_no", "apply_no"), c("huifu_id", "huifu_id"), c(t("sandbox.col.kind"), "kind"), c(t("sandbox.col.status"), "status", stat), c(t("sandbox.col.desc"), "audit_desc"), c(t("sandbox.col.created"), "created_at", fmtMillis)]);
    case "orders":
      return withActions([c("hf_seq_id", "hf_seq_id"), c("req_seq_id", "req_seq_id"), c("huifu_id", "huifu_id"), c(t("sandbox.col.type"), "trade_type"), c(t("sandbox.col.amount"), "trans_amt", yuan), c(t("sandbox.col.status"), "trans_stat", stat), c(t("sandbox.col.refunded"), "refunded", yuan), c(t("sandbox.col.expire"), "expire_at", fmtMillis)]);
    case "refunds":
      return [c("hf_seq_id", "hf_seq_id"), c("req_seq_id", "req_seq_id"), c("org_hf_seq_id", "org_hf_seq_id"), c(t("sandbox.col.amount"), "ord_amt", yuan), c(t("sandbox.col.status"), "trans_stat", stat), c(t("sandbox.col.created"), "created_at", fmtMillis)];
    case "notifications":
      return withActions([c("id", "id"), c(t("sandbox.col.acquirer"), "acquirer"), c(t("sandbox.col.kind"), "kind"), c(t("sandbox.col.about"), "about"), c(t("sandbox.col.status"), "state", stat), c(t("sandbox.col.attempts"), "attempts", (v) => (Array.isArray(v) ? v.length : 0)), c("url", "url")]);
    default: {
      // Kinds with few fields worth a column: the first scalar fields, whatever they are.
      return [];
    }
  }
}

function genericColumns(rows: Rec[]): ColumnsType<Rec> {
  const keys = Object.keys(rows[0] ?? {}).filter((k) => ["string", "number", "boolean"].includes(typeof rows[0][k])).slice(0, 7);
  return keys.map((k) => ({ title: k, dataIndex: k, key: k, ellipsis: true, render: (v: unknown) => (k.endsWith("_at") ? fmtMillis(v) : s(v)) }));
}

/** What the sandbox holds, with the controls that act on a record (pay, approve/reject, replay). */
export function Records({ kind, onKind, payId, version, onChanged }: { kind: Kind; onKind: (k: Kind) => void; payId: string | null; version: number; onChanged: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Rec[]>([]);
  const [loading, setLoading] = useState(false);
  const [desc, setDesc] = useState("");

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const r = await control<{ records: Rec[] }>("GET", `/sandbox/records/${kind}`);
      const list = [...r.records].sort((a, b) => Number(b.created_at ?? 0) - Number(a.created_at ?? 0));
      setRows(list);
    } catch (e) {
      handleError(e, { t, navigate });
    } finally {
      setLoading(false);
    }
  }, [kind, t, navigate]);
  useEffect(() => {
    void load();
  }, [load, version]);

  const act = async (what: string, f: () => Promise<unknown>) => {
    try {
      await f();
      message.success({ content: <span id="sandbox-action-done">{what}</span> });
      await load();
      onChanged();
    } catch (e) {
      handleError(e, { t, navigate });
    }
  };

  const actions = (r: Rec): ReactNode => {
    if (kind === "orders" && r.trans_stat === "P" && r.forward) {
      const id = String(r.hf_seq_id);
      return <Button size="small" type="primary" id={`sandbox-pay-${id}`} onClick={() => void act(t("sandbox.paid", { id }), () => control("POST", `/sandbox/orders/${encodeURIComponent(id)}/pay`))}>{t("sandbox.pay")}</Button>;
    }
    if (kind === "applications" && r.status === "P") {
      const no = encodeURIComponent(String(r.apply_no));
      return (
        <Space size="small">
          <Button size="small" type="primary" id={`sandbox-approve-${r.apply_no}`} onClick={() => void act(t("sandbox.approved"), () => control("POST", `/sandbox/audits/${no}/approve`, {}))}>{t("sandbox.approve")}</Button>
          <Popconfirm
            title={<Input placeholder={t("sandbox.rejectReason")} value={desc} onChange={(e) => setDesc(e.target.value)} id="sandbox-reject-reason" />}
            okText={t("sandbox.reject")} cancelText={t("common.cancel")}
            onConfirm={() => void act(t("sandbox.rejected"), () => control("POST", `/sandbox/audits/${no}/reject`, desc.trim() ? { desc: desc.trim() } : {}))}>
            <Button size="small" danger id={`sandbox-reject-${r.apply_no}`}>{t("sandbox.reject")}</Button>
          </Popconfirm>
        </Space>
      );
    }
    if (kind === "notifications") {
      const id = encodeURIComponent(String(r.id));
      return <Button size="small" id={`sandbox-replay-${r.id}`} onClick={() => void act(t("sandbox.replayed"), () => control("POST", `/sandbox/notifications/${id}/replay`))}>{t("sandbox.replay")}</Button>;
    }
    return null;
  };

  const cols = columns(kind, t, actions);
  return (
    <Tabs
      activeKey={kind}
      onChange={(k) => onKind(k as Kind)}
      items={KINDS.map((k) => ({
        key: k,
        label: <span id={`sandbox-tab-${k}`}>{t(`sandbox.kind.${k}`)}</span>,
        children: k !== kind ? null : (
          <Table<Rec>
            id={`sandbox-records-${k}`}
            size="small"
            loading={loading}
            dataSource={rows}
            rowKey={(r) => String(r.hf_seq_id ?? r.apply_no ?? r.huifu_id ?? r.id ?? r.key ?? JSON.stringify(r).slice(0, 80))}
            rowClassName={(r) => (payId && r.hf_seq_id === payId ? "ant-table-row-selected" : "")}
            columns={cols.length ? cols : genericColumns(rows)}
            expandable={{ expandedRowRender: (r) => <JsonView text={JSON.stringify(r)} /> }}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            title={() => <Button size="small" onClick={() => void load()}>{t("common.refresh")}</Button>}
          />
        ),
      }))}
    />
  );
}
