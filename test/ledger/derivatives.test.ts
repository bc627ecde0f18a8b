import { describe, expect, it } from 'vitest';
import { applyLedger } from '../../src/main/engine/ledger';
import { buy, pnl, pos, quantity, tx } from './_tx';

describe('borrow and repay', () => {
  // day 1: buy 1,000 USDC @ 1; day 2: borrow 500 @ 0.999 (basis 499.5, debt 500);
  // day 3: repay 300 → the oldest 300 (basis 300) leave, debt 200; no P&L
  const txs = [
    buy('1000', '1', { instrument: 'USDC', date: '2024-01-01' }),
    tx('borrow', '500', { instrument: 'USDC', price: '0.999', date: '2024-01-02' }),
    tx('repay', '300', { instrument: 'USDC', date: '2024-01-03' }),
  ];

  it('borrow adds a lot and a debt; repay consumes the oldest lots and reduces the debt', () => {
    const b = applyLedger(txs, { method: 'fifo' });
    expect(pos(b, 'USDC')).toEqual({
      quantity: '1200',
      costBasis: '1199.5', // 700 + 499.5
      averageCost: '0.999583333333333333333333333333333333',
      lots: [
        { quantity: '700', unitCost: '1', date: '2024-01-01' },
        { quantity: '500', unitCost: '0.999', date: '2024-01-02' },
      ],
    });
    expect(b.debts).toEqual([{ account: 'A', instrument: 'USDC', quantity: '200' }]);
    expect(b.realised).toEqual([]);
  });

  it('repaying the rest clears the debt', () => {
    const b = applyLedger(
      [...txs, tx('repay', '200', { instrument: 'USDC', date: '2024-01-04' })],
      {
        method: 'fifo',
      },
    );
    expect(b.debts).toEqual([]);
    expect(pos(b, 'USDC')).toMatchObject({ quantity: '1000', costBasis: '999.5' });
  });

  it('cash can be borrowed without a price', () => {
    const b = applyLedger([tx('borrow', '1000', { instrument: 'USD' })], { method: 'average' });
    expect(quantity(b, 'USD')).toBe('1000');
    expect(b.debts).toEqual([{ account: 'A', instrument: 'USD', quantity: '1000' }]);
  });
});

describe('liquidity pools', () => {
  // buy 1 ETH @ 2,000 and 2,000 USDC @ 1; add both for 10 LP tokens (basis 4,000)
  const LP = 'ETH-USDC-LP';
  const add = [
    buy('1', '2000', { instrument: 'ETH' }),
    buy('2000', '1', { instrument: 'USDC' }),
    tx('liquidity_add', '1', {
      instrument: 'ETH',
      counterInstrument: 'USDC',
      counterQuantity: '2000',
      lpInstrument: LP,
      lpQuantity: '10',
      date: '2024-01-02',
    }),
  ];
  const remove = (f: Record<string, string> = {}) =>
    tx('liquidity_remove', '0.8', {
      instrument: 'ETH',
      counterInstrument: 'USDC',
      counterQuantity: '2500',
      lpInstrument: LP,
      lpQuantity: '5',
      date: '2024-01-03',
      ...f,
    });

  it('add: the LP lot carries the basis of both underlyings', () => {
    const b = applyLedger(add, { method: 'fifo' });
    expect(pos(b, 'ETH')).toBeNull();
    expect(pos(b, 'USDC')).toBeNull();
    expect(pos(b, LP)).toEqual({
      quantity: '10',
      costBasis: '4000',
      averageCost: '400',
      lots: [{ quantity: '10', unitCost: '400', date: '2024-01-02' }],
    });
    expect(b.realised).toEqual([]);
  });

  it('remove with a price: the LP basis splits pro rata to value (price counted in the counter)', () => {
    // 5 LP leave with basis 2,000; ETH leg worth 0.8·2,500 = 2,000 USDC, USDC leg 2,500
    // ETH basis = 2,000·2,000/4,500 = 888.88…9 (36 places), USDC gets the rest
    const b = applyLedger([...add, remove({ price: '2500' })], { method: 'fifo' });
    expect(pos(b, LP)).toMatchObject({ quantity: '5', costBasis: '2000' });
    expect(pos(b, 'ETH')?.costBasis).toBe('888.888888888888888888888888888888888889');
    expect(pos(b, 'USDC')?.costBasis).toBe('1111.111111111111111111111111111111111111');
    expect(b.realised).toEqual([]);
  });

  it('remove without a price: both legs are taken as equal in value (a 50/50 pool)', () => {
    const b = applyLedger([...add, remove()], { method: 'average' });
    expect(pos(b, 'ETH')).toMatchObject({
      quantity: '0.8',
      costBasis: '1000',
      averageCost: '1250',
    });
    expect(pos(b, 'USDC')).toMatchObject({
      quantity: '2500',
      costBasis: '1000',
      averageCost: '0.4',
    });
  });

  it('single-sided: without a counter instrument the whole basis goes to the instrument', () => {
    const b = applyLedger(
      [
        buy('4', '100', { instrument: 'AAVE' }),
        tx('liquidity_add', '4', { instrument: 'AAVE', lpInstrument: 'stkAAVE', lpQuantity: '4' }),
        tx('liquidity_remove', '4.2', {
          instrument: 'AAVE',
          lpInstrument: 'stkAAVE',
          lpQuantity: '4',
        }),
      ],
      { method: 'fifo' },
    );
    expect(pos(b, 'AAVE')).toMatchObject({ quantity: '4.2', costBasis: '400' });
    expect(pos(b, 'stkAAVE')).toBeNull();
  });
});

