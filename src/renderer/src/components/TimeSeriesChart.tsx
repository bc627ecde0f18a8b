import { useEffect, useRef } from 'react';
import {
  AreaSeries,
  ColorType,
  createChart,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
} from 'lightweight-charts';
import type { SeriesPoint } from '../../../shared/domain';
import { chartPalette, useTheme } from '../lib/theme';

interface Props {
  points: SeriesPoint[];
  kind: 'area' | 'line';
  testId: string;
  priceFormatter?: (x: number) => string;
}

/** A daily series drawn with lightweight-charts; re-themed and refitted when inputs change. */
export function TimeSeriesChart({ points, kind, testId, priceFormatter }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Area'> | ISeriesApi<'Line'> | null>(null);
  const { theme } = useTheme();

  useEffect(() => {
    if (!el.current) return;
    const c = createChart(el.current, {
      autoSize: true,
      rightPriceScale: { borderVisible: false },
      // years of daily points: fitContent may go below the default 0.5 px a day to show them all
      timeScale: { borderVisible: false, minBarSpacing: 0.05 },
    });
    chart.current = c;
    series.current =
      kind === 'area'
        ? c.addSeries(AreaSeries, { lineWidth: 2 })
        : c.addSeries(LineSeries, { lineWidth: 2 });
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, [kind]);

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
    if (kind === 'area')
      series.current?.applyOptions({
        lineColor: p.line,
        topColor: p.areaTop,
        bottomColor: p.areaBottom,
      });
    else series.current?.applyOptions({ color: p.price });
  }, [theme, kind, priceFormatter]);

  useEffect(() => {
    series.current?.setData(points.map((pt) => ({ time: pt.date, value: pt.value })));
    chart.current?.timeScale().fitContent();
  }, [points, kind]);

  return <div className="chart" ref={el} data-testid={testId} />;
}
