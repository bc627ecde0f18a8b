// Shared shapes of the import layer: a value or the reason it was refused, rejected rows, and
// progress. Nothing here touches the database.

/** A normalised value, or a reason a person can read for why the text was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Parsed<T> => ({ ok: false, reason });

/** A source row that was not imported, and why. `line` is the physical line where it starts. */
export interface Rejection {
  line: number;
  reason: string;
}

export interface Progress {
  bytesRead: number;
  /** Size of the source when known (always for a file path). */
  totalBytes: number | undefined;
}

export type ProgressCallback = (p: Progress) => void;

/** The lead's catalogue check: is this symbol an instrument Keel knows? */
export type KnownInstrument = (symbol: string) => boolean;

/** Shortens user text quoted in a reason so one odd cell cannot flood a report. */
export function quote(text: string, max = 40): string {
  const t = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${t}'`;
}

/** The catalogue check, asked once per distinct symbol in an import. */
export function cachedKnown(known: KnownInstrument | undefined): (s: string) => boolean {
  if (!known) return () => true;
  const cache = new Map<string, boolean>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = known(s);
      cache.set(s, v);
    }
    return v;
  };
}
