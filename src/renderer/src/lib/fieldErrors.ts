import { KeelError } from '../../../shared/errors';

/** A server error's message and its issues by field (the path without the given prefix). */
export interface FormError {
  message: string;
  fields: Record<string, string>;
}

export function toFormError(err: unknown, prefix = ''): FormError {
  const message = err instanceof Error ? err.message : String(err);
  const fields: Record<string, string> = {};
  if (err instanceof KeelError && err.issues) {
    for (const i of err.issues) {
      const path = prefix && i.path.startsWith(prefix) ? i.path.slice(prefix.length) : i.path;
      fields[path] = fields[path] ? `${fields[path]}; ${i.message}` : i.message;
    }
  }
  return { message, fields };
}
