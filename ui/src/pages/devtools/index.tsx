import { useState } from "react";
import { Alert, Button, Card, Form, Input, Space, Typography } from "antd";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";

interface SigningForm {
  dataJson: string;
  privateKey?: string;
  publicKey?: string;
  signature?: string;
}

const EXAMPLE = JSON.stringify(
  { req_date: "20261123", req_seq_id: "demo0001", huifu_id: "6666000100000001", trans_amt: "0.01", goods_desc: "测试" },
  null,
  2,
);

/** Sign / verify / canonical string, like Huifu's online developer tool. */
export function DevtoolsPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<SigningForm>();
  const [canonical, setCanonical] = useState<string>("");
  const [verdict, setVerdict] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: "canonical" | "sign" | "verify") => {
    setBusy(true);
    setVerdict(null);
    try {
      const v = form.getFieldsValue();
      if (what === "canonical") {
        setCanonical((await call("devtools_canonical", { dataJson: v.dataJson })).canonical);
      } else if (what === "sign") {
        const r = await call("devtools_sign", { dataJson: v.dataJson, privateKey: v.privateKey ?? "" });
        setCanonical(r.canonical);
        form.setFieldsValue({ signature: r.signature, publicKey: r.publicKey });
      } else {
        const r = await call("devtools_verify", {
          dataJson: v.dataJson,
          publicKey: v.publicKey ?? "",
          signature: v.signature ?? "",
        });
        setCanonical(r.canonical);
        setVerdict(r.valid);
      }
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card id="signing-page">
      <Typography.Paragraph type="secondary">{t("signing.intro")}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ dataJson: EXAMPLE }}>
        <Form.Item name="dataJson" label={t("signing.data")} rules={[{ required: true }]}>
          <Input.TextArea id="sign-data" rows={7} style={{ fontFamily: "monospace" }} />
        </Form.Item>
        <Form.Item name="privateKey" label={t("signing.privateKey")} extra={t("signing.keyNote")}>
          <Input.TextArea id="sign-private-key" rows={3} style={{ fontFamily: "monospace" }} autoComplete="off" />
        </Form.Item>
        <Form.Item name="publicKey" label={t("signing.publicKey")}>
          <Input.TextArea id="sign-public-key" rows={3} style={{ fontFamily: "monospace" }} />
        </Form.Item>
        <Form.Item name="signature" label={t("signing.signature")}>
          <Input.TextArea id="sign-signature" rows={3} style={{ fontFamily: "monospace" }} />
        </Form.Item>
        <Space>
          <Button id="sign-canonical-btn" onClick={() => run("canonical")} loading={busy}>
            {t("signing.doCanonical")}
          </Button>
          <Button id="sign-sign-btn" type="primary" onClick={() => run("sign")} loading={busy}>
            {t("signing.doSign")}
          </Button>
          <Button id="sign-verify-btn" onClick={() => run("verify")} loading={busy}>
            {t("signing.doVerify")}
          </Button>
        </Space>
      </Form>
      {canonical && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t("signing.canonical")}</Typography.Text>
          <Typography.Paragraph copyable code id="sign-canonical" style={{ wordBreak: "break-all" }}>
            {canonical}
          </Typography.Paragraph>
        </div>
      )}
      {verdict !== null && (
        <Alert
          id="sign-verdict"
          data-valid={String(verdict)}
          type={verdict ? "success" : "error"}
          showIcon
          title={verdict ? t("signing.verifyOk") : t("signing.verifyBad")}
        />
      )}
    </Card>
  );
}
