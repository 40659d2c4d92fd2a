import { useState } from "react";
import { Space, Typography } from "antd";
import { useI18n } from "../../i18n";
import { ConfigCard } from "./ConfigCard";
import { FilesCard } from "./FilesCard";
import { AnalysisCard } from "./AnalysisCard";
import { MerchantPicker } from "../../components/MerchantPicker";
import { useChosenMerchant } from "../../hooks/useChosenMerchant";

/** Statements (对账单): config → files of a day → download/import → filter, totals, chart, export. */
export function BillPage() {
  const { t } = useI18n();
  const [huifuId, setHuifuId] = useChosenMerchant();
  const [reloadKey, setReloadKey] = useState(0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} id="statements-page">
      <Space>
        <Typography.Text>{t("statements.merchant")}</Typography.Text>
        <MerchantPicker id="bill-huifu" value={huifuId} onChange={setHuifuId} />
        <Typography.Text type="secondary">{t("statements.merchantHint")}</Typography.Text>
      </Space>
      <ConfigCard huifuId={huifuId} />
      <FilesCard huifuId={huifuId} onImported={() => setReloadKey((k) => k + 1)} />
      <AnalysisCard reloadKey={reloadKey} />
    </Space>
  );
}
