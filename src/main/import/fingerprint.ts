import { createHash } from 'node:crypto';

// Stable identity of a source row, so that re-importing a file, or a file that overlaps it,
// yields the same fingerprint for the same row and the ledger adds nothing twice.
//
// fingerprint = sha256 over JSON [source id, account, normalised field values, occurrence, leg]
//
// - source id: the preset id ('binance-spot-trades') or the mapping's id;
// - normalised values: what the importer read from the row after normalisation (canonical
//   decimals, UTC instants, upper-case symbols, trimmed text), so quoting, whitespace, a
//   thousands separator or a column order change in a re-export do not change it. The line
//   number is not part of it;
// - occurrence: identical source rows inside one file are numbered 0, 1, 2… in file order. Two
//   identical fills at the same second are possible on an exchange (same price, same size,
//   split from one order) and must both be kept; re-importing the same file numbers them the
//   same way, so they still match. A later export holding one more identical row adds one.
// - leg: one source row may yield several transactions (a Coinbase Convert yields a sell and a
//   buy; a Deribit settlement yields funding and session P&L); each gets its own fingerprint.
//
// The occurrence counter keeps a 64-bit digest per distinct row seen in the file (about 60
// bytes each): bounded by the number of distinct rows, small for trade files.

export class Fingerprinter {
  private readonly seen = new Map<string, number>();
  constructor(private readonly sourceId: string) {}

  /** Fingerprints for the `legs` transactions of one source row with these values. */
  next(account: string, values: readonly string[], legs = 1): string[] {
    const base = JSON.stringify([this.sourceId, account, values]);
    const key = createHash('sha256').update(base).digest('base64').slice(0, 11);
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    const out: string[] = [];
    for (let leg = 0; leg < legs; leg++) {
      out.push(
        createHash('sha256')
          .update(JSON.stringify([this.sourceId, account, values, occurrence, leg]))
          .digest('hex'),
      );
    }
    return out;
  }
}
