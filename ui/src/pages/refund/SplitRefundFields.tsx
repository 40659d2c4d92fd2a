import { Alert, Button, Form, Input, Space, Switch, Typography } from "antd";
import type { FormInstance } from "antd";
import type { SplitPart } from "../../bindings/SplitPart";
import type { T } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { proRata, type SplitCheck, type SplitProblem } from "./split";

/** Words for one split problem. */
export function splitProblemText(t: T, p: SplitProblem): string {
  switch (p.kind) {
    case "money":
      return t(`money.${p.problem}` as const);
    case "overPart":
      return t("refunds.split.overPart", { max: fenToYuan(p.maxFen) });
    case "notReceiver":
      return t("refunds.split.notReceiver");
    case "sum":
      return t("refunds.split.sum", { sum: fenToYuan(p.sumFen), amount: fenToYuan(p.amountFen) });
    case "empty":
      return t("refunds.split.empty");
  }
}

/**
 * The split part of the refund form, shown when the trade was split: a switch (on by default) and one row per
 * receiver of the trade with what it gives back, each row's limit being its part still refundable. Problems
 * come from [`checkSplitRefund`], the same check the submit runs: per row under the row, the sum below.
 */
export function SplitRefundFields({ t, form, split, left, check, amountFen }: {
  t: T;
  form: FormInstance;
  split: SplitPart[];
  left: SplitPart[];
  check: SplitCheck | null;
  amountFen: number | null;
}) {
  const on = Form.useWatch("splitOn", form) ?? true;
  const rowProblem = (i: number) => check?.problems.find((p) => "index" in p && p.index === i);
  const whole = check?.problems.find((p) => !("index" in p));
  return (
    <div id="refund-split" style={{ marginBottom: 12 }}>
      <Space>
        <Form.Item name="splitOn" valuePropName="checked" noStyle>
          <Switch id="refund-split-on" size="small" />
        </Form.Item>
        <Typography.Text strong>{t("refunds.split.on")}</Typography.Text>
      </Space>
      {on ? (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0" }}>{t("refunds.split.hint")}</Typography.Paragraph>
          <Form.List name="split">
            {(fields) =>
              fields.map((f, i) => {
                const id = left[i]?.huifuId ?? "";
                const got = split.find((s) => s.huifuId === id)?.amountFen ?? 0;
                const p = rowProblem(i);
                return (
                  <Form.Item
                    key={f.key}
                    name={[f.name, "amount"]}
                    label={t("refunds.split.receiver", { id })}
                    extra={t("refunds.split.partHint", { max: fenToYuan(left[i]?.amountFen ?? 0), got: fenToYuan(got) })}
                    validateStatus={p ? "error" : undefined}
                    help={p ? <span className="refund-split-row-error">{splitProblemText(t, p)}</span> : undefined}
                  >
                    <Input id={`refund-split-amount-${i}`} data-huifu-id={id} style={{ width: 160 }} />
                  </Form.Item>
                );
              })
            }
          </Form.List>
          <Space style={{ marginBottom: 8 }}>
            <Button size="small" id="refund-split-prorata" disabled={amountFen === null} onClick={() => form.setFieldValue("split", proRata(amountFen ?? 0, left))}>
              {t("refunds.split.proRata")}
            </Button>
          </Space>
          {whole && <Alert id="refund-split-error" type="error" showIcon title={splitProblemText(t, whole)} />}
        </>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0" }}>{t("refunds.split.offHint")}</Typography.Paragraph>
      )}
    </div>
  );
}
