import { useState } from 'react';
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { HoldingRow } from '../../../shared/domain';
import { call } from '../lib/client';
import { downloadText } from '../lib/download';
import { formatMoney, formatPercent, formatPrice, formatQuantity } from '../lib/format';
import { useCall } from '../lib/queries';
import { DataGrid } from './DataGrid';
import { holdingRowId } from '../lib/holdingRowId';

const num = (f: (x: number | null) => string) => (p: ValueFormatterParams<HoldingRow>) =>
  p.value === undefined ? '' : f(p.value as number | null);

const columns: ColDef<HoldingRow>[] = [
  { field: 'symbol', headerName: 'Asset', width: 100, pinned: 'left' },
  { field: 'name', headerName: 'Name', width: 150 },
  { field: 'account', headerName: 'Venue', width: 190 },
  {
    field: 'quantity',
    headerName: 'Quantity',
    width: 210,
    type: 'rightAligned',
    valueFormatter: (p) => (typeof p.value === 'string' ? formatQuantity(p.value) : ''),
    comparator: (a: string, b: string) => Number(a) - Number(b),
    filter: 'agNumberColumnFilter',
    filterValueGetter: (p) => (p.data ? Number(p.data.quantity) : null),
  },
  {
    field: 'price',
    headerName: 'Price',
    width: 120,
    type: 'rightAligned',
    valueFormatter: num(formatPrice),
    filter: 'agNumberColumnFilter',
  },
  { field: 'priceDate', headerName: 'Price date', width: 115 },
  {
    field: 'value',
    headerName: 'Value',
    width: 140,
    type: 'rightAligned',
    valueFormatter: num((x) => formatMoney(x)),
    filter: 'agNumberColumnFilter',
    sort: 'desc',
  },
  {
    field: 'costBasis',
    headerName: 'Cost basis',
    width: 140,
    type: 'rightAligned',
    valueFormatter: num((x) => formatMoney(x)),
    filter: 'agNumberColumnFilter',
  },
  {
    field: 'unrealisedPnl',
    headerName: 'Unrealised P&L',
    width: 150,
    type: 'rightAligned',
    valueFormatter: num((x) => formatMoney(x)),
    filter: 'agNumberColumnFilter',
    cellClass: (p) =>
      typeof p.value === 'number' ? (p.value < 0 ? 'neg' : p.value > 0 ? 'pos' : '') : '',
  },
  {
    field: 'weight',
    headerName: 'Weight',
    width: 100,
    type: 'rightAligned',
    valueFormatter: num((x) => formatPercent(x)),
    filter: 'agNumberColumnFilter',
  },
];

const sum = (rows: HoldingRow[], f: (r: HoldingRow) => number | null) =>
  rows.reduce((s, r) => s + (f(r) ?? 0), 0);

/** Positions as of a chosen day by FIFO or average cost, their totals, and the exports. */
export function HoldingsAsOfPanel({
  portfolio,
  lastDate,
}: {
  portfolio: string;
  lastDate: string | null;
}) {
  const [asOf, setAsOf] = useState(lastDate ?? '');
  const [costMethod, setCostMethod] = useState<'fifo' | 'average'>('fifo');
  const holdings = useCall('holdings.get', { portfolio, costMethod, ...(asOf ? { asOf } : {}) });
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const r = holdings.data;
  const rows = r?.rows ?? [];
  const cost = sum(rows, (x) => x.costBasis);
  const unrealised = sum(rows, (x) => x.unrealisedPnl);
  const ccy = r?.portfolio.baseCurrency ?? '';

  const run = async (what: string, f: () => Promise<void>) => {
    setExporting(what);
    setExportError(null);
    try {
      await f();
    } catch (err) {
      setExportError(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(null);
    }
  };
  const exportCsv = (what: 'transactions' | 'holdings') =>
    run(what, async () => {
      const out = await call('export.csv', {
        portfolio,
        what,
        ...(what === 'holdings' && asOf ? { asOf } : {}),
      });
      downloadText(out.fileName, out.csv, 'text/csv');
    });
  const exportJson = () =>
    run('json', async () => {
      const doc = await call('export.json', { portfolio, prices: true });
      const name = doc.portfolio.name.replace(/[^A-Za-z0-9._-]+/g, '-');
      downloadText(`keel-${name}.json`, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
    });

  return (
    <div className="asof-panel">
      <section className="panel">
        <header>
          <h2>Holdings as of</h2>
          <input
            type="date"
            value={asOf}
            max={lastDate ?? undefined}
            onChange={(e) => setAsOf(e.target.value)}
            aria-label="As of date"
            data-testid="asof-date"
          />
          <select
            value={costMethod}
            onChange={(e) => setCostMethod(e.target.value as 'fifo' | 'average')}
            aria-label="Cost method"
            data-testid="cost-method"
          >
            <option value="fifo">FIFO</option>
            <option value="average">Average cost</option>
          </select>
          <div className="exports">
            <button
              type="button"
              disabled={!!exporting}
              onClick={() => void exportCsv('transactions')}
              data-testid="export-transactions"
            >
              Transactions CSV
            </button>
            <button
              type="button"
              disabled={!!exporting}
              onClick={() => void exportCsv('holdings')}
              data-testid="export-holdings"
            >
              Holdings CSV
            </button>
            <button
              type="button"
              disabled={!!exporting}
              onClick={() => void exportJson()}
              data-testid="export-json"
            >
              Portfolio JSON
            </button>
          </div>
        </header>
        {exporting && <p className="hint">Preparing the {exporting} export…</p>}
        {exportError && (
          <div className="notice error" role="alert">
            {exportError}
          </div>
        )}
        {holdings.error && (
          <div className="notice error" role="alert">
            {holdings.error.message}
          </div>
        )}
        <div className="cards asof-cards" data-testid="asof-totals">
          <div className="card">
            <div className="label">Value</div>
            <div className="figure" data-testid="asof-value">
              {r ? formatMoney(r.total) : '—'} <span className="unit">{ccy}</span>
            </div>
            <div className="sub">
              {r ? `${rows.length} positions, closes on or before ${r.asOf}` : 'loading…'}
            </div>
          </div>
          <div className="card">
            <div className="label">Cost basis ({costMethod === 'fifo' ? 'FIFO' : 'average'})</div>
            <div className="figure">{r ? formatMoney(cost) : '—'}</div>
            <div className="sub">Unrealised P&amp;L {r ? formatMoney(unrealised) : '—'}</div>
          </div>
          <div className="card">
            <div className="label">Realised P&amp;L</div>
            <div className="figure" data-testid="asof-realised">
              {r ? formatMoney(r.realisedPnl) : '—'}
            </div>
            <div className="sub">up to {r?.asOf ?? '—'}</div>
          </div>
          <div className="card">
            <div className="label">Income</div>
            <div className="figure" data-testid="asof-income">
              {r ? formatMoney(r.income) : '—'}
            </div>
            <div className="sub">staking rewards, at value on receipt</div>
          </div>
        </div>
        {r && r.warnings.length > 0 && (
          <ul className="warnings">
            {r.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <DataGrid
          rows={rows}
          columns={columns}
          testId="asof-grid"
          height={560}
          getRowId={(p) => holdingRowId(p.data)}
        />
      </section>
    </div>
  );
}
