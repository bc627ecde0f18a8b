import { useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { GreeksSummary } from '../../../../shared/hedge';
import { downloadText } from '../../lib/download';
import { formatPercent, formatPrice } from '../../lib/format';
import {
  formatCoins,
  formatQuantity,
  formatStrike,
  formatUsd,
  greeksCsv,
  greeksRows,
  greeksTotalRow,
  type GreeksMode,
  type GreeksRow,
} from '../../lib/hedge';
import { useTheme } from '../../lib/theme';
import { hedgeGridThemes } from './gridTheme';

type F = ValueFormatterParams<GreeksRow>;
const usd = (p: F) => formatUsd(p.value as number | null);
const negative = {
  'hedge-neg': (p: { value: unknown }) => typeof p.value === 'number' && p.value < 0,
};

const num = (c: ColDef<GreeksRow>): ColDef<GreeksRow> => ({
  type: 'rightAligned',
  flex: 1,
  minWidth: 96,
  valueFormatter: usd,
  cellClassRules: negative,
  ...c,
});

const GREEKS: ColDef<GreeksRow>[] = [
  num({ field: 'value', headerName: 'Value', headerTooltip: 'Mark-to-model value, USD' }),
  num({
    field: 'delta',
    headerName: 'Delta (coins)',
    headerTooltip: 'Delta in coins of the underlying (no total: coins of different assets)',
    valueFormatter: (p: F) => (p.data?.isTotal ? '' : formatCoins(p.value as number | null)),
  }),
  num({
    field: 'dollarDelta',
    headerName: '$ Delta',
    headerTooltip:
      'Dollar delta: USD change per 1.00 relative move of the underlying (delta × spot)',
  }),
  num({
    field: 'dollarGamma1pct',
    headerName: '$ Gamma 1 %',
    headerTooltip:
      'Dollar gamma per 1 %: the P&L from gamma alone for a 1 % move either way, ½·Γ·(0.01·S)²',
  }),
  num({
    field: 'vegaPerPoint',
    headerName: 'Vega / pt',
    headerTooltip: 'USD per vol point (0.01 of volatility)',
  }),
  num({
    field: 'thetaPerDay',
    headerName: 'Theta / day',
    headerTooltip: 'USD per calendar day; for perpetuals, the funding received (+) or paid (−)',
  }),
];

const COLUMNS: Record<GreeksMode, ColDef<GreeksRow>[]> = {
  underlying: [
    { field: 'underlying', headerName: 'Underlying', pinned: 'left', width: 120 },
    num({
      field: 'spot',
      headerName: 'Spot',
      valueFormatter: (p: F) => (p.data?.isTotal ? '' : formatPrice(p.value as number | null)),
      cellClassRules: {},
    }),
    ...GREEKS,
  ],
  expiry: [
    { field: 'underlying', headerName: 'Underlying', pinned: 'left', width: 120 },
    { field: 'bucket', headerName: 'Expiry bucket', width: 140 },
    ...GREEKS,
  ],
  position: [
    { field: 'symbol', headerName: 'Position', pinned: 'left', width: 230, tooltipField: 'symbol' },
    { field: 'account', headerName: 'Venue', width: 170, tooltipField: 'account' },
    { field: 'kind', headerName: 'Kind', width: 96 },
    { field: 'underlying', headerName: 'Underlying', width: 100 },
    num({
      field: 'quantity',
      headerName: 'Quantity',
      valueFormatter: (p: F) => (p.data?.isTotal ? '' : formatQuantity(p.value as number)),
      cellClassRules: {},
    }),
    {
      field: 'expiryDate',
      headerName: 'Expiry',
      width: 104,
      valueFormatter: (p: F) => (p.value as string | null) ?? '',
    },
    num({
      field: 'strike',
      headerName: 'Strike',
      minWidth: 84,
      valueFormatter: (p: F) => (p.value === null ? '' : formatStrike(p.value as number)),
      cellClassRules: {},
    }),
    num({
      field: 'vol',
      headerName: 'Vol',
      minWidth: 70,
      headerTooltip: 'Volatility the option is marked at (its smile at its strike and expiry)',
      valueFormatter: (p: F) => (p.value === null ? '' : formatPercent(p.value as number, 1)),
      cellClassRules: {},
    }),
    ...GREEKS,
  ],
};

const MODES: { id: GreeksMode; label: string }[] = [
  { id: 'underlying', label: 'By underlying' },
  { id: 'expiry', label: 'By expiry' },
  { id: 'position', label: 'Positions' },
];

interface Props {
  book: GreeksSummary;
  after: GreeksSummary | null;
  fileStem: string;
}

/** Greeks by underlying, by expiry bucket or per position, with totals and CSV export. */
export function GreeksGrid({ book, after, fileStem }: Props) {
  const { theme } = useTheme();
  const [mode, setMode] = useState<GreeksMode>('underlying');
  const [showAfter, setShowAfter] = useState(false);
  const withAfter = showAfter && after !== null;
  const g = withAfter ? after : book;
  const rows = useMemo(() => greeksRows(g, mode), [g, mode]);
  const total = useMemo(() => greeksTotalRow(g, mode), [g, mode]);
  const auto = rows.length <= 40;

  return (
    <section className="panel" data-testid="hedge-greeks">
      <header>
        <h2>Greeks</h2>
        <span className="hint">desk units, USD</span>
        <div className="hedge-segment" role="tablist" aria-label="Rows">
          {MODES.map((m) => (
            <button
              key={m.id}
              type="button"
              role="tab"
              aria-selected={mode === m.id}
              className={`tab ${mode === m.id ? 'on' : ''}`}
              onClick={() => setMode(m.id)}
              data-testid={`hedge-greeks-${m.id}`}
            >
              {m.label}
            </button>
          ))}
        </div>
        {after && (
          <div className="hedge-segment" role="group" aria-label="Book">
            <button
              type="button"
              className={`tab ${!withAfter ? 'on' : ''}`}
              aria-pressed={!withAfter}
              onClick={() => setShowAfter(false)}
              data-testid="hedge-greeks-book"
            >
              Book
            </button>
            <button
              type="button"
              className={`tab ${withAfter ? 'on' : ''}`}
              aria-pressed={withAfter}
              onClick={() => setShowAfter(true)}
              data-testid="hedge-greeks-after"
            >
              With what-if
            </button>
          </div>
        )}
        <button
          type="button"
          onClick={() =>
            downloadText(
              `${fileStem}-greeks-${mode}${withAfter ? '-whatif' : ''}.csv`,
              greeksCsv(rows, total, mode),
            )
          }
          data-testid="hedge-greeks-csv"
        >
          Export CSV
        </button>
      </header>
      <div
        className={auto ? 'grid-auto' : 'grid'}
        style={auto ? undefined : { height: 520 }}
        data-testid="hedge-greeks-grid"
        data-mode={mode}
        data-book={withAfter ? 'after' : 'book'}
      >
        <AgGridReact<GreeksRow>
          key={mode}
          theme={hedgeGridThemes[theme]}
          rowData={rows}
          pinnedBottomRowData={[total]}
          columnDefs={COLUMNS[mode]}
          defaultColDef={{ sortable: true, resizable: true }}
          domLayout={auto ? 'autoHeight' : 'normal'}
          suppressColumnVirtualisation
          getRowId={(p) => p.data.id}
          getRowClass={(p) =>
            p.data?.isTotal
              ? 'total-row'
              : p.data?.account === 'what-if'
                ? 'hedge-whatif-row'
                : undefined
          }
          tooltipShowDelay={300}
          animateRows={false}
        />
      </div>
    </section>
  );
}
