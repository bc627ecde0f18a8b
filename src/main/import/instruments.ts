import { isRealDay } from '../../shared/domain';
import { fail, ok, quote, type Parsed } from './types';

// Deribit instrument names:
//   options      BTC-27DEC24-100000-C, ETH-3JAN25-3500-P, XRP_USDC-30JUN25-2d5-C ('d' = decimal point)
//   futures      BTC-27DEC24
//   perpetuals   BTC-PERPETUAL, ETH_USDC-PERPETUAL
// BTC-… and ETH-… are inverse (coin-settled: margined, quoted and settled in the coin);
// UNDERLYING_QUOTE-… are linear, settled in the quote (USDC, USDT). Expiries are at 08:00 UTC.

export interface DeribitInstrument {
  name: string;
  type: 'option' | 'future' | 'perpetual';
  underlying: string;
  /** Currency the instrument is margined and settled in. */
  settlement: string;
  linear: boolean;
  /** UTC day of expiry. */
  expiry?: string;
  /** UTC instant of expiry (08:00 UTC on Deribit). */
  expiryTime?: string;
  /** Strike as an exact decimal string. */
  strike?: string;
  right?: 'call' | 'put';
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const NAME =
  /^([A-Z0-9]+)(?:_([A-Z0-9]+))?-(?:(PERPETUAL)|(\d{1,2})([A-Z]{3})(\d{2})(?:-(\d+(?:d\d+)?)-([CP]))?)$/;

export const DERIBIT_EXPIRY_UTC = '08:00:00';

export function parseDeribitInstrument(raw: string): Parsed<DeribitInstrument> {
  // Upper case, except the 'd' Deribit writes for a strike's decimal point (2d5 = 2.5).
  const name = raw
    .trim()
    .toUpperCase()
    .replace(/(\d)D(\d)/, '$1d$2');
  const m = NAME.exec(name);
  if (!m)
    return fail(
      `${quote(raw)} is not a Deribit instrument name (like BTC-27DEC24-100000-C or BTC-PERPETUAL)`,
    );
  const underlying = m[1]!;
  const linear = m[2] !== undefined;
  const settlement = m[2] ?? underlying;
  if (m[3]) return ok({ name, type: 'perpetual', underlying, settlement, linear });
  const mon = MONTHS.indexOf(m[5]!);
  if (mon < 0) return fail(`${quote(raw)}: unknown month ${m[5]}`);
  const expiry = `20${m[6]}-${String(mon + 1).padStart(2, '0')}-${m[4]!.padStart(2, '0')}`;
  if (!isRealDay(expiry)) return fail(`${quote(raw)}: expiry ${expiry} is not a real day`);
  const base = {
    name,
    underlying,
    settlement,
    linear,
    expiry,
    expiryTime: `${expiry}T${DERIBIT_EXPIRY_UTC}Z`,
  };
  if (!m[7]) return ok({ ...base, type: 'future' });
  const strike = m[7].replace('d', '.').replace(/^0+(?=\d)/, '');
  if (/^0(\.0*)?$/.test(strike)) return fail(`${quote(raw)}: strike is zero`);
  return ok({ ...base, type: 'option', strike, right: m[8] === 'C' ? 'call' : 'put' });
}
