import { Alert, Descriptions, Typography } from "antd";
import type { IpcError } from "../../bindings/IpcError";
import type { MiniProgramView } from "../../bindings/MiniProgramView";
import { useI18n } from "../../i18n";

/** 慧收钱 WQF_APPLET: the 微企付 mini-program to open — shown as what it is, with a copy button, never as a QR. */
export function MiniProgramAnswer({ mp }: { mp: MiniProgramView }) {
  const { t } = useI18n();
  const json = JSON.stringify({ mp_appid: mp.appid, mp_path: mp.path, mp_username: mp.username, mp_version: mp.version });
  return (
    <div id="acq-mini-program" style={{ marginTop: 12, maxWidth: 560 }}>
      <Typography.Text strong>{t("acquiring.mp.title")}</Typography.Text>{" "}
      <Typography.Text id="acq-mp-copy" copyable={{ text: json, tooltips: [t("acquiring.mp.copy"), t("acquiring.mp.copied")] }} type="secondary">
        {t("acquiring.mp.copyLabel")}
      </Typography.Text>
      <Descriptions size="small" column={1} bordered style={{ marginTop: 6 }}>
        <Descriptions.Item label="appid"><code id="acq-mp-appid">{mp.appid}</code></Descriptions.Item>
        <Descriptions.Item label="path"><code id="acq-mp-path" style={{ wordBreak: "break-all" }}>{mp.path}</code></Descriptions.Item>
        <Descriptions.Item label="username"><code id="acq-mp-username">{mp.username}</code></Descriptions.Item>
        <Descriptions.Item label="version"><code id="acq-mp-version">{mp.version}</code></Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 6 }}>{t("acquiring.mp.how")}</Typography.Paragraph>
    </div>
  );
}

/** The MD5 gateway's WxJsApi (and WxH5) page: the link the payer opens in WeChat. */
export function PayerLink({ link }: { link: string }) {
  const { t } = useI18n();
  return (
    <div id="acq-payer-link-box" style={{ marginTop: 12, maxWidth: 560 }}>
      <Typography.Text strong>{t("acquiring.payerLink")}</Typography.Text>
      <Typography.Paragraph id="acq-payer-link" copyable={{ text: link }} style={{ wordBreak: "break-all", marginTop: 4 }}>
        <code>{link}</code>
      </Typography.Paragraph>
      <Typography.Text type="secondary">{t("acquiring.payerLink.how")}</Typography.Text>
    </div>
  );
}

/** 1004 协查调单: neither paid nor failed; the acquirer decides. */
export function HoldNotice() {
  const { t } = useI18n();
  return <Alert id="acq-hold" style={{ marginTop: 12 }} type="warning" showIcon title={t("acquiring.hold.title")} description={t("acquiring.hold.body")} />;
}

/** A refusal answered for the order — with its code, the acquirer's own message and the plain hint. */
export function RefusalNotice({ e }: { e: IpcError }) {
  const { t } = useI18n();
  return (
    <Alert
      id="acq-refusal"
      data-code={e.respCode ?? ""}
      style={{ marginTop: 12 }}
      type="error"
      showIcon
      title={t("acquiring.refused", { code: e.respCode ?? "—" })}
      description={
        <div>
          <div id="acq-refusal-msg">{e.respDesc || e.message}</div>
          {e.hint && <div>{t("error.hint")}: {e.hint}</div>}
        </div>
      }
    />
  );
}
