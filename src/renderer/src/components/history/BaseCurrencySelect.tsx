import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { call } from '../../lib/client';
import { useCall } from '../../lib/queries';

/** Instrument kinds a portfolio can be valued in (as the main process accepts them). */
const BASE_KINDS = new Set(['spot', 'stablecoin', 'staked', 'cash']);

interface Props {
  portfolio: { id: number; name: string; baseCurrency: string };
}

/**
 * The portfolio's base currency, changeable: USD or any coin, stablecoin or currency with a
 * price series. Saving refreshes every view, since all their figures are in that currency.
 */
export function BaseCurrencySelect({ portfolio }: Props) {
  const instruments = useCall('instruments.list', {});
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = useMemo(() => {
    const priced = (instruments.data ?? [])
      .filter((i) => BASE_KINDS.has(i.kind) && i.lastDate !== null && i.symbol !== 'USD')
      .map((i) => i.symbol)
      .sort();
    const all = ['USD', ...priced];
    // the current base stays listed even if it no longer qualifies, so the select shows it
    return all.includes(portfolio.baseCurrency) ? all : [portfolio.baseCurrency, ...all];
  }, [instruments.data, portfolio.baseCurrency]);

  const change = async (baseCurrency: string) => {
    setSaving(true);
    setError(null);
    try {
      await call('portfolios.save', { id: portfolio.id, name: portfolio.name, baseCurrency });
      await queryClient.invalidateQueries();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <label className="hist-base">
      <span>Base currency</span>
      <select
        value={portfolio.baseCurrency}
        disabled={saving}
        onChange={(e) => void change(e.target.value)}
        data-testid="base-currency"
        aria-label="Base currency"
      >
        {options.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
