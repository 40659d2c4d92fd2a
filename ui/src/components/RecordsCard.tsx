// The list of local records a page keeps (orders, refunds, withdrawals): a card with one small paged table,
// and the columns every such list has (amount in yuan, the time it was made in Beijing time).
import type { ReactNode } from "react";
import { Card, Table, type TableColumnsType, type TableProps } from "antd";
import type { ColumnType } from "antd/es/table";
import { fenToYuan } from "../money/yuan";
import { BeijingTime, TimeTitle } from "./BeijingTime";

/** The table `#<id>` of `rows` in a card titled `title`, keyed by req_seq_id unless told otherwise. */
export function RecordsCard<T extends object>({ title, id, rows, columns, pageSize = 10, rowKey = "reqSeqId" }: {
  title: ReactNode;
  id: string;
  rows: T[];
  columns: TableColumnsType<T>;
  pageSize?: number;
  rowKey?: TableProps<T>["rowKey"];
}) {
  return (
    <Card title={title} size="small">
      <Table<T> id={id} size="small" rowKey={rowKey} dataSource={rows} pagination={{ pageSize }} columns={columns} />
    </Card>
  );
}

/** An amount in fen shown as yuan, right-aligned. */
export function fenColumn<T>(title: ReactNode, dataIndex = "amountFen"): ColumnType<T> {
  return { title, dataIndex, align: "right", render: (v: number) => fenToYuan(v) };
}

/** When the record was made (`createdAt`), in Beijing time. */
export function createdColumn<T>(label: string): ColumnType<T> {
  return { title: <TimeTitle label={label} />, dataIndex: "createdAt", render: (v: string) => <BeijingTime at={v} bare /> };
}
