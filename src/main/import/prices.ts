import type { ColumnRef, CsvTable, RawRow } from './csv';
import { parseDateTime, type DateOptions } from './dates';
import { parseDeribitInstrument } from './instruments';
import { parseDecimal, sniffDecimal, type DecimalSeparator, type DecimalSetting } from './numbers';
import { cachedKnown, quote, type KnownInstrument, type Parsed } from './types';

// Prices and option chains. Closes are market data, stored as REAL by the store: they are
// parsed exactly as text (same number rules as the ledger) and then converted to numbers.

export interface PriceRow {
  line: number;
  date: string;
  symbol: string;
  close: number;
  volume?: number;
}

export interface ChainRow {
  line: number;
  /** Snapshot day: the row's date column, else the import's `date` option. */
  date?: string;
  instrument: string;
  underlying: string;
  settlement: string;
  /** UTC day of expiry; the instant is expiryTime (08:00 UTC on Deribit). */
  expiry: string;
  expiryTime: string;
  strike: string;
  right: 'call' | 'put';
  underlyingPrice: number;
  markPrice: number;
  /** Implied volatility as the file gives it (Deribit: percent, 55.2 = 55.2 %). */
  markIv: number;
  bid: number | null;
  ask: number | null;
  openInterest: number;
}

export interface RowOut<T> {
  row(r: T): void;
  reject(line: number, reason: string): void;
}

export interface Handler<T> {
  row(r: RawRow, out: RowOut<T>): void;
  end?(out: RowOut<T>): void;
}

export const LONG = {
  date: ['date', 'day', 'timestamp', 'time'],
  symbol: ['asset', 'symbol', 'instrument', 'ticker'],
  close: ['close', 'price', 'close_price'],
  volume: ['volume', 'vol'],
} as const satisfies Record<string, ColumnRef>;

export const CHAIN = {
  instrument: ['instrument', 'instrument_name'],
  underlyingPrice: 'underlying_price',
  markPrice: 'mark_price',
  markIv: 'mark_iv',
  bid: ['bid', 'best_bid_price', 'bid_price'],
  ask: ['ask', 'best_ask_price', 'ask_price'],
  openInterest: 'open_interest',
  date: ['date', 'timestamp'],
} as const satisfies Record<string, ColumnRef>;

/** Day number since 1970-01-01 of a YYYY-MM-DD string (no validation). */
function dayNumber(d: string): number {
  return Math.round(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000);
}

/**
 * Which (symbol, day) pairs were seen, and on which line: per symbol a growable Int32Array
 * indexed by day over the symbol's date range (4 bytes a day, about 1.5 KB a symbol-year),
 * so memory does not grow with the number of rows.
 */
export class DayIndex {
  private readonly bySymbol = new Map<string, { first: number; lines: Int32Array }>();

  /** Records the line; returns the earlier line holding the same pair, or 0. */
  check(symbol: string, date: string, line: number): number {
    const day = dayNumber(date);
    let e = this.bySymbol.get(symbol);
    if (!e) {
      e = { first: day - 366, lines: new Int32Array(1024) };
      this.bySymbol.set(symbol, e);
    }
    let i = day - e.first;
    if (i < 0 || i >= e.lines.length) {
      const lo = Math.min(e.first, day - 366);
      const hi = Math.max(e.first + e.lines.length, day + 367);
      const grown = new Int32Array(Math.max(hi - lo, e.lines.length * 2));
      grown.set(e.lines, e.first - lo);
      e.first = lo;
      e.lines = grown;
      i = day - e.first;
    }
    const prev = e.lines[i]!;
    if (prev === 0) e.lines[i] = line;
    return prev;
  }
}

/** The decimal mark for numbers: the setting, else sniffed from a sample, else '.' for a comma-delimited file. */
export function decideDecimal(
  setting: DecimalSetting | undefined,
  sample: readonly string[],
  table: CsvTable,
): DecimalSetting {
  if (setting && setting !== 'auto') return setting;
  const s = sniffDecimal(sample);
  if (s.decimal) {
    table.notes.push(`Decimal mark '${s.decimal}' (read from the file's values).`);
    return s.decimal;
  }
  if (s.conflict) {
    table.notes.push(
      "The file's numbers use both '.' and ',' as the decimal mark; values that could be read either way are rejected. Set the decimal separator.",
    );
    return 'auto';
  }
  // In a comma-delimited file an unquoted decimal comma is impossible: '.' is the mark.
  if (table.delimiter === ',') {
    table.notes.push("Decimal mark '.' assumed: the file is comma-delimited.");
    return '.';
  }
  return 'auto';
}

