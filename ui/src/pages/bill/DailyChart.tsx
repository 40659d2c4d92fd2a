import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyTotal } from "../../bindings/DailyTotal";

/** Daily net amounts as bars (recharts; loaded lazily so the rest of the app does not carry it). */
export default function DailyChart({ days, label }: { days: DailyTotal[]; label: string }) {
  // Yuan for display only (a chart axis); every sum was done in integer fen by desk.
  const data = days.map((d) => ({ date: `${d.date.slice(4, 6)}-${d.date.slice(6, 8)}`, yuan: d.amountFen / 100, count: d.count }));
  return (
    <div id="bill-chart" data-days={days.length} style={{ width: "100%", height: 220 }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" />
          <YAxis />
          <Tooltip formatter={(v) => [Number(v).toFixed(2), label]} />
          <Bar dataKey="yuan" name={label} fill="#1677ff" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
