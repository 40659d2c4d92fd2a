// The merchant index: search the local list, open one merchant to see its journey (antd Steps) and go to
// the page that does the next step, the huifu_id carried in the URL.
import { useEffect, useState } from "react";
import { onEvent } from "../../ipc/events";
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Popconfirm, Space, Steps, Table, Tag, Typography } from "antd";
import { ReloadOutlined, RightOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router-dom";
import type { Merchant } from "../../bindings/Merchant";
import type { Step } from "../../bindings/Step";
import type { StepState } from "../../bindings/StepState";
import type { StepNote } from "../../bindings/StepNote";
import { Word } from "../../components/Word";
import { Welcome } from "../../components/Welcome";
import { useActiveProfile } from "../../state/profile";
import { BeijingTime } from "../../components/BeijingTime";
import { useWords } from "../../hooks/useWords";
import type { VocabName } from "../../bindings/vocab";
import { call } from "../../ipc/call";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormError } from "../../hooks/useFormError";
import { useMerchant } from "../../hooks/useMerchant";
import { useHuifuIdParam } from "../../hooks/useHuifuIdParam";
import { useMerchants } from "./useMerchants";
import { useBackoffPoll } from "../../hooks/useBackoffPoll";

/** The page that does each step (and the query it needs besides the huifu_id). */
export const STEP_PAGE: Record<Step, string> = {
  onboarded: "/onboarding",
  busi_open: "/busi",
  realname_wx: "/realname?channel=wechat",
  realname_ali: "/realname?channel=alipay",
  wx_config: "/wxconfig",
  terminals: "/terminal",
  split: "/split",
};

const STEP_STATUS: Record<StepState, "wait" | "process" | "finish" | "error"> = { todo: "wait", pending: "process", done: "finish", failed: "error" };
const STATE_COLOR: Record<StepState, string> = { todo: "default", pending: "processing", done: "success", failed: "error" };

/** Where to go for a step of this merchant. */
export function stepLink(step: Step, huifuId: string): string {
  const page = STEP_PAGE[step];
  return `${page}${page.includes("?") ? "&" : "?"}huifu_id=${encodeURIComponent(huifuId)}`;
}

/** The first step not done: the next thing to do (null when the journey is complete). */
export function nextStep(m: Merchant): Step | null {
  return m.steps.find((s) => s.state !== "done")?.step ?? null;
}

/** A step's note in words: the state's word, the application, Huifu's reason, the ids. */
function NoteLine({ note }: { note: StepNote }) {
  const { t } = useI18n();
  const parts = [];
  if (note.vocab && note.code) parts.push(<Word key="c" v={note.vocab as VocabName} code={note.code} />);
  if (note.applyNo) parts.push(<span key="a">{t("merchants.applyNo")} <code>{note.applyNo}</code></span>);
  if (note.reason) parts.push(<span key="r">{note.reason}</span>);
  if (note.ids.length) parts.push(<span key="i">{note.ids.map((i) => <code key={i} style={{ marginRight: 4 }}>{i}</code>)}</span>);
  if (note.source) parts.push(<Typography.Text key="s" type="secondary">（{t(`merchants.source.${note.source}` as MessageKey)}）</Typography.Text>);
  return <Space size={6} wrap className="step-note">{parts}</Space>;
}

