import { describe, expect, it } from 'vitest';
import { carryFromChain, type ChainRow } from '../src/main/services/option-chains';
import { normalCdf } from '../src/main/engine/stats/distributions';

// Put-call parity read off a chain built here from Black-76 (r = 0) on a known forward
// F = S·e^{bT}: the carry must come back as b, for coin-quoted premiums (V/F, Deribit's
// BTC-…) and USD ones (…_USDC-…) alike.

function black76(F: number, K: number, T: number, vol: number, right: 'call' | 'put') {
  const sd = vol * Math.sqrt(T);
  const d1 = (Math.log(F / K) + 0.5 * sd * sd) / sd;
  const call = F * normalCdf(d1) - K * normalCdf(d1 - sd);
  return right === 'call' ? call : call - (F - K);
}

function chain(S: number, b: number, coin: boolean): ChainRow[] {
  const rows: ChainRow[] = [];
  for (const [expiry, T] of [
    ['2025-03-28', (44 + 8 / 24) / 365],
    ['2025-06-27', (135 + 8 / 24) / 365],
  ] as const) {
    const F = S * Math.exp(b * T);
    for (const K of [90_000, 95_000, 100_000])
      for (const right of ['call', 'put'] as const) {
        const usd = black76(F, K, T, 0.55, right);
        rows.push({
          instrument: `BTC${coin ? '' : '_USDC'}-X-${K}-${right === 'call' ? 'C' : 'P'}`,
          underlying: 'BTC',
          expiry,
          strike: K,
          right,
          underlying_price: F,
          mark_price: coin ? usd / F : usd,
          mark_iv: 55,
          bid: null,
          ask: null,
        });
      }
  }
  return rows;
}

describe('carryFromChain', () => {
  it('reads the carry from coin premiums (V/F) and from USD premiums', () => {
    for (const b of [0.08, -0.03, 0.25]) {
      expect(carryFromChain(chain(95_000, b, true), 95_000, '2025-02-11')).toBeCloseTo(b, 12);
      expect(carryFromChain(chain(95_000, b, false), 95_000, '2025-02-11')).toBeCloseTo(b, 12);
    }
  });

  it('pairs a call with a put of its own family when both are stored for one underlying', () => {
    // BTC-… (coin premiums) and BTC_USDC-… (USD) at the same strikes, in either order
    const both = [...chain(95_000, 0.08, true), ...chain(95_000, 0.08, false)];
    expect(carryFromChain(both, 95_000, '2025-02-11')).toBeCloseTo(0.08, 12);
    expect(carryFromChain([...both].reverse(), 95_000, '2025-02-11')).toBeCloseTo(0.08, 12);
  });

  it('gives nothing without a call and a put at the same strike more than a week out', () => {
    const rows = chain(95_000, 0.08, true).filter((r) => r.right === 'call');
    expect(carryFromChain(rows, 95_000, '2025-02-11')).toBeNull();
    // seen from 2025-06-21 both expiries are within a week
    expect(carryFromChain(chain(95_000, 0.08, true), 95_000, '2025-06-21')).toBeNull();
  });
});
