import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { save } from "@tauri-apps/plugin-dialog";
import { useNavigate } from "react-router-dom";
import type { AuditErrorGroup } from "../../bindings/AuditErrorGroup";
import type { AuditFilter } from "../../bindings/AuditFilter";
import type { AuditReport } from "../../bindings/AuditReport";
import type { AuditRow } from "../../bindings/AuditRow";
import type { Outcome } from "../../bindings/Outcome";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { JsonView } from "../../components/JsonView";
import { BeijingTime, TimeTitle } from "../../components/BeijingTime";

const OUTCOMES: Outcome[] = ["intent", "ok", "refused", "failed", "unknown"];
const OUTCOME_COLOR: Record<Outcome, string> = { intent: "blue", ok: "green", refused: "orange", failed: "red", unknown: "purple" };
const PAGE = 50;

/** The filter form holds the command's own fields (paging is the page's). */
type FilterValues = Pick<AuditFilter, "from" | "to" | "merchant" | "endpoint" | "outcome" | "profile">;

function toFilter(v: FilterValues): AuditFilter {
  const s = (x?: string) => (x && x.trim() ? x.trim() : undefined);
  return { from: s(v.from), to: s(v.to), merchant: s(v.merchant), endpoint: s(v.endpoint), outcome: v.outcome, profile: s(v.profile) };
}

