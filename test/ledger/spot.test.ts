import { describe, expect, it } from 'vitest';
import { applyLedger } from '../../src/main/engine/ledger';
import { buy, pnl, pos, quantity, sell, tx } from './_tx';

describe('buy and sell: the worked example', () => {
  // buy 1 BTC @ 20,000 (day 1), buy 1 @ 30,000 (day 2), sell 1.5 @ 40,000 (day 3)
  const txs = [
    buy('1', '20000', { date: '2024-01-01' }),
    buy('1', '30000', { date: '2024-01-02' }),
    sell('1.5', '40000', { date: '2024-01-03' }),
  ];

  it('FIFO: realised = 1.5·40,000 − (20,000 + 0.5·30,000) = 25,000', () => {
    const b = applyLedger(txs, { method: 'fifo' });
    expect(pnl(b)).toBe('25000');
    expect(b.realisedTotal).toBe('25000');
    // left: 0.5 of the 30,000 lot, basis 15,000
    expect(pos(b)).toEqual({
      quantity: '0.5',
      costBasis: '15000',
      averageCost: '30000',
      lots: [{ quantity: '0.5', unitCost: '30000', date: '2024-01-02' }],
    });
    // USD: −20,000 − 30,000 + 60,000 = 10,000
    expect(quantity(b, 'USD')).toBe('10000');
  });

  it('average cost: realised = 60,000 − 1.5·25,000 = 22,500', () => {
    const b = applyLedger(txs, { method: 'average' });
    expect(pnl(b)).toBe('22500');
    // left: 0.5 at the pooled 25,000 → basis 12,500; the pool dates from the first buy
    expect(pos(b)).toEqual({
      quantity: '0.5',
      costBasis: '12500',
      averageCost: '25000',
      lots: [{ quantity: '0.5', unitCost: '25000', date: '2024-01-01' }],
    });
  });

  it('leaves the input untouched and gives the same book every time', () => {
    const frozen = Object.freeze(txs.map((t) => Object.freeze({ ...t })));
    const b = applyLedger(frozen, { method: 'fifo' });
    expect(applyLedger(frozen, { method: 'fifo' })).toEqual(b);
  });

  it('asOf applies only the transactions on or before that day', () => {
    const b = applyLedger(txs, { method: 'fifo', asOf: '2024-01-02' });
    expect(b.applied).toBe(2);
    expect(b.asOf).toBe('2024-01-02');
    expect(pos(b)?.quantity).toBe('2');
    expect(pos(b)?.costBasis).toBe('50000');
    expect(b.realised).toEqual([]);
    expect(b.realisedTotal).toBe('0');
  });

  it('orders by day, then time, then input position', () => {
    const shuffled = [txs[2]!, txs[1]!, txs[0]!];
    expect(applyLedger(shuffled, { method: 'fifo' })).toEqual(applyLedger(txs, { method: 'fifo' }));
    // Same day: the timed sell comes after the untimed buy (no time = start of the day), and the
    // two buys keep their input order.
    const sameDay = [
      sell('1', '40000', { time: '2024-01-01T12:00:00Z' }),
      buy('1', '20000'),
      buy('1', '30000', { time: '2024-01-01T09:00:00.5Z' }),
    ];
    const b = applyLedger(sameDay, { method: 'fifo' });
    expect(pnl(b)).toBe('20000'); // sold the 20,000 lot
    expect(pos(b)?.lots).toEqual([{ quantity: '1', unitCost: '30000', date: '2024-01-01' }]);
  });
});

