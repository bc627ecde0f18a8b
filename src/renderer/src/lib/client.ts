import type {
  CallInput,
  CallName,
  CallOutput,
  EventName,
  EventPayload,
  KeelBridge,
} from '../../../shared/contract';
import { KeelError, type RpcResult } from '../../../shared/errors';

// The renderer's typed client, derived from the contract. In the desktop app it talks to the
// preload bridge (window.keel); in browser mode to the same dispatcher over HTTP with a token.

declare global {
  interface Window {
    keel?: KeelBridge;
  }
}

type Listener = (payload: unknown) => void;

interface Transport {
  invoke(name: string, input: unknown): Promise<RpcResult<unknown>>;
  on(event: string, cb: Listener): () => void;
}

const TOKEN_KEY = 'keel.token';

/** Browser mode: the token arrives in the URL fragment once, then lives in sessionStorage. */
export function takeToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpTransport(token: string): Transport {
  const listeners = new Map<string, Set<Listener>>();
  let streaming = false;
  const auth = { Authorization: `Bearer ${token}` };

  async function stream(): Promise<void> {
    for (;;) {
      try {
        const res = await fetch('/rpc/events', { headers: auth });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event && data) for (const cb of listeners.get(event) ?? []) cb(JSON.parse(data));
          }
        }
      } catch {
        /* server restarting or gone: retry below */
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  return {
    async invoke(name, input) {
      const res = await fetch(`/rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      const body = (await res.json().catch(() => null)) as RpcResult<unknown> | null;
      if (!body)
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `HTTP ${res.status} from the Keel server` },
        };
      return body;
    },
    on(event, cb) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(cb);
      if (!streaming) {
        streaming = true;
        void stream();
      }
      return () => listeners.get(event)?.delete(cb);
    },
  };
}

let transport: Transport | null = null;

function getTransport(): Transport {
  if (transport) return transport;
  if (window.keel) {
    const bridge = window.keel;
    transport = {
      invoke: (name, input) =>
        bridge.invoke(name as CallName, input as never) as Promise<RpcResult<unknown>>,
      on: (event, cb) => bridge.on(event as EventName, cb as never),
    };
    return transport;
  }
  const token = takeToken();
  if (!token)
    throw new KeelError(
      'VALIDATION',
      'No access token: open the full URL that `npm run serve` printed (it ends in #token=...).',
    );
  transport = httpTransport(token);
  return transport;
}

export const hasAccess = (): boolean => {
  try {
    getTransport();
    return true;
  } catch {
    return false;
  }
};

export async function call<N extends CallName>(
  name: N,
  input: CallInput<N>,
): Promise<CallOutput<N>> {
  const r = await getTransport().invoke(name, input);
  if (!r.ok) throw KeelError.fromPayload(r.error);
  return r.value as CallOutput<N>;
}

export function onEvent<E extends EventName>(
  event: E,
  cb: (p: EventPayload<E>) => void,
): () => void {
  return getTransport().on(event, cb as Listener);
}
