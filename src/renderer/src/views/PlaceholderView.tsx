import type { ViewSpec } from '../views';

export function PlaceholderView({ view }: { view: ViewSpec }) {
  return (
    <div className="view placeholder" data-testid={`placeholder-${view.id}`}>
      <h2>{view.label}</h2>
      <p className="not-built">Not built yet.</p>
      <p>{view.plan}</p>
    </div>
  );
}
