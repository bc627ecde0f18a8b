import type { z } from 'zod';
import {
  contract,
  isCallName,
  type CallName,
  type EventName,
  type EventPayload,
} from '../shared/contract';
import { KeelError, type ErrorIssue, type RpcResult } from '../shared/errors';
import type { Handlers } from './handlers';
import type { CallContext } from './services/context';
import type { TaskRegistry } from './tasks';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

const issuesOf = (err: z.ZodError): ErrorIssue[] =>
  err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));

const describe = (issues: ErrorIssue[]) => issues.map((i) => `${i.path}: ${i.message}`).join('; ');

/**
 * The one entry for every call, whatever the transport (IPC, HTTP, CLI): checks the name,
 * validates the input, runs the handler, validates the output, and turns every failure into a
 * typed error value. Nothing a caller sends can crash the process.
 */
export function createDispatcher(
  handlers: Handlers,
  tasks: TaskRegistry,
  emit: Emit,
  log: (msg: string) => void = console.error,
) {
  return async function dispatch(name: unknown, rawInput: unknown): Promise<RpcResult<unknown>> {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CALL',
          message: `There is no call named '${String(name).slice(0, 80)}'.`,
        },
      };
    }
    const spec = contract[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: `Invalid input for ${name}: ${describe(issues)}`,
          issues,
        },
      };
    }
    const input = parsed.data as { taskId?: string };
    const taskId = spec.task && typeof input.taskId === 'string' ? input.taskId : undefined;
    let call: CallContext;
    let finish = () => {};
    try {
      const ctl = taskId ? tasks.start(taskId) : new AbortController();
      if (taskId) finish = () => tasks.finish(taskId);
      call = {
        signal: ctl.signal,
        progress: (fraction, message) => {
          if (taskId)
            emit('progress', { taskId, fraction: Math.min(1, Math.max(0, fraction)), message });
        },
      };
    } catch (err) {
      return { ok: false, error: toPayload(err, name, log) };
    }
    if (call.signal.aborted) {
      finish();
      return {
        ok: false,
        error: { code: 'CANCELLED', message: 'The task was cancelled before it started.' },
      };
    }
    try {
      const handler = handlers[name] as (i: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, call);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        const detail = describe(issuesOf(out.error));
        log(`[keel] ${name} broke its output contract: ${detail}`);
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `${name} produced a result that breaks its contract (${detail}). This is a bug in Keel.`,
          },
        };
      }
      return { ok: true, value: out.data };
    } catch (err) {
      return { ok: false, error: toPayload(err, name, log) };
    } finally {
      finish();
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

function toPayload(err: unknown, name: CallName, log: (msg: string) => void) {
  if (err instanceof KeelError) return err.toPayload();
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
    return {
      code: 'STORE' as const,
      message: `Database error in ${name}: ${String(e.message)} (${e.code})`,
    };
  }
  log(`[keel] ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return {
    code: 'INTERNAL' as const,
    message: `${name} failed: ${err instanceof Error ? err.message : String(err)}`,
  };
}
