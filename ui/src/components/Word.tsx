import { Tag, Tooltip } from "antd";
import type { VocabName } from "../bindings/vocab";
import { useI18n } from "../i18n";
import { wordOf } from "../hooks/useWords";

/**
 * A code shown as its word (`data-code` keeps the code for tests and copy). An unknown code is shown as is,
 * dashed, with a tooltip saying it has no word yet — never given an invented meaning.
 */
export function Word({ v, code, id, color }: { v: VocabName; code: string | null | undefined; id?: string; color?: string }) {
  const { t, lang } = useI18n();
  if (!code) return <span id={id}>—</span>;
  const w = wordOf(v, code, lang);
  if (w == null)
    return (
      <Tooltip title={t("vocab.unknown")}>
        <Tag id={id} data-code={code} bordered={false} style={{ borderStyle: "dashed" }}>{code}</Tag>
      </Tooltip>
    );
  return color ? (
    <Tag id={id} data-code={code} color={color}>{w}</Tag>
  ) : (
    <span id={id} data-code={code}>{w}</span>
  );
}
