import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName, EventPayload } from '../../shared/contract';
import type { ErrorCode, RpcResult } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY, CSP_HEADER_EXTRA } from '../../shared/security';
import type { Dispatch } from '../dispatch';
import { hasToken, isLoopbackRequest } from './guard';
import { staticFile } from './static';

export interface HttpServerOptions {
  port: number;
  rendererDir: string;
  dispatch: Dispatch;
  token?: string;
}

// imports upload the file's text in browser mode
const MAX_BODY = 64 * 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_CALL: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  STORE: 500,
  INTERNAL: 500,
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY + CSP_HEADER_EXTRA,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

const fail = (res: ServerResponse, status: number, code: ErrorCode, message: string) =>
  send(res, status, { ok: false, error: { code, message } } satisfies RpcResult<never>);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error(`request body over ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Browser mode: the built renderer and the dispatcher over HTTP on 127.0.0.1 only.
 * POST /rpc/<call> with `Authorization: Bearer <token>`; GET /rpc/events is the progress stream
 * (server-sent events). The token is made fresh at each start unless given.
 */
export async function startHttpServer(opts: HttpServerOptions) {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = opts.port;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        fail(res, 500, 'INTERNAL', err instanceof Error ? err.message : String(err));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/rpc' || path.startsWith('/rpc/')) {
      // Token first: nothing under /rpc/ is looked at without it.
      if (!hasToken(req, token))
        return fail(
          res,
          401,
          'UNAUTHORIZED',
          'Missing or wrong token. Open the URL that `npm run serve` printed.',
        );
      if (!isLoopbackRequest(req, port))
        return fail(res, 403, 'FORBIDDEN', 'Refused: Host or Origin is not this loopback server.');
      if (path === '/rpc/events') {
        if (req.method !== 'GET') return fail(res, 405, 'VALIDATION', 'Use GET for /rpc/events.');
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (req.method !== 'POST') return fail(res, 405, 'VALIDATION', 'Use POST for /rpc/<call>.');
      const name = decodeURIComponent(path.slice('/rpc/'.length));
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.trim() === '' ? {} : JSON.parse(body);
      } catch (err) {
        return fail(
          res,
          400,
          'VALIDATION',
          `The request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      const result = await opts.dispatch(name, input);
      return send(res, result.ok ? 200 : STATUS[result.error.code], result);
    }
    if (!isLoopbackRequest(req, port))
      return fail(res, 403, 'FORBIDDEN', 'Refused: Host or Origin is not this loopback server.');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(res, 405, 'VALIDATION', 'Method not allowed.');
    const file = await staticFile(opts.rendererDir, path);
    if (!file) return fail(res, 404, 'NOT_FOUND', `No file ${path}.`);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      'Cache-Control': path.startsWith('/assets/') ? 'max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    broadcast<E extends EventName>(event: E, payload: EventPayload<E>) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) s.write(frame);
    },
    close(): Promise<void> {
      for (const s of streams) s.end();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
