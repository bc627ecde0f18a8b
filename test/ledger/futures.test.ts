import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyLedger,
  buildHoldingsIndex,
  findPosition,
  LedgerError,
  unrealisedPnl,
} from '../../src/main/engine/ledger';
import { type LedgerTx } from '../../src/shared/ledger';
import { pnl, pos, quantity, tx } from './_tx';

// Margined futures and perpetual positions. Every expected figure is worked by hand in the
// comment above it (P&L = closed quantity x (exit - entry), sign-correct for shorts; inverse:
// face x (1/entry - 1/exit) coins), or, in the properties, computed independently of the lots
// from the trades alone (total P&L = -Σ q·p + Q·mark - fees).

const P = 'BTCUSDT-PERP';
type Fields = Omit<Partial<LedgerTx>, 'kind'>;
const fut = (quantity: string, price: string, f: Fields = {}) =>
  tx('futures_trade', quantity, { instrument: P, price, quote: 'USD', ...f });
const inv = (quantity: string, price: string, f: Fields = {}) =>
  tx('inverse_futures_trade', quantity, { instrument: 'BTC-PERPETUAL', price, quote: 'BTC', ...f });
const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);

function errorOf(txs: LedgerTx[]): LedgerError {
  try {
    applyLedger(txs, { method: 'fifo' });
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('expected a LedgerError');
}

describe('linear futures: open and close', () => {
  it('long: opening moves only the fee; closing realises 2 x (45,000 - 40,000) in the quote', () => {
    // +2 @ 40,000 fee 8: basis 80,000, USD -8, realised -8.
    // -2 @ 45,000 fee 9: P&L 2 x 5,000 = 10,000; realised -8 + 10,000 - 9 = 9,983 = USD balance.
    const open = applyLedger([fut('2', '40000', { fee: '8' })], { method: 'fifo' });
    expect(pos(open, P)).toEqual({
      quantity: '2',
      costBasis: '80000',
      averageCost: '40000',
      lots: [{ quantity: '2', unitCost: '40000', date: '2024-01-01' }],
    });
    expect(findPosition(open, 'A', P)).toMatchObject({
      margin: 'linear',
      settlement: 'USD',
      entryPrice: '40000',
    });
    expect(quantity(open, 'USD')).toBe('-8');
    expect(pnl(open, P)).toBe('-8');

    const b = applyLedger(
      [fut('2', '40000', { fee: '8' }), fut('-2', '45000', { fee: '9', date: '2024-01-02' })],
      { method: 'fifo' },
    );
    expect(pos(b, P)).toBeNull();
    expect(pnl(b, P)).toBe('9983');
    expect(quantity(b, 'USD')).toBe('9983');
    expect(b.realisedTotal).toBe('9983');
  });

  it('short: sold at 100,000, bought back at 96,000 gains 1.5 x 4,000 = 6,000', () => {
    const b = applyLedger([fut('-1.5', '100000'), fut('1.5', '96000', { date: '2024-01-02' })], {
      method: 'average',
    });
    expect(pnl(b, P)).toBe('6000');
    expect(quantity(b, 'USD')).toBe('6000');
    // a short losing: sold at 100,000, bought back at 104,000: -1.5 x 4,000
    const l = applyLedger([fut('-1.5', '100000'), fut('1.5', '104000')], { method: 'fifo' });
    expect(pnl(l, P)).toBe('-6000');
    expect(quantity(l, 'USD')).toBe('-6000');
  });

  it('an open short carries a negative basis and is worth its unrealised P&L', () => {
    // -1.5 @ 100,000: basis -150,000; at mark 90,000: -1.5 x 90,000 + 150,000 = 15,000
    const b = applyLedger([fut('-1.5', '100000')], { method: 'fifo' });
    expect(pos(b, P)).toMatchObject({ quantity: '-1.5', costBasis: '-150000' });
    const v = unrealisedPnl(b, new Map([[P, '90000']]));
    expect(v.positions).toEqual([
      {
        account: 'A',
        instrument: P,
        quantity: '-1.5',
        costBasis: '-150000',
        price: '90000',
        marketValue: '15000',
        unrealised: '15000',
      },
    ]);
    // no capital went in: the notional is not in the totals
    expect(v.totals).toEqual({
      marketValue: '15000',
      costBasis: '0',
      unrealised: '15000',
      debtValue: '0',
      netValue: '15000',
    });
  });

  it('partial close: FIFO closes the oldest lot, average cost the pool pro rata', () => {
    // +3 @ 30,000 (day 1), +1 @ 34,000 (day 2), -2 @ 36,000 (day 3)
    const txs = [
      fut('3', '30000', { date: '2024-01-01' }),
      fut('1', '34000', { date: '2024-01-02' }),
      fut('-2', '36000', { date: '2024-01-03' }),
    ];
    // FIFO: 2 of the 30,000 lot close: 2 x 6,000 = 12,000; left 1 @ 30,000 + 1 @ 34,000
    const f = applyLedger(txs, { method: 'fifo' });
    expect(pnl(f, P)).toBe('12000');
    expect(pos(f, P)).toEqual({
      quantity: '2',
      costBasis: '64000',
      averageCost: '32000',
      lots: [
        { quantity: '1', unitCost: '30000', date: '2024-01-01' },
        { quantity: '1', unitCost: '34000', date: '2024-01-02' },
      ],
    });
    // average: entry (90,000 + 34,000) / 4 = 31,000; 2 x (36,000 - 31,000) = 10,000
    const a = applyLedger(txs, { method: 'average' });
    expect(pnl(a, P)).toBe('10000');
    expect(pos(a, P)).toMatchObject({ quantity: '2', costBasis: '62000', averageCost: '31000' });
    expect(findPosition(a, 'A', P)?.entryPrice).toBe('31000');
    // realised + unrealised is the same under both methods, at any mark (here 35,000):
    // FIFO 12,000 + (70,000 - 64,000) = 18,000; average 10,000 + (70,000 - 62,000) = 18,000
    for (const b of [f, a]) {
      const v = unrealisedPnl(b, new Map([[P, '35000']]));
      expect(new Decimal(b.realisedTotal).plus(v.totals.unrealised).toFixed()).toBe('18000');
    }
  });

  it('a trade through zero closes the long, then opens a short with the rest', () => {
    // +1 @ 50,000; -3 @ 48,000: close 1 → -2,000; open -2 @ 48,000 (basis -96,000)
    for (const method of ['fifo', 'average'] as const) {
      const b = applyLedger([fut('1', '50000'), fut('-3', '48000')], { method });
      expect(pnl(b, P)).toBe('-2000');
      expect(pos(b, P)).toMatchObject({
        quantity: '-2',
        costBasis: '-96000',
        averageCost: '48000',
      });
      expect(quantity(b, 'USD')).toBe('-2000');
      // at 47,000: -2 x 47,000 + 96,000 = 2,000
      expect(unrealisedPnl(b, new Map([[P, '47000']])).positions[0]!.unrealised).toBe('2000');
    }
  });

  it('settles into a stablecoin quote: gains add USDT at 1, losses spend it', () => {
    // 1,000 USDT deposited; +0.5 @ 60,000 fee 3 USDT; -0.5 @ 59,000: P&L 0.5 x -1,000 = -500;
    // USDT 1,000 - 3 - 500 = 497. Then -0.5 @ 59,000, +0.5 @ 58,000: +500 → 997.
    const txs = [
      tx('deposit', '1000', { instrument: 'USDT', price: '1' }),
      fut('0.5', '60000', { quote: 'USDT', fee: '3' }),
      fut('-0.5', '59000', { quote: 'USDT', date: '2024-01-02' }),
    ];
    const b = applyLedger(txs, { method: 'fifo' });
    expect(quantity(b, 'USDT')).toBe('497');
    expect(pnl(b, P)).toBe('-503');
    const c = applyLedger(
      [
        ...txs,
        fut('-0.5', '59000', { quote: 'USDT', date: '2024-01-03' }),
        fut('0.5', '58000', { quote: 'USDT', date: '2024-01-04' }),
      ],
      { method: 'fifo' },
    );
    expect(quantity(c, 'USDT')).toBe('997');
    expect(pos(c, 'USDT')).toMatchObject({ costBasis: '997' });
    expect(pnl(c, P)).toBe('-3');
  });

  it('a loss larger than the stablecoin balance is refused, naming the shortfall', () => {
    const e = errorOf([
      tx('deposit', '100', { instrument: 'USDT', price: '1' }),
      fut('1', '60000', { quote: 'USDT' }),
      fut('-1', '59000', { quote: 'USDT', date: '2024-01-02' }),
    ]);
    expect(e).toMatchObject({ index: 2, kind: 'futures_trade', instrument: 'USDT' });
    expect(e.problem).toBe('cannot pay 1000 USDT: account "A" holds only 100');
  });

  it('a fee in another currency is a separate disposal of it', () => {
    // 1 BNB bought at 300; fee 0.1 BNB on opening: realised -30 on BNB, nothing on the contract
    const b = applyLedger(
      [
        tx('buy', '1', { instrument: 'BNB', price: '300', quote: 'USD' }),
        fut('1', '40000', { fee: '0.1', feeCurrency: 'BNB' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'BNB')).toBe('-30');
    expect(pnl(b, P)).toBe('0');
    expect(quantity(b, 'BNB')).toBe('0.9');
    expect(quantity(b, 'USD')).toBe('-300');
  });

  it('exact: 18-place quantities and prices give exact P&L, with no float drift', () => {
    // 0.1 + 0.2 style: +0.1 @ 0.2, +0.2 @ 0.1 (basis 0.04), -0.3 @ 0.3: 0.09 - 0.04 = 0.05
    const b = applyLedger(
      [fut('0.1', '0.2'), fut('0.2', '0.1'), fut('-0.3', '0.3', { date: '2024-01-02' })],
      { method: 'average' },
    );
    expect(pnl(b, P)).toBe('0.05');
    // 1e-18 x 123,456,789.123456789123456789 is exact at 36 places
    const tiny = applyLedger(
      [
        fut('0.000000000000000001', '123456789.123456789123456789'),
        fut('-0.000000000000000001', '123456790.123456789123456789', { date: '2024-01-02' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(tiny, P)).toBe('0.000000000000000001');
    expect(
      applyLedger([fut('0.000000000000000001', '123456789.123456789123456789')], {
        method: 'fifo',
      }).positions[0]!.costBasis,
    ).toBe('0.000000000123456789123456789123456789');
  });

  it('an expiry closes a dated future at its final settlement price', () => {
    // +2 @ 60,000, settled at 65,000: 2 x 5,000 = 10,000, fee 2 → 9,998
    const F = 'BTC-27JUN25';
    const b = applyLedger(
      [
        fut('2', '60000', { instrument: F }),
        tx('expiry', '0', { instrument: F, price: '65000', fee: '2', date: '2025-06-27' }),
      ],
      { method: 'fifo' },
    );
    expect(pos(b, F)).toBeNull();
    expect(pnl(b, F)).toBe('9998');
    expect(quantity(b, 'USD')).toBe('9998');
  });
});

describe('inverse (coin-settled) futures', () => {
  const deposit = tx('deposit', '1', { instrument: 'BTC', price: '30000', date: '2024-01-01' });

  it('long face 10,000 USD from 40,000 to 50,000 earns 10,000 (1/40,000 - 1/50,000) = 0.05 BTC', () => {
    // basis 10,000 / 40,000 = 0.25 BTC; the 0.05 BTC received enter at 0.05 x 50,000 = 2,500,
    // which is the realised P&L; BTC 1.05 with basis 30,000 + 2,500
    const open = applyLedger([deposit, inv('10000', '40000', { date: '2024-01-02' })], {
      method: 'fifo',
    });
    expect(findPosition(open, 'A', 'BTC-PERPETUAL')).toMatchObject({
      quantity: '10000',
      costBasis: '0.25',
      margin: 'inverse',
      settlement: 'BTC',
      entryPrice: '40000',
    });
    // at mark 50,000 and BTC 49,000: (0.25 - 0.2) x 49,000 = 2,450
    const v = unrealisedPnl(
      open,
      new Map([
        ['BTC-PERPETUAL', '50000'],
        ['BTC', '49000'],
      ]),
    );
    expect(v.positions.find((p) => p.instrument === 'BTC-PERPETUAL')).toMatchObject({
      marketValue: '2450',
      unrealised: '2450',
    });
    expect(v.totals.costBasis).toBe('30000');

    const b = applyLedger(
      [
        deposit,
        inv('10000', '40000', { date: '2024-01-02' }),
        inv('-10000', '50000', { date: '2024-01-03' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'BTC-PERPETUAL')).toBe('2500');
    expect(pos(b, 'BTC')).toMatchObject({ quantity: '1.05', costBasis: '32500' });
    expect(pos(b, 'BTC-PERPETUAL')).toBeNull();
  });

  it('short face 10,000 from 40,000 to 50,000 loses 0.05 BTC, realised at their basis', () => {
    // the 0.05 BTC paid come from the lot bought at 30,000: realised -1,500
    const b = applyLedger(
      [
        deposit,
        inv('-10000', '40000', { date: '2024-01-02' }),
        inv('10000', '50000', { date: '2024-01-03' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'BTC-PERPETUAL')).toBe('-1500');
    expect(pos(b, 'BTC')).toMatchObject({ quantity: '0.95', costBasis: '28500' });
  });

  it('a fee in the coin nets against the P&L; a basis that does not terminate rounds at 36 places', () => {
    // +30 USD face @ 30,000 fee 0.00001: basis 0.001 BTC; pays 0.00001 BTC (basis 0.3).
    // +10 face @ 30,000: 1/3,000 = 0.000333…3 (36 places)
    const b = applyLedger(
      [
        deposit,
        inv('30', '30000', { fee: '0.00001', date: '2024-01-02' }),
        inv('10', '30000', { date: '2024-01-03' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'BTC-PERPETUAL')).toBe('-0.3');
    expect(pos(b, 'BTC')).toMatchObject({ quantity: '0.99999', costBasis: '29999.7' });
    expect(pos(b, 'BTC-PERPETUAL')?.costBasis).toBe('0.001333333333333333333333333333333333');
  });

  it('cannot settle in cash', () => {
    expect(errorOf([inv('10', '30000', { quote: 'USD' })]).problem).toMatch(
      /inverse contract settles in its coin; quote USD is cash/,
    );
  });
});

describe('a margined position is its own kind of position', () => {
  it('refuses other kinds on it, and futures trades on an ordinary holding', () => {
    const open = fut('1', '40000');
    expect(
      errorOf([open, tx('buy', '1', { instrument: P, price: '1', quote: 'USD' })]).problem,
    ).toBe(
      `${P} in account "A" is a margined futures position: only futures trades and its expiry change it`,
    );
    expect(
      errorOf([open, tx('option_trade', '1', { instrument: P, price: '1', quote: 'USD' })]).problem,
    ).toMatch(/is a margined futures position/);
    expect(errorOf([open, tx('transfer', '1', { instrument: P, toAccount: 'B' })]).problem).toMatch(
      /is a margined futures position/,
    );
    expect(
      errorOf([open, tx('exercise', '1', { instrument: P, price: '1', quote: 'USD' })]).problem,
    ).toMatch(/not exercised, an expiry closes it/);
    expect(errorOf([tx('deposit', '1', { instrument: P, price: '1' }), open]).problem).toMatch(
      /holds 1 BTCUSDT-PERP that are not a futures position/,
    );
    expect(errorOf([open, inv('1', '40000', { instrument: P })]).problem).toMatch(
      /is a linear contract; a inverse_futures_trade cannot trade it/,
    );
    expect(errorOf([open, fut('1', '40000', { quote: 'USDT' })]).problem).toMatch(
      /settles in USD; quote USDT differs/,
    );
  });

  it('checks quantity, price and expiry', () => {
    expect(errorOf([fut('0', '40000')]).problem).toMatch(/quantity must not be zero/);
    expect(errorOf([fut('1', '0')]).problem).toBe('price must be greater than zero');
    expect(errorOf([fut('1', '-1')]).problem).toMatch(/price must not be negative/);
    expect(errorOf([fut('1', '40000', { quote: undefined })]).problem).toMatch(/quote is missing/);
    expect(
      errorOf([fut('1', '4000'), tx('expiry', '2', { instrument: P, price: '1' })]).problem,
    ).toMatch(/does not match the open position of 1/);
    expect(errorOf([fut('1', '4000'), tx('expiry', '0', { instrument: P })]).problem).toMatch(
      /needs its final settlement price/,
    );
  });

  it('the holdings index carries the basis of margined positions through time', () => {
    const idx = buildHoldingsIndex([
      fut('2', '100', { date: '2024-01-01' }),
      fut('1', '130', { date: '2024-01-03' }),
      fut('-3', '120', { date: '2024-01-05' }),
    ]);
    expect(idx.asOf('2024-01-02')).toEqual([
      {
        account: 'A',
        instrument: P,
        quantity: '2',
        margin: 'linear',
        settlement: 'USD',
        costBasis: '200',
      },
    ]);
    expect(idx.asOf('2024-01-04').find((h) => h.instrument === P)).toMatchObject({
      quantity: '3',
      costBasis: '330',
    });
    // flat on day 5: only the USD it settled (2 x 20 - 10 = 30) is left
    expect(idx.asOf('2024-01-05')).toEqual([{ account: 'A', instrument: 'USD', quantity: '30' }]);
  });
});

describe('debts in the holdings index', () => {
  it('lists each debt as a negative quantity from the day it changes', () => {
    // borrow 100 USDC day 1, 50 more day 3, repay 150 day 5
    const idx = buildHoldingsIndex([
      tx('borrow', '100', { instrument: 'USDC', price: '1', date: '2024-01-01' }),
      tx('borrow', '50', { instrument: 'USDC', price: '1', date: '2024-01-03' }),
      tx('deposit', '1', { instrument: 'ETH', price: '2000', date: '2024-01-04' }),
      tx('repay', '150', { instrument: 'USDC', date: '2024-01-05' }),
    ]);
    expect(idx.asOf('2024-01-02')).toEqual([
      { account: 'A', instrument: 'USDC', quantity: '100' },
      { account: 'A', instrument: 'USDC', quantity: '-100', debt: true },
    ]);
    expect(idx.asOf('2024-01-04').filter((h) => h.debt)).toEqual([
      { account: 'A', instrument: 'USDC', quantity: '-150', debt: true },
    ]);
    expect(idx.asOf('2024-01-05')).toEqual([{ account: 'A', instrument: 'ETH', quantity: '1' }]);
  });
});

// ---- properties ----

const X = Decimal.clone({ precision: 200 });
/** A decimal with 0 to 8 places from integer units. */
const dec = (units: number, places: number) => new X(units).div(new X(10).pow(places)).toFixed();
const qty = fc
  .tuple(fc.integer({ min: -500_000, max: 500_000 }), fc.integer({ min: 0, max: 8 }))
  .filter(([u]) => u !== 0)
  .map(([u, s]) => dec(u, s));
const price = fc
  .tuple(fc.integer({ min: 1, max: 2_000_000_000 }), fc.integer({ min: 0, max: 8 }))
  .map(([u, s]) => dec(u, s));
const fee = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 6 }))
    .map(([u, s]) => dec(u, s)),
  { nil: undefined },
);
const trades = fc.array(fc.record({ q: qty, p: price, fee }), { minLength: 1, maxLength: 25 });
const method = fc.constantFrom('fifo' as const, 'average' as const);

describe('properties', () => {
  it('linear: realised + unrealised at any mark = -Σ q·p + Q·mark - Σ fees = cash after closing at the mark', () => {
    fc.assert(
      fc.property(trades, price, method, (ts, mark, m) => {
        const txs = ts.map((t, i) =>
          fut(t.q, t.p, { date: day(i), ...(t.fee ? { fee: t.fee } : {}) }),
        );
        const book = applyLedger(txs, { method: m });
        const v = unrealisedPnl(book, new Map([[P, mark]]));
        const Q = ts.reduce((s, t) => s.plus(t.q), new X(0));
        const expected = ts
          .reduce((s, t) => s.minus(new X(t.q).times(t.p)).minus(t.fee ?? 0), new X(0))
          .plus(Q.times(mark));
        expect(new X(book.realisedTotal).plus(v.totals.unrealised).toFixed()).toBe(
          expected.toFixed(),
        );
        // the cash balance is every flow: realised P&L is paid at once
        expect(quantity(book, 'USD')).toBe(book.realisedTotal);
        // closing everything at the mark turns the unrealised P&L into cash
        if (!Q.isZero()) {
          const closed = applyLedger([...txs, fut(Q.neg().toFixed(), mark, { date: day(99) })], {
            method: m,
          });
          expect(closed.positions.filter((p) => p.instrument === P)).toEqual([]);
          expect(quantity(closed, 'USD')).toBe(expected.toFixed());
        }
      }),
    );
  });

  it('inverse: coins received + unrealised coins = Σ face/price - Q/mark - Σ fees (to rounding)', () => {
    fc.assert(
      fc.property(trades, price, method, (ts, mark, m) => {
        const start = '1000000000000';
        const txs = [
          tx('deposit', start, { instrument: 'BTC', price: '1', date: day(0) }),
          ...ts.map((t, i) =>
            inv(t.q, t.p, { date: day(i + 1), ...(t.fee ? { fee: t.fee } : {}) }),
          ),
        ];
        const book = applyLedger(txs, { method: m });
        const p = findPosition(book, 'A', 'BTC-PERPETUAL');
        const Q = ts.reduce((s, t) => s.plus(t.q), new X(0));
        const coins = new X(quantity(book, 'BTC')).minus(start);
        const unrealised = p ? new X(p.costBasis).minus(Q.div(mark)) : new X(0);
        const expected = ts
          .reduce((s, t) => s.plus(new X(t.q).div(t.p)).minus(t.fee ?? 0), new X(0))
          .minus(Q.div(mark));
        expect(coins.plus(unrealised).minus(expected).abs().toNumber()).toBeLessThan(1e-30);
      }),
    );
  });
});
