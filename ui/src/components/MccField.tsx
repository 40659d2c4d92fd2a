// The MCC field: free entry (Huifu's own MCC table is not public, see ui/src/data/README.md) with
// suggestions from the ISO 18245 list the app ships, searchable by code or words, and a note when the
// code typed is not in that list.
import { useMemo, useState } from "react";
import { AutoComplete, Typography } from "antd";
import raw from "../data/mcc_iso18245.csv?raw";
import { useI18n } from "../i18n";

/** [code, description] rows of the shipped list. */
export const MCC: [string, string][] = raw
  .split("\n")
  .slice(1)
  .map((l) => l.trim())
  .filter(Boolean)
  .map((l) => {
    const i = l.indexOf(",");
    return [l.slice(0, i), l.slice(i + 1).replace(/^"|"$/g, "")] as [string, string];
  });

export function MccField({ value, onChange, id, disabled, placeholder }: { value?: string; onChange?: (v: string) => void; id?: string; disabled?: boolean; placeholder?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const options = useMemo(() => {
    const s = q.trim().toLowerCase();
    const hits = s ? MCC.filter(([c, d]) => c.startsWith(s) || d.toLowerCase().includes(s)) : MCC;
    return hits.slice(0, 50).map(([c, d]) => ({ value: c, label: <span><code>{c}</code> {d}</span> }));
  }, [q]);
  const known = !value || MCC.some(([c]) => c === value);
  return (
    <>
      <AutoComplete
        id={id}
        value={value}
        disabled={disabled}
        placeholder={placeholder ?? "5411"}
        options={options}
        onSearch={setQ}
        onChange={(v) => onChange?.(String(v ?? ""))}
        popupMatchSelectWidth={420}
      />
      {!known && <Typography.Text type="secondary" style={{ fontSize: 12 }} className="mcc-unlisted">{t("mcc.unlisted")}</Typography.Text>}
    </>
  );
}