function MerchantDetail({ huifuId, onBack }: { huifuId: string; onBack: () => void }) {
  const { t } = useI18n();
  const w = useWords();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useFormError();
  const { merchant: m, setMerchant: setM, load } = useMerchant(huifuId, onError);
  const [busy, setBusy] = useState(false);
  // Waiting steps (an audit, a scan) are followed by the app in the background (src-tauri/follower.rs,
  // with back-off); when this merchant's journey moves — by that, or by a notification — the page re-reads
  // the index. While it waits, the index is also re-read now and then (a notification applied by the
  // receiver sends no event).
  useEffect(() => {
    const off = onEvent("merchants-changed", (ids) => {
      if (ids.includes(huifuId)) void load();
    });
    return () => {
      void off.then((f) => f());
    };
  }, [huifuId, load]);
  const waiting = !!m?.steps.some((s) => s.state === "pending");
  useBackoffPoll(async () => {
    await load();
    return false;
  }, waiting, 5000, 30_000);
  const lookup = async () => {
    setBusy(true);
    try {
      const r = await call("merchant_refresh", { huifuId });
      setM(r.merchant);
      if (r.unread.length) message.warning(t("merchants.refreshPartly", { steps: r.unread.map((u) => w("step", u.step)).join("、") }));
      else message.success(t("merchants.refreshed"));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      await call("merchant_remove", { huifuId });
      message.success(t("merchants.removed"));
      onBack();
    } catch (e) {
      onError(e);
    }
  };
  if (!m) return <Card loading />;
  const next = nextStep(m);
  const nextPending = !!next && m.steps.find((s) => s.step === next)?.state === "pending";
  const audit = m.steps.find((s) => s.step === "onboarded" && s.state === "pending");
  const current = Math.max(0, m.steps.findIndex((s) => s.state !== "done"));
  return (
    <Card
      id="merchant-detail"
      data-huifu-id={m.huifuId}
      title={
        <Space>
          <Button size="small" id="merchant-back" onClick={onBack}>
            {t("merchants.back")}
          </Button>
          <span id="merchant-name">{m.name || "—"}</span>
          <Typography.Text copyable code id="merchant-huifu-id">
            {m.huifuId}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space>
          <Button id="merchant-lookup" icon={<ReloadOutlined />} loading={busy} onClick={lookup}>
            {t("merchants.lookupHuifu")}
          </Button>
          {next && !nextPending && (
            <Button id="merchant-next" type="primary" icon={<RightOutlined />} onClick={() => navigate(stepLink(next, m.huifuId))}>
              {t("merchants.next", { step: w("step", next) })}
            </Button>
          )}
          <Button id="merchant-change" onClick={() => navigate(`/modify?huifu_id=${encodeURIComponent(m.huifuId)}`)}>{t("menu.modify")}</Button>
          <Popconfirm title={t("merchants.removeConfirm")} onConfirm={remove} okButtonProps={{ id: "merchant-remove-ok", danger: true }}>
            <Button id="merchant-remove" danger>{t("merchants.remove")}</Button>
          </Popconfirm>
        </Space>
      }
    >
      {audit && (
        <Alert
          id="merchant-audit"
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("merchants.underAudit", { applyNo: audit.note.applyNo ?? m.applyNo ?? "—" })}
          description={t("merchants.underAuditWhat")}
        />
      )}
      {nextPending && !audit && next && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t("merchants.waitingStep", { step: w("step", next) })} />}
      <Descriptions size="small" column={3} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t("merchants.kind")}><Word v="merchantKind" code={m.kind} /></Descriptions.Item>
        <Descriptions.Item label={t("merchants.applyNo")}>{m.applyNo ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("merchants.updated")}><BeijingTime at={m.updatedAt} /></Descriptions.Item>
      </Descriptions>
      <div id="merchant-steps">
      <Steps
        direction="vertical"
        current={current}
        items={m.steps.map((s) => ({
          status: STEP_STATUS[s.state],
          title: (
            <span id={`step-${s.step}`} data-state={s.state}>
              {w("step", s.step)} <Tag color={STATE_COLOR[s.state]}>{w("stepState", s.state)}</Tag>
            </span>
          ),
          description: (
            <Space>
              <NoteLine note={s.note} />
              {s.state !== "done" && !(s.state === "pending" && s.step === "onboarded") && (
                <Button size="small" type="link" id={`step-go-${s.step}`} onClick={() => navigate(stepLink(s.step, m.huifuId))}>
                  {t("merchants.go")}
                </Button>
              )}
            </Space>
          ),
        }))}
      />
      </div>
    </Card>
  );
}

