import { it } from 'vitest';
import { applyLedger, buildHoldingsIndex } from '../src/main/engine/ledger';
import { type LedgerTx } from '../src/shared/ledger';
import { report, sample } from './report';

// Margined positions in the ledger: 10 accounts x 20 contracts, signed trades that open, add,
// reduce and flip (about half of them close lots), fees in the settlement currency, over five
// years. Linear contracts settle in USD (cash), inverse ones in a coin each account holds plenty of.
function ledger(n: number, inverse: boolean, seed: number): LedgerTx[] {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const start = Date.UTC(2020, 0, 1);
  const out: LedgerTx[] = [];
  if (inverse) {
    for (let a = 0; a < 10; a++)
      out.push({
        date: '2020-01-01',
        kind: 'deposit',
        account: `acct${a}`,
        instrument: 'BTC',
        quantity: '1000000',
        price: '7000',
      });
  }
  for (let i = 0; i < n; i++) {
    const date = new Date(start + Math.floor((i * 1826) / n) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const q = ((rnd() - 0.5) * (inverse ? 200_000 : 20)).toFixed(inverse ? 0 : 3);
    if (Number(q) === 0) continue;
    out.push({
      date,
      kind: inverse ? 'inverse_futures_trade' : 'futures_trade',
      account: `acct${Math.floor(rnd() * 10)}`,
      instrument: `PERP${Math.floor(rnd() * 20)}`,
      quantity: q,
      price: (20_000 + rnd() * 80_000).toFixed(1),
      quote: inverse ? 'BTC' : 'USD',
      fee: inverse ? '0.00001' : '2.5',
    });
  }
  return out;
}

it('futures ledger figures', async () => {
  const linear = ledger(100_000, false, 1);
  const inverse = ledger(100_000, true, 2);
  applyLedger(linear.slice(0, 5000), { method: 'fifo' }); // warm-up (JIT)
  report(
    'futures_trade (linear), FIFO, 100,000 trades',
    await sample(5, () => void applyLedger(linear, { method: 'fifo' })),
    1000,
  );
  report(
    'futures_trade (linear), average cost, 100,000 trades',
    await sample(5, () => void applyLedger(linear, { method: 'average' })),
    1000,
  );
  report(
    'inverse_futures_trade, FIFO, 100,000 trades',
    await sample(5, () => void applyLedger(inverse, { method: 'fifo' })),
    1500,
  );
  report(
    'holdings index with futures bases, 100,000 trades',
    await sample(3, () => void buildHoldingsIndex(linear)),
    1500,
  );
});