/** The audit log: every outgoing call, masked, chained by hash. Search, open a call, check the chain, export. */
export function AuditPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [total, setTotal] = useState(0);
  const [groups, setGroups] = useState<AuditErrorGroup[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<AuditRow | null>(null);
  const [report, setReport] = useState<AuditReport | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async (f: AuditFilter, p: number) => {
    setLoading(true);
    try {
      const [res, errs] = await Promise.all([
        call("audit_search", { ...f, limit: PAGE, offset: (p - 1) * PAGE }),
        call("audit_errors", f),
      ]);
      setRows(res.rows);
      setTotal(res.total);
      setGroups(errs);
    } catch (e) {
      handleError(e, { t, form: form, navigate });
    } finally {
      setLoading(false);
    }
  }, [t, form, navigate]);

  useEffect(() => {
    void load(filter, page);
  }, [load, filter, page]);

  const search = () => {
    setPage(1);
    setFilter(toFilter(form.getFieldsValue()));
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setReport(await call("audit_verify"));
    } catch (e) {
      handleError(e, { t, navigate });
    } finally {
      setVerifying(false);
    }
  };

  const exportCsv = async () => {
    const path = await save({ title: t("audit.exportTitle"), defaultPath: `paydesk-audit-${new Date().toISOString().slice(0, 10)}.csv`, filters: [{ name: "CSV", extensions: ["csv"] }] });
    if (!path) return;
    try {
      const r = await call("audit_export", { filter, path });
      message.success({ content: <span id="audit-export-done">{t("audit.exported", { rows: r.rows, path: r.path })}</span>, duration: 6 });
    } catch (e) {
      handleError(e, { t, navigate });
    }
  };

  /** The latest row of an error group: on this page, or among the rows written since it. */
  const openSeq = async (seq: number, at: string) => {
    const row = rows.find((r) => r.seq === seq);
    if (row) return setOpen(row);
    try {
      const res = await call("audit_search", { from: at, limit: 10000 });
      const hit = res.rows.find((r) => r.seq === seq);
      if (hit) setOpen(hit);
      else message.info(t("audit.notOnPage", { seq }));
    } catch (e) {
      handleError(e, { t, navigate });
    }
  };

  return (
    <Card id="audit-page">
      <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 8, marginBottom: 16 }}>
        <Form.Item name="from" label={t("audit.from")}><Input type="date" id="audit-from" /></Form.Item>
        <Form.Item name="to" label={t("audit.to")}><Input type="date" id="audit-to" /></Form.Item>
        <Form.Item name="merchant" label={t("audit.merchant")}><Input id="audit-merchant" allowClear style={{ width: 180 }} /></Form.Item>
        <Form.Item name="endpoint" label={t("audit.endpoint")}><Input id="audit-endpoint" allowClear placeholder="busi/open" style={{ width: 180 }} /></Form.Item>
        <Form.Item name="outcome" label={t("audit.outcome")}>
          <Select id="audit-outcome" allowClear style={{ width: 130 }} options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))} />
        </Form.Item>
        <Form.Item name="profile" label={t("audit.profile")}><Input id="audit-profile" allowClear style={{ width: 130 }} /></Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" id="audit-search">{t("common.search")}</Button>
          <Button id="audit-verify" loading={verifying} onClick={() => void verify()}>{t("audit.verify")}</Button>
          <Button id="audit-export" onClick={() => void exportCsv()}>{t("audit.export")}</Button>
        </Space>
      </Form>
      {report && (
        <Alert
          id="audit-verify-result"
          data-ok={String(report.ok)}
          type={report.ok ? "success" : "error"}
          showIcon
          closable
          onClose={() => setReport(null)}
          style={{ marginBottom: 16 }}
          title={report.ok ? t("audit.chainOk", { rows: report.rows }) : t("audit.chainBroken", { count: report.problems.length })}
          description={
            report.ok ? (
              <span id="audit-verify-anchor" data-anchored={String(report.anchoredSeq ?? "")} data-keyed={String(report.keyed)}>
                {report.keyed ? t("audit.anchored", { seq: report.anchoredSeq ?? 0 }) : t("audit.unkeyed")}
                {report.note && <> {t("audit.note", { note: report.note })}</>}
              </span>
            ) : (
              <ul style={{ margin: 0 }}>
                {report.problems.map((p, i) => (
                  <li key={i} data-seq={p.seq} data-kind={p.kind}>
                    {t("audit.problemRow", { seq: p.seq })} — {t(`audit.problem.${p.kind}`)}: {p.message}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
      <Tabs
        items={[
          {
            key: "calls",
            label: <span id="audit-tab-calls">{t("audit.calls", { total })}</span>,
            children: (
              <Table<AuditRow>
                id="audit-table"
                rowKey={(r) => String(r.seq)}
                loading={loading}
                dataSource={rows}
                size="small"
                pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage }}
                onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: "pointer" }, id: `audit-row-${r.seq}`, className: "audit-row" } as React.HTMLAttributes<HTMLElement>)}
                columns={[
                  { title: "#", dataIndex: "seq", width: 70 },
                  { title: <TimeTitle label={t("audit.at")} />, dataIndex: "at", width: 200, render: (a: string) => <BeijingTime at={a} bare /> },
                  { title: t("audit.profile"), dataIndex: "profile", width: 110 },
                  { title: t("audit.endpoint"), dataIndex: "endpoint", ellipsis: true },
                  { title: t("audit.merchant"), dataIndex: "merchant", width: 160 },
                  { title: t("audit.outcome"), dataIndex: "outcome", width: 100, render: (o: Outcome) => <Tag color={OUTCOME_COLOR[o]}>{t(`audit.outcome.${o}`)}</Tag> },
                  { title: t("audit.respCode"), dataIndex: "respCode", width: 110 },
                  { title: "ms", dataIndex: "durationMs", width: 70 },
                ]}
              />
            ),
          },
          {
            key: "errors",
            label: <span id="audit-tab-errors">{t("audit.errors", { count: groups.length })}</span>,
            children: (
              <Table<AuditErrorGroup>
                id="audit-errors-table"
                rowKey={(g) => `${g.respCode ?? g.outcome}`}
                dataSource={groups}
                size="small"
                pagination={false}
                locale={{ emptyText: t("audit.noErrors") }}
                columns={[
                  { title: t("audit.respCode"), dataIndex: "respCode", width: 120, render: (c: string | undefined, g: AuditErrorGroup) => c ?? <Tag color={OUTCOME_COLOR[g.outcome]}>{t(`audit.outcome.${g.outcome}`)}</Tag> },
                  { title: t("audit.count"), dataIndex: "count", width: 80, render: (n: number) => <Typography.Text strong>{n}</Typography.Text> },
                  { title: t("audit.description"), dataIndex: "description", ellipsis: true },
                  { title: t("error.hint"), dataIndex: "hint", render: (h?: string) => h ?? "—" },
                  { title: t("audit.latest"), dataIndex: "lastSeq", width: 120, render: (s: number, g: AuditErrorGroup) => <Button size="small" type="link" onClick={() => void openSeq(s, g.lastAt)}>#{s} {g.endpoint.split("/").slice(-2).join("/")}</Button> },
                ]}
              />
            ),
          },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} size="large" title={open ? t("audit.callTitle", { seq: open.seq }) : ""}>
        {open && (
          <Space direction="vertical" style={{ width: "100%" }} id="audit-detail">
            <Descriptions size="small" bordered column={2}>
              <Descriptions.Item label={t("audit.at")}><BeijingTime at={open.at} /></Descriptions.Item>
              <Descriptions.Item label={t("audit.profile")}>{open.profile}</Descriptions.Item>
              <Descriptions.Item label={t("audit.endpoint")} span={2}>{open.endpoint}</Descriptions.Item>
              <Descriptions.Item label={t("audit.merchant")}>{open.merchant ?? "—"}</Descriptions.Item>
              <Descriptions.Item label="req_seq_id">{open.reqSeqId ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("audit.outcome")}><Tag color={OUTCOME_COLOR[open.outcome]}>{t(`audit.outcome.${open.outcome}`)}</Tag></Descriptions.Item>
              <Descriptions.Item label={t("audit.respCode")}>{open.respCode ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("audit.keyId")}>{open.keyId ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("audit.duration")}>{open.durationMs} ms</Descriptions.Item>
              {open.error && <Descriptions.Item label={t("error.title")} span={2}>{open.error}</Descriptions.Item>}
              <Descriptions.Item label={t("audit.rowHash")} span={2}><Typography.Text code style={{ fontSize: 11 }}>{open.rowHash}</Typography.Text></Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t("audit.request")}</Typography.Title>
            <JsonView text={open.request} id="audit-request" />
            <Typography.Title level={5}>{t("audit.response")}</Typography.Title>
            <JsonView text={open.response} id="audit-response" />
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