function MerchantList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const w = useWords();
  const { merchants, loading, reload } = useMerchants();
  const [q, setQ] = useState("");
  const [form] = Form.useForm<{ huifuId: string }>();
  const onError = useFormError(form);
  const [busy, setBusy] = useState(false);
  // desk searches: a masked individual ("李*") is found by the full name, phone or ID typed in full.
  const [found, setFound] = useState<Merchant[] | null>(null);
  useEffect(() => {
    const s = q.trim();
    if (!s) return setFound(null);
    let live = true;
    const timer = setTimeout(() => {
      call("merchant_search", { q: s }).then((r) => live && setFound(r), () => live && setFound([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, merchants]);
  const shown = found ?? merchants;
  const lookup = async ({ huifuId }: { huifuId: string }) => {
    setBusy(true);
    try {
      await call("merchant_lookup", { huifuId: huifuId.trim() });
      form.resetFields();
      await reload();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const sandbox = useActiveProfile()?.environment === "sandbox";
  const [welcomeOff, setWelcomeOff] = useState(() => localStorage.getItem("paydesk.welcome.off") === "1");
  const showWelcome = sandbox && !welcomeOff && !loading && merchants.length === 0;
  return (
    <>
    {showWelcome && <Welcome onDismiss={() => { localStorage.setItem("paydesk.welcome.off", "1"); setWelcomeOff(true); }} />}
    <Card id="merchants-page">
      <Space style={{ marginBottom: 16, width: "100%", justifyContent: "space-between" }} wrap>
        <Input.Search id="merchants-search" allowClear placeholder={t("merchants.searchPlaceholder")} onChange={(e) => setQ(e.target.value)} style={{ width: 320 }} />
        <Form form={form} layout="inline" onFinish={lookup}>
          <Form.Item name="huifuId" rules={[{ required: true, pattern: /^\d{1,18}$/, message: t("merchants.huifuIdBad") }]}>
            <Input id="merchants-lookup-id" placeholder="6666000..." style={{ width: 200 }} />
          </Form.Item>
          <Button id="merchants-lookup-btn" htmlType="submit" loading={busy}>
            {t("merchants.lookupAdd")}
          </Button>
        </Form>
      </Space>
      <Table<Merchant>
        id="merchants-table"
        rowKey="huifuId"
        size="middle"
        loading={loading}
        dataSource={shown}
        locale={{ emptyText: <Empty description={found && merchants.length ? t("merchants.noMatch", { q: q.trim() }) : t("merchants.empty")} /> }}
        onRow={(m) => ({ onClick: () => onOpen(m.huifuId), style: { cursor: "pointer" } })}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("merchants.name"), dataIndex: "name", render: (v: string) => v || "—" },
          { title: "huifu_id", dataIndex: "huifuId", render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t("merchants.kind"), dataIndex: "kind", render: (v: string) => <Word v="merchantKind" code={v} /> },
          {
            title: t("merchants.progress"),
            key: "progress",
            render: (_, m) => {
              const done = m.steps.filter((s) => s.state === "done").length;
              const next = nextStep(m);
              return (
                <Space>
                  <Tag color={done === m.steps.length ? "success" : "processing"}>
                    {done}/{m.steps.length}
                  </Tag>
                  {next && <Typography.Text type="secondary">{t("merchants.nextShort", { step: w("step", next) })}</Typography.Text>}
                </Space>
              );
            },
          },
          { title: <>{t("merchants.updated")} <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>({t("time.beijing")})</Typography.Text></>, dataIndex: "updatedAt", render: (v: string) => <BeijingTime at={v} bare /> },
        ]}
      />
    </Card>
    </>
  );
}

/** /merchants: the list, or one merchant's journey when `?huifu_id=` is set. */
export function MerchantIndexPage() {
  const [huifuId, setHuifuId] = useHuifuIdParam(false);
  return huifuId ? <MerchantDetail huifuId={huifuId} onBack={() => setHuifuId(undefined)} /> : <MerchantList onOpen={setHuifuId} />;
}
