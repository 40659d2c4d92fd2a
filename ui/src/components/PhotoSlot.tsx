// A photo slot that fits the chosen image in Rust (onboarding_picture_stage) and shows the fitted size.
import { useRef, useState, type DragEvent } from "react";
import { Button, Modal, Space, Tag, Typography } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import type { StagedPicture } from "../bindings/StagedPicture";
import { call } from "../ipc/call";
import { useI18n } from "../i18n";
import { useFormError } from "../hooks/useFormError";

function kb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Previews of this window's session, by staged path: a preview survives leaving the page and coming back
 * (the bytes stay in memory only; nothing personal is written for it). */
const PREVIEWS = new Map<string, string>();

/** A staged picture with the name of the file the person chose. */
export type ChosenPicture = StagedPicture & { name?: string };

/**
 * One picture of the form (`field` is the wire name, e.g. `license_pic`): drop a file or choose one; Rust
 * fits it under Huifu's 2 MB limit and keeps it; the slot shows the preview (click to zoom), the chosen
 * file's name, the fitted size, and a remove button. All its words are the app's, never the browser's.
 */
export function PhotoSlot({ field, value, onChange }: { field: string; value?: ChosenPicture; onChange?: (v: ChosenPicture | undefined) => void }) {
  const { t } = useI18n();
  const onError = useFormError();
  const [preview, setPreview] = useState<string | null>(() => (value?.path ? PREVIEWS.get(value.path) ?? null : null));
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [zoom, setZoom] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const take = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const staged = await call("onboarding_picture_stage", { field, name: file.name, dataBase64: await readBase64(file) });
      const url = URL.createObjectURL(file);
      PREVIEWS.set(staged.path, url);
      setPreview(url);
      onChange?.({ ...staged, name: file.name });
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files[0]);
  };
  const remove = () => {
    setPreview(null);
    onChange?.(undefined);
  };
  return (
    <div
      id={`photo-${field}`}
      data-staged={value ? "true" : "false"}
      data-bytes={value ? String(value.bytes) : ""}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      style={{
        border: `1px dashed ${over ? "#1677ff" : "#d9d9d9"}`,
        borderRadius: 8,
        padding: 8,
        width: 200,
        minHeight: 150,
        textAlign: "center",
        background: "#fafafa",
        opacity: busy ? 0.6 : 1,
        position: "relative",
      }}
    >
      {preview ? (
        <img src={preview} alt={t(`onboarding.pic.${field}` as never)} title={t("onboarding.photoZoom")} onClick={() => setZoom(true)} style={{ maxWidth: 180, maxHeight: 90, objectFit: "contain", cursor: "zoom-in" }} />
      ) : (
        <InboxOutlined style={{ fontSize: 32, color: "#1677ff", margin: 8 }} />
      )}
      <div style={{ fontSize: 12 }}>
        {value ? (
          <Space direction="vertical" size={0}>
            <Typography.Text ellipsis style={{ maxWidth: 180, fontSize: 12 }} className="photo-name">
              {value.name ?? t("onboarding.photoChosen")}
            </Typography.Text>
            <span id={`photo-size-${field}`}>
              {value.fitted ? (
                <Tag color="blue">
                  {t("onboarding.fitted", { from: kb(value.originalBytes), to: kb(value.bytes) })}
                </Tag>
              ) : (
                <Tag>{kb(value.bytes)}</Tag>
              )}
            </span>
          </Space>
        ) : (
          <Typography.Text type="secondary">{busy ? t("onboarding.fitting") : t("onboarding.dropHere")}</Typography.Text>
        )}
      </div>
      <Space size={4} style={{ marginTop: 4 }}>
        <Button size="small" id={`photo-choose-${field}`} onClick={() => input.current?.click()} loading={busy}>
          {value ? t("onboarding.photoReplace") : t("onboarding.photoChoose")}
        </Button>
        {value && <Button size="small" danger id={`photo-remove-${field}`} onClick={remove}>{t("onboarding.photoRemove")}</Button>}
      </Space>
      {/* The browser's own file button would say "Choose File" in English: it stays hidden, ours opens it. */}
      <input
        ref={input}
        id={`photo-input-${field}`}
        type="file"
        accept="image/jpeg,image/png,image/bmp,image/*"
        style={{ position: "absolute", width: 1, height: 1, opacity: 0, overflow: "hidden" }}
        onChange={(e) => void take(e.target.files?.[0])}
      />
      <Modal open={zoom} footer={null} onCancel={() => setZoom(false)} width={760} title={t(`onboarding.pic.${field}` as never)}>
        {preview && <img src={preview} alt="" style={{ width: "100%", objectFit: "contain" }} />}
      </Modal>
    </div>
  );
}

