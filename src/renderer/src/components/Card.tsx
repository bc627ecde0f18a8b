import type { ReactNode } from 'react';

/** A summary card: a label, a figure, and a line under it. */
export function Card({
  label,
  figure,
  sub,
  testId,
}: {
  label: string;
  figure: ReactNode;
  sub?: ReactNode;
  testId: string;
}) {
  return (
    <div className="card" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="figure">{figure}</div>
      {sub !== undefined && <div className="sub">{sub}</div>}
    </div>
  );
}

/** "from → to", each date whole: a narrow card breaks at the arrow, not inside a date. */
export function DateRange({ from, to }: { from: string; to: string }) {
  return (
    <>
      <span className="nowrap">{from}</span> → <span className="nowrap">{to}</span>
    </>
  );
}
