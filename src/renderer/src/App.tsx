import { useEffect, useState } from 'react';
import { hasAccess } from './lib/client';
import { useCall } from './lib/queries';
import { useTheme } from './lib/theme';
import { VIEWS } from './views';
import { AllocateView } from './views/AllocateView';
import { DataView } from './views/DataView';
import { HedgeView } from './views/HedgeView';
import { HoldingsView } from './views/HoldingsView';
import { PlaceholderView } from './views/PlaceholderView';
import { RiskView } from './views/RiskView';

const viewFromHash = () => {
  const id = window.location.hash.replace(/^#\/?/, '');
  return VIEWS.some((v) => v.id === id) ? id : 'holdings';
};

export function App() {
  const [access] = useState(hasAccess);
  const [viewId, setViewId] = useState(viewFromHash);
  const { theme, toggle } = useTheme();
  const info = useCall('app.info', {}, access);
  const portfolios = useCall('portfolios.list', {}, access);
  const [portfolio, setPortfolio] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setViewId(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (!portfolio && portfolios.data?.length) setPortfolio(portfolios.data[0]!.name);
  }, [portfolio, portfolios.data]);

  if (!access) {
    return (
      <div className="no-access" role="alert">
        <h1>Keel</h1>
        <p>
          This page needs its access token. Open the full URL that <code>npm run serve</code>{' '}
          printed (it ends in <code>#token=…</code>).
        </p>
      </div>
    );
  }
  const view = VIEWS.find((v) => v.id === viewId)!;
  const demo = info.data?.demo;

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Views">
        <div className="brand">Keel</div>
        {VIEWS.map((v) => (
          <a
            key={v.id}
            href={`#/${v.id}`}
            className={v.id === viewId ? 'active' : ''}
            aria-current={v.id === viewId ? 'page' : undefined}
          >
            {v.label}
            {!v.built && <span className="soon">soon</span>}
          </a>
        ))}
        <div className="spacer" />
        <button type="button" className="theme-toggle" onClick={toggle} data-testid="theme-toggle">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
        <div className="version">v{info.data?.version ?? ''}</div>
      </nav>
      <main>
        <header className="topbar">
          <select
            value={portfolio ?? ''}
            onChange={(e) => setPortfolio(e.target.value)}
            aria-label="Portfolio"
            data-testid="portfolio-select"
          >
            {portfolios.data?.map((p) => (
              <option key={p.id} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
          {demo && (
            <span className="asof demo" data-testid="as-of">
              Demo data, prices as of {demo.asOf} (not live). Source: {demo.source}
            </span>
          )}
          {portfolios.error && <span className="error">{portfolios.error.message}</span>}
        </header>
        {!view.built ? (
          <PlaceholderView view={view} />
        ) : portfolio ? (
          view.id === 'risk' ? (
            <RiskView key={portfolio} portfolio={portfolio} />
          ) : view.id === 'allocate' ? (
            <AllocateView key={portfolio} portfolio={portfolio} />
          ) : view.id === 'hedge' ? (
            <HedgeView key={portfolio} portfolio={portfolio} />
          ) : view.id === 'data' ? (
            <DataView key={portfolio} portfolio={portfolio} />
          ) : (
            <HoldingsView portfolio={portfolio} />
          )
        ) : portfolios.data?.length === 0 ? (
          <div className="empty">
            No portfolio yet. Load the demo with <code>keel demo</code>.
          </div>
        ) : (
          <div className="loading">Loading…</div>
        )}
      </main>
    </div>
  );
}
