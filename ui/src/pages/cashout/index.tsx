import { useCallback, useEffect, useState } from "react";
import { Button, Card, Col, Row, Space, Statistic, Table, Typography } from "antd";
import type { AccountBalance } from "../../bindings/AccountBalance";
import type { BalanceView } from "../../bindings/BalanceView";
import type { Withdrawal } from "../../bindings/Withdrawal";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { TradeStateTag } from "../../components/TradeStateTag";
import { WithdrawCard } from "./WithdrawCard";
import { MerchantPicker } from "../../components/MerchantPicker";
import { useChosenMerchant } from "../../hooks/useChosenMerchant";
import { beijing } from "../../components/BeijingTime";
import { RecordsCard, createdColumn, fenColumn } from "../../components/RecordsCard";
import { Word } from "../../components/Word";

/** Balance and withdrawal for one merchant. */
export function CashoutPage() {
  const { t } = useI18n();
  const [huifuId, setHuifuId] = useChosenMerchant();
  const [view, setView] = useState<BalanceView | null>(null);
  const [list, setList] = useState<Withdrawal[]>([]);
  const [busy, setBusy] = useState(false);

  const loadList = useCallback(async () => {
    try {
      setList(await call("cashout_list", { huifuId: huifuId || undefined, limit: 50 }));
    } catch (e) {
      handleError(e, { t });
    }
  }, [huifuId, t]);
  useEffect(() => {
    void loadList();
  }, [loadList]);

  const query = async () => {
    setBusy(true);
    try {
      setView(await call("cashout_balance", { huifuId }));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(false);
    }
  };
  const changed = () => {
    void loadList();
    void query();
  };

  const yuan = (v: number) => fenToYuan(v);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} id="balance-page">
      <Card size="small">
        <Space>
          <Typography.Text>{t("balance.merchant")}</Typography.Text>
          <MerchantPicker id="balance-huifu" value={huifuId} onChange={setHuifuId} />
          <Button id="balance-query" type="primary" onClick={query} loading={busy} disabled={!huifuId}>{t("balance.query")}</Button>
        </Space>
        {view && (
          <div style={{ marginTop: 12 }} id="balance-view" data-available-fen={view.availableFen}>
            <Row gutter={16}>
              <Col span={6}><Statistic title={t("balance.available")} value={yuan(view.availableFen)} /></Col>
              <Col span={6}><Statistic title={t("balance.frozen")} value={yuan(view.frozenFen)} /></Col>
            </Row>
            <Typography.Text type="secondary">{t("balance.queriedAt", { at: `${beijing(view.queriedAt)} ${t("time.beijing")}` })}</Typography.Text>
            <Table<AccountBalance>
              size="small"
              rowKey="acctId"
              pagination={false}
              dataSource={view.accounts}
              columns={[
                { title: t("balance.col.acct"), dataIndex: "acctId" },
                { title: t("balance.col.type"), dataIndex: "acctType", render: (v: string) => <Word v="acctType" code={v} /> },
                fenColumn(t("balance.col.balance"), "balanceFen"),
                fenColumn(t("balance.col.available"), "availableFen"),
                fenColumn(t("balance.col.frozen"), "frozenFen"),
                // acct_stat: the spec lists no values (the sandbox says N), so it has no word yet; shown as the code it is.
                { title: t("balance.col.state"), dataIndex: "acctStat", render: (v: string) => (v ? <Typography.Text code>{v}</Typography.Text> : "—") },
              ]}
            />
          </div>
        )}
      </Card>
      <WithdrawCard huifuId={huifuId} availableFen={view?.availableFen ?? null} onChanged={changed} />
      <RecordsCard<Withdrawal>
        title={t("balance.list.title")}
        id="withdraw-list"
        rows={list}
        columns={[
          { title: t("balance.col.seq"), dataIndex: "reqSeqId" },
          { title: t("balance.merchant"), dataIndex: "huifuId" },
          fenColumn(t("balance.col.amount")),
          { title: t("balance.withdraw.cashType"), dataIndex: "intoAcctDateType", render: (v: string) => <Word v="cashType" code={v} /> },
          { title: t("balance.col.state"), dataIndex: "state", render: (_: unknown, r) => <TradeStateTag state={r.state} raw={r.rawStatus} /> },
          { title: t("balance.col.message"), dataIndex: "message" },
          createdColumn(t("balance.col.created")),
        ]}
      />
    </Space>
  );
}
