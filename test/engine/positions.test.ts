import { describe, expect, it } from 'vitest';
import { balances, balanceSteps, sumDecimals } from '../../src/main/engine/ledger/positions';

describe('exact ledger arithmetic', () => {
  it('0.1 + 0.2 is exactly 0.3 (binary floats give 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
  });

  it('keeps all 18 decimal places of token amounts, even on large balances', () => {
    expect(sumDecimals(['1000000000.000000000000000001', '0.000000000000000002'])).toBe(
      '1000000000.000000000000000003',
    );
    // ten thousand wei-sized credits add to exactly 1e-14
    expect(sumDecimals(Array.from({ length: 10_000 }, () => '0.000000000000000001'))).toBe(
      '0.00000000000001',
    );
  });

  it('a withdrawal of everything leaves exactly zero', () => {
    const b = balances([
      { key: 'a', date: '2024-01-01', quantity: '12.345678901234567891' },
      { key: 'a', date: '2024-02-01', quantity: '-12.345678901234567891' },
    ]);
    expect(b.get('a')).toBe('0');
  });

  it('counts only entries on or before the as-of day', () => {
    const entries = [
      { key: 'btc', date: '2024-01-01', quantity: '1' },
      { key: 'btc', date: '2024-01-02', quantity: '0.5' },
      { key: 'eth', date: '2024-01-03', quantity: '10' },
    ];
    expect(Object.fromEntries(balances(entries, '2024-01-01'))).toEqual({ btc: '1' });
    expect(Object.fromEntries(balances(entries, '2024-01-02'))).toEqual({ btc: '1.5' });
    expect(Object.fromEntries(balances(entries))).toEqual({ btc: '1.5', eth: '10' });
  });

  it('balanceSteps agrees with balances as of every day (identity between the one-pass and direct forms)', () => {
    const entries = [];
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let d = 1; d <= 28; d++) {
      for (let k = 0; k < 3; k++) {
        const q = (rnd() * 200 - 100).toFixed(18);
        entries.push({
          key: ['a', 'b', 'c'][k % 3]!,
          date: `2024-02-${String(d).padStart(2, '0')}`,
          quantity: q,
        });
      }
    }
    const steps = balanceSteps(entries);
    expect(steps).toHaveLength(28);
    for (const s of steps) expect(s.balances).toEqual(balances(entries, s.date));
  });

  it('rejects an unsorted ledger', () => {
    expect(() =>
      balanceSteps([
        { key: 'a', date: '2024-01-02', quantity: '1' },
        { key: 'a', date: '2024-01-01', quantity: '1' },
      ]),
    ).toThrow(/not sorted/);
  });
});
