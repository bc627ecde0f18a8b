import { describe, expect, it } from 'vitest';
import { applyLedger, buildHoldingsIndex, unrealisedPnl } from '../../src/main/engine/ledger';
import { buy, sell, tx } from './_tx';

describe('unrealisedPnl', () => {
  // FIFO: 0.5 BTC left at 30,000 (basis 15,000); USD 10,000; 2 ETH at 1,000 borrowed (debt 2)
  const book = applyLedger(
    [
      buy('1', '20000', { date: '2024-01-01' }),
      buy('1', '30000', { date: '2024-01-02' }),
      sell('1.5', '40000', { date: '2024-01-03' }),
      tx('borrow', '2', { instrument: 'ETH', price: '1000' }),
      tx('deposit', '100', { instrument: 'DOGE', price: '0.1' }),
    ],
    { method: 'fifo' },
  );

  it('values each position, with value − basis as unrealised P&L', () => {
    const v = unrealisedPnl(
      book,
      new Map([
        ['BTC', '50000'],
        ['ETH', '1500.5'],
      ]),
    );
    expect(v.positions).toEqual([
      {
        account: 'A',
        instrument: 'BTC',
        quantity: '0.5',
        costBasis: '15000',
        price: '50000',
        marketValue: '25000',
        unrealised: '10000',
      },
      {
        account: 'A',
        instrument: 'DOGE',
        quantity: '100',
        costBasis: '10',
        price: null,
        marketValue: null,
        unrealised: null,
      },
      {
        account: 'A',
        instrument: 'ETH',
        quantity: '2',
        costBasis: '2000',
        price: '1500.5',
        marketValue: '3001',
        unrealised: '1001',
      },
      // cash is worth 1 when not priced
      {
        account: 'A',
        instrument: 'USD',
        quantity: '10000',
        costBasis: '10000',
        price: '1',
        marketValue: '10000',
        unrealised: '0',
      },
    ]);
    expect(v.missingPrices).toEqual(['DOGE']);
    expect(v.debts).toEqual([
      { account: 'A', instrument: 'ETH', quantity: '2', price: '1500.5', value: '3001' },
    ]);
    // totals over priced positions: 25,000 + 3,001 + 10,000; basis 15,000 + 2,000 + 10,000
    expect(v.totals).toEqual({
      marketValue: '38001',
      costBasis: '27000',
      unrealised: '11001',
      debtValue: '3001',
      netValue: '35000',
    });
  });

  it('a missing price is listed, not a crash; a bad price is a clear error', () => {
    const v = unrealisedPnl(book, new Map());
    expect(v.missingPrices).toEqual(['BTC', 'DOGE', 'ETH']);
    expect(v.totals.marketValue).toBe('10000');
    expect(() => unrealisedPnl(book, new Map([['BTC', 'abc']]))).toThrow(
      /price of BTC is not a number/,
    );
    expect(() => unrealisedPnl(book, new Map([['BTC', 'Infinity']]))).toThrow(/not finite/);
    expect(() => unrealisedPnl(book, new Map([['BTC', '-1']]))).toThrow(/negative/);
  });

  it('a short option has negative value and basis', () => {
    const b = applyLedger(
      [tx('option_trade', '-2', { instrument: 'C', price: '50', quote: 'USD' })],
      {
        method: 'fifo',
      },
    );
    const v = unrealisedPnl(b, new Map([['C', '20']]));
    expect(v.positions[0]).toMatchObject({
      marketValue: '-40',
      costBasis: '-100',
      unrealised: '60',
    });
  });
});

describe('buildHoldingsIndex', () => {
  const txs = [
    buy('1', '20000', { date: '2024-01-01' }),
    buy('2', '100', { date: '2024-01-01', instrument: 'ETH' }),
    sell('0.25', '30000', { date: '2024-01-05' }),
    tx('transfer', '0.75', { date: '2024-01-09', toAccount: 'B' }),
    sell('2', '110', { date: '2024-01-09', instrument: 'ETH' }),
  ];
  const index = buildHoldingsIndex(txs);

  it('answers as of any day with the same quantities as applyLedger', () => {
    expect(index.firstDate).toBe('2024-01-01');
    expect(index.lastDate).toBe('2024-01-09');
    expect(index.asOf('2023-12-31')).toEqual([]);
    for (const day of [
      '2024-01-01',
      '2024-01-04',
      '2024-01-05',
      '2024-01-08',
      '2024-01-09',
      '2025-01-01',
    ]) {
      const book = applyLedger(txs, { method: 'fifo', asOf: day });
      expect(index.asOf(day)).toEqual(
        book.positions.map((p) => ({
          account: p.account,
          instrument: p.instrument,
          quantity: p.quantity,
        })),
      );
    }
    expect(index.asOf('2024-01-09')).toEqual([
      { account: 'A', instrument: 'USD', quantity: '-12480' },
      { account: 'B', instrument: 'BTC', quantity: '0.75' },
    ]);
  });

  it('is empty for an empty ledger', () => {
    const empty = buildHoldingsIndex([]);
    expect(empty.firstDate).toBeNull();
    expect(empty.asOf('2024-01-01')).toEqual([]);
  });
});
