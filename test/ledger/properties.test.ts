import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyLedger, type Book, findPosition } from '../../src/main/engine/ledger';
import { type LedgerTx } from '../../src/shared/ledger';

// Property tests: invariants that must hold for any ledger of the given shape. Quantities,
// prices and fees are decimal strings with 0 to 18 decimal places, built from bigint units so
// the expected figures are computed exactly and independently of the engine.

const X = Decimal.clone({ precision: 300 });
const SCALE = 10n ** 18n;

/** units / 10^scale as minimal decimal text. */
function text(units: bigint, scale: number): string {
  const s = units.toString().padStart(scale + 1, '0');
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, '');
}

/** A positive decimal with 0 to 18 places and up to `digits` significant digits. */
const positive = (digits = 20) =>
  fc
    .tuple(fc.bigInt({ min: 1n, max: 10n ** BigInt(digits) - 1n }), fc.integer({ min: 0, max: 18 }))
    .map(([u, s]) => text(u, s));
const money = fc.oneof(positive(8), positive(24));
const optionalFee = fc.option(positive(10), { nil: undefined });
/** A share of the holding, in millionths. */
const share = fc.integer({ min: 1, max: 1_000_000 });
/** Quantity text -> 1e-18 units. */
const units = (q: string) => {
  const [i, f = ''] = q.split('.');
  return BigInt(i!) * SCALE + BigInt(f.padEnd(18, '0'));
};

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);

type Op =
  | { buy: true; q: string; price: string; fee?: string }
  | { buy: false; share: number; price: string; fee?: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record(
    { buy: fc.constant(true as const), q: positive(22), price: money, fee: optionalFee },
    { requiredKeys: ['buy', 'q', 'price'] },
  ),
  fc.record(
    { buy: fc.constant(false as const), share, price: money, fee: optionalFee },
    { requiredKeys: ['buy', 'share', 'price'] },
  ),
);

/** Buys and sells of BTC for USD that never oversell (a sell takes a share of what is held). */
function trades(ops: Op[], sellAll = false): { txs: LedgerTx[]; held: bigint } {
  const txs: LedgerTx[] = [];
  let held = 0n;
  const push = (kind: 'buy' | 'sell', q: bigint, price: string, fee?: string) =>
    txs.push({
      date: day(txs.length),
      kind,
      account: 'A',
      instrument: 'BTC',
      quantity: text(q, 18),
      price,
      quote: 'USD',
      ...(fee ? { fee } : {}),
    });
  for (const o of ops) {
    if (o.buy) {
      held += units(o.q);
      push('buy', units(o.q), o.price, o.fee);
    } else {
      const q = (held * BigInt(o.share)) / 1_000_000n;
      if (q === 0n) continue;
      held -= q;
      push('sell', q, o.price, o.fee);
    }
  }
  if (sellAll && held > 0n) {
    push('sell', held, '1.5');
    held = 0n;
  }
  return { txs, held };
}

const cashFlow = (txs: LedgerTx[]) =>
  txs.reduce((acc, t) => {
    const gross = new X(t.quantity).times(t.price!);
    const fee = new X(t.fee ?? 0);
    return t.kind === 'sell' ? acc.plus(gross).minus(fee) : acc.minus(gross).minus(fee);
  }, new X(0));

const basisOf = (b: Book, instrument: string, account = 'A') =>
  new X(findPosition(b, account, instrument)?.costBasis ?? 0);
const qtyOf = (b: Book, instrument: string, account = 'A') =>
  new X(findPosition(b, account, instrument)?.quantity ?? 0);