describe('fees', () => {
  it('a fee in the quote adds to the basis of a buy and reduces the proceeds of a sell', () => {
    // buy 2 @ 100 fee 4 USD → basis 204; sell 1 @ 150 fee 3 USD → proceeds 147, basis 102
    // realised = 147 − 102 = 45; USD = −204 + 147 = −57
    const b = applyLedger(
      [
        buy('2', '100', { fee: '4', instrument: 'ETH' }),
        sell('1', '150', { fee: '3', feeCurrency: 'USD', instrument: 'ETH' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'ETH')).toBe('45');
    expect(pos(b, 'ETH')).toMatchObject({ quantity: '1', costBasis: '102', averageCost: '102' });
    expect(quantity(b, 'USD')).toBe('-57');
  });

  it('a fee in another currency is a disposal of that currency at zero proceeds', () => {
    // BNB bought at 300; a buy of ETH pays 0.01 BNB in fees → realised loss on BNB = 0.01·300 = 3
    const b = applyLedger(
      [
        buy('1', '300', { instrument: 'BNB' }),
        buy('1', '2000', { instrument: 'ETH', fee: '0.01', feeCurrency: 'BNB' }),
      ],
      { method: 'fifo' },
    );
    expect(pos(b, 'ETH')?.costBasis).toBe('2000');
    expect(pos(b, 'BNB')).toMatchObject({ quantity: '0.99', costBasis: '297' });
    expect(pnl(b, 'BNB')).toBe('-3');
    expect(quantity(b, 'USD')).toBe('-2300');
  });

  it('the fee kind realises the basis of the lots given up as a loss', () => {
    const b = applyLedger(
      [
        buy('1', '20000', { date: '2024-01-01' }),
        buy('1', '30000', { date: '2024-01-02' }),
        tx('fee', '0.1', { date: '2024-01-03' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b)).toBe('-2000'); // 0.1 of the oldest (20,000) lot
    expect(pos(b)?.costBasis).toBe('48000');
  });

  it('a withdrawal fee in the instrument leaves the account on top of the quantity', () => {
    const b = applyLedger([deposit('1', '100'), tx('withdrawal', '0.5', { fee: '0.001' })], {
      method: 'fifo',
    });
    expect(quantity(b, 'BTC')).toBe('0.499');
    expect(pnl(b)).toBe('-0.1'); // 0.001·100
    expect(pos(b)?.costBasis).toBe('49.9');
  });
});

const deposit = (q: string, price: string, f = {}) => tx('deposit', q, { price, ...f });

describe('transfers, deposits and withdrawals', () => {
  it('a transfer moves the oldest lots with their basis and days; no P&L', () => {
    const txs = [
      buy('1', '20000', { date: '2024-01-01' }),
      buy('1', '30000', { date: '2024-01-02' }),
      buy('1', '25000', { account: 'B', date: '2024-01-01' }),
      buy('1', '35000', { account: 'B', date: '2024-01-03' }),
      tx('transfer', '1.5', { date: '2024-01-04', toAccount: 'B' }),
    ];
    const b = applyLedger(txs, { method: 'fifo' });
    expect(b.realised).toEqual([]);
    expect(pos(b, 'BTC', 'A')).toMatchObject({ quantity: '0.5', costBasis: '15000' });
    // B's queue in acquisition order: its own 01-01, then the moved 01-01 and 01-02 pieces, then 01-03
    expect(pos(b, 'BTC', 'B')).toEqual({
      quantity: '3.5',
      costBasis: '95000', // 25,000 + 35,000 + 20,000 + 15,000
      averageCost: '27142.857142857142857142857142857142857143',
      lots: [
        { quantity: '1', unitCost: '25000', date: '2024-01-01' },
        { quantity: '1', unitCost: '20000', date: '2024-01-01' },
        { quantity: '0.5', unitCost: '30000', date: '2024-01-02' },
        { quantity: '1', unitCost: '35000', date: '2024-01-03' },
      ],
    });
    // a later sale from B consumes those lots in that order
    const b2 = applyLedger([...txs, sell('2', '40000', { account: 'B', date: '2024-01-05' })], {
      method: 'fifo',
    });
    expect(pnl(b2, 'BTC', 'B')).toBe('35000'); // 80,000 − 25,000 − 20,000
  });

  it('average cost: a transfer carries the average cost', () => {
    const b = applyLedger(
      [
        buy('1', '20000', { date: '2024-01-01' }),
        buy('1', '30000', { date: '2024-01-02' }),
        tx('transfer', '0.5', { date: '2024-01-03', toAccount: 'B' }),
      ],
      { method: 'average' },
    );
    expect(pos(b, 'BTC', 'A')).toMatchObject({ quantity: '1.5', costBasis: '37500' });
    expect(pos(b, 'BTC', 'B')).toEqual({
      quantity: '0.5',
      costBasis: '12500',
      averageCost: '25000',
      lots: [{ quantity: '0.5', unitCost: '25000', date: '2024-01-01' }],
    });
  });

  it('a deposit adds a lot at its price; a withdrawal removes basis without P&L', () => {
    const b = applyLedger([deposit('2', '100'), tx('withdrawal', '0.5')], { method: 'fifo' });
    expect(pos(b)).toMatchObject({ quantity: '1.5', costBasis: '150' });
    expect(b.realised).toEqual([]);
  });

  it('cash may be deposited without a price and go negative', () => {
    const b = applyLedger(
      [
        tx('deposit', '1000', { instrument: 'USD' }),
        buy('1', '5000'),
        tx('withdrawal', '10', { instrument: 'EUR' }),
      ],
      { method: 'fifo' },
    );
    expect(quantity(b, 'USD')).toBe('-4000');
    expect(quantity(b, 'EUR')).toBe('-10');
    expect(pos(b, 'USD')).toEqual({
      quantity: '-4000',
      costBasis: '-4000',
      averageCost: '1',
      lots: [],
    });
  });

  it('the cash list can be changed', () => {
    const b = applyLedger([buy('1', '5', { quote: 'CHF' })], { method: 'fifo', cash: ['CHF'] });
    expect(quantity(b, 'CHF')).toBe('-5');
    expect(b.cash).toEqual(['CHF']);
  });
});

describe('stablecoin quotes', () => {
  it('spending a non-cash quote realises its value (1 per unit) minus its basis', () => {
    // 1,000 USDT deposited at 0.99 (basis 990); buy 0.01 BTC @ 50,000 USDT = 500 USDT
    // USDT disposal: 500 − 495 = 5 realised on USDT; a sell for 600 USDT adds a lot at 1
    const b = applyLedger(
      [
        tx('deposit', '1000', { instrument: 'USDT', price: '0.99' }),
        buy('0.01', '50000', { quote: 'USDT' }),
        sell('0.01', '60000', { quote: 'USDT' }),
      ],
      { method: 'fifo' },
    );
    expect(pnl(b, 'USDT')).toBe('5');
    expect(pnl(b, 'BTC')).toBe('100');
    expect(pos(b, 'USDT')).toMatchObject({ quantity: '1100', costBasis: '1095' }); // 495 + 600
  });

  it('a non-cash quote cannot go negative', () => {
    expect(() => applyLedger([buy('1', '10', { quote: 'USDT' })], { method: 'fifo' })).toThrow(
      /cannot pay 10 USDT: account "A" holds only 0/,
    );
  });
});

describe('staking rewards', () => {
  it('add a lot at the value on receipt, recorded as income, not realised P&L', () => {
    const b = applyLedger(
      [
        tx('staking_reward', '0.5', { instrument: 'ETH', price: '2000' }),
        tx('staking_reward', '0.25', { instrument: 'ETH', price: '2400', date: '2024-01-02' }),
        tx('staking_reward', '0.1', {
          instrument: 'ETH',
          price: '2400',
          account: 'B',
          date: '2024-01-02',
        }),
      ],
      { method: 'fifo' },
    );
    expect(pos(b, 'ETH')).toMatchObject({ quantity: '0.75', costBasis: '1600' });
    expect(b.income).toEqual([
      { account: 'A', instrument: 'ETH', amount: '1600' },
      { account: 'B', instrument: 'ETH', amount: '240' },
    ]);
    expect(b.incomeTotal).toBe('1840');
    expect(b.realised).toEqual([]);
  });
});

describe('decimal exactness', () => {
  it('0.1 + 0.2 is exactly 0.3', () => {
    const b = applyLedger([deposit('0.1', '1'), deposit('0.2', '1')], { method: 'fifo' });
    expect(pos(b)).toMatchObject({ quantity: '0.3', costBasis: '0.3' });
  });

  it('keeps 18-place quantities exact, and their 36-place products', () => {
    const b = applyLedger(
      [
        buy('1000000000.000000000000000001', '0.000000000000000003', { instrument: 'WEI' }),
        buy('0.000000000000000002', '1.5', { instrument: 'WEI' }),
        sell('1000000000.000000000000000002', '0.000000000000000004', { instrument: 'WEI' }),
      ],
      { method: 'fifo' },
    );
    // cost: 0.000000003000000000000000000000000003 + 0.000000000000000003
    expect(quantity(b, 'WEI')).toBe('0.000000000000000001');
    expect(pos(b, 'WEI')?.costBasis).toBe('0.0000000000000000015'); // half of the second lot
    // proceeds 1e9·4e-18 + 2e-18·4e-18 = 0.000000004000000000000000000000000008
    // basis consumed: the first lot + half the second = 0.000000003000000000000000000000000003 + 0.0000000000000000015
    expect(pnl(b, 'WEI')).toBe('0.000000000999999998500000000000000005');
    expect(quantity(b, 'USD')).toBe('0.000000000999999997000000000000000005');
  });

  it('selling everything leaves exactly zero, with no dust position', () => {
    const b = applyLedger(
      [buy('0.333333333333333333', '3'), buy('0.666666666666666667', '3.3'), sell('1', '3.1')],
      { method: 'average' },
    );
    expect(b.positions.map((p) => p.instrument)).toEqual(['USD']);
    // 3.1 − (0.999999999999999999 + 2.2000000000000000011) = −0.0999999999999999999... exactly:
    expect(pnl(b)).toBe('-0.1000000000000000001');
  });
});
