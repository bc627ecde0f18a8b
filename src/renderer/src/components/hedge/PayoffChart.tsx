import { useEffect, useMemo, useRef } from 'react';
import {
  ColorType,
  createOptionsChart,
  LineSeries,
  LineStyle,
  type IChartApiBase,
  type IPriceLine,
  type ISeriesApi,
} from 'lightweight-charts';
import type { PayoffOut } from '../../../../shared/hedge';
import { formatPrice } from '../../lib/format';
import {
  formatSigned,
  payoffLines,
  priceAxisDecimals,
  type PayoffKey,
  type PayoffLine,
  type Theme,
} from '../../lib/hedge';
import { chartPalette, seriesColours, useTheme } from '../../lib/theme';
import { SpotMarker } from './spotMarker';

type Series = ISeriesApi<'Line', number>;

/** Book lines in the first colour of the theme, what-if lines in the second; expiry dashed. */
const lineColour = (theme: Theme, line: Pick<PayoffLine, 'after'>) =>
  seriesColours(theme)[line.after ? 1 : 0]!;
const usdAxis = (x: number) => formatSigned(x, 0);

interface Props {
  before: PayoffOut;
  after: PayoffOut | null;
}

/**
 * Book P&L against the underlying's price (lightweight-charts' options chart: price on the
 * horizontal scale): now and at the first option expiry, and the same with the what-if overlay.
 * Key it by underlying: the horizontal axis's decimals are set when the chart is created.
 */
export function PayoffChart({ before, after }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApiBase<number> | null>(null);
  const series = useRef(new Map<PayoffKey, Series>());
  const zero = useRef<IPriceLine | null>(null);
  const marker = useRef<SpotMarker | null>(null);
  const { theme } = useTheme();
  const lines = useMemo(() => payoffLines(before, after), [before, after]);
  const decimals = priceAxisDecimals(before.spot);

  useEffect(() => {
    if (!el.current) return;
    const c = createOptionsChart(el.current, {
      autoSize: true,
      rightPriceScale: { borderVisible: false, scaleMargins: { top: 0.1, bottom: 0.08 } },
      timeScale: { borderVisible: false },
      handleScroll: false,
      handleScale: false,
      localization: { precision: decimals, priceFormatter: usdAxis },
    });
    chart.current = c;
    const map = series.current;
    return () => {
      c.remove();
      chart.current = null;
      map.clear();
      zero.current = null;
      marker.current = null;
    };
    // The axis precision is fixed at creation; the parent remounts the chart per underlying.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Lines come and go with the what-if; the first line carries the zero line and the spot marker.
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const map = series.current;
    const keys = new Set(lines.map((l) => l.key));
    for (const [key, s] of map) {
      if (!keys.has(key)) {
        c.removeSeries(s);
        map.delete(key);
      }
    }
    for (const line of lines) {
      let s = map.get(line.key);
      if (!s) {
        s = c.addSeries(LineSeries, {
          lineWidth: line.after ? 3 : 2,
          priceLineVisible: false,
          lastValueVisible: false,
          title: '',
        });
        map.set(line.key, s);
      }
      s.setData(line.points.map((p) => ({ time: p.price, value: p.pnl })));
    }
    const first = map.get('before-today');
    if (first && !zero.current) {
      zero.current = first.createPriceLine({
        price: 0,
        lineWidth: 1,
        lineStyle: LineStyle.Dotted,
        axisLabelVisible: false,
        title: '',
      });
    }
    c.timeScale().fitContent();
  }, [lines]);

  // Colours, formats and the spot marker follow the theme and the data.
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const p = chartPalette(theme);
    c.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: p.background },
        textColor: p.text,
        attributionLogo: true,
      },
      grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
      localization: { priceFormatter: usdAxis },
    });
    for (const line of lines) {
      series.current.get(line.key)?.applyOptions({
        color: lineColour(theme, line),
        lineStyle: line.dashed ? LineStyle.Dashed : LineStyle.Solid,
      });
    }
    zero.current?.applyOptions({ color: p.text });
    const first = series.current.get('before-today');
    const style = {
      colour: p.price,
      label: `spot ${formatPrice(before.spot)}`,
      font: '12px system-ui, sans-serif',
    };
    if (first && !marker.current) {
      marker.current = new SpotMarker(before.spot, before.prices, style);
      first.attachPrimitive(marker.current);
    } else marker.current?.update(before.spot, before.prices, style);
  }, [theme, lines, before]);

  return (
    <div className="hedge-payoff">
      <ul className="legend hedge-legend" data-testid="hedge-payoff-legend">
        {lines.map((l) => (
          <li key={l.key} data-key={l.key}>
            <span
              className={`hedge-swatch ${l.dashed ? 'dashed' : ''} ${l.after ? 'thick' : ''}`}
              style={{ borderColor: lineColour(theme, l) }}
            />
            {l.label}
          </li>
        ))}
        <li>
          <span
            className="hedge-swatch dashed thin"
            style={{ borderColor: chartPalette(theme).price }}
          />
          spot today
        </li>
      </ul>
      <div className="chart-frame">
        <div className="chart hedge-chart" ref={el} data-testid="hedge-payoff-chart" />
        {lines.every((l) => l.points.length === 0) && (
          <div className="chart-empty">No payoff to draw</div>
        )}
      </div>
    </div>
  );
}
