import { useState } from "react";
import { Alert, Button, Card, Checkbox, DatePicker, Input, Select, Space, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { open } from "@tauri-apps/plugin-dialog";
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import type { BillDayState } from "../../bindings/BillDayState";
import type { BillFileInfo } from "../../bindings/BillFileInfo";
import type { BillListing } from "../../bindings/BillListing";
import type { ImportReport } from "../../bindings/ImportReport";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import { call, callWithProgress } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n, type MessageKey } from "../../i18n";
import { ProgressLine } from "../../components/ProgressLine";
import { Word } from "../../components/Word";

const BILL_TYPES = ["TRADE_BILL", "SETTLE_BILL", "SPLIT_BILL", "WITHDRAWAL_BILL", "TRADE_BILL_MONTH", "SETTLE_BILL_MONTH"];

const ALERT: Record<BillDayState, "info" | "success" | "warning" | "error"> = {
  config_off: "warning",
  not_run_yet: "info",
  running: "info",
  ready: "success",
  no_records: "info",
  failed: "error",
};

/** A day's bill files: the state in plain words, download with progress, open the folder, import. */
export function FilesCard({ huifuId, onImported }: { huifuId: string; onImported: () => void }) {
  const { t } = useI18n();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [billType, setBillType] = useState<string>("");
  const [listing, setListing] = useState<BillListing | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ label: string; event: ProgressEvent } | null>(null);
  const [importPath, setImportPath] = useState("");
  const [replace, setReplace] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  const list = async () => {
    setBusy("list");
    try {
      setListing(await call("bill_list", { huifuId, fileDate: date.format("YYYYMMDD"), billType: billType || undefined }));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(null);
    }
  };

  const download = async (f: BillFileInfo) => {
    setBusy(`dl-${f.fileName}`);
    try {
      const label = t("statements.progress.download");
      const d = await callWithProgress("bill_download", f, (event) => setProgress({ label, event }));
      setDownloaded(t("statements.files.downloaded", { path: d.path, bytes: d.bytes }));
      setImportPath(d.path);
      setListing((l) => l && { ...l, files: l.files.map((x) => (x.fileName === f.fileName ? { ...x, localPath: d.path } : x)) });
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(null);
    }
  };

  const runImport = async (path: string) => {
    setBusy("import");
    setReport(null);
    try {
      const label = t("statements.progress.import");
      const r = await callWithProgress("bill_import", { path, replace }, (event) => setProgress({ label, event }));
      setReport(r);
      onImported();
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(null);
    }
  };

  const choose = async () => {
    const p = await open({ multiple: false, directory: false, filters: [{ name: "Bills", extensions: ["zip", "csv", "xlsx"] }] });
    if (typeof p === "string") setImportPath(p);
  };

  return (
    <Card title={t("statements.files.title")} id="bill-files-card" size="small">
      <Space wrap>
        <span>{t("statements.files.date")}</span>
        <DatePicker id="bill-date" value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        <Select
          id="bill-type"
          style={{ width: 200 }}
          value={billType}
          onChange={setBillType}
          options={[{ value: "", label: t("statements.files.allTypes") }, ...BILL_TYPES.map((b) => ({ value: b, label: <Word v="billType" code={b} /> }))]}
        />
        <Button id="bill-list-btn" type="primary" onClick={list} loading={busy === "list"}>
          {t("statements.files.list")}
        </Button>
      </Space>
      {listing && (
        <div style={{ marginTop: 12 }}>
          <div id="bill-state" data-state={listing.state}>
            <Alert type={ALERT[listing.state]} showIcon title={t(`statements.state.${listing.state}` as MessageKey, { date: listing.fileDate })} />
          </div>
          {listing.files.length > 0 && (
            <Table<BillFileInfo>
              id="bill-files"
              style={{ marginTop: 8 }}
              size="small"
              rowKey="fileName"
              pagination={false}
              dataSource={listing.files}
              columns={[
                { title: t("statements.files.type"), dataIndex: "billType", render: (v: string) => <Word v="billType" code={v} /> },
                { title: t("statements.files.name"), dataIndex: "fileName" },
                { title: t("statements.files.local"), dataIndex: "localPath", render: (p?: string) => (p ? <Tag color="green">✓</Tag> : null) },
                {
                  title: "",
                  key: "actions",
                  render: (_: unknown, f: BillFileInfo) => (
                    <Space>
                      <Button size="small" className="bill-download" onClick={() => download(f)} loading={busy === `dl-${f.fileName}`}>
                        {t("statements.files.download")}
                      </Button>
                      <Button size="small" className="bill-open" disabled={!f.localPath} onClick={() => f.localPath && revealItemInDir(f.localPath).catch((e) => handleError(e, { t }))}>
                        {t("statements.files.openFolder")}
                      </Button>
                      <Button size="small" className="bill-import" disabled={!f.localPath} onClick={() => f.localPath && runImport(f.localPath)} loading={busy === "import"}>
                        {t("statements.files.import")}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          )}
          {listing.tasks.length > 0 && (
            <Table
              id="bill-tasks"
              style={{ marginTop: 8 }}
              size="small"
              rowKey={(r) => `${r.billType}-${r.dataDate}-${r.fileName}`}
              pagination={false}
              title={() => t("statements.files.tasks")}
              dataSource={listing.tasks}
              columns={[
                { title: t("statements.files.type"), dataIndex: "billType", render: (v: string) => <Word v="billType" code={v} /> },
                { title: t("statements.files.dataDate"), dataIndex: "dataDate" },
                { title: t("statements.files.taskState"), dataIndex: "state", render: (s: string, r) => <span title={r.taskStat ? `task_stat ${r.taskStat}` : undefined}><Word v="billTaskState" code={s} /></span> },
              ]}
            />
          )}
        </div>
      )}
      {downloaded && (
        <Typography.Paragraph id="bill-downloaded" style={{ marginTop: 8 }}>
          {downloaded}
        </Typography.Paragraph>
      )}
      <div style={{ marginTop: 12 }}>
        <Typography.Text strong>{t("statements.import.title")}</Typography.Text>
        <Space.Compact style={{ width: "100%", marginTop: 4 }}>
          <Input id="bill-import-path" placeholder={t("statements.import.path")} value={importPath} onChange={(e) => setImportPath(e.target.value)} />
          <Button id="bill-import-choose" onClick={choose}>
            {t("statements.import.choose")}
          </Button>
          <Button id="bill-import-run" type="primary" disabled={!importPath.trim()} loading={busy === "import"} onClick={() => runImport(importPath.trim())}>
            {t("statements.import.run")}
          </Button>
        </Space.Compact>
        <Checkbox id="bill-import-replace" checked={replace} onChange={(e) => setReplace(e.target.checked)} style={{ marginTop: 4 }}>
          {t("statements.import.replace")}
        </Checkbox>
      </div>
      <div style={{ marginTop: 8 }}>{progress && <ProgressLine id="bill-progress" label={progress.label} event={progress.event} />}</div>
      {report && (
        <div id="bill-import-result" data-rows={report.rows} data-already={String(report.alreadyImported)}>
        <Alert
          type={report.alreadyImported ? "warning" : "success"}
          title={
            report.alreadyImported
              ? t("statements.import.already")
              : t("statements.import.done", { rows: report.rows, parts: report.parts.length, millis: report.millis })
          }
        />
        </div>
      )}
    </Card>
  );
}
