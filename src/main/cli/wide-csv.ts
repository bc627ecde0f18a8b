import { readFileSync } from 'node:fs';
import { KeelError } from '../../shared/errors';
import { isRealDay } from '../../shared/domain';

export interface WideSeries {
  symbol: string;
  dates: string[];
  closes: number[];
}

/**
 * Reads prices in wide form, `date,ASSET1,ASSET2…`, one row per day. Empty cells are days an
 * asset has no quote (ragged histories are normal). Anything else that is not a number is an
 * error naming the file, line and column.
 */
export function readWidePrices(file: string): WideSeries[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeelError('VALIDATION', `Cannot read ${file}: ${(err as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\0'))
    throw new KeelError('VALIDATION', `${file} is not a text CSV file (it holds binary data).`);
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim()) ?? [];
  if (header.length < 2 || header[0]!.toLowerCase() !== 'date') {
    throw new KeelError(
      'VALIDATION',
      `${file}:1: expected a header 'date,ASSET1,ASSET2…', got '${(lines[0] ?? '').slice(0, 80)}'.`,
    );
  }
  const symbols = header.slice(1);
  const dupe = symbols.find((s, i) => symbols.indexOf(s) !== i);
  if (dupe)
    throw new KeelError('VALIDATION', `${file}:1: asset ${dupe} appears twice in the header.`);
  if (symbols.some((s) => !s))
    throw new KeelError('VALIDATION', `${file}:1: an asset column has no name.`);
  const series = symbols.map((symbol) => ({
    symbol,
    dates: [] as string[],
    closes: [] as number[],
  }));
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const cells = line.split(',');
    if (cells.length !== header.length)
      throw new KeelError(
        'VALIDATION',
        `${file}:${i + 1}: ${cells.length} fields, the header has ${header.length}.`,
      );
    const date = cells[0]!.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isRealDay(date))
      throw new KeelError('VALIDATION', `${file}:${i + 1}: '${date}' is not a date as YYYY-MM-DD.`);
    for (let j = 1; j < cells.length; j++) {
      const cell = cells[j]!.trim();
      if (cell === '') continue;
      const v = Number(cell);
      if (!Number.isFinite(v))
        throw new KeelError(
          'VALIDATION',
          `${file}:${i + 1}, column ${symbols[j - 1]}: '${cell}' is not a number.`,
        );
      series[j - 1]!.dates.push(date);
      series[j - 1]!.closes.push(v);
    }
    rows++;
  }
  if (!rows) throw new KeelError('VALIDATION', `${file} has a header but no rows.`);
  return series;
}

/** Weights JSON: {"ASSET": 0.5, …}. */
export function readWeights(file: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new KeelError(
      'VALIDATION',
      `Cannot read weights from ${file}: ${(err as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new KeelError('VALIDATION', `${file}: expected an object like {"BTC": 0.6, "ETH": 0.4}.`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new KeelError('VALIDATION', `${file}: weight of ${k} is not a number.`);
    out[k] = v;
  }
  return out;
}
