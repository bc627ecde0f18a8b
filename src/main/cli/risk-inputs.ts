import { readFileSync } from 'node:fs';
import { KeelError } from '../../shared/errors';
import { previewImport } from '../import';

export interface WideSeries {
  symbol: string;
  dates: string[];
  closes: number[];
}

/**
 * Prices for `keel risk --prices`, read by the import layer (wide `date,ASSET1,…` or long
 * `date,asset,close`; empty cells are days without a quote). Any rejected row is an error
 * naming its line: a risk figure must not rest on a silently dropped price.
 */
export async function readPriceSeries(file: string): Promise<WideSeries[]> {
  const report = await previewImport(file, { kind: 'prices', format: 'auto' });
  if (report.rejectedCount) {
    const first = report.rejected
      .slice(0, 5)
      .map((r) => `line ${r.line}: ${r.reason}`)
      .join('; ');
    throw new KeelError(
      'VALIDATION',
      `${file}: ${report.rejectedCount} row(s) rejected (${first}).`,
      report.rejected.slice(0, 50).map((r) => ({ path: `line ${r.line}`, message: r.reason })),
    );
  }
  if (!report.rows.length) throw new KeelError('VALIDATION', `${file} holds no prices.`);
  const by = new Map<string, { date: string; close: number }[]>();
  for (const r of report.rows) {
    if (!by.has(r.symbol)) by.set(r.symbol, []);
    by.get(r.symbol)!.push({ date: r.date, close: r.close });
  }
  return [...by].map(([symbol, rows]) => {
    rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { symbol, dates: rows.map((r) => r.date), closes: rows.map((r) => r.close) };
  });
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
