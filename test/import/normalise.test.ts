import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDecimal, sniffDecimal, splitUnit } from '../../src/main/import';
import { DecimalString } from '../../src/shared/domain';

const num = (s: string, decimal?: '.' | ',' | 'auto') => parseDecimal(s, { decimal });
const val = (s: string, decimal?: '.' | ',' | 'auto') => {
  const r = num(s, decimal);
  if (!r.ok) throw new Error(`${s}: ${r.reason}`);
  return r.value;
};

describe('numbers', () => {
  it('normalises plain, signed and scientific text exactly', () => {
    expect(val('42')).toBe('42');
    expect(val('0042.5000')).toBe('42.5');
    expect(val('-0.000')).toBe('0');
    expect(val('+1.5')).toBe('1.5');
    expect(val('\u22121.5')).toBe('-1.5');
    expect(val('(1,234.50)', '.')).toBe('-1234.5');
    expect(val('1.5e-7')).toBe('0.00000015');
    expect(val('2.5E+3')).toBe('2500');
    expect(val('1,5E-7', ',')).toBe('0.00000015');
    // More digits than a double holds, kept exactly
    expect(val('123456789012345678.123456789012345678')).toBe(
      '123456789012345678.123456789012345678',
    );
    expect(val('0.1')).toBe('0.1');
  });

  it('reads thousands separators and decimal commas', () => {
    expect(val('1,234.56')).toBe('1234.56');
    expect(val('1.234,56')).toBe('1234.56');
    expect(val('1 234,56')).toBe('1234.56');
    expect(val('1\u00a0234,56')).toBe('1234.56');
    expect(val("1'234.56")).toBe('1234.56');
    expect(val('1,234,567')).toBe('1234567');
    expect(val('1.234.567')).toBe('1234567');
    expect(val('1,5')).toBe('1.5');
    expect(val('0,125')).toBe('0.125');
    expect(val('1234,567')).toBe('1234.567');
    // with the file's convention set, '1,234' and '1.234' are unambiguous
    expect(val('1,234', '.')).toBe('1234');
    expect(val('1,234', ',')).toBe('1.234');
    expect(val('1.234', ',')).toBe('1234');
    expect(val('1.234', '.')).toBe('1.234');
  });

  it('refuses ambiguous and malformed values with a reason', () => {
    const amb = num('1,234');
    expect(amb.ok).toBe(false);
    if (!amb.ok)
      expect(amb.reason).toMatch(
        /'1,234' is ambiguous: 1234 if ',' groups thousands, 1.234 if ',' is the decimal mark; set the file's decimal separator/,
      );
    expect(num('1.234', 'auto')).toMatchObject({ ok: false });
    expect(num('12abc')).toEqual({ ok: false, reason: "'12abc' is not a number" });
    expect(num('1,23,456', '.')).toEqual({
      ok: false,
      reason: "'1,23,456': misplaced thousands separator",
    });
    expect(num('1.2.3', ',')).toMatchObject({ ok: false });
    expect(num('1,234.5', ',')).toMatchObject({ ok: false });
    expect(num('')).toEqual({ ok: false, reason: 'empty' });
    expect(num('0.1234567890123456789')).toEqual({
      ok: false,
      reason: "'0.1234567890123456789' has more than 18 decimal places",
    });
    expect(num('1 234,5 6', ',')).toMatchObject({ ok: false });
  });

  it('always returns ledger DecimalStrings', () => {
    for (const s of [
      '1',
      '-0.5',
      '1e-18',
      '12,345.678',
      '9.99e17',
      '(3)',
      '$1,000.00',
      '€1.000,5',
    ]) {
      const r = num(s, s.startsWith('€') ? ',' : '.');
      expect(r.ok, s).toBe(true);
      if (r.ok) expect(DecimalString.safeParse(r.value).success, `${s} → ${r.value}`).toBe(true);
    }
  });

  it('sniffs the decimal mark from unambiguous values', () => {
    expect(sniffDecimal(['1,234', '12', '0.5'])).toEqual({ decimal: '.', conflict: false });
    expect(sniffDecimal(['1.234', '1.234,5'])).toEqual({ decimal: ',', conflict: false });
    expect(sniffDecimal(['1,234', '5.678'])).toEqual({ decimal: undefined, conflict: false });
    expect(sniffDecimal(['0,5', '0.5'])).toEqual({ decimal: undefined, conflict: true });
  });

  it('splits amounts from their units', () => {
    expect(splitUnit('0.5BTC')).toEqual({ amount: '0.5', unit: 'BTC' });
    expect(splitUnit('15,000.00 USDT')).toEqual({ amount: '15,000.00', unit: 'USDT' });
    expect(splitUnit('10.51INCH', ['1INCH'])).toEqual({ amount: '10.5', unit: '1INCH' });
    expect(splitUnit('10.51INCH')).toEqual({ amount: '10.51', unit: 'INCH' });
    expect(splitUnit('BTC')).toBeUndefined();
  });
});

