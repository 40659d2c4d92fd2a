// Onboarding form parts both onboarding forms use: the settlement cycle and the photos section.
import { Card, Form, Select, Space } from "antd";
import { useI18n } from "../../i18n";
import { PhotoSlot } from "../../components/PhotoSlot";
import { picName } from "./useSubmit";

/** The settlement cycle picker both onboarding forms offer. */
export function SettleCycleItem() {
  const { t } = useI18n();
  return (
    <Form.Item name="settleCycle" label={t("onboarding.settleCycle")}>
      <Select options={["T1", "D1", "TS"].map((v) => ({ value: v, label: t(`onboarding.settle.${v}` as never) }))} />
    </Form.Item>
  );
}

/** The photos section: one slot per [picture field, required] pair. */
export function PhotosCard({ pics }: { pics: [string, boolean][] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t("onboarding.sec.photos")} style={{ marginBottom: 12 }}>
      <Space wrap align="start">
        {pics.map(([f, needed]) => (
          <Form.Item key={f} name={picName(f)} label={t(`onboarding.pic.${f}` as never)} rules={needed ? [{ required: true, message: t("onboarding.picRequired") }] : []}>
            <PhotoSlot field={f} />
          </Form.Item>
        ))}
      </Space>
    </Card>
  );
}
