import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AllocationMethod, AllocationProposal } from '../../../../shared/allocation';
import { methodLabel } from '../../lib/allocation';
import { formatNumber, formatPercent } from '../../lib/format';
import { niceTicks, placeLabels, type Box, type LabelRequest } from './chartLayout';

// The efficient frontier as SVG: volatility across, expected return up. lightweight-charts
// draws series over a time (or price) axis that must increase strictly; a scatter of labelled
// points that may share a volatility is not what it draws, so this one chart is plain SVG.

export interface FrontierPoint {
  volatility: number;
  expectedReturn: number;
  sharpe: number;
}

export interface AssetPoint {
  symbol: string;
  volatility: number;
  expectedReturn: number;
}

interface Props {
  frontier: FrontierPoint[];
  /** Every method's result (the proposal among them). */
  methods: AllocationProposal[];
  proposal: AllocationMethod;
  current: AllocationProposal | null;
  assets: AssetPoint[];
  /** The method whose weights are shown below (ringed). */
  selected: AllocationMethod | null;
  onSelect: (m: AllocationMethod) => void;
  /** The colour of each method (shared with the comparison grid's swatches). */
  colourOf: (m: AllocationMethod) => string;
}

const HEIGHT = 380;
/** Above this many single assets, their dots go unlabelled. */
const MAX_ASSET_LABELS = 40;
const M = { top: 14, right: 18, bottom: 44, left: 62 };
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

let measureCtx: CanvasRenderingContext2D | null | undefined;
/** Width of a label in pixels, measured with the chart's font (estimated where canvas is missing). */
function textWidth(text: string, bold = false): number {
  if (measureCtx === undefined) measureCtx = document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 6.4;
  measureCtx.font = `${bold ? '600 ' : ''}${FONT}`;
  return Math.ceil(measureCtx.measureText(text).width);
}

interface Marker {
  key: string;
  kind: 'method' | 'current' | 'asset';
  method?: AllocationMethod;
  label: string;
  vol: number;
  ret: number;
  sharpe: number | null;
  colour: string;
  r: number;
}

const pctTick = (x: number, decimals: number) =>
  `${formatNumber(x * 100, Math.max(0, decimals - 2))} %`;

