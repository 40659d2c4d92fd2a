// The skeleton the per-merchant config pages (business, wechat, terminals, split) share: the merchant
// picker bar, then one write form with its fixed req_seq_id (a draft) and the page's own view of what
// Huifu has. Each page keeps only its fields, its call and its view.
import { Fragment, type CSSProperties, type ReactNode } from "react";
import { Button, Card, Empty, Form, Space, Table, Typography, type TableProps } from "antd";
import { useI18n } from "../i18n";
import { useHuifuIdParam } from "../hooks/useHuifuIdParam";
import type { MerchantForm } from "../hooks/useMerchantForm";
import { MerchantBar } from "./MerchantBar";

/** `#<area>-page` with the bar `#<area>-merchant`; the body is remounted for each merchant picked. */
export function MerchantPage({ area, children }: { area: string; children: (huifuId: string) => ReactNode }) {
  const { t } = useI18n();
  const [huifuId] = useHuifuIdParam();
  return (
    <div id={`${area}-page`}>
      <MerchantBar id={`${area}-merchant`} />
      {huifuId ? <Fragment key={huifuId}>{children(huifuId)}</Fragment> : <Empty description={t("merchants.noMerchant")} />}
    </div>
  );
}

/** The submit button `#<id>-submit` and the request's fixed req_seq_id beside it (`extra` between). */
export function SubmitRow<V extends object>({ id, f, extra }: { id: string; f: MerchantForm<V>; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space>
      <Button type="primary" id={`${id}-submit`} loading={f.busy} disabled={!f.draft.reqSeqId} onClick={f.submit}>{t("common.submit")}</Button>
      {extra}
      <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>req_seq_id: <code>{f.draft.reqSeqId}</code></Typography.Text>
    </Space>
  );
}

/** The form `#<id>-form` in its card, the fields then the submit row. */
export function FormCard<V extends object>({ id, title, f, children }: { id: string; title: ReactNode; f: MerchantForm<V>; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <Form<V> form={f.form} layout="vertical" id={`${id}-form`} onValuesChange={f.draft.save} disabled={f.busy}>
        {children}
        <SubmitRow id={id} f={f} />
      </Form>
    </Card>
  );
}

/** What Huifu has for this merchant, with its refresh button `#<id>-refresh`. */
export function StateCard({ id, title, onRefresh, children, style }: { id: string; title: ReactNode; onRefresh: () => void; children: ReactNode; style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title} style={style} extra={<Button size="small" id={`${id}-refresh`} onClick={onRefresh}>{t("common.refresh")}</Button>}>
      {children}
    </Card>
  );
}

/** What Huifu lists for this merchant as a table `#<id>`, or `none` while the list is empty. */
export function StateTable<T extends object>({ id, list, rowKey, columns, none }: { id: string; list: T[] | null; rowKey: TableProps<T>["rowKey"]; columns: TableProps<T>["columns"]; none: string }) {
  if (!list?.length) return <Empty description={none} />;
  return <Table<T> id={id} size="small" rowKey={rowKey} pagination={false} dataSource={list} columns={columns} />;
}
