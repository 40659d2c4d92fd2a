import { useMemo } from "react";
import { Select } from "antd";
import { useI18n } from "../i18n";
import banksData from "../data/banks.json";

const BANKS = banksData as [string, string][];

/** Huifu bank codes by name (third-party list, see /work/shared/data/README.md). */
export function BankPicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useI18n();
  const options = useMemo(() => BANKS.map(([code, name]) => ({ value: code, label: `${name} ${code}` })), []);
  return (
    <Select
      id={id}
      allowClear
      showSearch
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t("onboarding.bankPick")}
      filterOption={(input, o) => String(o?.label ?? "").includes(input)}
    />
  );
}

