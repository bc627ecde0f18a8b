import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatDecimalString,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatSignedMoney,
  formatSignedPercent,
} from '../../src/renderer/src/lib/format';

// One way to write a negative figure in every view: the typographic minus (U+2212), and no
// sign on a figure that rounds to zero.
describe('negative figures', () => {
  it('take the typographic minus', () => {
    expect(formatMoney(-1234.5)).toBe('−1,234.50');
    expect(formatNumber(-3, 1)).toBe('−3.0');
    expect(formatPercent(-0.1737)).toBe('−17.37 %');
    expect(formatSignedPercent(-0.004)).toBe('−0.40 %');
    expect(formatPrice(-0.5)).toBe('−0.50000');
    expect(formatCompact(-2_340_000)).toBe('−2.34M');
    expect(formatDecimalString('-1234.5')).toBe('−1,234.5');
    expect(formatSignedMoney(-0.4)).toBe('−0.40');
    expect(formatSignedMoney(12)).toBe('+12.00');
  });

  it('never show a sign on zero', () => {
    expect(formatMoney(-0.001)).toBe('0.00');
    expect(formatPercent(-1e-9)).toBe('0.00 %');
    expect(formatNumber(-0.0004, 3)).toBe('0.000');
    expect(formatSignedMoney(-0.001)).toBe('0.00');
    expect(formatDecimalString('-0.000')).toBe('0.000');
    expect(formatPrice(0)).toBe('0.00');
  });
});

describe('formatQuantity', () => {
  it('rounds an exact decimal string half up to 8 places, digit by digit', () => {
    expect(formatQuantity('80.412935771203884512')).toBe('80.41293577');
    expect(formatQuantity('0.000000005')).toBe('0.00000001');
    expect(formatQuantity('0.000000004')).toBe('0');
    expect(formatQuantity('9999.999999999')).toBe('10,000');
    expect(formatQuantity('-1.234567895')).toBe('−1.2345679');
    expect(formatQuantity('145988.112975')).toBe('145,988.112975');
    expect(formatQuantity('12')).toBe('12');
    expect(formatQuantity('10.5', 0)).toBe('11');
    expect(formatQuantity('1234.49', 0)).toBe('1,234');
  });
});
