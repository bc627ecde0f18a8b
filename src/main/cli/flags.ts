import { UsageError } from './command';

/** A numeric flag's value, or undefined when absent; a non-number is a usage error naming it. */
export const num = (v: unknown, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got '${String(v)}'`);
  return n;
};
