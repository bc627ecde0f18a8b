import { describe, expect, it } from 'vitest';
import { DecimalString, IsoDate, isRealDay } from '../src/shared/domain';

describe('IsoDate', () => {
  it('agrees with the Gregorian calendar on every day of 1999-2101 (checked against Date)', () => {
    for (let t = Date.UTC(1999, 0, 1); t <= Date.UTC(2101, 11, 31); t += 86_400_000) {
      expect(isRealDay(new Date(t).toISOString().slice(0, 10))).toBe(true);
    }
  });
  it('rejects impossible days, including century non-leap years', () => {
    for (const s of [
      '2023-02-29',
      '1900-02-29',
      '2100-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
    ]) {
      expect(isRealDay(s), s).toBe(false);
      expect(IsoDate.safeParse(s).success, s).toBe(false);
    }
    expect(isRealDay('2000-02-29')).toBe(true);
    expect(IsoDate.safeParse('2024-2-1').success).toBe(false);
    expect(IsoDate.safeParse('2024-02-01T00:00').success).toBe(false);
  });
});

describe('DecimalString', () => {
  it('accepts exact decimals up to 18 places and nothing float-like', () => {
    for (const ok of ['0', '-1', '80.412935771203884512', '1000000000.000000000000000001'])
      expect(DecimalString.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['1e18', '1.0000000000000000001', '0x10', '1,5', '', '.5', 'NaN', 'Infinity'])
      expect(DecimalString.safeParse(bad).success, bad).toBe(false);
  });
});
