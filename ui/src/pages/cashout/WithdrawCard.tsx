import { useCallback, useEffect, useRef, useState } from "react";
import { App, Button, Card, Descriptions, Form, Input, Select, Typography } from "antd";
import type { Withdrawal } from "../../bindings/Withdrawal";
import type { WithdrawForm } from "../../bindings/WithdrawForm";
import { call } from "../../ipc/call";
import { handleError, refusedBeforeSending } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { yuanRule } from "../../money/rule";
import { fenToYuan, yuanToFen } from "../../money/yuan";
import { TradeStateTag } from "../../components/TradeStateTag";
import { useWords } from "../../hooks/useWords";

const CASH_TYPES = ["T1", "D1", "D0", "T0", "DM"];

/** The form: the command's own fields, the amount as the yuan text typed (the command takes fen). */
type WithdrawValues = Pick<WithdrawForm, "tokenNo" | "remark"> & { amount: string; cashType: NonNullable<WithdrawForm["intoAcctDateType"]> };

/** A withdrawal: id fixed when the form opens, confirmed, sent once, followed to its final state. */
export function WithdrawCard({ huifuId, availableFen, onChanged }: { huifuId: string; availableFen: number | null; onChanged: () => void }) {
  const { t } = useI18n();
  const word = useWords();
  const { modal } = App.useApp();
  const guard = useWriteGuard();
  const [form] = Form.useForm<WithdrawValues>();
  const [reqSeqId, setReqSeqId] = useState<string | null>(null);
  const [result, setResult] = useState<Withdrawal | null>(null);
  const [busy, setBusy] = useState(false);
  const lock = useRef(false);

  const fresh = useCallback(async () => {
    setReqSeqId(await call("cashout_new_req_seq_id"));
    setResult(null);
    lock.current = false;
  }, []);
  useEffect(() => {
    void fresh();
  }, [fresh]);

  const maxFen = availableFen ?? undefined;
  const submit = async () => {
    if (lock.current || !reqSeqId) return;
    lock.current = true;
    setBusy(true);
    let sent = false;
    try {
      const v = await form.validateFields();
      const amount = yuanToFen(v.amount, "amount", { maxFen });
      const yes = await modal.confirm({
        title: t("balance.withdraw.title"),
        content: t("balance.withdraw.confirm", { amount: fenToYuan(amount), type: word("cashType", v.cashType), seq: reqSeqId }),
        okButtonProps: { id: "withdraw-confirm-ok", danger: true },
        cancelText: t("common.cancel"),
      });
      if (!yes || !(await guard(t("balance.withdraw.write")))) return;
      sent = true;
      const w = await call("cashout_submit", { reqSeqId, huifuId, amount, intoAcctDateType: v.cashType, tokenNo: v.tokenNo?.trim() || undefined, remark: v.remark || undefined });
      setResult(w);
      onChanged();
      if (w.state === "pending" || w.state === "unknown") {
        setResult(await call("cashout_follow", { reqSeqId: w.reqSeqId }));
        onChanged();
      }
    } catch (e) {
      // A refusal before sending leaves the id unused: the same panel may submit again.
      if (refusedBeforeSending(handleError(e, { t, form }))) sent = false;
    } finally {
      if (!sent) lock.current = false;
      setBusy(false);
    }
  };

  return (
    <Card title={t("balance.withdraw.title")} size="small" id="withdraw-card" data-req-seq-id={reqSeqId ?? ""}>
      <Form form={form} layout="inline" initialValues={{ cashType: "T1" }} disabled={!!result}>
        <Form.Item name="amount" label={t("balance.withdraw.amount")} rules={[yuanRule(t, "amount", () => ({ maxFen }))]}>
          <Input id="withdraw-amount" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="cashType" label={t("balance.withdraw.cashType")}>
          <Select id="withdraw-type" style={{ width: 250 }} options={CASH_TYPES.map((c) => ({ value: c, label: word("cashType", c) }))} />
        </Form.Item>
        <Form.Item name="tokenNo" label={t("balance.withdraw.token")}>
          <Input id="withdraw-token" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="remark" label={t("balance.withdraw.remark")}>
          <Input id="withdraw-remark" style={{ width: 140 }} />
        </Form.Item>
        <Button id="withdraw-submit" type="primary" danger onClick={submit} loading={busy} disabled={busy || !reqSeqId || !huifuId || !!result}>
          {t("balance.withdraw.submit")}
        </Button>
      </Form>
      <Typography.Text type="secondary">req_seq_id: <code>{reqSeqId}</code></Typography.Text>
      {result && (
        <>
          <Descriptions style={{ marginTop: 12 }} size="small" column={2} bordered id="withdraw-result" data-state={result.state}>
            <Descriptions.Item label={t("balance.col.state")}>
              <TradeStateTag id="withdraw-state" state={result.state} raw={result.rawStatus} />
            </Descriptions.Item>
            <Descriptions.Item label={t("balance.col.amount")}>{fenToYuan(result.amountFen)}</Descriptions.Item>
            <Descriptions.Item label="hf_seq_id">{result.hfSeqId ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("balance.col.fee")}>{result.feeFen != null ? fenToYuan(result.feeFen) : "—"}</Descriptions.Item>
            {result.message && <Descriptions.Item label={t("balance.col.message")} span={2}>{result.message}</Descriptions.Item>}
          </Descriptions>
          <Button id="withdraw-another" style={{ marginTop: 8 }} onClick={() => { form.resetFields(); void fresh(); }}>
            {t("balance.withdraw.another")}
          </Button>
        </>
      )}
    </Card>
  );
}
