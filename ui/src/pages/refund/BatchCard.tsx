import { useState } from "react";
import { Alert, Button, Card, Checkbox, Input, Space, Table, Typography } from "antd";
import { open } from "@tauri-apps/plugin-dialog";
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import type { BatchReport } from "../../bindings/BatchReport";
import type { BatchRowError } from "../../bindings/BatchRowError";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import type { RefundBatch } from "../../bindings/RefundBatch";
import { call, callWithProgress } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useStep } from "../../ipc/useStep";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { ProgressLine } from "../../components/ProgressLine";

/** Batch refunds: a CSV chosen in the native dialog → check → import (ids fixed) → run with progress → result file. */
export function BatchCard({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [path, setPath] = useState("");
  const [problems, setProblems] = useState<BatchRowError[] | null>(null);
  const [batch, setBatch] = useState<RefundBatch | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [report, setReport] = useState<BatchReport | null>(null);
  // Rows repeating another row of the same trade and amount are held unless the person says they are meant.
  const [allowRepeat, setAllowRepeat] = useState(false);
  const { busy, step: run } = useStep();

  const choose = async () => {
    const p = await open({ multiple: false, directory: false, filters: [{ name: "CSV", extensions: ["csv"] }] });
    if (typeof p === "string") {
      setPath(p);
      setProblems(null);
      setBatch(null);
      setReport(null);
    }
  };
  const check = () => run("check", async () => setProblems((await call("refund_batch_check", { path: path.trim() })).problems));
  const doImport = () => run("import", async () => setBatch(await call("refund_batch_import", { path: path.trim() })));
  const execute = () =>
    run("run", async () => {
      if (!batch || !(await guard(t("refunds.batch.write", { rows: batch.rows, amount: fenToYuan(batch.totalFen) })))) return;
      const r = await callWithProgress("refund_batch_run", { id: batch.id, options: { allowRepeat, concurrency: 4, follow: true, pollMs: 500, maxPolls: 120 } }, setProgress);
      setReport(r);
      setBatch(r.batch);
      onChanged();
    });

  const counts = (report?.batch ?? batch)?.counts;
  return (
    <Card title={t("refunds.batch.title")} size="small" id="refund-batch-card">
      <Typography.Paragraph type="secondary">{t("refunds.batch.columns")}</Typography.Paragraph>
      <Space.Compact style={{ width: "100%" }}>
        <Input id="refund-batch-path" placeholder={t("refunds.batch.path")} value={path} onChange={(e) => setPath(e.target.value)} />
        <Button id="refund-batch-choose" onClick={choose}>{t("refunds.batch.choose")}</Button>
        <Button id="refund-batch-check" onClick={check} disabled={!path.trim()} loading={busy === "check"}>{t("refunds.batch.check")}</Button>
        <Button id="refund-batch-import" onClick={doImport} disabled={!path.trim()} loading={busy === "import"}>{t("refunds.batch.import")}</Button>
      </Space.Compact>
      {problems && problems.length === 0 && <Alert style={{ marginTop: 8 }} type="success" title={t("refunds.batch.checkOk")} id="refund-batch-ok" />}
      {problems && problems.length > 0 && (
        <Table<BatchRowError>
          id="refund-batch-problems"
          style={{ marginTop: 8 }}
          size="small"
          rowKey={(r) => `${r.row}-${r.field}`}
          dataSource={problems}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t("refunds.batch.row"), dataIndex: "row" },
            { title: t("refunds.batch.field"), dataIndex: "field" },
            { title: t("refunds.batch.message"), dataIndex: "message" },
          ]}
        />
      )}
      {batch && (
        <div style={{ marginTop: 8 }} id="refund-batch" data-id={batch.id} data-rows={batch.rows}>
          <Typography.Text>{t("refunds.batch.imported", { id: batch.id, rows: batch.rows, amount: fenToYuan(batch.totalFen) })}</Typography.Text>
          {counts && <div id="refund-batch-counts" data-success={counts.success} data-failed={counts.failed}>{t("refunds.batch.counts", { ...counts })}</div>}
          <div style={{ marginTop: 8 }}>
            <Checkbox id="refund-batch-allow-repeat" checked={allowRepeat} onChange={(e) => setAllowRepeat(e.target.checked)}>
              {t("refunds.batch.allowRepeat")}
            </Checkbox>
          </div>
          <Button id="refund-batch-run" type="primary" danger style={{ marginTop: 8 }} onClick={execute} loading={busy === "run"}>
            {t("refunds.batch.run")}
          </Button>
        </div>
      )}
      {progress && <ProgressLine id="refund-batch-progress" label={t("refunds.batch.progress")} event={progress} />}
      {report && (
        <Alert
          style={{ marginTop: 8 }}
          id="refund-batch-result"
          type={report.errors.length ? "warning" : "success"}
          title={`${t("refunds.batch.result", { path: report.resultCsv })}${report.covered ? ` · ${t("refunds.batch.covered", { n: report.covered })}` : ""}`}
          description={report.errors.map((e) => `#${e.row} ${e.field}: ${e.message}`).join("\n") || undefined}
          action={<Button size="small" onClick={() => revealItemInDir(report.resultCsv).catch((e) => handleError(e, { t }))}>{t("refunds.batch.openFolder")}</Button>}
        />
      )}
    </Card>
  );
}
