import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer } from '../src/main/http/server';
import type { Dispatch } from '../src/main/dispatch';
import { CONTENT_SECURITY_POLICY, CSP_HEADER_EXTRA } from '../src/shared/security';
import { tempDir } from './helpers/tmp';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so tests can send any Host and Origin. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function serve(
  dispatch: Dispatch = async (name, input) => ({ ok: true, value: { name, input } }),
) {
  const top = tempDir();
  const root = join(top, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Keel</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(top, 'secret.txt'), 'TOPSECRET');
  const s = await startHttpServer({ port: 0, rendererDir: root, dispatch });
  stop = s.close;
  return s;
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only, on a free port, with a fresh token per start', async () => {
    const a = await serve();
    expect(a.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${a.port}/#token=[A-Za-z0-9_-]{32}$`),
    );
    const b = await startHttpServer({
      port: 0,
      rendererDir: tempDir(),
      dispatch: async () => ({ ok: true, value: 1 }),
    });
    expect(b.token).not.toBe(a.token);
    expect(b.port).not.toBe(a.port);
    await b.close();
  });

  it('checks the token before anything else under /rpc/', async () => {
    const s = await serve();
    const auth = { Authorization: `Bearer ${s.token}` };
    const noToken = await send(s.port, 'POST', '/rpc/app.info');
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body).error.code).toBe('UNAUTHORIZED');
    expect(
      (await send(s.port, 'POST', '/rpc/app.info', { Authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    expect(
      (await send(s.port, 'POST', '/rpc/app.info', { Authorization: `Bearer ${s.token}x` })).status,
    ).toBe(401);
    expect((await send(s.port, 'GET', '/rpc/events')).status).toBe(401);
    // even a foreign host, a bad method or an unknown call gets 401 first without the token
    expect((await send(s.port, 'GET', '/rpc/nope', { Host: 'evil.example' })).status).toBe(401);
    const ok = await send(s.port, 'POST', '/rpc/app.info', auth, '{}');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { name: 'app.info', input: {} } });
  });

  it('refuses a Host or Origin that is not this loopback server (DNS rebinding, cross-site)', async () => {
    const s = await serve();
    const auth = { Authorization: `Bearer ${s.token}` };
    const foreign = await send(
      s.port,
      'POST',
      '/rpc/app.info',
      { ...auth, Host: 'evil.example' },
      '{}',
    );
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('FORBIDDEN');
    expect(
      (
        await send(
          s.port,
          'POST',
          '/rpc/app.info',
          { ...auth, Host: `127.0.0.1:${s.port + 1}` },
          '{}',
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await send(
          s.port,
          'POST',
          '/rpc/app.info',
          { ...auth, Origin: 'http://evil.example' },
          '{}',
        )
      ).status,
    ).toBe(403);
    expect((await send(s.port, 'GET', '/', { Host: 'evil.example' })).status).toBe(403);
    expect(
      (
        await send(
          s.port,
          'POST',
          '/rpc/app.info',
          { ...auth, Origin: `http://127.0.0.1:${s.port}` },
          '{}',
        )
      ).status,
    ).toBe(200);
    expect(
      (await send(s.port, 'POST', '/rpc/app.info', { ...auth, Host: `localhost:${s.port}` }, '{}'))
        .status,
    ).toBe(200);
  });

  it('maps error codes to HTTP statuses and bad JSON to a typed 400', async () => {
    const s = await serve(async () => ({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such portfolio' },
    }));
    const auth = { Authorization: `Bearer ${s.token}` };
    const nf = await send(s.port, 'POST', '/rpc/holdings.get', auth, '{}');
    expect(nf.status).toBe(404);
    expect(JSON.parse(nf.body)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such portfolio' },
    });
    const bad = await send(s.port, 'POST', '/rpc/holdings.get', auth, '{"asOf":');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('VALIDATION');
    expect((await send(s.port, 'GET', '/rpc/holdings.get', auth)).status).toBe(405);
  });

  it('serves the renderer with the CSP header and never a file outside it', async () => {
    const s = await serve();
    const index = await send(s.port, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(
      `${CONTENT_SECURITY_POLICY}${CSP_HEADER_EXTRA}`,
    );
    expect(index.headers['content-security-policy']).toMatch(/sandbox (?!.*allow-popups)/);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await send(s.port, 'GET', '/assets/app.js')).headers['content-type']).toMatch(
      /javascript/,
    );
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/../../secret.txt',
      '/nope.js',
    ]) {
      const r = await send(s.port, 'GET', p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('TOPSECRET');
    }
  });

  it('streams progress events to a client holding the token', async () => {
    const s = await serve();
    const frames = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: s.port,
          path: '/rpc/events',
          headers: { Host: `127.0.0.1:${s.port}`, Authorization: `Bearer ${s.token}` },
        },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          let data = '';
          res.on('data', (c) => {
            data += c;
            if (data.includes('event: progress')) {
              req.destroy();
              resolve(data);
            }
          });
          setTimeout(
            () => s.broadcast('progress', { taskId: 'x1', fraction: 0.25, message: 'working' }),
            20,
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(frames).toContain(
      'event: progress\ndata: {"taskId":"x1","fraction":0.25,"message":"working"}\n\n',
    );
  });
});
