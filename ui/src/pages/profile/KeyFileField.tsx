import { Button, Input, Space, Typography } from "antd";
import { open } from "@tauri-apps/plugin-dialog";
import { useI18n } from "../../i18n";

/**
 * A key pasted as text, or a file chosen with the native dialog (then only its path travels; Rust reads
 * it). `value`/`onChange` are the pasted text (antd Form item); `path`/`onPath` the chosen file.
 */
export function KeyFileField({ id, value, onChange, path, onPath, extensions, rows = 5, placeholder }: {
  id: string;
  value?: string;
  onChange?: (v: string) => void;
  path: string | null;
  onPath: (p: string | null) => void;
  extensions: string[];
  rows?: number;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const choose = async () => {
    const picked = await open({ title: t("profiles.keys.chooseTitle"), multiple: false, directory: false, filters: [{ name: extensions.join(" / "), extensions }] });
    if (typeof picked === "string") onPath(picked);
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      {path ? (
        <Space>
          <Typography.Text code id={`${id}-file`}>{path}</Typography.Text>
          <Button size="small" onClick={() => onPath(null)}>{t("profiles.keys.clearFile")}</Button>
        </Space>
      ) : (
        <Input.TextArea
          id={id}
          rows={rows}
          value={value}
          onChange={(e) => onChange?.(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          style={{ fontFamily: "monospace", fontSize: 12 }}
        />
      )}
      {!path && (
        <Button size="small" id={`${id}-choose`} onClick={() => void choose()}>
          {t("profiles.keys.chooseFile")}
        </Button>
      )}
    </Space>
  );
}
