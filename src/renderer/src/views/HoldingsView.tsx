import { useEffect, useMemo, useRef, useState } from 'react';
import { BaseCurrencySelect } from '../components/history/BaseCurrencySelect';
import { useSeen } from '../components/history/useSeen';
import { WeightsChart } from '../components/history/WeightsChart';
import { ProgressBar } from '../components/ProgressBar';
import { HoldingsGrid, type HoldingsGridHandle } from '../components/HoldingsGrid';
import { TimeSeriesChart } from '../components/TimeSeriesChart';
import {
  formatCompact,
  formatMoney,
  formatPercent,
  formatPrice,
  formatSignedMoney,
} from '../lib/format';

/** Decimals of a value in the base currency: cents for USD-sized totals, more for BTC-sized ones. */
const valueDecimals = (total: number) =>
  Math.min(8, Math.max(2, 7 - Math.floor(Math.log10(Math.max(Math.abs(total), 1e-9)))));
import { useCall } from '../lib/queries';
import { newTaskId, useTaskProgress } from '../lib/task';

export function HoldingsView({ portfolio }: { portfolio: string }) {
  const holdings = useCall('holdings.get', { portfolio });
  // The value history runs in an engine worker: it reports progress and can be cancelled.
  const [historyTask] = useState(() => newTaskId('history'));
  const history = useCall('history.value', { portfolio, taskId: historyTask });
  const historyProgress = useTaskProgress(historyTask);
  // Served from the stored history, which the value history call rebuilds when it is stale;
  // fetched and drawn once the panel (below the fold) is scrolled to.
  const [weightsTask] = useState(() => newTaskId('weights'));
  const [weightsPanel, weightsSeen] = useSeen();
  const weights = useCall('history.weights', { portfolio, taskId: weightsTask }, weightsSeen);
  const report = holdings.data;
  const [symbol, setSymbol] = useState<string | null>(null);
  const grid = useRef<HoldingsGridHandle>(null);

  const symbols = useMemo(() => [...new Set(report?.rows.map((r) => r.symbol) ?? [])], [report]);
  useEffect(() => {
    if (!symbol && symbols.length) setSymbol(symbols[0]!);
  }, [symbol, symbols]);
  const prices = useCall('prices.series', { symbol: symbol ?? '' }, symbol !== null);

  if (holdings.error)
    return (
      <div className="error" role="alert">
        {holdings.error.message}
      </div>
    );
  if (!report) return <div className="loading">Loading holdings…</div>;

  const currency = report.currency ?? report.portfolio.baseCurrency;
  const decimals = currency === 'USD' ? 2 : valueDecimals(report.total);
  const venues = new Set(report.rows.map((r) => r.account)).size;
  const top = report.rows[0];
  const unrealised = report.rows.reduce((a, r) => a + (r.unrealisedPnl ?? 0), 0);
  const points = history.data?.points ?? [];
  const last = points[points.length - 1];

  return (
    <div className="view holdings">
      <div className="hist-toolbar">
        <BaseCurrencySelect portfolio={report.portfolio} />
        {report.conversion && (
          <span className="hint" data-testid="base-close">
            1 {report.conversion.currency} = {formatPrice(report.conversion.usdClose)} USD (close of{' '}
            {report.conversion.date})
          </span>
        )}
      </div>
      <section className="cards">
        <div className="card">
          <div className="label">Portfolio value</div>
          <div className="figure" data-testid="total-value">
            {formatMoney(report.total, decimals)} <span className="unit">{currency}</span>
          </div>
          <div className="sub">as of {report.asOf} close</div>
        </div>
        <div className="card">
          <div className="label">Positions</div>
          <div className="figure">{report.rows.length}</div>
          <div className="sub">{venues} venues</div>
        </div>
        <div className="card">
          <div className="label">Largest position</div>
          <div className="figure">{top ? top.symbol : '—'}</div>
          <div className="sub">{top ? `${formatPercent(top.weight)} at ${top.account}` : ''}</div>
        </div>
        <div className="card" data-testid="card-pnl">
          <div className="label">Unrealised P&amp;L</div>
          <div
            className={`figure ${unrealised <= -0.5 * 10 ** -decimals ? 'neg' : ''}`}
            data-testid="unrealised-pnl"
          >
            {formatSignedMoney(unrealised, decimals)} <span className="unit">{currency}</span>
          </div>
          <div className="sub" data-testid="realised-pnl">
            realised {formatSignedMoney(report.realisedPnl, decimals)}, income{' '}
            {formatSignedMoney(report.income, decimals)} (
            {report.costMethod === 'fifo' ? 'FIFO' : 'average cost'})
          </div>
        </div>
      </section>

      {report.warnings.length > 0 && (
        <ul className="warnings">
          {report.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}

      <section className="panel">
        <header>
          <h2>Holdings</h2>
          <button type="button" onClick={() => grid.current?.exportCsv()} data-testid="export-csv">
            Export CSV
          </button>
        </header>
        <HoldingsGrid
          ref={grid}
          rows={report.rows}
          total={report.total}
          fileName={`keel-holdings-${report.asOf}${currency === 'USD' ? '' : `-${currency}`}.csv`}
          onSelect={setSymbol}
          currency={currency}
          valueDecimals={decimals}
        />
      </section>

      <section className="charts">
        <div className="panel">
          <header>
            <h2>Portfolio value</h2>
            <span className="hint">
              {last
                ? `${formatCompact(last.value)} ${history.data?.baseCurrency ?? ''} on ${last.date}`
                : history.isLoading
                  ? 'computing…'
                  : ''}
            </span>
          </header>
          {history.isFetching && (
            <ProgressBar
              label="Value history"
              progress={historyProgress.progress}
              onCancel={historyProgress.cancel}
            />
          )}
          {history.error ? (
            <div className="error" role="alert">
              {history.error.message}{' '}
              <button type="button" onClick={() => void history.refetch()}>
                Retry
              </button>
            </div>
          ) : (
            <TimeSeriesChart
              points={points}
              kind="area"
              testId="value-chart"
              priceFormatter={formatCompact}
            />
          )}
        </div>
        <div className="panel">
          <header>
            <h2>Price</h2>
            <select
              value={symbol ?? ''}
              onChange={(e) => setSymbol(e.target.value)}
              data-testid="price-symbol"
              aria-label="Asset for the price chart"
            >
              {symbols.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <span className="hint">
              {prices.data?.points.length
                ? `${formatPrice(prices.data.points[prices.data.points.length - 1]!.value)} USD close`
                : ''}
            </span>
          </header>
          <TimeSeriesChart
            points={prices.data?.points ?? []}
            kind="line"
            testId="price-chart"
            priceFormatter={formatPrice}
          />
        </div>
      </section>

      <section className="panel hist-weights" ref={weightsPanel}>
        <header>
          <h2>Weights through time</h2>
          <span className="hint">
            {weights.data
              ? `share of the book's value in ${weights.data.baseCurrency}, top ${weights.data.series.filter((s) => !s.other).length} by latest value`
              : weights.isFetching
                ? 'computing…'
                : ''}
          </span>
        </header>
        {weights.error ? (
          <div className="error" role="alert">
            {weights.error.message}{' '}
            <button type="button" onClick={() => void weights.refetch()}>
              Retry
            </button>
          </div>
        ) : weightsSeen ? (
          <WeightsChart data={weights.data} testId="weights-chart" />
        ) : (
          <div className="chart" />
        )}
      </section>
    </div>
  );
}
