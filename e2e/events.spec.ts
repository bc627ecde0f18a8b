import { request as httpRequest, type IncomingMessage } from 'node:http';
import { expect, test } from './fixtures';
import { rpc } from './helpers';

interface Frame {
  event: string;
  data: unknown;
}

test.describe('progress events (browser mode)', () => {
  test.skip(
    ({ target }) => target !== 'browser',
    'the HTTP event stream exists in browser mode only',
  );

  test('a long call with a taskId streams progress frames', async ({ keelServer }) => {
    const frames: Frame[] = [];
    let res: IncomingMessage | null = null;
    const req = httpRequest({
      host: '127.0.0.1',
      port: keelServer.port,
      path: '/rpc/events',
      headers: { Authorization: `Bearer ${keelServer.token}`, Accept: 'text/event-stream' },
    });
    try {
      res = await new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve);
        req.on('error', reject);
        req.end();
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);

      let buf = '';
      let connected!: () => void;
      const isConnected = new Promise<void>((r) => (connected = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const raw = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (raw.startsWith(':')) connected();
          const event = /^event: (.*)$/m.exec(raw)?.[1];
          const data = /^data: (.*)$/m.exec(raw)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) });
        }
      });
      await isConnected;

      // a risk run always computes in a worker (the value history may be served from SQLite)
      const result = await rpc(keelServer, 'risk.portfolio', {
        taskId: 'e2e-1',
        options: { paths: 20_000 },
      });
      expect(result.status).toBe(200);
      const value = (result.json as { ok: true; value: { methods: unknown[] } }).value;
      expect(value.methods).toHaveLength(6);

      await expect
        .poll(
          () =>
            frames.filter(
              (f) => f.event === 'progress' && (f.data as { taskId?: string }).taskId === 'e2e-1',
            ).length,
          {
            message: 'at least one progress frame for task e2e-1',
          },
        )
        .toBeGreaterThan(0);
      const mine = frames.filter(
        (f) => f.event === 'progress' && (f.data as { taskId?: string }).taskId === 'e2e-1',
      );
      for (const f of mine) {
        const p = f.data as { taskId: string; fraction: number; message: string };
        expect(p.fraction).toBeGreaterThanOrEqual(0);
        expect(p.fraction).toBeLessThanOrEqual(1);
        expect(typeof p.message).toBe('string');
      }
      // Fractions never go backwards.
      const fractions = mine.map((f) => (f.data as { fraction: number }).fraction);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    } finally {
      res?.destroy();
      req.destroy();
    }
  });

  test('a call without a taskId emits nothing', async ({ keelServer }) => {
    // Complement of the above: progress is opt-in per call, so a plain call is silent.
    const frames: string[] = [];
    const req = httpRequest({
      host: '127.0.0.1',
      port: keelServer.port,
      path: '/rpc/events',
      headers: { Authorization: `Bearer ${keelServer.token}` },
    });
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        req.on('response', resolve);
        req.on('error', reject);
        req.end();
      });
      res.setEncoding('utf8');
      res.on('data', (c: string) => frames.push(c));
      await expect.poll(() => frames.join('')).toContain(': connected');
      expect((await rpc(keelServer, 'history.value', {})).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(frames.join('')).not.toContain('event: progress');
      res.destroy();
    } finally {
      req.destroy();
    }
  });
});
