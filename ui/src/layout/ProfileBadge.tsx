import { Tag, Typography } from "antd";
import { useI18n } from "../i18n";
import { useActiveProfile } from "../state/profile";
import { envColor, envLabel } from "../state/env";

/** The active profile and its environment, always visible; prod is red. */
export function ProfileBadge() {
  const { t } = useI18n();
  const profile = useActiveProfile();
  if (!profile) return <Typography.Text type="secondary" id="active-profile">{t("header.noProfile")}</Typography.Text>;
  return (
    <span id="active-profile" data-env={profile.environment}>
      <Typography.Text type="secondary">{t("header.profile")}: </Typography.Text>
      <Typography.Text strong>{profile.name}</Typography.Text>{" "}
      <Tag color={envColor(profile.environment)} id="active-env">{envLabel(t, profile.environment)}</Tag>
      {profile.production && profile.environment !== "prod" && <Tag color="red" id="active-prod-host">{t("env.prodHost")}</Tag>}
    </span>
  );
}