describe('dates', () => {
  const dt = (s: string, o = {}) => parseDateTime(s, o);

  it('reads days and naive timestamps (UTC by default)', () => {
    expect(dt('2024-01-05')).toEqual({ ok: true, value: { date: '2024-01-05' } });
    expect(dt('2024-01-05 10:20:30')).toEqual({
      ok: true,
      value: { date: '2024-01-05', time: '2024-01-05T10:20:30Z' },
    });
    expect(dt('2024-01-05T10:20')).toEqual({
      ok: true,
      value: { date: '2024-01-05', time: '2024-01-05T10:20:00Z' },
    });
    expect(dt('2024-01-05 10:20:30.1234')).toMatchObject({
      value: { time: '2024-01-05T10:20:30.1234Z' },
    });
    expect(dt('2024-01-05 10:20:30.500')).toMatchObject({
      value: { time: '2024-01-05T10:20:30.5Z' },
    });
    expect(dt('20240105')).toEqual({ ok: true, value: { date: '2024-01-05' } });
    expect(dt('27 Dec 2024 08:00:00')).toMatchObject({ value: { time: '2024-12-27T08:00:00Z' } });
  });

  it('converts offsets and zones to UTC (the UTC day may change)', () => {
    expect(dt('2024-01-05T23:30:00Z')).toMatchObject({ value: { date: '2024-01-05' } });
    expect(dt('2024-01-05T23:30:00-02:00')).toMatchObject({
      value: { date: '2024-01-06', time: '2024-01-06T01:30:00Z' },
    });
    expect(dt('2024-01-05T00:30:00+0530')).toMatchObject({
      value: { date: '2024-01-04', time: '2024-01-04T19:00:00Z' },
    });
    expect(dt('2024-01-05 14:22:01 UTC')).toMatchObject({
      value: { time: '2024-01-05T14:22:01Z' },
    });
    // naive times in the preset's zone, with daylight saving
    expect(dt('2024-01-15 12:00', { timeZone: 'America/New_York' })).toMatchObject({
      value: { time: '2024-01-15T17:00:00Z' },
    });
    expect(dt('2024-07-15 12:00', { timeZone: 'America/New_York' })).toMatchObject({
      value: { time: '2024-07-15T16:00:00Z' },
    });
    expect(dt('2024-07-15 12:00', { timeZone: '+09:00' })).toMatchObject({
      value: { time: '2024-07-15T03:00:00Z' },
    });
    // an explicit offset wins over the declared zone
    expect(dt('2024-07-15T12:00:00Z', { timeZone: 'Asia/Tokyo' })).toMatchObject({
      value: { time: '2024-07-15T12:00:00Z' },
    });
    // a bare day stays the calendar day written, whatever the zone
    expect(dt('2024-07-15', { timeZone: 'Asia/Tokyo' })).toEqual({
      ok: true,
      value: { date: '2024-07-15' },
    });
  });

  it('reads DD/MM/YYYY, and MM/DD/YYYY only when told', () => {
    expect(dt('05/01/2024')).toEqual({ ok: true, value: { date: '2024-01-05' } });
    expect(dt('05.01.2024 14:30')).toMatchObject({ value: { time: '2024-01-05T14:30:00Z' } });
    expect(dt('01/05/2024', { order: 'mdy' })).toEqual({ ok: true, value: { date: '2024-01-05' } });
    expect(dt('1/5/2024 2:30:00 PM', { order: 'mdy' })).toMatchObject({
      value: { time: '2024-01-05T14:30:00Z' },
    });
    expect(dt('1/5/2024 12:10 AM', { order: 'mdy' })).toMatchObject({
      value: { time: '2024-01-05T00:10:00Z' },
    });
    expect(dt('01/25/2024')).toEqual({
      ok: false,
      reason: "'01/25/2024' reads month-first (MM/DD/YYYY); set the date order to month-first",
    });
    expect(dt('25/01/2024', { order: 'mdy' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/day-first/),
    });
  });

  it('reads Unix seconds and milliseconds', () => {
    expect(dt('1704412800')).toEqual({
      ok: true,
      value: { date: '2024-01-05', time: '2024-01-05T00:00:00Z' },
    });
    expect(dt('1704412800123')).toMatchObject({ value: { time: '2024-01-05T00:00:00.123Z' } });
    expect(dt('1704412800', { epoch: 'ms' })).toMatchObject({ value: { date: '1970-01-20' } });
    expect(dt('1704412800.5')).toMatchObject({ value: { time: '2024-01-05T00:00:00.5Z' } });
  });

  it('refuses what is not a date', () => {
    expect(dt('2024-02-30')).toEqual({
      ok: false,
      reason: "'2024-02-30' is not a real calendar day",
    });
    expect(dt('2024-13-01 10:00')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/month 13/),
    });
    expect(dt('2024-01-01 25:00')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/time out of range/),
    });
    expect(dt('yesterday')).toEqual({
      ok: false,
      reason: "'yesterday' is not a date this import understands",
    });
    expect(dt('')).toEqual({ ok: false, reason: 'empty date' });
    expect(dt('0224-01-05')).toEqual({
      ok: false,
      reason: "'0224-01-05': year 224 is out of range",
    });
    expect(dt('31/12/2999 10:00')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/year 2999/),
    });
  });
});
