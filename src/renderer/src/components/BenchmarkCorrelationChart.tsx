import { useMemo, useState } from 'react';
import type { SeriesPoint } from '../../../shared/domain';
import { formatNumber } from '../lib/format';
import { MultiLineChart, type ChartLine } from './MultiLineChart';

interface Props {
  series: { symbol: string; points: SeriesPoint[] }[];
  /** Portfolio weight by asset: orders the picker and picks the default lines. */
  weights: Map<string, number>;
  benchmark: string | null;
  window: number;
}

const corrFormatter = (x: number) => formatNumber(x, 2);
const DEFAULT_LINES = 4;

/** Rolling correlation of chosen assets to the benchmark, one line each, with a picker and a legend. */
export function BenchmarkCorrelationChart({ series, weights, benchmark, window }: Props) {
  const bySymbol = useMemo(() => new Map(series.map((s) => [s.symbol, s])), [series]);
  const available = useMemo(
    () =>
      [...series.map((s) => s.symbol)].sort(
        (a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0) || a.localeCompare(b),
      ),
    [series, weights],
  );
  const [picked, setPicked] = useState<string[] | null>(null);
  const selected = useMemo(
    () => (picked ?? available.slice(0, DEFAULT_LINES)).filter((s) => bySymbol.has(s)),
    [picked, available, bySymbol],
  );
  const lines = useMemo<ChartLine[]>(
    () =>
      available
        .filter((s) => selected.includes(s))
        .map((s) => ({ key: s, label: s, points: bySymbol.get(s)!.points })),
    [available, selected, bySymbol],
  );
  const toggle = (s: string) =>
    setPicked(selected.includes(s) ? selected.filter((x) => x !== s) : [...selected, s]);

  if (!benchmark || series.length === 0) {
    return (
      <div className="chart-empty static">
        No benchmark in this book: rolling correlations need one (BTC when held).
      </div>
    );
  }
  return (
    <>
      <div
        className="picker"
        role="group"
        aria-label="Assets to chart"
        data-testid="benchmark-picker"
      >
        {available.map((s) => (
          <button
            key={s}
            type="button"
            className={`chip ${selected.includes(s) ? 'on' : ''}`}
            aria-pressed={selected.includes(s)}
            onClick={() => toggle(s)}
          >
            {s}
          </button>
        ))}
      </div>
      <MultiLineChart
        lines={lines}
        testId="benchmark-corr-chart"
        priceFormatter={corrFormatter}
        legend
        emptyText="Pick an asset above to chart its correlation."
      />
      <p className="caption">
        {window}-day correlation of each asset’s daily returns with {benchmark}’s.
      </p>
    </>
  );
}
