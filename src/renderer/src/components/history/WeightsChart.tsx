import { useEffect, useMemo, useRef, useState } from 'react';
import {
  AreaSeries,
  ColorType,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
} from 'lightweight-charts';
import type { WeightsHistory } from '../../../../shared/domain';
import { formatPercent } from '../../lib/format';
import { chartPalette, seriesColours, useTheme, type ThemeName } from '../../lib/theme';

const otherColour = (theme: ThemeName) => (theme === 'dark' ? '#5b6b7c' : '#aab5c0');

interface Props {
  data: WeightsHistory | undefined;
  testId: string;
  emptyText?: string;
}

/**
 * Weights through time as a 100 % stacked area. lightweight-charts has no stacked series, so
 * each band is an opaque area under the running sum of the weights up to it: the top band's
 * area (the sum of all, 1) is drawn first and each band below is painted over it.
 */
export function WeightsChart({ data, testId, emptyText = 'No history yet' }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const bands = useRef<ISeriesApi<'Area'>[]>([]);
  const { theme } = useTheme();
  const [hover, setHover] = useState<number | null>(null);

  const colours = useMemo(() => {
    const palette = seriesColours(theme);
    return (data?.series ?? []).map((s, i) =>
      s.other ? otherColour(theme) : palette[i % palette.length]!,
    );
  }, [data, theme]);

  useEffect(() => {
    if (!el.current) return;
    const c = createChart(el.current, {
      autoSize: true,
      rightPriceScale: { borderVisible: false, scaleMargins: { top: 0.04, bottom: 0 } },
      // years of daily points: fitContent may go below the default 0.5 px a day to show them all
      timeScale: { borderVisible: false, minBarSpacing: 0.05 },
      handleScroll: false,
      handleScale: false,
    });
    chart.current = c;
    return () => {
      c.remove();
      chart.current = null;
      bands.current = [];
    };
  }, []);

  // Bands: running sums (in %), added from the top one down so lower bands paint over it.
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    for (const s of bands.current) c.removeSeries(s);
    bands.current = [];
    if (!data?.dates.length) return;
    const sums = data.series.map(() => new Float64Array(data.dates.length));
    data.series.forEach((s, k) =>
      s.weights.forEach((w, t) => (sums[k]![t] = (k ? sums[k - 1]![t]! : 0) + w * 100)),
    );
    for (let k = data.series.length - 1; k >= 0; k--) {
      const band = c.addSeries(AreaSeries, {
        lineColor: colours[k],
        topColor: colours[k],
        bottomColor: colours[k],
        lineWidth: 1,
        priceLineVisible: false,
        lastValueVisible: false,
        crosshairMarkerVisible: false,
        autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }),
      });
      band.setData(data.dates.map((date, t) => ({ time: date, value: sums[k]![t]! })));
      bands.current.push(band);
    }
    c.timeScale().fitContent();
  }, [data, colours]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !data) return;
    const onMove = (p: MouseEventParams) => {
      const i = typeof p.time === 'string' ? data.dates.indexOf(p.time) : -1;
      setHover(i >= 0 ? i : null);
    };
    c.subscribeCrosshairMove(onMove);
    return () => c.unsubscribeCrosshairMove(onMove);
  }, [data]);

  useEffect(() => {
    const p = chartPalette(theme);
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: p.background },
        textColor: p.text,
        attributionLogo: true,
      },
      grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
      localization: { priceFormatter: (x: number) => `${Math.round(x)} %` },
    });
  }, [theme]);

  const n = data?.dates.length ?? 0;
  const at = hover ?? n - 1;
  return (
    <div className="hist-weights-chart">
      {data && n > 0 && (
        <ul className="legend hist-legend" data-testid={`${testId}-legend`}>
          <li className="hist-date">{data.dates[at]}</li>
          {data.series.map((s, k) => (
            <li key={s.symbol}>
              <span className="hist-swatch" style={{ background: colours[k] }} />
              {s.symbol} {formatPercent(s.weights[at], 1)}
            </li>
          ))}
        </ul>
      )}
      <div className="chart-frame">
        <div className="chart" ref={el} data-testid={testId} />
        {data && n === 0 && <div className="chart-empty">{emptyText}</div>}
      </div>
    </div>
  );
}
