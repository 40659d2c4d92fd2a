import { WarningFilled } from "@ant-design/icons";
import { useI18n } from "../i18n";
import { useActiveProfileState } from "../state/profile";

/** A full-width band of production's colour across the window while a production profile is active: no
 * one mistakes real money for the sandbox (the header tag alone was too easy to miss). */
export function ProductionBand() {
  const { t } = useI18n();
  const { profile, production } = useActiveProfileState();
  if (!profile || !production) return null;
  return (
    <div
      id="prod-band"
      role="alert"
      style={{ background: "#cf1322", color: "#fff", padding: "6px 24px", fontWeight: 600, display: "flex", gap: 8, alignItems: "center" }}
    >
      <WarningFilled />
      {t("prod.band", { name: profile.name, url: profile.baseUrl })}
    </div>
  );
}
