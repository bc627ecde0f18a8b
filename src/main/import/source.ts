import type { LedgerTx } from '../../shared/ledger';
import type { ColumnRef, CsvTable, Delimiter, RawRow } from './csv';
import { parseDecimal, type DecimalSeparator, type DecimalSetting } from './numbers';
import { fail, quote, type Parsed } from './types';

// What a trades source (a built-in preset or a generic mapping) plugs into the pipeline: the
// columns it needs, and a row handler that turns source rows into draft transactions. The
// pipeline does the shared work: symbol checks, schema validation, fingerprints, reporting.

/** A transaction before the shared checks (the pipeline adds the fingerprint). */
export type DraftTx = Omit<LedgerTx, 'fingerprint'>;

export interface RowSink {
  /**
   * The transactions one source row yields (or a group of rows, like a Kraken trade's two
   * ledger rows: `lines` lists them), with the normalised source values that identify it.
   * All or nothing: if one transaction fails the shared checks the row is rejected.
   */
  emit(line: number, txs: DraftTx[], key: readonly string[], lines?: readonly number[]): void;
  reject(line: number, reason: string): void;
  /** A row recognised but deliberately not imported (with the reason, for the report). */
  skip(line: number, reason: string): void;
  note(note: string): void;
}

export interface RowHandler {
  row(r: RawRow, sink: RowSink): void;
  /** End of file: flush what was held back (unpaired legs…). */
  end?(sink: RowSink): void;
}

export interface BindContext {
  table: CsvTable;
  /** The first batch of rows, for sniffing conventions (not yet handed to `row`). */
  sample: readonly RawRow[];
  /** The account rows go to when the source has no account column. */
  account: string | undefined;
}

export interface TradeSource {
  /** Part of every fingerprint. */
  id: string;
  name: string;
  required: readonly ColumnRef[];
  optional: readonly ColumnRef[];
  delimiter?: Delimiter | undefined;
  headerSearchLines?: number | undefined;
  bind(ctx: BindContext): RowHandler;
}

/** Column accessor bound to a table: trimmed cell text, '' when the column is absent. */
export function columnGetter(table: CsvTable) {
  return (row: RawRow, ref: ColumnRef): string => {
    const i = table.columns.get(ref);
    if (i === undefined || i < 0) return '';
    return (row.fields[i] ?? '').trim();
  };
}

export const hasColumn = (table: CsvTable, ref: ColumnRef): boolean =>
  (table.columns.get(ref) ?? -1) >= 0;

/** Upper-case, trimmed symbol ('' when empty). Keel's instrument symbols are upper case. */
export const symbol = (s: string): string => s.trim().toUpperCase();

/** A decimal field with a label for the reason: 'price: '1,2x' is not a number'. */
export function decimalField(
  label: string,
  text: string,
  decimal: DecimalSetting | DecimalSeparator | undefined,
): Parsed<string> {
  if (!text) return fail(`${label} is empty`);
  const r = parseDecimal(text, { decimal });
  return r.ok ? r : fail(`${label}: ${r.reason}`);
}

export function positive(label: string, v: string, raw: string): Parsed<string> {
  if (v.startsWith('-')) return fail(`${label} ${quote(raw)} is negative`);
  if (v === '0') return fail(`${label} is zero`);
  return { ok: true, value: v };
}
