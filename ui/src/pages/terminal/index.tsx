// /terminals: report a device (or an auxiliary terminal without a serial number), list, cancel.
import { useRef } from "react";
import { Button, Col, Form, Input, Popconfirm, Row, Tag } from "antd";
import type { Terminal } from "../../bindings/Terminal";
import type { TerminalForm } from "../../bindings/TerminalForm";
import { call } from "../../ipc/call";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { FormCard, MerchantPage, StateCard, StateTable } from "../../components/MerchantPage";
import { useMerchantForm } from "../../hooks/useMerchantForm";
import { useMerchantList } from "../../hooks/useMerchantList";
import { useFormError } from "../../hooks/useFormError";
import { spentId } from "../../ipc/errors";
import { maxLen, rule } from "../../forms/checks";
import { codeOf, colorOf, type Colors } from "../../vocab/codes";

/** The form holds the command's own fields; the merchant and the req_seq_id come from the page. */
type TerminalValues = Omit<TerminalForm, "reqSeqId" | "huifuId">;

const BIND_COLORS: Colors<"bindStatus"> = { Y: "success", N: "default", C: "default", unknown: "default" };

function Terminals({ huifuId }: { huifuId: string }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  // The list first (its load errors name no form field), so the write below can show the list it answers.
  const onError = useFormError();
  const { list, setList, load } = useMerchantList(() => call("terminal_list", { huifuId }), onError);
  const f = useMerchantForm<TerminalValues>(`terminals.${huifuId}`, "terminals.add", async (v, reqSeqId) => {
    setList(await call("terminal_add", { reqSeqId, huifuId, sn: v.sn || undefined, tusn: v.tusn || undefined, devModelCode: v.devModelCode || undefined, terminalAddress: v.terminalAddress || undefined }));
  });
  // A cancel's req_seq_id is fixed at its first click, so a retry of the same cancel is the same request.
  const cancelIds = useRef(new Map<string, string>());
  const bindLabel = (v: string) => {
    const c = codeOf("bindStatus", v);
    switch (c) {
      case "Y":
        return t("terminals.bound");
      case "C":
        return t("terminals.cancelled");
      case "N":
      case null:
        return v;
    }
  };
  const cancel = async (deviceId: string) => {
    if (!(await guard(t("terminals.cancel")))) return;
    let id = cancelIds.current.get(deviceId);
    if (!id) {
      id = (await call("merchant_new_req_seq_id")).reqSeqId;
      cancelIds.current.set(deviceId, id);
    }
    try {
      await call("terminal_cancel", { huifuId, deviceId, reqSeqId: id });
      await load();
    } catch (e) {
      if (spentId(onError(e))) cancelIds.current.delete(deviceId);
    }
  };
  // A device with a serial number needs its 21号文 terminal number: marked required as soon as one is typed.
  const snGiven = Form.useWatch("sn", f.form);
  return (
    <>
      <FormCard id="terminal" title={t("terminals.add")} f={f}>
        <Row gutter={16}>
          <Col span={6}><Form.Item name="sn" label={t("terminals.sn")} extra={t("terminals.snHelp")} rules={[rule(maxLen(64))]}><Input id="terminal-sn" /></Form.Item></Col>
          <Col span={6}><Form.Item name="tusn" label={t("terminals.tusn")} rules={[{ required: !!snGiven, message: t("common.required") }, rule(maxLen(64))]}><Input id="terminal-tusn" /></Form.Item></Col>
          <Col span={4}><Form.Item name="devModelCode" label={t("terminals.model")} rules={[rule(maxLen(16))]}><Input id="terminal-model" placeholder="01" /></Form.Item></Col>
          <Col span={8}><Form.Item name="terminalAddress" label={t("terminals.address")} rules={[rule(maxLen(128))]}><Input id="terminal-address" /></Form.Item></Col>
        </Row>
      </FormCard>
      <StateCard id="terminal" title={t("terminals.list")} onRefresh={load}>
        <StateTable<Terminal> id="terminal-table" list={list} rowKey="deviceId" none={t("terminals.none")} columns={[
            { title: "device_id", dataIndex: "deviceId", render: (v: string) => <code>{v}</code> },
            { title: t("terminals.sn"), dataIndex: "sn" },
            { title: t("terminals.tusn"), dataIndex: "tusn" },
            { title: t("terminals.model"), dataIndex: "devModelCode" },
            { title: t("terminals.address"), dataIndex: "terminalAddress" },
            { title: t("terminals.status"), dataIndex: "bindStatus", render: (v: string) => <Tag color={colorOf("bindStatus", BIND_COLORS, v)}>{bindLabel(v)}</Tag> },
            {
              key: "op",
              render: (_, d) =>
                codeOf("bindStatus", d.bindStatus) !== "C" && (
                  <Popconfirm title={t("terminals.cancelConfirm")} onConfirm={() => cancel(d.deviceId)}>
                    <Button size="small" danger id={`terminal-cancel-${d.deviceId}`}>{t("terminals.cancel")}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </StateCard>
    </>
  );
}

export function TerminalPage() {
  return <MerchantPage area="terminals">{(huifuId) => <Terminals huifuId={huifuId} />}</MerchantPage>;
}
