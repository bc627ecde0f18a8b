import { it } from 'vitest';
import { applyLedger, buildHoldingsIndex } from '../src/main/engine/ledger';
import { type LedgerTx } from '../src/shared/ledger';
import { report, sample } from './report';

// A synthetic ledger: 10 accounts x 20 instruments, buys (with fees in the quote), sells of a
// share of what is held, and transfers between accounts, spread evenly over `days` days.
function ledger(n: number, days: number, seed: number): LedgerTx[] {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const held = new Map<string, number>(); // in 1e-8 units, integers
  const out: LedgerTx[] = [];
  const start = Date.UTC(2020, 0, 1);
  const units = (u: number) => (u / 1e8).toFixed(8);
  for (let i = 0; i < n; i++) {
    const date = new Date(start + Math.floor((i * days) / n) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const account = `acct${Math.floor(rnd() * 10)}`;
    const instrument = `COIN${Math.floor(rnd() * 20)}`;
    const key = `${account}:${instrument}`;
    const have = held.get(key) ?? 0;
    const price = (10 + rnd() * 50_000).toFixed(2);
    const r = rnd();
    if (have > 0 && r < 0.25) {
      const q = Math.max(1, Math.floor(have * rnd()));
      held.set(key, have - q);
      out.push({
        date,
        kind: 'sell',
        account,
        instrument,
        quantity: units(q),
        price,
        quote: 'USD',
        fee: '0.5',
      });
    } else if (have > 0 && r < 0.35) {
      const q = Math.max(1, Math.floor(have * rnd()));
      const to = `acct${(Number(account.slice(4)) + 1) % 10}`;
      held.set(key, have - q);
      held.set(`${to}:${instrument}`, (held.get(`${to}:${instrument}`) ?? 0) + q);
      out.push({ date, kind: 'transfer', account, instrument, quantity: units(q), toAccount: to });
    } else {
      const q = 1 + Math.floor(rnd() * 1e8);
      held.set(key, have + q);
      out.push({
        date,
        kind: 'buy',
        account,
        instrument,
        quantity: units(q),
        price,
        quote: 'USD',
        fee: '1.25',
      });
    }
  }
  return out;
}

it('ledger engine figures', async () => {
  const big = ledger(100_000, 1826, 1);
  applyLedger(big.slice(0, 5000), { method: 'fifo' }); // warm-up (JIT)
  report(
    'positions + FIFO cost basis, 100,000 transactions',
    await sample(5, () => void applyLedger(big, { method: 'fifo' })),
    1000,
  );
  report(
    'positions + average cost, 100,000 transactions',
    await sample(5, () => void applyLedger(big, { method: 'average' })),
    1000,
  );

  // Five years of daily transactions (20 a day); the index is built once, then queried.
  const daily = ledger(1826 * 20, 1826, 2);
  report(
    'holdings index build, 5 years x 20 transactions/day',
    await sample(3, () => void buildHoldingsIndex(daily)),
    1000,
  );
  const index = buildHoldingsIndex(daily);
  let s = 7;
  const someDay = () => {
    s = (s * 48271) % 2147483647;
    return new Date(Date.UTC(2020, 0, 1) + (s % 1826) * 86_400_000).toISOString().slice(0, 10);
  };
  report(
    'holdings as of a random day (from the index), 5 years',
    await sample(200, () => void index.asOf(someDay())),
    50,
  );
});
