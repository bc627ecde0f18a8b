import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import { HedgeParams } from '../../../../shared/hedge';
import {
  formatConfidence,
  formatNumber,
  formatPercent,
  formatPrice,
  formatSignedPercent,
} from '../../lib/format';
import {
  formatCoins,
  formatUsd,
  liquidationText,
  perpFundingText,
  type HedgeResult,
} from '../../lib/hedge';
import { useTheme } from '../../lib/theme';
import { hedgeGridThemes } from './gridTheme';

type Perp = HedgeResult['perps'][number];
type Lev = HedgeResult['leverage'][number];
type Lending = HedgeResult['lending'][number];

const usd = (p: ValueFormatterParams<Perp>) => formatUsd(p.value as number | null);
const rightCol = { type: 'rightAligned', minWidth: 92, flex: 1 } as const;
// the perpetuals table is wide: narrower columns, so it fits a 1,440 px window unscrolled (an
// auto-height grid's horizontal scrollbar would cover its last row; the cross-margin
// collateral is stated in the note under it)
const rp = (c: ColDef<Perp>): ColDef<Perp> => ({ ...rightCol, minWidth: 78, ...c });
const rl = (c: ColDef<Lev>): ColDef<Lev> => ({ ...rightCol, ...c });

/** Liquidation levels to the dollar above 10,000 (BTC), else as prices. */
const liquidationPriceText = (x: number) => (x >= 10_000 ? formatNumber(x, 0) : formatPrice(x));

const PERP_COLUMNS: ColDef<Perp>[] = [
  { field: 'symbol', headerName: 'Contract', pinned: 'left', width: 140 },
  { field: 'account', headerName: 'Venue', width: 90 },
  rp({
    field: 'quantity',
    headerName: 'Size',
    headerTooltip:
      'Signed, short < 0: coins for a linear contract, USD face for a coin-margined one',
    valueFormatter: (p) =>
      p.data?.settlement === 'inverse'
        ? `${formatNumber(p.value as number, 0)} USD`
        : formatCoins(p.value as number),
  }),
  rp({
    field: 'entryPrice',
    headerName: 'Entry',
    valueFormatter: (p) => formatPrice(p.value as number),
  }),
  rp({
    field: 'markPrice',
    headerName: 'Mark',
    valueFormatter: (p) => formatPrice(p.value as number),
  }),
  rp({ field: 'notional', headerName: 'Notional', valueFormatter: usd }),
  rp({
    field: 'unrealisedPnl',
    headerName: 'P&L',
    headerTooltip: 'Unrealised P&L since entry, at the mark',
    valueFormatter: usd,
    cellClassRules: { 'hedge-neg': (p) => (p.value as number) < 0 },
  }),
  rp({
    field: 'maintenanceMargin',
    headerName: 'Maint. margin',
    headerTooltip: 'Maintenance margin at the mark, from the venue’s brackets',
    valueFormatter: usd,
  }),
  rp({
    colId: 'liquidation',
    headerName: 'Liq. price',
    headerTooltip:
      'Mark price at which the account falls to maintenance margin, the other perpetuals held fixed',
    valueGetter: (p) => (p.data ? liquidationText(p.data) : ''),
    cellClassRules: { 'hedge-danger': (p) => p.data?.liquidationStatus === 'always' },
  }),
  rp({
    field: 'distancePct',
    headerName: 'Distance',
    headerTooltip: 'Move of the mark to the liquidation price',
    valueFormatter: (p) => formatSignedPercent(p.value as number | null, 1),
  }),
  rp({
    colId: 'isolated',
    headerName: 'Isolated liq.',
    headerTooltip:
      'Liquidation price if the position stood alone in isolated margin, posting notional / leverage (the leverage is in the Hedge settings, 10x by default)',
    valueGetter: (p) =>
      !p.data
        ? ''
        : p.data.isolatedLiquidationPrice === null
          ? 'none'
          : liquidationPriceText(p.data.isolatedLiquidationPrice),
    tooltipValueGetter: (p) =>
      p.data ? `isolated, margin = notional / ${formatNumber(p.data.isolatedLeverage, 0)}` : '',
  }),
  rp({
    field: 'distanceSd',
    headerName: 'Distance (1‑day σ)',
    headerTooltip: 'The same move in one-day standard deviations of the underlying',
    valueFormatter: (p) => (p.value === null ? '—' : `${formatNumber(p.value as number, 1)} σ`),
    cellClassRules: {
      'hedge-danger': (p) => typeof p.value === 'number' && Math.abs(p.value) < 3,
    },
  }),
  rp({
    field: 'fundingPerDay',
    headerName: 'Funding / day',
    minWidth: 120,
    headerTooltip: 'Funding at the contract’s rate on today’s notional: paid or earned',
    valueFormatter: (p) => perpFundingText(p.value as number),
  }),
];