export function FrontierChart({
  frontier,
  methods,
  proposal,
  current,
  assets,
  selected,
  onSelect,
  colourOf,
}: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [showAssets, setShowAssets] = useState(true);
  const [hover, setHover] = useState<Marker | FrontierPoint | null>(null);

  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => setHover(null), [frontier, methods]);

  const markers = useMemo<Marker[]>(() => {
    const out: Marker[] = [];
    // Drawn in this order, the proposal last (on top).
    if (showAssets)
      for (const a of assets)
        out.push({
          key: `asset:${a.symbol}`,
          kind: 'asset',
          label: a.symbol,
          vol: a.volatility,
          ret: a.expectedReturn,
          sharpe: null,
          colour: 'var(--muted)',
          r: 2.5,
        });
    if (current)
      out.push({
        key: 'current',
        kind: 'current',
        label: 'Current',
        vol: current.volatility,
        ret: current.expectedReturn,
        sharpe: current.sharpe,
        colour: 'var(--warn)',
        r: 5.5,
      });
    const ok = methods.filter((m) => m.ok);
    for (const m of [
      ...ok.filter((m) => m.method !== proposal),
      ...ok.filter((m) => m.method === proposal),
    ])
      out.push({
        key: `method:${m.method}`,
        kind: 'method',
        method: m.method,
        label: methodLabel(m.method),
        vol: m.volatility,
        ret: m.expectedReturn,
        sharpe: m.sharpe,
        colour: colourOf(m.method),
        r: m.method === proposal ? 7 : 4.5,
      });
    return out;
  }, [assets, current, methods, proposal, showAssets, colourOf]);

  const layout = useMemo(() => {
    if (width < 200) return null;
    const vols = [...frontier.map((p) => p.volatility), ...markers.map((m) => m.vol)];
    const rets = [...frontier.map((p) => p.expectedReturn), ...markers.map((m) => m.ret)];
    if (!vols.length) return null;
    const xt = niceTicks(
      Math.min(0, ...vols),
      Math.max(...vols),
      Math.max(3, Math.round(width / 110)),
    );
    const yt = niceTicks(Math.min(0, ...rets), Math.max(...rets), 6);
    const plot = { x: M.left, y: M.top, w: width - M.left - M.right, h: HEIGHT - M.top - M.bottom };
    const sx = (v: number) => plot.x + ((v - xt.lo) / (xt.hi - xt.lo)) * plot.w;
    const sy = (r: number) => plot.y + plot.h - ((r - yt.lo) / (yt.hi - yt.lo)) * plot.h;
    const curve = [...frontier].sort((a, b) => a.volatility - b.volatility);
    // Labels: the proposal first, then current, the other methods, the assets last.
    const rank = (m: Marker) =>
      m.kind === 'method' && m.method === proposal
        ? 0
        : m.kind === 'current'
          ? 1
          : m.kind === 'method'
            ? 2
            : 3;
    // Placement tries each label against every one placed (quadratic): a large universe keeps
    // its assets as unlabelled dots (named in the tooltip).
    const labelAssets = assets.length <= MAX_ASSET_LABELS;
    const requests: LabelRequest[] = [...markers]
      .filter((m) => m.kind !== 'asset' || labelAssets)
      .sort((a, b) => rank(a) - rank(b))
      .map((m) => ({
        key: m.key,
        x: sx(m.vol),
        y: sy(m.ret),
        w: textWidth(m.label, m.kind !== 'asset') + 2,
        h: 13,
      }));
    const obstacles: Box[] = markers.map((m) => ({
      x: sx(m.vol) - m.r - 1,
      y: sy(m.ret) - m.r - 1,
      w: 2 * m.r + 2,
      h: 2 * m.r + 2,
    }));
    const labels = placeLabels(requests, obstacles, plot);
    return { xt, yt, plot, sx, sy, curve, labels, labelAssets };
  }, [width, frontier, markers, proposal, assets.length]);

  const hidden = layout
    ? layout.labels.hidden
        .map((k) => markers.find((m) => m.key === k))
        .filter((m): m is Marker => !!m && m.kind !== 'asset')
    : [];

  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!layout) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    let best: Marker | FrontierPoint | null = null;
    let bestD = 14 ** 2;
    for (const m of markers) {
      const d = (layout.sx(m.vol) - px) ** 2 + (layout.sy(m.ret) - py) ** 2;
      if (d < bestD) [best, bestD] = [m, d];
    }
    if (!best)
      for (const p of frontier) {
        const d = (layout.sx(p.volatility) - px) ** 2 + (layout.sy(p.expectedReturn) - py) ** 2;
        if (d < bestD) [best, bestD] = [p, d];
      }
    setHover(best);
  };

  const tip = hover && layout ? tooltipOf(hover, layout.sx, layout.sy) : null;

  return (
    <div className="alloc-frontier" data-testid="frontier-chart">
      <div className="alloc-chart-tools">
        <ul className="legend">
          <li>
            <span className="swatch alloc-frontier-swatch" />
            Efficient frontier
          </li>
          <li>
            <span className="alloc-dot proposal" style={{ background: colourOf(proposal) }} />
            Proposal ({methodLabel(proposal)})
          </li>
          {current && (
            <li>
              <span className="alloc-dot current" />
              Current book
            </li>
          )}
        </ul>
        <label className="toggle">
          <input
            type="checkbox"
            checked={showAssets}
            onChange={(e) => setShowAssets(e.target.checked)}
            data-testid="frontier-assets-toggle"
          />
          Single assets
        </label>
      </div>
      <div className="alloc-chart-frame" ref={frame}>
        {layout && (
          <svg
            width={width}
            height={HEIGHT}
            viewBox={`0 0 ${width} ${HEIGHT}`}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(null)}
            role="img"
            aria-label="Efficient frontier: expected return against volatility"
          >
            <g className="alloc-grid">
              {layout.xt.values.map((v) => (
                <line
                  key={`x${v}`}
                  x1={layout.sx(v)}
                  x2={layout.sx(v)}
                  y1={layout.plot.y}
                  y2={layout.plot.y + layout.plot.h}
                />
              ))}
              {layout.yt.values.map((v) => (
                <line
                  key={`y${v}`}
                  x1={layout.plot.x}
                  x2={layout.plot.x + layout.plot.w}
                  y1={layout.sy(v)}
                  y2={layout.sy(v)}
                />
              ))}
            </g>
            {layout.yt.lo < 0 && layout.yt.hi > 0 && (
              <line
                className="alloc-zero"
                x1={layout.plot.x}
                x2={layout.plot.x + layout.plot.w}
                y1={layout.sy(0)}
                y2={layout.sy(0)}
              />
            )}
            <g className="alloc-axis">
              {layout.xt.values.map((v) => (
                <text
                  key={`x${v}`}
                  x={layout.sx(v)}
                  y={layout.plot.y + layout.plot.h + 16}
                  textAnchor="middle"
                >
                  {pctTick(v, layout.xt.decimals)}
                </text>
              ))}
              {layout.yt.values.map((v) => (
                <text key={`y${v}`} x={layout.plot.x - 8} y={layout.sy(v) + 4} textAnchor="end">
                  {pctTick(v, layout.yt.decimals)}
                </text>
              ))}
              <text
                className="alloc-axis-title"
                x={layout.plot.x + layout.plot.w / 2}
                y={HEIGHT - 6}
                textAnchor="middle"
              >
                Volatility (annualised)
              </text>
              <text
                className="alloc-axis-title"
                transform={`translate(13 ${layout.plot.y + layout.plot.h / 2}) rotate(-90)`}
                textAnchor="middle"
              >
                Expected return (annual)
              </text>
            </g>
            {layout.curve.length > 1 && (
              <polyline
                className="alloc-frontier-line"
                points={layout.curve
                  .map((p) => `${layout.sx(p.volatility)},${layout.sy(p.expectedReturn)}`)
                  .join(' ')}
                data-testid="frontier-line"
              />
            )}
            {layout.curve.map((p, i) => (
              <circle
                key={i}
                className="alloc-frontier-point"
                cx={layout.sx(p.volatility)}
                cy={layout.sy(p.expectedReturn)}
                r={1.8}
              />
            ))}
            {layout.labels.placed
              .filter((l) => l.leader)
              .map((l) => {
                const m = markers.find((x) => x.key === l.key)!;
                const cx = Math.max(l.box.x, Math.min(layout.sx(m.vol), l.box.x + l.box.w));
                const cy = Math.max(l.box.y, Math.min(layout.sy(m.ret), l.box.y + l.box.h));
                return (
                  <line
                    key={`leader-${l.key}`}
                    className="alloc-leader"
                    x1={layout.sx(m.vol)}
                    y1={layout.sy(m.ret)}
                    x2={cx}
                    y2={cy}
                  />
                );
              })}
            {markers.map((m) =>
              m.kind === 'current' ? (
                <rect
                  key={m.key}
                  className="alloc-marker current"
                  x={layout.sx(m.vol) - m.r}
                  y={layout.sy(m.ret) - m.r}
                  width={2 * m.r}
                  height={2 * m.r}
                  transform={`rotate(45 ${layout.sx(m.vol)} ${layout.sy(m.ret)})`}
                  data-testid="frontier-current"
                />
              ) : (
                <circle
                  key={m.key}
                  className={`alloc-marker ${m.kind} ${m.method === proposal ? 'proposal' : ''} ${
                    m.method && m.method === selected ? 'selected' : ''
                  }`}
                  cx={layout.sx(m.vol)}
                  cy={layout.sy(m.ret)}
                  r={m.r}
                  style={m.kind === 'method' ? { fill: m.colour } : undefined}
                  data-method={m.method}
                  data-symbol={m.kind === 'asset' ? m.label : undefined}
                  onClick={m.method ? () => onSelect(m.method!) : undefined}
                />
              ),
            )}
            {layout.labels.placed.map((l) => {
              const m = markers.find((x) => x.key === l.key)!;
              return (
                <text
                  key={`label-${l.key}`}
                  className={`alloc-label ${m.kind} ${m.method === proposal ? 'proposal' : ''}`}
                  x={l.box.x + 1}
                  y={l.box.y + 10}
                  data-label={m.key}
                >
                  {m.label}
                </text>
              );
            })}
          </svg>
        )}
        {tip && (
          <div
            className="alloc-tooltip"
            role="tooltip"
            style={{
              left: Math.min(tip.x + 12, Math.max(0, width - 220)),
              top: Math.max(0, tip.y - 70),
            }}
          >
            {tip.lines.map((t, i) => (
              <div key={i} className={i === 0 ? 'title' : undefined}>
                {t}
              </div>
            ))}
          </div>
        )}
      </div>
      {layout && !layout.labelAssets && showAssets && (
        <p className="caption">
          {assets.length} single assets drawn as dots without labels (hover for names).
        </p>
      )}
      {hidden.length > 0 && (
        <p className="caption">
          Crowded, unlabelled (hover for figures):{' '}
          {hidden
            .map((m) => `${m.label} (${formatPercent(m.vol, 1)}, ${formatPercent(m.ret, 1)})`)
            .join('; ')}
          .
        </p>
      )}
    </div>
  );
}

function tooltipOf(
  h: Marker | FrontierPoint,
  sx: (v: number) => number,
  sy: (r: number) => number,
): { x: number; y: number; lines: string[] } {
  if ('kind' in h) {
    return {
      x: sx(h.vol),
      y: sy(h.ret),
      lines: [
        h.kind === 'asset' ? `${h.label} alone` : h.kind === 'current' ? 'Current book' : h.label,
        `Expected return ${formatPercent(h.ret)}`,
        `Volatility ${formatPercent(h.vol)}`,
        ...(h.sharpe !== null ? [`Sharpe ${formatNumber(h.sharpe)}`] : []),
        ...(h.kind === 'method' ? ['Click to show its weights'] : []),
      ],
    };
  }
  return {
    x: sx(h.volatility),
    y: sy(h.expectedReturn),
    lines: [
      'Frontier portfolio',
      `Expected return ${formatPercent(h.expectedReturn)}`,
      `Volatility ${formatPercent(h.volatility)}`,
      `Sharpe ${formatNumber(h.sharpe)}`,
    ],
  };
}
