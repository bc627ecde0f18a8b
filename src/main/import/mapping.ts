import { z } from 'zod';
import { TxKind } from '../../shared/ledger';
import { KeelError } from '../../shared/errors';
import { isValidTimeZone } from './dates';

// The column mapping of the generic trades CSV import: which column holds what, how to read
// numbers and dates, and how the file's kind labels map to ledger kinds. Plain JSON, so the
// lead can save it as a named preset in SQLite and load it back through `parseMapping`.

/** A header name, or alternatives (the first present wins). Matching ignores case and spacing. */
export const ColumnRefSchema = z.union([
  z.string().trim().min(1).max(200),
  z.array(z.string().trim().min(1).max(200)).min(1).max(10),
]);

export const DelimiterSchema = z.enum([',', ';', '\t', '|']);

export const NumberConvention = z
  .object({
    /** The decimal mark; 'auto' sniffs it from the file and refuses values it cannot read. */
    decimal: z.enum(['auto', '.', ',']).default('auto'),
  })
  .strict();

export const DateConvention = z
  .object({
    /** How to read 03/04/2024: day first (default) or month first. */
    order: z.enum(['dmy', 'mdy']).default('dmy'),
    /** Zone of naive timestamps (no Z, no offset): UTC, an IANA zone or an offset like +02:00. */
    timeZone: z
      .string()
      .min(1)
      .default('UTC')
      .refine(
        isValidTimeZone,
        'unknown time zone (use UTC, an IANA name like Europe/Berlin, or +02:00)',
      ),
    /** Unix timestamps: seconds, milliseconds, or by magnitude. */
    epoch: z.enum(['auto', 's', 'ms']).default('auto'),
  })
  .strict();

const optRef = ColumnRefSchema.optional();

export const TradeColumns = z
  .object({
    date: ColumnRefSchema,
    /** A separate time column, joined to the date. */
    time: optRef,
    kind: optRef,
    instrument: optRef,
    quantity: ColumnRefSchema,
    price: optRef,
    quote: optRef,
    fee: optRef,
    feeCurrency: optRef,
    account: optRef,
    toAccount: optRef,
    counterInstrument: optRef,
    counterQuantity: optRef,
    lpInstrument: optRef,
    lpQuantity: optRef,
    note: optRef,
  })
  .strict();
export type TradeColumns = z.infer<typeof TradeColumns>;

export const TradeMapping = z
  .object({
    /** Stable id: part of every fingerprint, so keep it when the mapping is edited. */
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
        'letters, digits, . _ - (1-64), starting with a letter or digit',
      ),
    name: z.string().trim().min(1).max(200),
    delimiter: DelimiterSchema.optional(),
    columns: TradeColumns,
    /** Source label → ledger kind, e.g. { "BUY": "buy", "Sell": "sell" } (case-insensitive). */
    kindMap: z.record(z.string().min(1), TxKind).prefault({}),
    /** Values used when the file has no such column. */
    fixed: z
      .object({
        kind: TxKind.optional(),
        account: z.string().trim().min(1).max(200).optional(),
        quote: z.string().trim().min(1).max(40).optional(),
        feeCurrency: z.string().trim().min(1).max(40).optional(),
      })
      .strict()
      .prefault({}),
    /**
     * 'positive': a negative quantity is rejected (the kind carries the direction);
     * 'absolute': the sign is dropped (exports that write sells as negative quantities).
     */
    quantitySign: z.enum(['positive', 'absolute']).default('positive'),
    /** Amounts carry their unit ('0.5 BTC'); the unit must match (or supplies) the instrument. */
    unitSuffix: z.boolean().default(false),
    numbers: NumberConvention.prefault({}),
    dates: DateConvention.prefault({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!m.columns.kind && !m.fixed.kind)
      ctx.addIssue({
        code: 'custom',
        path: ['columns', 'kind'],
        message: 'map a kind column or set fixed.kind',
      });
    if (m.columns.kind && !Object.keys(m.kindMap).length)
      ctx.addIssue({
        code: 'custom',
        path: ['kindMap'],
        message: 'map the kind column’s labels to ledger kinds',
      });
    if (!m.columns.instrument && !m.unitSuffix)
      ctx.addIssue({
        code: 'custom',
        path: ['columns', 'instrument'],
        message: 'map an instrument column (or set unitSuffix when quantities carry their unit)',
      });
  });
export type TradeMapping = z.infer<typeof TradeMapping>;
export type TradeMappingInput = z.input<typeof TradeMapping>;

/** Validates a saved mapping (JSON) and fills in defaults; a KeelError lists what is wrong. */
export function parseMapping(input: unknown): TradeMapping {
  const r = TradeMapping.safeParse(input);
  if (r.success) return r.data;
  throw new KeelError(
    'VALIDATION',
    'The column mapping is not valid.',
    r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
