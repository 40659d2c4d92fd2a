// One picker for every page that needs a merchant: type any of name, short name, huifu_id, licence or ID
// number, contact phone; desk searches its index (personal data only as keyed hashes) and answers. A
// huifu_id not in the index can still be typed and used.
import { useEffect, useMemo, useRef, useState } from "react";
import { Select, Space, Tag, Typography } from "antd";
import type { Merchant } from "../bindings/Merchant";
import { call } from "../ipc/call";
import { useI18n } from "../i18n";
import { useActiveProfile } from "../state/profile";
import { useWords } from "../hooks/useWords";

export function MerchantPicker({ value, onChange, id, width = 420 }: { value?: string; onChange?: (v: string) => void; id?: string; width?: number }) {
  const { t } = useI18n();
  const w = useWords();
  const profile = useActiveProfile()?.name;
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Merchant[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    const timer = setTimeout(() => {
      call("merchant_search", { q })
        .then((list) => mine === seq.current && setFound(list))
        .catch(() => mine === seq.current && setFound([]))
        .finally(() => mine === seq.current && setLoading(false));
    }, q ? 200 : 0);
    return () => clearTimeout(timer);
  }, [q, profile]);
  const options = useMemo(() => {
    const opts = found.map((m) => ({
      value: m.huifuId,
      title: `${m.name || "—"} ${m.huifuId}`,
      label: (
        <Space size={4} data-huifu-id={m.huifuId}>
          <span>{m.name || "—"}</span>
          {m.shortName && <Typography.Text type="secondary">{m.shortName}</Typography.Text>}
          <Typography.Text code>{m.huifuId}</Typography.Text>
          {m.kind && <Tag bordered={false}>{w("merchantKind", m.kind)}</Tag>}
        </Space>
      ),
    }));
    const typed = q.trim();
    if (/^\d{6,18}$/.test(typed) && !opts.some((o) => o.value === typed)) opts.unshift({ value: typed, title: typed, label: <span>{t("picker.useTyped", { id: typed })}</span> });
    if (value && !opts.some((o) => o.value === value)) opts.unshift({ value, title: value, label: <Typography.Text code>{value}</Typography.Text> });
    return opts;
  }, [found, q, value, t, w]);
  return (
    <Select
      id={id}
      showSearch
      allowClear
      style={{ width }}
      placeholder={t("picker.placeholder")}
      value={value || undefined}
      onChange={(v) => onChange?.(v ?? "")}
      onSearch={setQ}
      filterOption={false}
      loading={loading}
      options={options}
      notFoundContent={loading ? t("app.loading") : t("picker.none")}
      optionLabelProp="title"
    />
  );
}
