import { describe, expect, it } from 'vitest';
import { callNames, contract } from '../src/shared/contract';
import { KeelError } from '../src/shared/errors';
import { createDispatcher } from '../src/main/dispatch';
import { createHandlers, type Handlers } from '../src/main/handlers';
import { TaskRegistry } from '../src/main/tasks';
import { boot } from '../src/main/boot';
import { RESOURCES, tempDir } from './helpers/tmp';

/** Handlers that answer nothing useful; each test overrides what it needs. */
function fakeHandlers(over: Partial<Handlers>): Handlers {
  const notUsed = () => {
    throw new Error('not used');
  };
  return Object.fromEntries(callNames.map((n) => [n, over[n] ?? notUsed])) as unknown as Handlers;
}

const quiet = () => {};

describe('dispatcher', () => {
  it('binds a handler for every contract entry, and nothing else', async () => {
    const app = boot({ dataDir: tempDir(), mode: 'cli', resourcesDir: RESOURCES, seedDemo: false });
    const handlers = createHandlers(app.ctx, new TaskRegistry());
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
    await app.close();
  });

  it('answers an unknown call with UNKNOWN_CALL', async () => {
    const d = createDispatcher(fakeHandlers({}), new TaskRegistry(), quiet, quiet);
    const r = await d('shell.exec', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await d('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(await d(42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('rejects invalid input before the handler runs, naming each field', async () => {
    let ran = false;
    const d = createDispatcher(
      fakeHandlers({ 'holdings.get': () => ((ran = true), null as never) }),
      new TaskRegistry(),
      quiet,
      quiet,
    );
    for (const bad of [
      { asOf: '2025-02-30' },
      { asOf: 20250101 },
      { portfolio: '' },
      { extra: 1 },
      'text',
      [1, 2],
    ]) {
      const r = await d('holdings.get', bad);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(/^Invalid input for holdings\.get: /);
        expect(r.error.issues!.length).toBeGreaterThan(0);
      }
    }
    const r = await d('holdings.get', { asOf: '2025-02-30' });
    expect(!r.ok && r.error.issues).toEqual([{ path: 'asOf', message: 'not a real calendar day' }]);
    expect(ran).toBe(false);
  });

  it('fills input defaults before the handler sees them', async () => {
    let seen: unknown;
    const d = createDispatcher(
      fakeHandlers({
        'demo.load': (input) => (
          (seen = input),
          { portfolio: 'Demo', instruments: 1, prices: 1, transactions: 1, asOf: '2025-01-01' }
        ),
      }),
      new TaskRegistry(),
      quiet,
      quiet,
    );
    expect((await d('demo.load', {})).ok).toBe(true);
    expect(seen).toEqual({ reset: false });
  });

  it('catches a handler whose output breaks the contract', async () => {
    const logs: string[] = [];
    const d = createDispatcher(
      fakeHandlers({ 'portfolios.list': () => [{ id: 'one' }] as never }),
      new TaskRegistry(),
      quiet,
      (m) => logs.push(m),
    );
    const r = await d('portfolios.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!r.ok && r.error.message).toMatch(/breaks its contract/);
    expect(logs.join()).toMatch(/portfolios\.list/);
  });

  it('passes typed errors through and wraps anything else, never throwing', async () => {
    const d = createDispatcher(
      fakeHandlers({
        'prices.series': () => {
          throw new KeelError('NOT_FOUND', 'Unknown instrument');
        },
        'instruments.list': () => {
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        },
        'portfolios.list': () => {
          throw new TypeError('boom');
        },
      }),
      new TaskRegistry(),
      quiet,
      quiet,
    );
    expect(await d('prices.series', { symbol: 'X' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Unknown instrument' },
    });
    expect(await d('instruments.list', {})).toMatchObject({ ok: false, error: { code: 'STORE' } });
    expect(await d('portfolios.list', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: 'portfolios.list failed: boom' },
    });
  });

  it('emits progress for a call with a task id, and tasks.cancel aborts it', async () => {
    const events: unknown[] = [];
    const tasks = new TaskRegistry();
    let release!: () => void;
    const d = createDispatcher(
      fakeHandlers({
        'history.value': async (_input, call) => {
          call.progress(0.5, 'half');
          await new Promise<void>((r) => (release = r));
          if (call.signal.aborted) throw new KeelError('CANCELLED', 'cancelled');
          return { baseCurrency: 'USD', points: [], warnings: [] };
        },
        'tasks.cancel': (input) => ({ cancelled: tasks.cancel(input.taskId) }),
      }),
      tasks,
      (event, payload) => events.push({ event, payload }),
      quiet,
    );
    const running = d('history.value', { taskId: 't-1' });
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([
      { event: 'progress', payload: { taskId: 't-1', fraction: 0.5, message: 'half' } },
    ]);
    expect(await d('history.value', { taskId: 't-1' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await d('tasks.cancel', { taskId: 't-1' })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    release();
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await d('tasks.cancel', { taskId: 't-1' })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });
  it('a cancel that overtakes its call stops the call before it runs', async () => {
    let clock = 1_000_000;
    const tasks = new TaskRegistry(() => clock);
    let ran = 0;
    const d = createDispatcher(
      fakeHandlers({
        'history.value': async () => {
          ran++;
          return { baseCurrency: 'USD', points: [], warnings: [] };
        },
        'tasks.cancel': (input) => ({ cancelled: tasks.cancel(input.taskId) }),
      }),
      tasks,
      () => {},
      quiet,
    );
    // nothing runs under that id yet: false, but remembered
    expect(await d('tasks.cancel', { taskId: 'early-1' })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
    expect(await d('history.value', { taskId: 'early-1' })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    expect(ran).toBe(0);
    // remembered once: the id can run afterwards
    expect(await d('history.value', { taskId: 'early-1' })).toMatchObject({ ok: true });
    expect(ran).toBe(1);
    // a cancel older than a minute is forgotten
    await d('tasks.cancel', { taskId: 'early-2' });
    clock += 61_000;
    expect(await d('history.value', { taskId: 'early-2' })).toMatchObject({ ok: true });
    expect(ran).toBe(2);
  });

  it('remembers at most 256 early cancels, dropping the oldest', () => {
    const tasks = new TaskRegistry(() => 0);
    for (let i = 0; i < 300; i++) tasks.cancel(`t-${i}`);
    expect(tasks.start('t-0').signal.aborted).toBe(false);
    expect(tasks.start('t-299').signal.aborted).toBe(true);
    expect(tasks.start('t-60').signal.aborted).toBe(true);
  });
});
