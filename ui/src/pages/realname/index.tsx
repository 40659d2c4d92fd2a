// /realname: WeChat or Alipay realname for a merchant: submit the contact, then the QR the legal person
// scans, drawn large enough to scan from the screen, its state refreshed by polling until passed.
import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Tabs, Tag, Typography } from "antd";
import { useSearchParams } from "react-router-dom";
import type { QrImage } from "../../bindings/QrImage";
import type { RealnameChannel } from "../../bindings/RealnameChannel";
import type { RealnameState } from "../../bindings/RealnameState";
import type { RealnameForm as RealnameReq } from "../../bindings/RealnameForm";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";
import { MerchantBar } from "../../components/MerchantBar";
import { useDraft } from "../../hooks/useDraft";
import { useWriteSubmit } from "../../hooks/useWriteSubmit";
import { useHuifuIdParam } from "../../hooks/useHuifuIdParam";
import { usePoll } from "../../hooks/usePoll";
import { idCard, mobile, required, rule } from "../../forms/checks";
import { useWords } from "../../hooks/useWords";
import { control } from "../../ipc/sandbox";
import { useActiveProfile } from "../../state/profile";
import { realnameStage } from "../../vocab/codes";

/** The form holds the command's own fields (empty while typing); merchant, channel and req_seq_id come from the page. */
type Values = Partial<Omit<RealnameReq, "reqSeqId" | "huifuId" | "channel">>;

function stateColor(s: RealnameState): string {
  if (s.passed) return "success";
  if (s.rejectReason || realnameStage(s.state) === "ended") return "error";
  return "processing";
}

