import type { HoldingRow } from '../../../shared/domain';

/**
 * A holding's grid row id: venue and asset, and "|debt" for what is borrowed there (a lending
 * venue may hold a supply and a debt of the same coin).
 */
export const holdingRowId = (r: HoldingRow): string =>
  `${r.account}|${r.symbol}${r.name.endsWith('(borrowed)') ? '|debt' : ''}`;
