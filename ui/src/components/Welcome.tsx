// First start on the built-in sandbox: what Paydesk does and the suggested path through it, one button
// per step (each opens its page; the merchant picked on one page stays picked on the next).
import { Button, Card, Steps, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import { useI18n, type MessageKey } from "../i18n";

const PATH: [string, MessageKey, string][] = [
  ["onboard", "welcome.onboard", "/onboarding?kind=indv"],
  ["business", "welcome.business", "/busi"],
  ["realname", "welcome.realname", "/realname"],
  ["order", "welcome.order", "/trade"],
  ["refund", "welcome.refund", "/refund"],
  ["statements", "welcome.statements", "/bill"],
];

export function Welcome({ onDismiss }: { onDismiss: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card id="welcome" title={t("welcome.title")} extra={<Button type="link" id="welcome-dismiss" onClick={onDismiss}>{t("welcome.dismiss")}</Button>} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t("welcome.intro")}</Typography.Paragraph>
      <Steps
        direction="vertical"
        size="small"
        items={PATH.map(([id, label, to], i) => ({
          status: "wait",
          title: (
            <span>
              {t(label)}{" "}
              <Button size="small" type={i === 0 ? "primary" : "default"} id={`welcome-${id}`} onClick={() => navigate(to)}>
                {t("welcome.go")}
              </Button>
            </span>
          ),
          description: t(`${label}.what` as MessageKey),
        }))}
      />
    </Card>
  );
}
