import { useEffect, useRef } from 'react';
import {
  BaselineSeries,
  ColorType,
  createChart,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
} from 'lightweight-charts';
import type { SeriesPoint } from '../../../shared/domain';
import { chartPalette, lossPalette, seriesColours, useTheme } from '../lib/theme';

export interface ChartLine {
  key: string;
  label: string;
  points: SeriesPoint[];
}

interface Props {
  lines: ChartLine[];
  testId: string;
  /** Axis and crosshair labels. */
  priceFormatter?: (x: number) => string;
  /** Draw the (single) series as a loss area hanging below zero, as a drawdown. */
  belowZero?: boolean;
  /** Show a legend of the lines above the chart. */
  legend?: boolean;
  /** Shown instead of the chart when there are no points. */
  emptyText?: string;
}

type AnySeries = ISeriesApi<'Line'> | ISeriesApi<'Baseline'>;

/**
 * Several daily series on one lightweight-charts canvas, coloured from the theme's line palette
 * (line i takes colour i), themed like TimeSeriesChart. Series are added and removed as lines come and go.
 */
export function MultiLineChart({
  lines,
  testId,
  priceFormatter,
  belowZero = false,
  legend = false,
  emptyText = 'No data',
}: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef(new Map<string, AnySeries>());
  const { theme } = useTheme();

  useEffect(() => {
    if (!el.current) return;
    const c = createChart(el.current, {
      autoSize: true,
      rightPriceScale: { borderVisible: false, scaleMargins: { top: 0.08, bottom: 0.08 } },
      // years of daily points: fitContent may go below the default 0.5 px a day to show them all
      timeScale: { borderVisible: false, minBarSpacing: 0.05 },
    });
    chart.current = c;
    const map = series.current;
    return () => {
      c.remove();
      chart.current = null;
      map.clear();
    };
  }, [belowZero]);

  // Add, drop and fill the series, then fit the time axis.
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
        s = belowZero
          ? c.addSeries(BaselineSeries, {
              baseValue: { type: 'price', price: 0 },
              lineWidth: 2,
              priceLineVisible: false,
              title: '',
            })
          : c.addSeries(LineSeries, { lineWidth: 2, priceLineVisible: false, title: '' });
        map.set(line.key, s);
      }
      s.setData(
        line.points
          .filter((p) => Number.isFinite(p.value))
          .map((p) => ({ time: p.date, value: p.value })),
      );
    }
    c.timeScale().fitContent();
  }, [lines, belowZero]);

  // Colours and formats follow the theme.
  useEffect(() => {
    const p = chartPalette(theme);
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: p.background },
        textColor: p.text,
        attributionLogo: true,
      },
      grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
      localization: priceFormatter ? { priceFormatter } : {},
    });
    const colours = seriesColours(theme);
    const loss = lossPalette(theme);
    lines.forEach((line, i) => {
      const s = series.current.get(line.key);
      if (!s) return;
      if (belowZero) {
        (s as ISeriesApi<'Baseline'>).applyOptions({
          topLineColor: loss.line,
          topFillColor1: loss.fillTop,
          topFillColor2: loss.fillTop,
          bottomLineColor: loss.line,
          bottomFillColor1: loss.fillTop,
          bottomFillColor2: loss.fillBottom,
        });
      } else {
        (s as ISeriesApi<'Line'>).applyOptions({ color: colours[i % colours.length]! });
      }
    });
  }, [theme, priceFormatter, lines, belowZero]);

  const colours = seriesColours(theme);
  const empty = lines.every((l) => l.points.length === 0);
  return (
    <div className="multi-chart">
      {legend && (
        <ul className="legend" data-testid={`${testId}-legend`}>
          {lines.map((l, i) => (
            <li key={l.key}>
              <span className="swatch" style={{ background: colours[i % colours.length] }} />
              {l.label}
            </li>
          ))}
        </ul>
      )}
      <div className="chart-frame">
        <div className="chart" ref={el} data-testid={testId} />
        {empty && <div className="chart-empty">{emptyText}</div>}
      </div>
    </div>
  );
}
