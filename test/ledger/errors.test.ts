import { describe, expect, it } from 'vitest';
import { applyLedger, LedgerError } from '../../src/main/engine/ledger';
import { type LedgerTx } from '../../src/shared/ledger';
import { buy, sell, tx } from './_tx';

/** The LedgerError thrown by applying txs (fails the test if none is thrown). */
function errorOf(txs: LedgerTx[], method: 'fifo' | 'average' = 'fifo'): LedgerError {
  try {
    applyLedger(txs, { method });
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('expected a LedgerError');
}

describe('errors name the transaction and say what is wrong', () => {
  it('overselling', () => {
    const e = errorOf([
      buy('1', '100', { date: '2024-01-02' }),
      sell('1.5', '110', { date: '2024-01-03', account: 'kraken' }),
      buy('1', '100', { date: '2024-01-01', account: 'kraken' }),
    ]);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      index: 1,
      date: '2024-01-03',
      account: 'kraken',
      instrument: 'BTC',
      kind: 'sell',
    });
    expect(e.message).toBe(
      'Transaction at index 1 (sell on 2024-01-03, account "kraken", BTC): cannot sell 1.5 BTC: account "kraken" holds only 1',
    );
  });

  it('withdrawing more than held', () => {
    const e = errorOf(
      [tx('deposit', '2', { price: '1' }), tx('withdrawal', '2.000000000000000001')],
      'average',
    );
    expect(e).toMatchObject({ index: 1, instrument: 'BTC' });
    expect(e.problem).toBe('cannot withdraw 2.000000000000000001 BTC: account "A" holds only 2');
  });

  it('deposit without a price', () => {
    const e = errorOf([tx('deposit', '1')]);
    expect(e).toMatchObject({ index: 0, kind: 'deposit' });
    expect(e.problem).toMatch(/price is missing: a deposit of BTC needs its price/);
  });

  it('a price other than 1 on cash', () => {
    expect(errorOf([tx('deposit', '1', { instrument: 'EUR', price: '1.1' })]).problem).toMatch(
      /EUR is cash, carried at unit cost 1/,
    );
  });

  it('repaying more than the debt', () => {
    const e = errorOf([
      tx('borrow', '100', { instrument: 'USDC', price: '1' }),
      buy('50', '1', { instrument: 'USDC' }),
      tx('repay', '120', { instrument: 'USDC', date: '2024-01-02' }),
    ]);
    expect(e).toMatchObject({ index: 2, instrument: 'USDC' });
    expect(e.problem).toBe('cannot repay 120 USDC: account "A" owes only 100');
  });

  it('a non-cash instrument going negative through a fee in another currency', () => {
    const e = errorOf([buy('1', '100', { fee: '0.1', feeCurrency: 'BNB' })]);
    expect(e).toMatchObject({ index: 0, instrument: 'BNB' });
    expect(e.problem).toBe('cannot pay a fee of 0.1 BNB: account "A" holds only 0');
  });

  it.each([
    ['transfer without toAccount', tx('transfer', '1'), /toAccount is missing/],
    [
      'transfer to itself',
      tx('transfer', '1', { toAccount: 'A' }),
      /toAccount is the sending account/,
    ],
    ['buy without price', tx('buy', '1', { quote: 'USD' }), /price is missing/],
    ['buy without quote', tx('buy', '1', { price: '1' }), /quote is missing/],
    [
      'sell quoted in itself',
      sell('1', '1', { quote: 'BTC' }),
      /quote BTC is the instrument itself/,
    ],
    ['negative quantity', buy('-1', '1'), /quantity must be greater than zero/],
    ['zero quantity', tx('withdrawal', '0'), /quantity must be greater than zero/],
    ['bad decimal', buy('1.5e3', '1'), /quantity "1.5e3" is not a decimal number/],
    ['19 decimal places', buy('0.0000000000000000001', '1'), /at most 18 decimal places/],
    ['negative price', buy('1', '-2'), /price must not be negative/],
    ['negative fee', buy('1', '2', { fee: '-1' }), /fee must not be negative/],
    [
      'staking reward without price',
      tx('staking_reward', '1', { instrument: 'ETH' }),
      /price is missing/,
    ],
    ['borrow without price', tx('borrow', '1'), /price is missing/],
    [
      'received funding without price',
      tx('funding', '1', { instrument: 'USDT' }),
      /price is missing/,
    ],
    [
      'LP add without lpInstrument',
      tx('liquidity_add', '1', { lpQuantity: '1' }),
      /lpInstrument is missing/,
    ],
    [
      'LP add without lpQuantity',
      tx('liquidity_add', '1', { lpInstrument: 'LP' }),
      /lpQuantity is missing/,
    ],
    [
      'LP counter without quantity',
      tx('liquidity_add', '1', { lpInstrument: 'LP', lpQuantity: '1', counterInstrument: 'ETH' }),
      /counterQuantity is missing/,
    ],
    [
      'LP remove of LP tokens not held',
      tx('liquidity_remove', '1', { lpInstrument: 'LP', lpQuantity: '1' }),
      /cannot remove from a pool 1 LP/,
    ],
    [
      'option trade of zero',
      tx('option_trade', '0', { price: '1', quote: 'USD' }),
      /must not be zero/,
    ],
    ['expiry with nothing open', tx('expiry', '0'), /no open BTC position to expire/],
    ['exercise with nothing open', tx('exercise', '0'), /no open BTC position to exercise/],
    [
      'unknown kind',
      { ...tx('buy', '1'), kind: 'airdrop' } as unknown as LedgerTx,
      /unknown transaction kind "airdrop"/,
    ],
    [
      'bad date',
      tx('deposit', '1', { date: '2024-02-30', price: '1' }),
      /date "2024-02-30" is not a real day/,
    ],
    [
      'time on another day',
      tx('deposit', '1', { price: '1', time: '2024-01-02T00:00:00Z' }),
      /not on the transaction's UTC day/,
    ],
  ])('%s', (_name, bad, message) => {
    const e = errorOf([bad]);
    expect(e.index).toBe(0);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^Transaction at index 0 \(/);
  });

  it('expiry with a quantity that does not match the open position', () => {
    const C = 'ETH-C';
    const e = errorOf([
      tx('option_trade', '2', { instrument: C, price: '10', quote: 'USD' }),
      tx('expiry', '3', { instrument: C }),
    ]);
    expect(e.problem).toMatch(/quantity 3 does not match the open position of 2/);
  });

  it('exercise without a price', () => {
    const C = 'ETH-C';
    const e = errorOf([
      tx('option_trade', '2', { instrument: C, price: '10', quote: 'USD' }),
      tx('exercise', '2', { instrument: C }),
    ]);
    expect(e.problem).toMatch(/price is missing: an exercise needs the settlement value/);
  });

  it('only option trades may take a position short', () => {
    const C = 'ETH-C';
    const e = errorOf([
      tx('option_trade', '-2', { instrument: C, price: '10', quote: 'USD' }),
      tx('deposit', '1', { instrument: C, price: '10' }),
    ]);
    expect(e.problem).toMatch(/cannot add to the short ETH-C position/);
    expect(errorOf([sell('1', '10', { instrument: C })]).problem).toMatch(/holds only 0/);
  });

  it('bad options are RangeErrors, not LedgerErrors', () => {
    expect(() => applyLedger([], { method: 'lifo' as 'fifo' })).toThrow(RangeError);
    expect(() => applyLedger([], { method: 'fifo', asOf: '2024-13-01' })).toThrow(
      /asOf "2024-13-01"/,
    );
  });

  it('a transaction after asOf is not applied, so cannot fail', () => {
    const b = applyLedger([buy('1', '1'), sell('5', '1', { date: '2024-02-01' })], {
      method: 'fifo',
      asOf: '2024-01-31',
    });
    expect(b.applied).toBe(1);
  });
});
