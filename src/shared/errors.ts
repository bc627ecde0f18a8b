// Errors are values the user can read: a code for programs, a message for people, and where
// the problem is (a field path, a file, a line) when it is known.
export const errorCodes = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNKNOWN_CALL',
  'CANCELLED',
  'STORE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}

export class KeelError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;
  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'KeelError';
    this.code = code;
    this.issues = issues;
  }
  toPayload(): ErrorPayload {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
  static fromPayload(p: ErrorPayload): KeelError {
    return new KeelError(p.code, p.message, p.issues);
  }
}

/** What crosses a process boundary: never a thrown exception, always one of these. */
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };
