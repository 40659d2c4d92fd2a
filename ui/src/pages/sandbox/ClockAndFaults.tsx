import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { control } from "../../ipc/sandbox";

interface Clock { now: string; now_ms: number; offset_ms: number }
interface Fault { id: number; kind: string; count: number; remaining: number; path?: string; latency_ms?: number; status?: number }

/** The sandbox clock (moves forward only) and armed faults. */
export function ClockAndFaults({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [clock, setClock] = useState<Clock | null>(null);
  const [faults, setFaults] = useState<Fault[]>([]);
  const [amount, setAmount] = useState<number | null>(10);
  const [unit, setUnit] = useState<"minutes" | "hours" | "days">("minutes");
  const [faultForm] = Form.useForm<{ kind: string; count: number; path?: string; latency_ms?: number; status?: number }>();
  const kind = Form.useWatch("kind", faultForm);

  const load = useCallback(async () => {
    try {
      setClock(await control<Clock>("GET", "/sandbox/clock"));
      setFaults((await control<{ faults: Fault[] }>("GET", "/sandbox/faults")).faults);
    } catch (e) {
      handleError(e, { t, navigate });
    }
  }, [t, navigate]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      await load();
      onChanged();
    } catch (e) {
      handleError(e, { t, navigate });
    }
  };

  return (
    <Row gutter={16}>
      <Col span={10}>
        <Card size="small" title={t("sandbox.clock")} id="sandbox-clock-card">
          <Space direction="vertical" style={{ width: "100%" }}>
            <div>
              {t("sandbox.clockNow")}: <Typography.Text strong id="sandbox-clock-now" data-offset={clock?.offset_ms ?? 0}>{clock?.now ?? "—"}</Typography.Text>
              {clock && clock.offset_ms > 0 && <Typography.Text type="secondary"> ({t("sandbox.clockAhead", { minutes: Math.round(clock.offset_ms / 60000) })})</Typography.Text>}
            </div>
            <Space.Compact>
              <InputNumber id="sandbox-clock-amount" min={1} value={amount} onChange={setAmount} style={{ width: 100 }} />
              <Select id="sandbox-clock-unit" value={unit} onChange={setUnit} style={{ width: 100 }}
                options={(["minutes", "hours", "days"] as const).map((u) => ({ value: u, label: t(`sandbox.unit.${u}`) }))} />
              <Button type="primary" id="sandbox-clock-advance" disabled={!amount}
                onClick={() => void act(() => control("POST", "/sandbox/clock/advance", { [unit]: amount }))}>
                {t("sandbox.advance")}
              </Button>
            </Space.Compact>
            <Typography.Text type="secondary">{t("sandbox.clockNote")}</Typography.Text>
          </Space>
        </Card>
      </Col>
      <Col span={14}>
        <Card size="small" title={t("sandbox.faults")} id="sandbox-faults-card"
          extra={<Button size="small" danger id="sandbox-faults-clear" disabled={faults.length === 0} onClick={() => void act(() => control("DELETE", "/sandbox/faults"))}>{t("sandbox.faultsClear")}</Button>}>
          <Form form={faultForm} layout="inline" initialValues={{ kind: "http5xx", count: 1 }} style={{ rowGap: 8 }}
            onFinish={(v) => void act(() => control("POST", "/sandbox/faults", { ...v, path: v.path?.trim() || undefined }))}>
            <Form.Item name="kind">
              <Select id="sandbox-fault-kind" style={{ width: 150 }} options={(["latency", "http5xx", "drop", "bad_sign"] as const).map((k) => ({ value: k, label: t(`sandbox.fault.${k}`) }))} />
            </Form.Item>
            <Form.Item name="count" label={t("sandbox.faultCount")}><InputNumber id="sandbox-fault-count" min={1} style={{ width: 70 }} /></Form.Item>
            <Form.Item name="path"><Input id="sandbox-fault-path" placeholder={t("sandbox.faultPath")} style={{ width: 220 }} /></Form.Item>
            {kind === "latency" && <Form.Item name="latency_ms" label="ms"><InputNumber min={1} placeholder="3000" /></Form.Item>}
            {kind === "http5xx" && <Form.Item name="status" label="HTTP"><InputNumber min={500} max={599} placeholder="502" /></Form.Item>}
            <Button htmlType="submit" id="sandbox-fault-arm">{t("sandbox.faultArm")}</Button>
          </Form>
          {faults.length === 0 ? (
            <Alert style={{ marginTop: 12 }} type="success" title={t("sandbox.noFaults")} id="sandbox-no-faults" />
          ) : (
            <Table<Fault> id="sandbox-faults-table" style={{ marginTop: 12 }} size="small" pagination={false} rowKey="id" dataSource={faults}
              columns={[
                { title: t("sandbox.faultKind"), dataIndex: "kind", render: (k: string) => <span className="sandbox-fault-row">{t(`sandbox.fault.${k as "drop"}`)}</span> },
                { title: t("sandbox.faultLeft"), dataIndex: "remaining" },
                { title: t("sandbox.faultPath"), dataIndex: "path", render: (p?: string) => p ?? t("sandbox.anyPath") },
              ]} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