const STRESS = HedgeParams.parse({});
const LEVERAGE_COLUMNS: ColDef<Lev>[] = [
  { field: 'asset', headerName: 'Asset', pinned: 'left', width: 96 },
  rl({ field: 'spot', headerName: 'Spot', valueFormatter: (p) => formatPrice(p.value as number) }),
  rl({
    field: 'dailyVol',
    headerName: 'Daily vol',
    valueFormatter: (p) => formatPercent(p.value as number),
  }),
  rl({
    field: 'stressedMove',
    headerName: `${formatConfidence(STRESS.stressAlpha)} fall`,
    headerTooltip:
      'Fall a long must survive: the historical quantile of daily returns over the stress horizon',
    valueFormatter: (p) => formatPercent(p.value as number),
  }),
  rl({
    field: 'stressedRise',
    headerName: `${formatConfidence(STRESS.stressAlpha)} rise`,
    headerTooltip:
      'Rise a short must survive: crypto’s up-days are larger than its down-days, so shorts get less leverage',
    valueFormatter: (p) => formatPercent(p.value as number),
  }),
  rl({
    field: 'maxLeverageLong',
    headerName: 'Max leverage long',
    headerTooltip: 'Largest leverage whose liquidation price lies beyond the stressed fall',
    valueFormatter: (p) => `${formatNumber(p.value as number, 1)}×`,
  }),
  rl({
    field: 'maxLeverageShort',
    headerName: 'Max leverage short',
    headerTooltip: 'Largest leverage whose liquidation price lies beyond the stressed rise',
    valueFormatter: (p) => `${formatNumber(p.value as number, 1)}×`,
  }),
  rl({
    field: 'venueMaxLeverage',
    headerName: 'Venue cap',
    valueFormatter: (p) => (p.value === null ? '—' : `${formatNumber(p.value as number, 0)}×`),
  }),
];

