import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageRow } from '@shared/remote.js';
import { formatDay } from './moneyAndDays.js';
import { formatCompact, providerLabel } from './usageFormat.js';

/** Series colours, from the theme so the chart follows light and dark. */
const palette = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)'];

interface ChartData {
  days: Array<Record<string, number | string>>;
  providers: string[];
}

/** One bar per day, stacked by provider (this computer, then each endpoint), in tokens in and out. */
function chartData(rows: UsageRow[]): ChartData {
  const providers: string[] = [];
  const byDay = new Map<string, Record<string, number | string>>();
  for (const row of rows) {
    const provider = providerLabel(row);
    if (!providers.includes(provider)) providers.push(provider);
    const day = byDay.get(row.day) ?? { day: row.day };
    day[provider] = ((day[provider] as number | undefined) ?? 0) + row.tokensIn + row.tokensOut;
    byDay.set(row.day, day);
  }
  // Local first, so its colour stays the same whatever endpoints exist.
  providers.sort((a, b) => (a === 'This computer' ? -1 : b === 'This computer' ? 1 : a.localeCompare(b)));
  return { days: [...byDay.values()].sort((a, b) => String(a.day).localeCompare(String(b.day))), providers };
}

/**
 * Tokens per day by provider, drawn by Recharts (SVG, no network, no canvas). The same numbers are
 * in the table below it, which is what a screen reader reads.
 */
export function UsageChart({ rows }: { rows: UsageRow[] }) {
  const { days, providers } = chartData(rows);
  return (
    <div className="usage-chart" data-days={days.length} data-providers={providers.join('|')}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} className="usage-chart-grid" />
          <XAxis dataKey="day" tickFormatter={formatDay} tickLine={false} />
          <YAxis tickFormatter={formatCompact} tickLine={false} axisLine={false} width={48} />
          <Tooltip
            cursor={{ fill: 'var(--surface-muted)' }}
            formatter={(value) => `${Number(value).toLocaleString('en-US')} tokens`}
            labelFormatter={(day) => (typeof day === 'string' ? formatDay(day) : day)}
            contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border)', borderRadius: 6, color: 'var(--text)' }}
          />
          <Legend itemSorter={null} />
          {providers.map((provider, index) => (
            <Bar
              key={provider}
              dataKey={provider}
              name={provider}
              stackId="tokens"
              fill={palette[index % palette.length]}
              isAnimationActive={false}
              maxBarSize={48}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
