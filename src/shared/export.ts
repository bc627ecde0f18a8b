import { z } from 'zod';
import { AccountInput } from './book';
import { IsoDate } from './domain';
import { LedgerTx } from './ledger';

/** A whole portfolio as one JSON document: what `keel export --format json` writes and import reads back. */
export const PortfolioExport = z
  .object({
    format: z.literal('keel-portfolio'),
    version: z.literal(1),
    portfolio: z
      .object({ name: z.string().min(1).max(200), baseCurrency: z.string().min(1) })
      .strict(),
    accounts: z.array(AccountInput),
    instruments: z.array(
      z
        .object({
          symbol: z.string(),
          name: z.string(),
          kind: z.string(),
          assetClass: z.string(),
          chain: z.string().nullable(),
          quoteCurrency: z.string().default('USD'),
          attrs: z.record(z.string(), z.unknown()),
          tags: z.array(z.object({ dimension: z.string(), name: z.string() }).strict()),
        })
        .strict(),
    ),
    transactions: z.array(LedgerTx),
    prices: z.array(
      z
        .object({
          symbol: z.string(),
          date: IsoDate,
          close: z.number().positive(),
          volume: z.number().nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type PortfolioExport = z.infer<typeof PortfolioExport>;