function LendingTable({ lending }: { lending: Lending[] }) {
  return (
    <table className="plain-table" data-testid="hedge-lending">
      <thead>
        <tr>
          <th>Account</th>
          <th className="num">Collateral</th>
          <th className="num">Debt</th>
          <th className="num" title="Aave health factor: liquidation below 1">
            Health factor
          </th>
          <th className="num">Borrow power left</th>
          <th>Collateral asset</th>
          <th className="num">Liquidation price</th>
          <th className="num">Move</th>
          <th>How</th>
        </tr>
      </thead>
      <tbody>
        {lending.map((a) => {
          const n = Math.max(1, a.liquidations.length) + (a.peg ? 1 : 0);
          const first = a.liquidations[0];
          const hf = a.healthFactor;
          return [
            <tr key={`${a.account}|head`} className="hedge-group-start">
              <td rowSpan={n}>{a.account}</td>
              <td className="num" rowSpan={n}>
                {formatUsd(a.collateralUsd)}
              </td>
              <td className="num" rowSpan={n}>
                {formatUsd(a.debtUsd)}
              </td>
              <td
                className={`num ${hf !== null && hf < 1.2 ? 'hedge-danger' : ''}`}
                rowSpan={n}
                data-testid="hedge-health-factor"
              >
                {hf === null ? '∞ (no debt)' : formatNumber(hf, 3)}
              </td>
              <td className="num" rowSpan={n}>
                {formatUsd(a.borrowPowerUsd)}
              </td>
              {first ? (
                <LiquidationCells l={first} />
              ) : (
                <td colSpan={4} className="hint">
                  no collateral
                </td>
              )}
            </tr>,
            ...a.liquidations.slice(1).map((l) => (
              <tr key={`${a.account}|${l.asset}`}>
                <LiquidationCells l={l} />
              </tr>
            )),
            a.peg && (
              <tr key={`${a.account}|peg`}>
                <td>
                  {a.peg.asset} peg to {a.peg.underlying}
                </td>
                <td className="num">
                  {a.peg.liquidationRatio === null ? '—' : formatNumber(a.peg.liquidationRatio, 4)}
                </td>
                <td className="num">
                  {a.peg.depegPct === null ? '—' : formatSignedPercent(-a.peg.depegPct, 1)}
                </td>
                <td className="hint">
                  {a.peg.liquidationRatio === null
                    ? `${a.peg.asset} per ${a.peg.underlying} now ${formatNumber(a.peg.currentRatio, 4)}; no depeg alone liquidates the account`
                    : `${a.peg.asset} per ${a.peg.underlying} now ${formatNumber(a.peg.currentRatio, 4)}; liquidated if the ratio falls to this level at today’s ${a.peg.underlying} price`}
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}

function LiquidationCells({ l }: { l: Lending['liquidations'][number] }) {
  return (
    <>
      <td>{l.asset}</td>
      <td className="num">{formatPrice(l.price)}</td>
      <td className="num">{formatSignedPercent(l.movePct, 1)}</td>
      <td className="hint">{l.note}</td>
    </>
  );
}

/** Perpetual margin and liquidation, lending health, and leverage limits. */
export function MarginPanel({ report }: { report: HedgeResult }) {
  const { theme } = useTheme();
  return (
    <section className="panel hedge-margin" data-testid="hedge-margin">
      <header>
        <h2>Margin and liquidation</h2>
        <span className="hint">at today’s marks; each price alone, the rest of the book fixed</span>
      </header>
      <h3>Perpetuals</h3>
      {report.perps.length === 0 ? (
        <p className="hint">No perpetuals in the book.</p>
      ) : (
        <div className="grid-auto" data-testid="hedge-perps">
          <AgGridReact<Perp>
            theme={hedgeGridThemes[theme]}
            rowData={report.perps}
            columnDefs={PERP_COLUMNS}
            defaultColDef={{
              sortable: true,
              resizable: true,
              wrapHeaderText: true,
              autoHeaderHeight: true,
            }}
            domLayout="autoHeight"
            suppressColumnVirtualisation
            getRowId={(p) => `${p.data.account}|${p.data.symbol}`}
            tooltipShowDelay={300}
            animateRows={false}
          />
        </div>
      )}
      {report.perps.length > 0 && (
        <ul className="hedge-notes" data-testid="hedge-perp-notes">
          {report.perps.map((p) => (
            <li key={`${p.account}|${p.symbol}`}>
              <strong>{p.symbol}</strong> ({p.account}), margin rule assumed: {p.note}
            </li>
          ))}
        </ul>
      )}
      <h3>Lending</h3>
      {report.lending.length === 0 ? (
        <p className="hint">No lending positions in the book.</p>
      ) : (
        <LendingTable lending={report.lending} />
      )}
      <h3>Leverage limits</h3>
      {report.leverage.length === 0 ? (
        <p className="hint">No asset with enough price history for a tail model.</p>
      ) : (
        <div className="grid-auto" data-testid="hedge-leverage">
          <AgGridReact<Lev>
            theme={hedgeGridThemes[theme]}
            rowData={report.leverage}
            columnDefs={LEVERAGE_COLUMNS}
            defaultColDef={{
              sortable: true,
              resizable: true,
              wrapHeaderText: true,
              autoHeaderHeight: true,
            }}
            domLayout="autoHeight"
            suppressColumnVirtualisation
            getRowId={(p) => p.data.asset}
            tooltipShowDelay={300}
            animateRows={false}
          />
        </div>
      )}
    </section>
  );
}
