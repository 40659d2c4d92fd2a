// The merchant a journey page works on: picked from the index, kept in the URL, with a link back to its
// journey.
import { Button, Card, Space } from "antd";
import { useNavigate } from "react-router-dom";
import { useI18n } from "../i18n";
import { useHuifuIdParam } from "../hooks/useHuifuIdParam";
import { MerchantPicker } from "./MerchantPicker";

export function MerchantBar({ id }: { id: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [huifuId, setHuifuId] = useHuifuIdParam();
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap>
        <span>{t("merchants.merchant")}:</span>
        <MerchantPicker id={id} value={huifuId} onChange={setHuifuId} />
        {huifuId && (
          <Button id={`${id}-journey`} type="link" onClick={() => navigate(`/merchant?huifu_id=${encodeURIComponent(huifuId)}`)}>
            {t("merchants.openMerchant")}
          </Button>
        )}
      </Space>
    </Card>
  );
}