describe('options', () => {
  const C = 'BTC-20240628-70000-C';
  const opt = (quantity: string, price: string, f = {}) =>
    tx('option_trade', quantity, { instrument: C, price, quote: 'USD', ...f });

  it('long: open, partly close (realised), premium through the quote', () => {
    // buy 2 @ 100 fee 2 → basis 202; sell 1 @ 150 fee 1 → realised 150 − 101 − 1 = 48
    const b = applyLedger(
      [opt('2', '100', { fee: '2' }), opt('-1', '150', { fee: '1', date: '2024-01-02' })],
      {
        method: 'fifo',
      },
    );
    expect(pnl(b, C)).toBe('48');
    expect(pos(b, C)).toMatchObject({ quantity: '1', costBasis: '101' });
    expect(quantity(b, 'USD')).toBe('-53'); // −202 + 149
  });

  it('short: sold first (negative position, negative basis), bought back', () => {
    // sell 3 @ 50 → −3, basis −150, USD +150; buy 1 back @ 20 → realised −20 − (−50) = 30
    const b = applyLedger([opt('-3', '50'), opt('1', '20', { date: '2024-01-02' })], {
      method: 'fifo',
    });
    expect(pnl(b, C)).toBe('30');
    expect(pos(b, C)).toEqual({
      quantity: '-2',
      costBasis: '-100',
      averageCost: '50',
      lots: [{ quantity: '-2', unitCost: '50', date: '2024-01-01' }],
    });
    expect(quantity(b, 'USD')).toBe('130');
  });

  it('a trade through zero closes the long and opens a short with the rest', () => {
    // +1 @ 100, then −3 @ 80: close 1 → realised 80 − 100 = −20; open −2 at 80 (basis −160)
    for (const method of ['fifo', 'average'] as const) {
      const b = applyLedger([opt('1', '100'), opt('-3', '80')], { method });
      expect(pnl(b, C)).toBe('-20');
      expect(pos(b, C)).toMatchObject({ quantity: '-2', costBasis: '-160', averageCost: '80' });
      expect(quantity(b, 'USD')).toBe('140');
    }
  });

  it('expiry closes the remaining position at its settlement value (0 by default)', () => {
    // short 2 sold @ 50 (basis −100) expires worthless → realised +100
    const b = applyLedger(
      [opt('-2', '50'), tx('expiry', '0', { instrument: C, date: '2024-06-28' })],
      {
        method: 'fifo',
      },
    );
    expect(pnl(b, C)).toBe('100');
    expect(pos(b, C)).toBeNull();
    expect(quantity(b, 'USD')).toBe('100');
  });

  it('exercise of a long settles the intrinsic value in the quote', () => {
    // +2 @ 100 (basis 200), exercised at 300 → USD +600, realised 600 − 200 = 400
    const b = applyLedger(
      [
        opt('2', '100'),
        tx('exercise', '2', { instrument: C, price: '300', quote: 'USD', date: '2024-06-28' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, C)).toBe('400');
    expect(pos(b, C)).toBeNull();
    expect(quantity(b, 'USD')).toBe('400');
  });

  it('exercise against a short pays the intrinsic value', () => {
    // −1 @ 50 (basis −50), exercised at 120 → USD −120, realised −120 + 50 = −70
    const b = applyLedger(
      [
        opt('-1', '50'),
        tx('exercise', '-1', { instrument: C, price: '120', quote: 'USD', date: '2024-06-28' }),
      ],
      { method: 'average' },
    );
    expect(pnl(b, C)).toBe('-70');
    expect(quantity(b, 'USD')).toBe('-70');
  });
});

describe('funding', () => {
  it('received funding adds units at price and realises their value; paid funding realises −basis', () => {
    // +10 USDT @ 1 → realised +10; −4 USDT → realised −4 (basis of the 4 units)
    const b = applyLedger(
      [
        tx('funding', '10', { instrument: 'USDT', price: '1' }),
        tx('funding', '-4', { instrument: 'USDT', date: '2024-01-02' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'USDT')).toBe('6');
    expect(pos(b, 'USDT')).toMatchObject({ quantity: '6', costBasis: '6' });
  });

  it('needs no price when settled in cash or in the quote currency', () => {
    const b = applyLedger(
      [
        tx('funding', '5.5', { instrument: 'USD' }),
        tx('funding', '-1.5', { instrument: 'USD' }),
        tx('funding', '2', { instrument: 'USDC', quote: 'USDC' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'USD')).toBe('4');
    expect(quantity(b, 'USD')).toBe('4');
    expect(pnl(b, 'USDC')).toBe('2');
    expect(b.realisedTotal).toBe('6');
  });

  it('paid funding in cash may take the balance negative', () => {
    const b = applyLedger([tx('funding', '-3', { instrument: 'USD' })], { method: 'fifo' });
    expect(quantity(b, 'USD')).toBe('-3');
    expect(pnl(b, 'USD')).toBe('-3');
  });
});
