// A horizontal bar for a share that may be negative (a hedge extends left of zero), on a scale
// shared by every bar of a table so they compare by eye.

export interface BarScale {
  /** Where zero sits in the track, 0..1. */
  zero: number;
  span: number;
}

/** The scale of a set of shares (missing and non-finite ones ignored). */
export function barScale(values: (number | null)[]): BarScale {
  const xs = values.filter((x): x is number => x !== null && Number.isFinite(x));
  const lo = Math.min(0, ...xs);
  const hi = Math.max(0, ...xs);
  const span = hi - lo || 1;
  return { zero: -lo / span, span };
}

export function SignedBar({
  value,
  scale,
  kind,
}: {
  value: number | null;
  scale: BarScale;
  /** Extra class of the bar (its colour). */
  kind: string;
}) {
  if (value === null || !Number.isFinite(value)) return <div className="bar-track" />;
  const width = (Math.abs(value) / scale.span) * 100;
  const left = value >= 0 ? scale.zero * 100 : (scale.zero - Math.abs(value) / scale.span) * 100;
  return (
    <div className="bar-track">
      {scale.zero > 0 && <div className="bar-zero" style={{ left: `${scale.zero * 100}%` }} />}
      <div
        className={`bar ${kind} ${value < 0 ? 'hedge' : ''}`}
        style={{ left: `${left}%`, width: `max(${width}%, ${value === 0 ? 0 : 2}px)` }}
      />
    </div>
  );
}
