import type {
  IChartApiBase,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  Logical,
  SeriesAttachedParameter,
} from 'lightweight-charts';
import { fractionalIndex } from '../../lib/hedge';

// A vertical dashed line with a label at today's spot on the payoff chart. lightweight-charts
// has no vertical line of its own; a series primitive draws one on the pane. The options
// chart's horizontal scale is by index of the (evenly spaced) prices, so spot is placed at its
// fractional index among them.

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];

export interface SpotMarkerStyle {
  colour: string;
  label: string;
  font: string;
}

export class SpotMarker implements ISeriesPrimitive<number> {
  private chart: IChartApiBase<number> | null = null;
  private requestUpdate: (() => void) | null = null;
  private readonly views: readonly IPrimitivePaneView[];

  constructor(
    private spot: number,
    private prices: number[],
    private style: SpotMarkerStyle,
  ) {
    const renderer: IPrimitivePaneRenderer = { draw: (t) => this.draw(t) };
    this.views = [{ renderer: () => renderer, zOrder: () => 'top' }];
  }

  attached(p: SeriesAttachedParameter<number>): void {
    this.chart = p.chart;
    this.requestUpdate = p.requestUpdate;
  }

  detached(): void {
    this.chart = null;
    this.requestUpdate = null;
  }

  update(spot: number, prices: number[], style: SpotMarkerStyle): void {
    this.spot = spot;
    this.prices = prices;
    this.style = style;
    this.requestUpdate?.();
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  private draw(target: Target): void {
    const chart = this.chart;
    const at = fractionalIndex(this.prices, this.spot);
    if (!chart || at === null) return;
    const x = chart.timeScale().logicalToCoordinate(at as Logical);
    if (x === null) return;
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      ctx.save();
      ctx.strokeStyle = this.style.colour;
      ctx.fillStyle = this.style.colour;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, 0);
      ctx.lineTo(Math.round(x) + 0.5, mediaSize.height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = this.style.font;
      const w = ctx.measureText(this.style.label).width;
      // The label sits right of the line, or left of it near the right edge.
      const left = x + 6 + w > mediaSize.width ? x - 6 - w : x + 6;
      ctx.textBaseline = 'top';
      ctx.fillText(this.style.label, left, 6);
      ctx.restore();
    });
  }
}
