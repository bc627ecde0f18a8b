/**
 * A transaction the book cannot apply. `index` is the transaction's position in the input array
 * (0-based, before sorting); the message says what is wrong and where, in words a user can act on.
 */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  readonly index: number;
  readonly date: string;
  readonly kind: string;
  readonly account: string;
  readonly instrument: string;
  /** What is wrong, without the location. */
  readonly problem: string;

  constructor(where: {
    index: number;
    date: string;
    kind: string;
    account: string;
    instrument: string;
    problem: string;
  }) {
    super(
      `Transaction at index ${where.index} (${where.kind} on ${where.date}, account "${where.account}", ${where.instrument}): ${where.problem}`,
    );
    this.index = where.index;
    this.date = where.date;
    this.kind = where.kind;
    this.account = where.account;
    this.instrument = where.instrument;
    this.problem = where.problem;
  }
}
