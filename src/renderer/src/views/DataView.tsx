import { useState } from 'react';
import { AccountsEditor } from '../components/AccountsEditor';
import { HoldingsAsOfPanel } from '../components/HoldingsAsOfPanel';
import { ImportWizard } from '../components/ImportWizard';
import { InstrumentsEditor } from '../components/InstrumentsEditor';
import { TransactionsPanel } from '../components/TransactionsPanel';
import { useCall } from '../lib/queries';

const TABS = [
  { id: 'import', label: 'Import' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'instruments', label: 'Instruments' },
  { id: 'asof', label: 'Holdings as of' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** The book's data: imports, the transaction ledger, venues, instruments and holdings on a day. */
export function DataView({ portfolio }: { portfolio: string }) {
  const [tab, setTab] = useState<TabId>('import');
  // A section stays mounted once opened, so a half-done import or form survives a tab switch.
  const [visited, setVisited] = useState<Set<TabId>>(() => new Set(['import']));
  const open = (id: TabId) => {
    setTab(id);
    setVisited((v) => (v.has(id) ? v : new Set([...v, id])));
  };
  const portfolios = useCall('portfolios.list', {});
  const lastDate = portfolios.data?.find((p) => p.name === portfolio)?.asOf ?? null;

  return (
    <div className="view data" data-testid="data-view">
      <div className="tabs" role="tablist" aria-label="Data sections">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`data-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`data-panel-${t.id}`}
            className={tab === t.id ? 'tab on' : 'tab'}
            onClick={() => open(t.id)}
            data-testid={`data-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.filter((t) => visited.has(t.id)).map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`data-panel-${t.id}`}
          aria-labelledby={`data-tab-${t.id}`}
          hidden={tab !== t.id}
        >
          {t.id === 'import' && <ImportWizard portfolio={portfolio} />}
          {t.id === 'transactions' && <TransactionsPanel portfolio={portfolio} />}
          {t.id === 'accounts' && <AccountsEditor portfolio={portfolio} />}
          {t.id === 'instruments' && <InstrumentsEditor portfolio={portfolio} />}
          {t.id === 'asof' && (
            <HoldingsAsOfPanel key={lastDate ?? ''} portfolio={portfolio} lastDate={lastDate} />
          )}
        </div>
      ))}
    </div>
  );
}