function numberField(label: string, text: string, decimal: DecimalSetting): Parsed<number> {
  // Market data: the common plain form goes straight to a number.
  if (decimal === '.' && /^\d+(\.\d+)?$/.test(text)) return { ok: true, value: Number(text) };
  const r = parseDecimal(text, { decimal, maxPlaces: 40 });
  if (!r.ok) return { ok: false, reason: `${label}: ${r.reason}` };
  const v = Number(r.value);
  if (!Number.isFinite(v)) return { ok: false, reason: `${label} ${quote(text)} is out of range` };
  return { ok: true, value: v };
}

export interface PriceOptions {
  decimal?: DecimalSetting | undefined;
  dates?: DateOptions | undefined;
  knownInstrument?: KnownInstrument | undefined;
}

/** UTC day of a date or timestamp cell. */
function dayOf(text: string, dates: DateOptions | undefined): Parsed<string> {
  const r = parseDateTime(text, dates);
  return r.ok ? { ok: true, value: r.value.date } : r;
}

/** Long form: date,asset,close[,volume]. */
export function longPrices(
  table: CsvTable,
  sample: readonly RawRow[],
  opts: PriceOptions,
): Handler<PriceRow> {
  const col = (ref: ColumnRef) => table.columns.get(ref) ?? -1;
  const iDate = col(LONG.date);
  const iSym = col(LONG.symbol);
  const iClose = col(LONG.close);
  const iVol = col(LONG.volume);
  const decimal = decideDecimal(
    opts.decimal,
    sample.flatMap((r) => [r.fields[iClose] ?? '', iVol >= 0 ? (r.fields[iVol] ?? '') : '']),
    table,
  );
  const known = cachedKnown(opts.knownInstrument);
  const seen = new DayIndex();
  const symbols = new Map<string, string>();
  return {
    row(r, out) {
      const f = r.fields;
      const d = dayOf(f[iDate]!.trim(), opts.dates);
      if (!d.ok) return out.reject(r.line, `date: ${d.reason}`);
      const rawSym = f[iSym]!;
      let sym = symbols.get(rawSym);
      if (sym === undefined) {
        sym = rawSym.trim().toUpperCase();
        symbols.set(rawSym, sym);
      }
      if (!sym) return out.reject(r.line, 'asset is empty');
      if (!known(sym)) return out.reject(r.line, `unknown instrument ${quote(sym)}`);
      const closeText = f[iClose]!.trim();
      if (!closeText) return out.reject(r.line, 'close is empty');
      const c = numberField('close', closeText, decimal);
      if (!c.ok) return out.reject(r.line, c.reason);
      if (!(c.value > 0))
        return out.reject(r.line, `close ${quote(closeText)} must be greater than zero`);
      const row: PriceRow = { line: r.line, date: d.value, symbol: sym, close: c.value };
      if (iVol >= 0) {
        const vt = f[iVol]!.trim();
        if (vt) {
          const v = numberField('volume', vt, decimal);
          if (!v.ok) return out.reject(r.line, v.reason);
          if (v.value < 0) return out.reject(r.line, `volume ${quote(vt)} is negative`);
          row.volume = v.value;
        }
      }
      const prev = seen.check(sym, d.value, r.line);
      if (prev)
        return out.reject(r.line, `duplicate: ${sym} on ${d.value} is already on line ${prev}`);
      out.row(row);
    },
  };
}

/** Wide form: date,ASSET1,ASSET2…; an empty cell is a day without a quote. */
export function widePrices(
  table: CsvTable,
  sample: readonly RawRow[],
  opts: PriceOptions,
  out: RowOut<PriceRow>,
): Handler<PriceRow> {
  const iDate = table.columns.get(LONG.date) ?? 0;
  const cols: { i: number; symbol: string }[] = [];
  const seenSym = new Set<string>();
  const known = cachedKnown(opts.knownInstrument);
  table.header.forEach((h, i) => {
    if (i === iDate) return;
    const sym = h.trim().toUpperCase();
    if (!sym) {
      table.notes.push(`Column ${i + 1} has no name; ignored.`);
      return;
    }
    if (seenSym.has(sym)) {
      out.reject(
        table.headerLine,
        `asset ${sym} appears twice in the header; its second column is ignored`,
      );
      return;
    }
    seenSym.add(sym);
    if (!known(sym)) {
      out.reject(table.headerLine, `column ${sym}: unknown instrument; its values are ignored`);
      return;
    }
    cols.push({ i, symbol: sym });
  });
  const decimal = decideDecimal(
    opts.decimal,
    sample.flatMap((r) => cols.map((c) => r.fields[c.i] ?? '')),
    table,
  );
  const seen = new DayIndex();
  return {
    row(r, o) {
      const d = dayOf(r.fields[iDate]!.trim(), opts.dates);
      if (!d.ok) return o.reject(r.line, `date: ${d.reason}`);
      for (const c of cols) {
        const t = r.fields[c.i]!.trim();
        if (!t) continue;
        const v = numberField(c.symbol, t, decimal);
        if (!v.ok) {
          o.reject(r.line, v.reason);
          continue;
        }
        if (!(v.value > 0)) {
          o.reject(r.line, `${c.symbol}: close ${quote(t)} must be greater than zero`);
          continue;
        }
        const prev = seen.check(c.symbol, d.value, r.line);
        if (prev) {
          o.reject(r.line, `duplicate: ${c.symbol} on ${d.value} is already on line ${prev}`);
          continue;
        }
        o.row({ line: r.line, date: d.value, symbol: c.symbol, close: v.value });
      }
    },
  };
}

