import { describe, expect, it } from 'vitest';
import {
  divMoney,
  fmt,
  mul,
  mulDiv,
  parseDec,
  roundDiv,
} from '../../src/main/engine/ledger/decimal';

describe('fixed-point decimals (36 places)', () => {
  it('reads and writes decimal text exactly', () => {
    for (const t of [
      '0',
      '1',
      '-1',
      '0.1',
      '-0.5',
      '123456789012345678901234567890',
      '0.000000000000000001',
      '-12.345678901234567891',
      '1.000000000000000000000000000000000001',
      '99999999999999.5',
      '1234567890123456',
    ]) {
      expect(fmt(parseDec(t))).toBe(t);
    }
    expect(fmt(parseDec('-0'))).toBe('0');
    expect(fmt(parseDec('007.50'))).toBe('7.5');
    expect(() => parseDec('1e5')).toThrow(/not a plain decimal/);
    expect(() => parseDec('0.' + '1'.repeat(37))).toThrow(/not a plain decimal/);
  });

  it('0.1 + 0.2 = 0.3, and 18-place products are exact at 36 places', () => {
    expect(fmt(parseDec('0.1') + parseDec('0.2'))).toBe('0.3');
    expect(fmt(mul(parseDec('0.123456789012345678'), parseDec('9.876543210987654321')))).toBe(
      '1.219326311370217943348574911222374638', // 123456789012345678 × 9876543210987654321 = 1219326311370217943348574911222374638,
    );
  });

  it('rounds divisions half-even to 36 places, for either sign', () => {
    expect(fmt(divMoney(parseDec('1'), parseDec('3')))).toBe(
      '0.333333333333333333333333333333333333',
    );
    expect(fmt(divMoney(parseDec('2'), parseDec('3')))).toBe(
      '0.666666666666666666666666666666666667',
    );
    expect(fmt(divMoney(parseDec('-2'), parseDec('3')))).toBe(
      '-0.666666666666666666666666666666666667',
    );
    expect(fmt(divMoney(parseDec('2'), parseDec('-3')))).toBe(
      '-0.666666666666666666666666666666666667',
    );
    expect(roundDiv(5n, 2n)).toBe(2n); // 2.5 → 2
    expect(roundDiv(7n, 2n)).toBe(4n); // 3.5 → 4
    expect(roundDiv(-5n, 2n)).toBe(-2n);
    expect(roundDiv(-7n, 2n)).toBe(-4n);
    expect(roundDiv(-7n, -2n)).toBe(4n);
    expect(fmt(mulDiv(parseDec('10'), parseDec('1'), parseDec('4')))).toBe('2.5');
  });
});
