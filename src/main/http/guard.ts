import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Constant-time check of the bearer token a browser-mode request carries. */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const h = req.headers.authorization;
  if (typeof h !== 'string' || !h.startsWith('Bearer ')) return false;
  const given = Buffer.from(h.slice(7));
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * DNS-rebinding and cross-site guard: the Host must be the loopback address we serve, and an
 * Origin, when sent, must be that same origin.
 */
export function isLoopbackRequest(req: IncomingMessage, port: number): boolean {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = req.headers.host;
  if (typeof host !== 'string' || !allowed.has(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return [...allowed].some((a) => origin === `http://${a}`);
}