export interface ChainOptions {
  decimal?: DecimalSetting | undefined;
  dates?: DateOptions | undefined;
  /** Snapshot day when the file has no date column. */
  date?: string | undefined;
  /** Checked against each row's underlying (BTC, ETH…). */
  knownInstrument?: KnownInstrument | undefined;
}

/** Option chain: instrument,underlying_price,mark_price,mark_iv,bid,ask,open_interest[,date]. */
export function optionChain(
  table: CsvTable,
  sample: readonly RawRow[],
  opts: ChainOptions,
): Handler<ChainRow> {
  const idx = (ref: ColumnRef) => table.columns.get(ref) ?? -1;
  const i = {
    instrument: idx(CHAIN.instrument),
    underlyingPrice: idx(CHAIN.underlyingPrice),
    markPrice: idx(CHAIN.markPrice),
    markIv: idx(CHAIN.markIv),
    bid: idx(CHAIN.bid),
    ask: idx(CHAIN.ask),
    openInterest: idx(CHAIN.openInterest),
    date: idx(CHAIN.date),
  };
  const numeric = [i.underlyingPrice, i.markPrice, i.markIv, i.bid, i.ask, i.openInterest];
  const decimal: DecimalSetting | DecimalSeparator = decideDecimal(
    opts.decimal,
    sample.flatMap((r) => numeric.map((j) => r.fields[j] ?? '')),
    table,
  );
  const known = cachedKnown(opts.knownInstrument);
  const seen = new Map<string, number>();
  return {
    row(r, out) {
      const reject = (reason: string) => out.reject(r.line, reason);
      const cell = (j: number) => (j >= 0 ? (r.fields[j] ?? '').trim() : '');
      const p = parseDeribitInstrument(cell(i.instrument));
      if (!p.ok) return reject(p.reason);
      const inst = p.value;
      if (inst.type !== 'option') return reject(`${inst.name} is not an option`);
      if (!known(inst.underlying))
        return reject(`unknown instrument ${quote(inst.underlying)} (underlying of ${inst.name})`);
      let date = opts.date;
      if (i.date >= 0 && cell(i.date)) {
        const d = dayOf(cell(i.date), opts.dates);
        if (!d.ok) return reject(`date: ${d.reason}`);
        date = d.value;
      }
      if (date && inst.expiry! < date)
        return reject(`${inst.name} expired on ${inst.expiry}, before the snapshot day ${date}`);
      const num = (label: string, j: number, required: boolean): Parsed<number | null> => {
        const t = cell(j);
        if (!t)
          return required ? { ok: false, reason: `${label} is empty` } : { ok: true, value: null };
        const v = numberField(label, t, decimal);
        if (!v.ok) return v;
        if (v.value < 0) return { ok: false, reason: `${label} ${quote(t)} is negative` };
        return v;
      };
      const up = num('underlying_price', i.underlyingPrice, true);
      if (!up.ok) return reject(up.reason);
      if (!(up.value! > 0)) return reject('underlying_price must be greater than zero');
      const mark = num('mark_price', i.markPrice, true);
      if (!mark.ok) return reject(mark.reason);
      const iv = num('mark_iv', i.markIv, true);
      if (!iv.ok) return reject(iv.reason);
      const bid = num('bid', i.bid, false);
      if (!bid.ok) return reject(bid.reason);
      const ask = num('ask', i.ask, false);
      if (!ask.ok) return reject(ask.reason);
      if (bid.value !== null && ask.value !== null && bid.value > ask.value)
        return reject(`bid ${bid.value} is above ask ${ask.value}`);
      const oi = num('open_interest', i.openInterest, true);
      if (!oi.ok) return reject(oi.reason);
      const key = `${date ?? ''}|${inst.name}`;
      const prev = seen.get(key);
      if (prev)
        return reject(
          `duplicate: ${inst.name}${date ? ` on ${date}` : ''} is already on line ${prev}`,
        );
      seen.set(key, r.line);
      const row: ChainRow = {
        line: r.line,
        instrument: inst.name,
        underlying: inst.underlying,
        settlement: inst.settlement,
        expiry: inst.expiry!,
        expiryTime: inst.expiryTime!,
        strike: inst.strike!,
        right: inst.right!,
        underlyingPrice: up.value!,
        markPrice: mark.value!,
        markIv: iv.value!,
        bid: bid.value,
        ask: ask.value,
        openInterest: oi.value!,
      };
      if (date) row.date = date;
      out.row(row);
    },
  };
}
