import { z } from 'zod';
import { InstrumentKind, IsoDate, VenueKind } from './domain';
import { LedgerTx } from './ledger';

// Editing the book: venues, instruments with their kind-specific attributes and tags, and
// ledger transactions.

/** Every instrument kind (defined with the domain types). */
export const InstrumentKindFull = InstrumentKind;
export type InstrumentKindFull = z.infer<typeof InstrumentKindFull>;

/** Attributes by kind; unknown keys are refused so typos do not pass silently. */
export const InstrumentAttrs = z
  .object({
    pegTarget: z.string().optional(), // stablecoin
    underlying: z.string().optional(), // staked, perpetual, future, option
    stakingYield: z.number().min(-1).max(10).optional(), // staked, as a fraction a year
    underlyings: z.tuple([z.string(), z.string()]).optional(), // lp
    poolType: z.enum(['constant-product', 'concentrated']).optional(), // lp
    rangeLow: z.number().positive().optional(), // concentrated lp
    rangeHigh: z.number().positive().optional(),
    collateralFactor: z.number().min(0).max(1).optional(), // lending
    liquidationThreshold: z.number().min(0).max(1).optional(),
    liquidationBonus: z.number().min(0).max(1).optional(),
    contractType: z.enum(['linear', 'inverse']).optional(), // perpetual, future, option settlement
    contractSize: z.number().positive().optional(),
    fundingIntervalHours: z.number().positive().optional(), // perpetual
    expiry: IsoDate.optional(), // future, option
    strike: z.number().positive().optional(), // option
    right: z.enum(['call', 'put']).optional(),
    settlement: z.enum(['usd', 'coin']).optional(),
    modelled: z.boolean().optional(),
    role: z.string().optional(),
  })
  .strict();
export type InstrumentAttrs = z.infer<typeof InstrumentAttrs>;

export const InstrumentInput = z
  .object({
    symbol: z.string().regex(/^[A-Za-z0-9._:/-]{1,60}$/, 'letters, digits and . _ : / - only'),
    name: z.string().min(1).max(120),
    kind: InstrumentKindFull,
    assetClass: z.string().min(1).max(40),
    chain: z.string().max(60).nullable().default(null),
    /** Currency its closes are quoted in; valuations convert them to USD through that currency's closes. */
    quoteCurrency: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,20}$/)
      .default('USD'),
    attrs: InstrumentAttrs.default({}),
    tags: z
      .array(
        z.object({
          dimension: z.enum(['asset_class', 'role', 'chain', 'protocol', 'custom']),
          name: z.string().min(1).max(80),
        }),
      )
      .default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    const need = (keys: (keyof InstrumentAttrs)[]) => {
      for (const k of keys)
        if (v.attrs[k] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['attrs', k],
            message: `required for ${/^[aeiou]/.test(v.kind) ? 'an' : 'a'} ${v.kind}`,
          });
    };
    if (v.kind === 'option') need(['underlying', 'expiry', 'strike', 'right', 'settlement']);
    if (v.kind === 'future') need(['underlying', 'expiry', 'contractType']);
    if (v.kind === 'perpetual') need(['underlying', 'contractType']);
    if (v.kind === 'lp') need(['underlyings', 'poolType']);
    if (v.kind === 'staked') need(['underlying']);
    if (v.kind === 'lending-borrow' || v.kind === 'lending-supply')
      need(['underlying', 'liquidationThreshold']);
  });
export type InstrumentInput = z.input<typeof InstrumentInput>;
export type InstrumentParsed = z.output<typeof InstrumentInput>;

export const AccountInput = z
  .object({
    name: z.string().min(1).max(120),
    kind: VenueKind,
    custodian: z.string().max(120).nullable().default(null),
    chain: z.string().max(120).nullable().default(null),
    protocol: z.string().max(120).nullable().default(null),
    addressLabel: z.string().max(200).nullable().default(null),
  })
  .strict();

export const AccountRow = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: VenueKind,
  custodian: z.string().nullable(),
  chain: z.string().nullable(),
  protocol: z.string().nullable(),
  addressLabel: z.string().nullable(),
  transactions: z.number().int(),
});
export type AccountRow = z.infer<typeof AccountRow>;

export const TransactionRow = LedgerTx.extend({ id: z.number().int() });
export type TransactionRow = z.infer<typeof TransactionRow>;
