import { isRealDay } from '../../shared/domain';
import { fail, ok, quote, type Parsed } from './types';

// Dates and timestamps from exports, to the UTC day and (when the text has a time) the UTC
// instant. A timestamp with 'Z' or an offset is converted to UTC; a naive timestamp is read in
// the preset's declared zone (UTC unless said otherwise). A date without a time is a calendar
// day and is kept as written: there is no instant to convert.

export type DateOrder = 'dmy' | 'mdy';
export type EpochUnit = 'auto' | 's' | 'ms';

export interface DateOptions {
  /** How to read 03/04/2024 and 03.04.2024: day first (default) or month first (US). */
  order?: DateOrder | undefined;
  /** Zone of naive timestamps: 'UTC', an IANA name ('Europe/Berlin') or an offset ('+02:00'). */
  timeZone?: string | undefined;
  /** Unix timestamps: seconds, milliseconds, or by magnitude (default). */
  epoch?: EpochUnit | undefined;
}

export interface DateTime {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** UTC instant, YYYY-MM-DDTHH:mm:ss[.fff]Z, when the text had a time. */
  time?: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const ZONE = String.raw`(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const YMD = new RegExp(
  String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]${TIME}\s*${ZONE}?)?$`,
  'i',
);
const DMY = new RegExp(
  String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T,]+${TIME}\s*(AM|PM)?\s*${ZONE}?)?$`,
  'i',
);
const NAMED = new RegExp(
  String.raw`^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*\.?[ -](\d{4})(?:[ T,]+${TIME}\s*${ZONE}?)?$`,
  'i',
);
const EPOCH = /^(\d{9,13})(?:\.(\d{1,9}))?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => String(n).padStart(4, '0');

function dayOf(y: number, m: number, d: number): string {
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(zone: string): Intl.DateTimeFormat {
  let f = fmtCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    fmtCache.set(zone, f);
  }
  return f;
}

/** Offset in minutes of a fixed-offset zone text ('+02:00', '-0530', 'UTC+2'), else undefined. */
function fixedOffset(zone: string): number | undefined {
  const z = zone.trim().toUpperCase();
  if (z === 'Z' || z === 'UTC' || z === 'GMT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return undefined;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return undefined;
  return m[1] === '-' ? -mins : mins;
}

/** True when the zone is 'UTC', a fixed offset, or an IANA zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (fixedOffset(zone) !== undefined) return true;
  try {
    zoneFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset (ms) of an IANA zone at a UTC instant. */
function ianaOffsetMs(zone: string, utcMs: number): number {
  const parts = zoneFormat(zone).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** UTC instant (ms) of a wall-clock time in a zone. In a DST gap or overlap the first reading wins. */
function wallToUtc(wallMs: number, zone: string): number {
  const fixed = fixedOffset(zone);
  if (fixed !== undefined) return wallMs - fixed * 60_000;
  const o1 = ianaOffsetMs(zone, wallMs);
  const t = wallMs - o1;
  const o2 = ianaOffsetMs(zone, t);
  return o2 === o1 ? t : wallMs - o2;
}

function trimFraction(frac: string | undefined): string {
  if (!frac) return '';
  let j = frac.length;
  while (j > 0 && frac[j - 1] === '0') j--;
  return frac.slice(0, j);
}

/** Years accepted: a typo like 0224-01-05 or 20244-01-05 is refused, not imported. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

function instant(ms: number, frac: string): Parsed<DateTime> {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (!Number.isFinite(ms) || y < MIN_YEAR || y > MAX_YEAR) return fail('date out of range');
  const date = dayOf(y, d.getUTCMonth() + 1, d.getUTCDate());
  const f = trimFraction(frac);
  const time = `${date}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${f ? `.${f}` : ''}Z`;
  return ok({ date, time });
}

function compose(
  raw: string,
  y: number,
  mo: number,
  d: number,
  hh: string | undefined,
  mi: string | undefined,
  ss: string | undefined,
  frac: string | undefined,
  zone: string | undefined,
  opts: DateOptions,
): Parsed<DateTime> {
  if (y < MIN_YEAR || y > MAX_YEAR) return fail(`${quote(raw)}: year ${y} is out of range`);
  if (mo < 1 || mo > 12) return fail(`${quote(raw)}: month ${mo} does not exist`);
  const day = dayOf(y, mo, d);
  if (!isRealDay(day)) return fail(`${quote(raw)} is not a real calendar day`);
  if (hh === undefined) return ok({ date: day });
  const h = Number(hh);
  const m = Number(mi);
  const s = Number(ss ?? 0);
  if (h > 23 || m > 59 || s > 59) return fail(`${quote(raw)}: time out of range`);
  const wall = Date.UTC(y, mo - 1, d, h, m, s);
  let utc: number;
  if (zone) {
    const off = fixedOffset(zone);
    if (off === undefined) return fail(`${quote(raw)}: unknown offset ${quote(zone)}`);
    utc = wall - off * 60_000;
  } else {
    utc = wallToUtc(wall, opts.timeZone ?? 'UTC');
  }
  return instant(utc, frac ?? '');
}

/**
 * Reads a date or timestamp: YYYY-MM-DD, YYYY-MM-DD HH:mm[:ss[.fff]], ISO 8601 with Z or an
 * offset, 'UTC' suffixes, DD/MM/YYYY (or MM/DD/YYYY when the order says so, with AM/PM),
 * '27 Dec 2024', YYYYMMDD, and Unix seconds or milliseconds.
 */
export function parseDateTime(raw: string, opts: DateOptions = {}): Parsed<DateTime> {
  const s = raw.trim();
  if (!s) return fail('empty date');
  // The common case first: a bare ISO day.
  if (s.length === 10 && s[4] === '-' && s[7] === '-' && /^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const y = +s.slice(0, 4);
    if (y < MIN_YEAR || y > MAX_YEAR) return fail(`${quote(s)}: year ${y} is out of range`);
    return isRealDay(s) ? ok({ date: s }) : fail(`${quote(s)} is not a real calendar day`);
  }
  let m = YMD.exec(s);
  if (m) return compose(s, +m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], m[8], opts);

  m = DMY.exec(s);
  if (m) {
    const a = +m[1]!;
    const b = +m[3]!;
    const order = opts.order ?? 'dmy';
    if (order === 'dmy' && b > 12 && a <= 12)
      return fail(`${quote(s)} reads month-first (MM/DD/YYYY); set the date order to month-first`);
    if (order === 'mdy' && a > 12 && b <= 12)
      return fail(`${quote(s)} reads day-first (DD/MM/YYYY); set the date order to day-first`);
    const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
    let hh = m[5];
    const ampm = m[9]?.toUpperCase();
    if (hh !== undefined && ampm) {
      const h = Number(hh);
      if (h < 1 || h > 12) return fail(`${quote(s)}: hour ${h} with ${ampm}`);
      hh = String(ampm === 'PM' ? (h % 12) + 12 : h % 12);
    }
    return compose(s, +m[4]!, mo, d, hh, m[6], m[7], m[8], m[10], opts);
  }

  m = NAMED.exec(s);
  if (m) {
    const mo = MONTHS[m[2]!.toLowerCase()];
    if (!mo) return fail(`${quote(s)}: unknown month ${quote(m[2]!)}`);
    return compose(s, +m[3]!, mo, +m[1]!, m[4], m[5], m[6], m[7], m[8], opts);
  }

  m = COMPACT.exec(s);
  if (m)
    return compose(
      s,
      +m[1]!,
      +m[2]!,
      +m[3]!,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      opts,
    );

  m = EPOCH.exec(s);
  if (m) {
    const digits = m[1]!;
    const unit =
      opts.epoch && opts.epoch !== 'auto' ? opts.epoch : digits.length >= 12 ? 'ms' : 's';
    const whole = Number(digits);
    if (unit === 's') return instant(whole * 1000, m[2] ?? '');
    // Milliseconds: the last three digits are the fraction of a second.
    const ms = whole - (whole % 1000);
    const frac = String(whole % 1000).padStart(3, '0') + (m[2] ?? '');
    return instant(ms, frac);
  }
  return fail(`${quote(s)} is not a date this import understands`);
}
