import { useMemo, useState } from 'react';
import type { InstrumentSummary } from '../../../../shared/domain';
import { ALLOCATABLE_KINDS } from '../../lib/allocation';

/**
 * The assets to allocate across: the book's current holdings (the default: an empty list in
 * the policy), or instruments picked from the catalogue.
 */
export function UniversePicker({
  universe,
  onChange,
  instruments,
  held,
  error,
}: {
  universe: string[];
  onChange: (u: string[]) => void;
  instruments: InstrumentSummary[];
  /** Symbols the book holds now (allocatable kinds), in the order they should be offered. */
  held: string[];
  error?: string | undefined;
}) {
  const [filter, setFilter] = useState('');
  const chosen = universe.length > 0;
  const picked = useMemo(() => new Set(universe), [universe]);
  // Only priced instruments of an allocatable kind (no derivatives, no debts); the held ones first.
  const priced = useMemo(
    () =>
      instruments
        .filter((i) => i.lastDate !== null && ALLOCATABLE_KINDS.has(i.kind))
        .sort(
          (a, b) =>
            Number(held.includes(b.symbol)) - Number(held.includes(a.symbol)) ||
            a.symbol.localeCompare(b.symbol),
        ),
    [instruments, held],
  );
  const q = filter.trim().toLowerCase();
  const shown = q
    ? priced.filter((i) => i.symbol.toLowerCase().includes(q) || i.name.toLowerCase().includes(q))
    : priced;
  // The last chip stays: an empty list would mean "current holdings".
  const toggle = (s: string) => {
    if (picked.has(s) && universe.length === 1) return;
    onChange(picked.has(s) ? universe.filter((x) => x !== s) : [...universe, s]);
  };

  return (
    <div className="alloc-universe" data-testid="alloc-universe">
      <div className="alloc-radio" role="radiogroup" aria-label="Universe">
        <label>
          <input
            type="radio"
            checked={!chosen}
            onChange={() => onChange([])}
            data-testid="alloc-universe-holdings"
          />
          Current holdings ({held.length})
        </label>
        <label>
          <input
            type="radio"
            checked={chosen}
            onChange={() =>
              onChange(held.length ? [...held] : priced.slice(0, 2).map((i) => i.symbol))
            }
            data-testid="alloc-universe-chosen"
          />
          Chosen instruments{chosen ? ` (${universe.length})` : ''}
        </label>
      </div>
      {!chosen && (
        <p className="hint alloc-held">
          {held.length ? held.join(', ') : 'The book holds nothing priced.'}
        </p>
      )}
      {chosen && (
        <>
          <div className="alloc-universe-tools">
            <input
              className="alloc-text"
              type="search"
              placeholder="Filter instruments"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              aria-label="Filter instruments"
            />
            <button
              type="button"
              className="link"
              onClick={() => onChange(priced.map((i) => i.symbol))}
            >
              All
            </button>
            <button type="button" className="link" onClick={() => onChange([...held])}>
              Held
            </button>
          </div>
          <div className="picker alloc-picker" data-testid="alloc-universe-picker">
            {shown.map((i) => (
              <button
                key={i.symbol}
                type="button"
                className={`chip ${picked.has(i.symbol) ? 'on' : ''}`}
                aria-pressed={picked.has(i.symbol)}
                title={`${i.name} (${i.assetClass})${i.modelled ? ', modelled prices' : ''}`}
                onClick={() => toggle(i.symbol)}
              >
                {i.symbol}
              </button>
            ))}
            {shown.length === 0 && <span className="hint">No instrument matches.</span>}
          </div>
        </>
      )}
      {error && (
        <em className="field-error" role="alert">
          {error}
        </em>
      )}
    </div>
  );
}
