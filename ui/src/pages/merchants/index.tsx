// The merchant index: search the local list, open one merchant to see its journey (antd Steps) and go to
// the page that does the next step, the huifu_id carried in the URL.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Card, Descriptions, Empty, Form, Input, Space, Steps, Table, Tag, Typography } from "antd";
import { ReloadOutlined, RightOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router-dom";
import type { Merchant } from "../../bindings/Merchant";
import type { Step } from "../../bindings/Step";
import type { StepState } from "../../bindings/StepState";
import { call } from "../../ipc/call";
import { useI18n, type MessageKey } from "../../i18n";
import { useFormError, useHuifuIdParam, useMerchants } from "./shared";

/** The page that does each step (and the query it needs besides the huifu_id). */
export const STEP_PAGE: Record<Step, string> = {
  onboarded: "/onboarding",
  busi_open: "/business",
  realname_wx: "/realname?channel=wechat",
  realname_ali: "/realname?channel=alipay",
  wx_config: "/wechat",
  terminals: "/terminals",
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

function MerchantDetail({ huifuId, onBack }: { huifuId: string; onBack: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const onError = useFormError();
  const [m, setM] = useState<Merchant | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try {
      setM(await call("merchant_get", { huifuId }));
    } catch (e) {
      setM(null);
      onError(e);
    }
  }, [huifuId, onError]);
  useEffect(() => {
    void load();
  }, [load]);
  const lookup = async () => {
    setBusy(true);
    try {
      await call("merchant_lookup", { huifuId });
      await load();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!m) return <Card loading />;
  const next = nextStep(m);
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
          {next && (
            <Button id="merchant-next" type="primary" icon={<RightOutlined />} onClick={() => navigate(stepLink(next, m.huifuId))}>
              {t("merchants.next", { step: t(`merchants.step.${next}` as MessageKey) })}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t("merchants.kind")}>{m.kind ? t(`merchants.kind.${m.kind}` as MessageKey) : "—"}</Descriptions.Item>
        <Descriptions.Item label={t("merchants.applyNo")}>{m.applyNo ?? "—"}</Descriptions.Item>
        <Descriptions.Item label={t("merchants.updated")}>{m.updatedAt.replace("T", " ").slice(0, 19)}</Descriptions.Item>
      </Descriptions>
      <div id="merchant-steps">
      <Steps
        direction="vertical"
        current={current}
        items={m.steps.map((s) => ({
          status: STEP_STATUS[s.state],
          title: (
            <span id={`step-${s.step}`} data-state={s.state}>
              {t(`merchants.step.${s.step}` as MessageKey)} <Tag color={STATE_COLOR[s.state]}>{t(`merchants.state.${s.state}` as MessageKey)}</Tag>
            </span>
          ),
          description: (
            <Space>
              <Typography.Text type="secondary">{s.detail}</Typography.Text>
              {s.state !== "done" && (
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
  const { merchants, loading, reload } = useMerchants();
  const [q, setQ] = useState("");
  const [form] = Form.useForm<{ huifuId: string }>();
  const onError = useFormError(form);
  const [busy, setBusy] = useState(false);
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return s ? merchants.filter((m) => m.huifuId.includes(s) || m.name.toLowerCase().includes(s)) : merchants;
  }, [merchants, q]);
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
  return (
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
        locale={{ emptyText: <Empty description={t("merchants.empty")} /> }}
        onRow={(m) => ({ onClick: () => onOpen(m.huifuId), style: { cursor: "pointer" } })}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("merchants.name"), dataIndex: "name", render: (v: string) => v || "—" },
          { title: "huifu_id", dataIndex: "huifuId", render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t("merchants.kind"), dataIndex: "kind", render: (v: string) => (v ? t(`merchants.kind.${v}` as MessageKey) : "—") },
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
                  {next && <Typography.Text type="secondary">{t("merchants.nextShort", { step: t(`merchants.step.${next}` as MessageKey) })}</Typography.Text>}
                </Space>
              );
            },
          },
          { title: t("merchants.updated"), dataIndex: "updatedAt", render: (v: string) => v.replace("T", " ").slice(0, 19) },
        ]}
      />
    </Card>
  );
}

/** /merchants: the list, or one merchant's journey when `?huifu_id=` is set. */
export function MerchantsPage() {
  const [huifuId, setHuifuId] = useHuifuIdParam();
  return huifuId ? <MerchantDetail huifuId={huifuId} onBack={() => setHuifuId(undefined)} /> : <MerchantList onOpen={setHuifuId} />;
}
