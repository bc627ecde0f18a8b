import { KeelError } from '../../shared/errors';

/** A database problem worded for the user: which file, what went wrong, what to do. */
export function storeError(dbPath: string, what: string, advice: string): KeelError {
  return new KeelError('STORE', `${what}: ${dbPath}. ${advice}`);
}

export function describeSqliteError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    return `${String((err as { message: unknown }).message)} (${String((err as { code: unknown }).code)})`;
  }
  return err instanceof Error ? err.message : String(err);
}