function RealnameForm({ huifuId, channel }: { huifuId: string; channel: RealnameChannel }) {
  const { t } = useI18n();
  const w = useWords();
  const [form] = Form.useForm<Values>();
  const draft = useDraft<Values>(`realname.${channel}.${huifuId}`, form, channel === "wechat" ? { contactType: "LEGAL" } : { certificateType: "BUSINESS_CERT" });
  const [state, setState] = useState<RealnameState | null>(null);
  const [qr, setQr] = useState<QrImage | null>(null);
  const [checked, setChecked] = useState(false);
  const load = useCallback(async () => {
    try {
      setState(await call("realname_status", { huifuId, channel }));
    } finally {
      setChecked(true);
    }
  }, [huifuId, channel]);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  // Start from what onboarding already gave Huifu (the legal person), unless a draft holds what was typed.
  useEffect(() => {
    if (draft.hasDraft()) return;
    let live = true;
    call("realname_prefill", { huifuId }).then(
      (p) => {
        if (!live || draft.hasDraft()) return;
        const empty = (k: keyof Values) => !form.getFieldValue(k);
        form.setFieldsValue({
          ...(empty("name") && p.name ? { name: p.name } : {}),
          ...(empty("mobile") && p.mobile ? { mobile: p.mobile } : {}),
          ...(empty("idCardNumber") && p.idCardNumber ? { idCardNumber: p.idCardNumber } : {}),
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the prefill is asked once per merchant; form and draft are the same for its life
  }, [huifuId]);
  const stage = realnameStage(state?.state);
  const waiting = !!state && !state.passed && !!state.state && stage !== "ended" && stage !== "none";
  usePoll(load, 3000, waiting);
  useEffect(() => {
    if (!state?.qrcodeData) {
      setQr(null);
      return;
    }
    let live = true;
    void call("realname_qr", { content: state.qrcodeData }).then((q) => live && setQr(q), () => undefined);
    return () => {
      live = false;
    };
  }, [state?.qrcodeData]);
  const { submit, busy, onError } = useWriteSubmit(form, draft, t("realname.submit"), async (v: Values, reqSeqId) => {
    setState(
      await call("realname_submit", {
        reqSeqId, huifuId, channel, name: v.name ?? "", mobile: v.mobile ?? "", idCardNumber: (v.idCardNumber ?? "").toUpperCase(),
        contactType: channel === "wechat" ? v.contactType : undefined, certificateType: channel === "alipay" ? v.certificateType : undefined,
      }),
    );
  });
  const must = { required: true, message: t("common.required") };
  const sandbox = useActiveProfile()?.environment === "sandbox";
  const [playing, setPlaying] = useState(false);
  const playConfirm = async () => {
    setPlaying(true);
    try {
      await control("POST", `/sandbox/realname/${encodeURIComponent(huifuId)}?channel=${channel === "wechat" ? "wx" : "ali"}`);
      await load();
    } catch (e) {
      onError(e);
    } finally {
      setPlaying(false);
    }
  };
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card size="small" title={t("realname.contact")}>
          <Form form={form} layout="vertical" id={`realname-form-${channel}`} onValuesChange={draft.save} disabled={busy}>
            <Form.Item name="name" label={t("realname.name")} rules={[must, rule(required(32))]}><Input id="realname-name" /></Form.Item>
            <Form.Item name="mobile" label={t("realname.mobile")} rules={[must, rule(mobile)]}><Input id="realname-mobile" /></Form.Item>
            <Form.Item name="idCardNumber" label={t("realname.idCard")} rules={[must, rule(idCard)]}><Input id="realname-id-card" /></Form.Item>
            {channel === "wechat" ? (
              <Form.Item name="contactType" label={t("realname.contactType")}>
                <Select options={[{ value: "LEGAL", label: t("realname.legal") }, { value: "SUPER", label: t("realname.super") }]} />
              </Form.Item>
            ) : (
              <Form.Item name="certificateType" label={t("realname.certificateType")}>
                <Select options={["BUSINESS_CERT", "STORE_FRONT_PHOTO"].map((v) => ({ value: v, label: w("aliCertType", v) }))} />
              </Form.Item>
            )}
            <Space>
              <Button type="primary" id="realname-submit" loading={busy} disabled={!draft.reqSeqId} onClick={submit}>{t("common.submit")}</Button>
              <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>req_seq_id: <code>{draft.reqSeqId}</code></Typography.Text>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={t("realname.state")} extra={<Button size="small" id="realname-refresh" onClick={() => void load().catch(onError)}>{t("common.refresh")}</Button>}>
          {state && state.state ? (
            <Space direction="vertical" style={{ width: "100%" }} align="center">
              <Tag id="realname-state" data-state={state.state} data-passed={String(state.passed)} color={stateColor(state)}>{w("realnameState", state.state)}</Tag>
              {state.rejectReason && <Alert type="error" showIcon message={state.rejectReason} />}
              {qr && !state.passed && (
                <>
                  <img id="realname-qr" data-content={qr.content} src={`data:image/png;base64,${qr.pngBase64}`} alt="QR" style={{ width: 280, height: 280, imageRendering: "pixelated" }} />
                  <Typography.Text type="secondary">{t(channel === "wechat" ? "realname.scanWx" : "realname.scanAli")}</Typography.Text>
                  {sandbox && (
                    // The sandbox's QR points at 127.0.0.1, which no phone can open: play the legal person's
                    // confirmation from here (the same control the QR's page posts).
                    <Button id="realname-play-confirm" loading={playing} onClick={playConfirm}>{t("realname.playConfirm")}</Button>
                  )}
                </>
              )}
              {state.passed && <Alert type="success" showIcon message={t("realname.passed")} />}
              {waiting && <Typography.Text type="secondary">{t("realname.polling")}</Typography.Text>}
            </Space>
          ) : (
            <Empty description={checked ? t("realname.none") : t("app.loading")} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

export function RealnamePage() {
  const { t } = useI18n();
  const [huifuId] = useHuifuIdParam();
  const [params, setParams] = useSearchParams();
  const channel: RealnameChannel = params.get("channel") === "alipay" ? "alipay" : "wechat";
  const setChannel = (c: string) => {
    const next = new URLSearchParams(params);
    next.set("channel", c);
    setParams(next, { replace: true });
  };
  return (
    <div id="realname-page">
      <MerchantBar id="realname-merchant" />
      <Tabs
        activeKey={channel}
        onChange={setChannel}
        items={(["wechat", "alipay"] as const).map((c) => ({
          key: c,
          label: <span id={`realname-tab-${c}`}>{t(`realname.${c}`)}</span>,
          children: huifuId ? <RealnameForm key={`${huifuId}-${c}`} huifuId={huifuId} channel={c} /> : <Empty description={t("merchants.noMerchant")} />,
        }))}
      />
    </div>
  );
}