describe('properties', () => {
  it('cash-flow conservation: Σ proceeds − Σ costs (fees included) = realised − remaining basis = USD balance', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 30 }),
        fc.constantFrom('fifo' as const, 'average' as const),
        (ops, method) => {
          const { txs } = trades(ops);
          const b = applyLedger(txs, { method });
          const flow = cashFlow(txs);
          expect(qtyOf(b, 'USD').toFixed()).toBe(flow.toFixed());
          expect(new X(b.realisedTotal).minus(basisOf(b, 'BTC')).toFixed()).toBe(flow.toFixed());
        },
      ),
    );
  });

  it('remaining quantity = Σ buys − Σ sells, and the lots add up to the position', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 30 }),
        fc.constantFrom('fifo' as const, 'average' as const),
        (ops, method) => {
          const { txs, held } = trades(ops);
          const b = applyLedger(txs, { method });
          expect(qtyOf(b, 'BTC').toFixed()).toBe(new X(text(held, 18)).toFixed());
          const p = findPosition(b, 'A', 'BTC');
          if (!p) {
            expect(held).toBe(0n);
          } else {
            const lotsQty = p.lots.reduce((s, l) => s.plus(l.quantity), new X(0));
            expect(lotsQty.toFixed()).toBe(p.quantity);
          }
        },
      ),
    );
  });

  it('FIFO realises proceeds − basis of the oldest units (against an unrounded reference)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const { txs } = trades(ops);
        const lots: { q: Decimal; basis: Decimal }[] = [];
        let realised = new X(0);
        for (const t of txs) {
          const gross = new X(t.quantity).times(t.price!);
          const fee = new X(t.fee ?? 0);
          if (t.kind === 'buy') {
            lots.push({ q: new X(t.quantity), basis: gross.plus(fee) });
            continue;
          }
          let left = new X(t.quantity);
          let basis = new X(0);
          while (left.gt(0)) {
            const lot = lots[0]!;
            const take = Decimal.min(left, lot.q);
            const part = lot.basis.times(take).div(lot.q); // exact enough at 300 digits
            basis = basis.plus(part);
            lot.basis = lot.basis.minus(part);
            lot.q = lot.q.minus(take);
            left = left.minus(take);
            if (lot.q.isZero()) lots.shift();
          }
          realised = realised.plus(gross).minus(fee).minus(basis);
        }
        const b = applyLedger(txs, { method: 'fifo' });
        // The engine rounds each partial share to 36 places: allow 1e-35 per transaction.
        const tolerance = new X('1e-35').times(txs.length + 1);
        expect(new X(b.realisedTotal).minus(realised).abs().lte(tolerance)).toBe(true);
        const p = findPosition(b, 'A', 'BTC');
        expect(p?.lots.length ?? 0).toBe(lots.length);
        lots.forEach((lot, i) => {
          expect(p!.lots[i]!.quantity).toBe(lot.q.toFixed());
          const cost = new X(p!.lots[i]!.quantity).times(p!.lots[i]!.unitCost);
          expect(
            cost
              .minus(lot.basis)
              .abs()
              .lte(tolerance.times(lot.q.plus(1))),
          ).toBe(true);
        });
      }),
    );
  });

  it('FIFO and average cost realise the same total once everything bought is sold', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const { txs } = trades(ops, true);
        const fifo = applyLedger(txs, { method: 'fifo' });
        const avg = applyLedger(txs, { method: 'average' });
        expect(findPosition(fifo, 'A', 'BTC')).toBeUndefined();
        expect(avg.realisedTotal).toBe(fifo.realisedTotal);
        expect(new X(fifo.realisedTotal).toFixed()).toBe(cashFlow(txs).toFixed());
      }),
    );
  });

  it('transfers conserve quantity and basis across accounts, and realise nothing', () => {
    const accounts = ['A', 'B', 'C'];
    const step = fc.record({
      deposit: fc.boolean(),
      from: fc.integer({ min: 0, max: 2 }),
      to: fc.integer({ min: 1, max: 2 }),
      q: positive(20),
      price: money,
      share,
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.constantFrom('fifo' as const, 'average' as const),
        (steps, method) => {
          const held = [0n, 0n, 0n];
          const txs: LedgerTx[] = [];
          let total = 0n;
          let basis = new X(0);
          for (const s of steps) {
            const base = { date: day(txs.length), account: accounts[s.from]!, instrument: 'ETH' };
            if (s.deposit) {
              held[s.from]! += units(s.q);
              total += units(s.q);
              basis = basis.plus(new X(s.q).times(s.price));
              txs.push({ ...base, kind: 'deposit', quantity: s.q, price: s.price });
            } else {
              const to = (s.from + s.to) % 3;
              const q = (held[s.from]! * BigInt(s.share)) / 1_000_000n;
              if (q === 0n) continue;
              held[s.from]! -= q;
              held[to]! += q;
              txs.push({
                ...base,
                kind: 'transfer',
                quantity: text(q, 18),
                toAccount: accounts[to]!,
              });
            }
          }
          const b = applyLedger(txs, { method });
          const sumQty = accounts.reduce((s, a) => s.plus(qtyOf(b, 'ETH', a)), new X(0));
          const sumBasis = accounts.reduce((s, a) => s.plus(basisOf(b, 'ETH', a)), new X(0));
          expect(sumQty.toFixed()).toBe(new X(text(total, 18)).toFixed());
          accounts.forEach((a, i) =>
            expect(qtyOf(b, 'ETH', a).toFixed()).toBe(new X(text(held[i]!, 18)).toFixed()),
          );
          expect(sumBasis.toFixed()).toBe(basis.toFixed());
          expect(b.realised).toEqual([]);
        },
      ),
    );
  });

  it('how the transactions are split into days does not matter when their order is kept', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 25 }),
        fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        fc.constantFrom('fifo' as const, 'average' as const),
        (ops, newDay, method) => {
          const { txs } = trades(ops);
          const oneDay = txs.map((t) => ({ ...t, date: '2024-01-01' }));
          let d = 0;
          const split = txs.map((t, i) => ({ ...t, date: day((d += newDay[i] ? 1 : 0)) }));
          const strip = (b: Book) => ({
            positions: b.positions.map((p) => ({
              ...p,
              lots: p.lots.map((l) => ({ ...l, date: '' })),
            })),
            realised: b.realised,
            realisedTotal: b.realisedTotal,
          });
          const a = strip(applyLedger(oneDay, { method }));
          expect(strip(applyLedger(split, { method }))).toEqual(a);
          expect(strip(applyLedger(txs, { method }))).toEqual(a);
        },
      ),
    );
  });
});
