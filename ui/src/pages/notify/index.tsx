import { useCallback, useEffect, useState } from "react";
import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import type { NotificationFilter } from "../../bindings/NotificationFilter";
import type { NotificationRow } from "../../bindings/NotificationRow";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { useActiveProfile } from "../../state/profile";
import { JsonView } from "../../components/JsonView";
import { Receiver } from "./Receiver";
import { BeijingTime, TimeTitle } from "../../components/BeijingTime";
import { Word } from "../../components/Word";
import { useWords } from "../../hooks/useWords";

const PAGE = 50;
const STATES = ["pending", "success", "failed", "closed", "hold", "unknown", "rejected"];
const KINDS = ["trade", "refund", "withdrawal", "audit", "busi", "bill", "unknown"];
const STATE_COLOR: Record<string, string> = { success: "green", failed: "red", rejected: "red", pending: "gold", closed: "default", hold: "orange", unknown: "purple" };

/** The filter form: the command's own fields, "verified" as the yes/no/any picker and "all profiles" as a
 * switch (the command takes a profile name). */
type FilterValues = Pick<NotificationFilter, "acquirer" | "kind" | "state" | "orderNo"> & { verified?: "yes" | "no"; allProfiles?: boolean };

/** Notifications received from the acquirers, each with what it changed here, and the receiver itself. */
export function NotifyPage() {
  const { t } = useI18n();
  const w = useWords();
  const navigate = useNavigate();
  const profile = useActiveProfile();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<NotificationFilter>({});
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<NotificationRow[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    if (!profile) return;
    setLoading(true);
    try {
      const r = await call("notify_list", { ...filter, profile: filter.profile ?? profile.name, limit: PAGE, offset: (page - 1) * PAGE });
      setRows(r.rows);
      setTotal(r.total);
    } catch (e) {
      handleError(e, { t, navigate });
    } finally {
      setLoading(false);
    }
  }, [filter, page, profile, t, navigate]);
  useEffect(() => {
    void load();
  }, [load]);

  const search = () => {
    const v = form.getFieldsValue();
    setPage(1);
    setFilter({
      acquirer: v.acquirer, kind: v.kind, state: v.state, orderNo: v.orderNo?.trim() || undefined,
      verified: v.verified === undefined ? undefined : v.verified === "yes",
    });
  };

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle" id="notifications-page">
      {profile && <Receiver profile={profile} onChanged={() => void load()} />}
      <Card size="small">
        <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item name="acquirer" label={t("profiles.acquirer")}>
            <Select allowClear style={{ width: 130 }} options={(["dougong", "huishouqian", "mpgateway"] as const).map((a) => ({ value: a, label: t(`profiles.acq.${a}`) }))} />
          </Form.Item>
          <Form.Item name="kind" label={t("notifications.kind")}>
            <Select allowClear style={{ width: 130 }} options={KINDS.map((k) => ({ value: k, label: w("noticeKind", k) }))} />
          </Form.Item>
          <Form.Item name="state" label={t("notifications.state")}>
            <Select allowClear style={{ width: 170 }} options={STATES.map((s) => ({ value: s, label: w("noticeState", s) }))} />
          </Form.Item>
          <Form.Item name="verified" label={t("notifications.verified")}>
            <Select allowClear style={{ width: 110 }} options={[{ value: "yes", label: t("notifications.verifiedYes") }, { value: "no", label: t("notifications.verifiedNo") }]} />
          </Form.Item>
          <Form.Item name="orderNo" label={t("notifications.orderNo")}><Input allowClear style={{ width: 200 }} /></Form.Item>
          <Button type="primary" htmlType="submit" id="notify-search">{t("common.search")}</Button>
          <Button onClick={() => void load()}>{t("common.refresh")}</Button>
        </Form>
        <Table<NotificationRow>
          id="notify-table"
          rowKey={(r) => String(r.id)}
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage }}
          expandable={{
            expandedRowRender: (r) => (
              <Space direction="vertical" style={{ width: "100%" }}>
                <Typography.Text>{t("notifications.ack")}: <Typography.Text code>{r.ack || t("notifications.noAck")}</Typography.Text></Typography.Text>
                <JsonView text={r.body} />
              </Space>
            ),
          }}
          columns={[
            { title: <TimeTitle label={t("notifications.received")} />, dataIndex: "lastReceivedAt", width: 190, render: (a: string) => <BeijingTime at={a} bare /> },
            { title: t("profiles.acquirer"), dataIndex: "acquirer", width: 100, render: (a: NotificationRow["acquirer"]) => t(`profiles.acq.${a}`) },
            { title: t("notifications.kind"), dataIndex: "kind", width: 90, render: (k: string) => <Word v="noticeKind" code={k} /> },
            { title: t("notifications.orderNo"), dataIndex: "orderNo", ellipsis: true },
            { title: t("notifications.state"), dataIndex: "state", width: 100, render: (s: string, r) => <Space size={4}><Tag color={STATE_COLOR[s]} data-state={s}><Word v="noticeState" code={s} /></Tag>{!r.verified && <Tag color="red">{t("notifications.verifiedNo")}</Tag>}</Space> },
            { title: t("notifications.amount"), dataIndex: "amountFen", width: 100, render: (f?: number) => (f == null ? "—" : (f / 100).toFixed(2)) },
            { title: t("notifications.count"), dataIndex: "count", width: 70 },
            { title: t("notifications.effect"), dataIndex: "effect", ellipsis: true, render: (e: string) => e || "—" },
          ]}
        />
      </Card>
    </Space>
  );
}
