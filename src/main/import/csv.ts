import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import { KeelError } from '../../shared/errors';
import type { ProgressCallback, Rejection } from './types';

// A streaming CSV reader. Bytes are read in chunks and handed to csv-parse (quoted fields with
// delimiters, quotes and newlines, CRLF), so a file of any size is read in constant memory:
// only the current batch of rows is held. Before tokenising, the first 64 KiB are checked
// (empty, UTF-16, NUL bytes, invalid UTF-8) and the delimiter and header line are found.
//
// Line numbers are physical and 1-based (the header is line 1 in a file without a preamble).
// csv-parse's own line counter is not used: it counts a CRLF inside a quoted field twice. The
// start line of each record is the previous record's start plus one plus the line breaks
// inside its fields (a line break can only occur in a field when the field is quoted).

export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** A column name, or alternatives (the first present in the header wins). */
export type ColumnRef = string | readonly string[];

export interface RawRow {
  line: number;
  fields: string[];
}

export type CsvSource = Readable | string;

export interface CsvOpenOptions {
  /** Override delimiter sniffing. */
  delimiter?: Delimiter | undefined;
  /** Columns that must be present; a missing one is an error naming it. */
  required?: readonly ColumnRef[] | undefined;
  /** Columns read when present; with `required`, anything else is reported once as unused. */
  optional?: readonly ColumnRef[] | undefined;
  /** Lines searched for a header holding the required columns (exports with a preamble). */
  headerSearchLines?: number | undefined;
  onProgress?: ProgressCallback | undefined;
  /** Size of a stream source, for progress (a path's size is read from the file system). */
  totalBytes?: number | undefined;
  /** Rows with the wrong number of fields (not fatal). */
  onReject?: ((r: Rejection) => void) | undefined;
  /**
   * Split simple unquoted lines without csv-parse (several times faster). From the first line
   * holding a quote or a stray CR, the rest of the file goes through csv-parse.
   */
  fastPath?: boolean | undefined;
  /** Name used in messages (defaults to the file's base name). */
  label?: string | undefined;
  /** Longest record accepted, in characters (a stray quote would otherwise swallow the file). */
  maxRecordChars?: number | undefined;
  /** Read size for a path source. */
  chunkBytes?: number | undefined;
  /** Report columns outside required/optional once as a note (default true). */
  unusedNote?: boolean | undefined;
}

export interface CsvTable {
  label: string;
  header: string[];
  headerLine: number;
  delimiter: Delimiter;
  bom: boolean;
  /** Column index of each required/optional ref (-1 when absent). */
  columns: Map<ColumnRef, number>;
  notes: string[];
  /** Data records read so far (blank lines and the header excluded; rejected rows included). */
  readonly records: number;
  /** Batches of data rows with the header's field count, blank lines skipped. */
  batches(): AsyncGenerator<RawRow[], void, undefined>;
  /** Stops reading and releases the file. */
  close(): void;
}

const SNIFF_BYTES = 64 * 1024;
const BATCH = 2048;

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Index of a column in a header (case and spacing ignored), -1 when absent. */
export function resolveColumn(header: readonly string[], ref: ColumnRef): number {
  const names = typeof ref === 'string' ? [ref] : ref;
  for (const n of names) {
    const want = norm(n);
    const i = header.findIndex((h) => norm(h) === want);
    if (i >= 0) return i;
  }
  return -1;
}

export const refName = (ref: ColumnRef): string =>
  typeof ref === 'string' ? ref : ref.length === 1 ? ref[0]! : ref.join(' or ');

/** Splits one line on a delimiter, honouring double quotes (used for sniffing only). */
export function splitLine(line: string, d: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += c;
    } else if (c === '"' && cur.trim() === '') {
      q = true;
      cur = '';
    } else if (c === d) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') q = !q;
    else if (!q && c === d) n++;
  }
  return n;
}

const fail = (message: string, path?: string): KeelError =>
  new KeelError('VALIDATION', message, path ? [{ path, message }] : undefined);

/** Chooses the delimiter of a header line; the next line settles a tie. */
export function sniffDelimiter(headerLine: string, nextLine?: string): Delimiter {
  const counts = DELIMITERS.map((d) => countOutsideQuotes(headerLine, d));
  const best = Math.max(...counts);
  if (best === 0) return ',';
  const tied = DELIMITERS.filter((_, i) => counts[i] === best);
  if (tied.length === 1) return tied[0]!;
  if (nextLine !== undefined) {
    const agree = tied.filter((d) => countOutsideQuotes(nextLine, d) === best);
    if (agree.length === 1) return agree[0]!;
  }
  throw fail(
    `cannot tell the delimiter: the header has as many ${tied.map(showDelimiter).join(' as ')}; set the delimiter explicitly`,
  );
}

export const showDelimiter = (d: string): string =>
  d === '\t' ? 'tabs' : d === ',' ? "commas (',')" : d === ';' ? "semicolons (';')" : "pipes ('|')";

interface ByteSource {
  label: string;
  total: number | undefined;
  stream: Readable;
}

function openSource(source: CsvSource, opts: CsvOpenOptions): ByteSource {
  if (typeof source === 'string') {
    let size: number;
    try {
      const st = statSync(source);
      if (st.isDirectory()) throw new Error('it is a folder');
      size = st.size;
    } catch (err) {
      throw fail(`Cannot read ${source}: ${(err as Error).message}`);
    }
    return {
      label: opts.label ?? basename(source),
      total: size,
      stream: createReadStream(source, { highWaterMark: opts.chunkBytes ?? 256 * 1024 }),
    };
  }
  return { label: opts.label ?? 'input', total: opts.totalBytes, stream: source };
}

function countBreaks(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.length === 0 || (f.indexOf('\n') < 0 && f.indexOf('\r') < 0)) continue;
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13) {
        n++;
        if (f.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return n;
}

const isBlank = (fields: string[]): boolean => fields.length === 1 && fields[0]!.trim() === '';

/**
 * Opens a CSV source: checks that it is text, finds the delimiter and the header, checks the
 * required columns, and returns the header plus a generator of data-row batches.
 */
export async function openCsv(source: CsvSource, opts: CsvOpenOptions = {}): Promise<CsvTable> {
  const src = openSource(source, opts);
  const { label } = src;
  const iter = src.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let bytesRead = 0;
  let lastReport = -1;
  const report = (final = false) => {
    if (!opts.onProgress) return;
    if (final || bytesRead - lastReport >= 256 * 1024) {
      lastReport = bytesRead;
      opts.onProgress({ bytesRead, totalBytes: src.total });
    }
  };
  const nextChunk = async (): Promise<Buffer | undefined> => {
    let r: IteratorResult<Buffer | string>;
    try {
      r = await iter.next();
    } catch (err) {
      throw fail(`Cannot read ${label}: ${(err as Error).message}`);
    }
    if (r.done) return undefined;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    bytesRead += b.length;
    report();
    return b;
  };
  const close = () => {
    src.stream.destroy();
  };

  // 1. The first 64 KiB: is it text?
  const head: Buffer[] = [];
  let headLen = 0;
  let ended = false;
  try {
    while (headLen < SNIFF_BYTES) {
      const b = await nextChunk();
      if (!b) {
        ended = true;
        break;
      }
      head.push(b);
      headLen += b.length;
    }
  } catch (err) {
    close();
    throw err;
  }
  let prefix = Buffer.concat(head);
  try {
    if (prefix.length === 0) throw fail(`${label} is empty (0 bytes).`);
    if ((prefix[0] === 0xff && prefix[1] === 0xfe) || (prefix[0] === 0xfe && prefix[1] === 0xff))
      throw fail(
        `${label} is not a text CSV file this import reads: it is UTF-16; save it as UTF-8.`,
      );
    const bom = prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf;
    if (bom) prefix = prefix.subarray(3);
    const probe = prefix.subarray(0, SNIFF_BYTES);
    if (probe.includes(0))
      throw fail(`${label} is not a text CSV file (it holds NUL bytes: binary data).`);
    let headText: string;
    try {
      headText = new TextDecoder('utf-8', { fatal: true }).decode(probe, { stream: true });
    } catch {
      throw fail(`${label} is not a text CSV file (its first 64 KiB are not valid UTF-8).`);
    }
    if (ended && headText.trim() === '') throw fail(`${label} is empty (no header, no rows).`);

    // 2. Delimiter and header line.
    const lines = headText.split(/\r\n|\n|\r/);
    if (!ended) lines.pop(); // possibly cut
    const searchN = opts.headerSearchLines ?? (opts.required ? 30 : 1);
    const required = opts.required ?? [];
    const firstIdx = lines.findIndex((l) => l.trim() !== '');
    if (firstIdx < 0) throw fail(`${label} has no header line in its first 64 KiB.`);
    let delimiter: Delimiter | undefined;
    let headerIdx = -1;
    let header: string[] = [];
    if (required.length) {
      const cands = opts.delimiter ? [opts.delimiter] : DELIMITERS;
      outer: for (let i = firstIdx; i < Math.min(lines.length, firstIdx + searchN); i++) {
        if (lines[i]!.trim() === '') continue;
        for (const d of cands) {
          const fields = splitLine(lines[i]!, d).map((f) => f.trim());
          if (required.every((r) => resolveColumn(fields, r) >= 0)) {
            delimiter = d;
            headerIdx = i;
            header = fields;
            break outer;
          }
        }
      }
    }
    if (headerIdx < 0) {
      headerIdx = firstIdx;
      const nextIdx = lines.findIndex((l, i) => i > firstIdx && l.trim() !== '');
      delimiter =
        opts.delimiter ??
        sniffDelimiter(lines[firstIdx]!, nextIdx > 0 ? lines[nextIdx] : undefined);
      header = splitLine(lines[firstIdx]!, delimiter).map((f) => f.trim());
      const missing = required.filter((r) => resolveColumn(header, r) < 0);
      if (missing.length) {
        let hint = '';
        if (header.length === 1) {
          const other = DELIMITERS.find(
            (d) =>
              d !== delimiter &&
              required.every(
                (r) =>
                  resolveColumn(
                    splitLine(lines[firstIdx]!, d).map((f) => f.trim()),
                    r,
                  ) >= 0,
              ),
          );
          if (other)
            hint = ` The header looks separated by ${showDelimiter(other)}, not ${showDelimiter(delimiter)}.`;
        }
        throw fail(
          `${label}:${headerIdx + 1}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((r) => `'${refName(r)}'`).join(', ')}. ` +
            `The header has: ${header.map((h) => `'${h}'`).join(', ')}.${hint}`,
          `${label}:${headerIdx + 1}`,
        );
      }
    }
    const delim = delimiter!;
    const headerLine = headerIdx + 1;

    // 3. Columns: resolve, duplicates, unused.
    const columns = new Map<ColumnRef, number>();
    const notes: string[] = [];
    const used = new Set<number>();
    for (const r of [...required, ...(opts.optional ?? [])]) {
      const i = resolveColumn(header, r);
      columns.set(r, i);
      if (i < 0) continue;
      used.add(i);
      const dupes = header.filter((h) => norm(h) === norm(header[i]!)).length;
      if (dupes > 1)
        throw fail(
          `${label}:${headerLine}: column '${header[i]}' appears ${dupes} times in the header.`,
        );
    }
    if (opts.required && (opts.unusedNote ?? true)) {
      const extra = header.filter((h, i) => h !== '' && !used.has(i));
      if (extra.length)
        notes.push(
          `Ignored column${extra.length > 1 ? 's' : ''} not used by this import: ${extra.map((h) => `'${h}'`).join(', ')}.`,
        );
    }
    if (delim !== ',') notes.push(`Delimiter: ${showDelimiter(delim)}.`);
    if (headerLine > 1)
      notes.push(
        `Header found on line ${headerLine}; the ${headerLine - 1} line(s) above it were skipped.`,
      );

    // 4. Row batches.
    const decoder = new StringDecoder('utf8');
    const prefixText = decoder.write(prefix);
    const maxRecord = opts.maxRecordChars ?? 1_000_000;
    async function* texts(): AsyncGenerator<string> {
      if (prefixText) yield prefixText;
      for (;;) {
        const b = await nextChunk();
        if (!b) break;
        const t = decoder.write(b);
        if (t) yield t;
      }
      const t = decoder.end();
      if (t) yield t;
      report(true);
    }

    let records = 0;
    let extraNoted = false;
    const width = header.length;
    async function* batches(): AsyncGenerator<RawRow[], void, undefined> {
      let seenHeader = false;
      try {
        for await (const raw of tokenise(
          texts(),
          delim,
          opts.fastPath ?? false,
          maxRecord,
          label,
        )) {
          const out: RawRow[] = [];
          for (const row of raw) {
            if (!seenHeader) {
              if (row.line >= headerLine) seenHeader = true;
              continue;
            }
            if (isBlank(row.fields)) continue;
            records++;
            const n = row.fields.length;
            if (n !== width) {
              if (n > width && row.fields.slice(width).every((f) => f.trim() === '')) {
                row.fields.length = width;
                if (!extraNoted) {
                  extraNoted = true;
                  notes.push('Some rows end with extra empty fields; they were ignored.');
                }
              } else {
                opts.onReject?.({
                  line: row.line,
                  reason: `${n} field${n === 1 ? '' : 's'}, the header has ${width}`,
                });
                continue;
              }
            }
            out.push(row);
          }
          if (out.length) yield out;
        }
      } finally {
        close();
      }
    }

    return {
      label,
      header,
      headerLine,
      delimiter: delim,
      bom,
      columns,
      notes,
      get records() {
        return records;
      },
      batches,
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

/** Records (as field arrays) with their physical start line, in batches. */
async function* tokenise(
  texts: AsyncGenerator<string>,
  delimiter: Delimiter,
  fast: boolean,
  maxRecord: number,
  label: string,
): AsyncGenerator<RawRow[]> {
  let line = 1;
  let rest = '';
  if (fast) {
    let carry = '';
    for (;;) {
      const r = await texts.next();
      const done = r.done === true;
      const text = done ? carry : carry + r.value;
      const batch: RawRow[] = [];
      let start = 0;
      let fallback = -1;
      for (;;) {
        let nl = text.indexOf('\n', start);
        if (nl < 0) {
          if (done && start < text.length) nl = text.length;
          else break;
        }
        let end = nl;
        if (end > start && text.charCodeAt(end - 1) === 13) end--;
        const lineText = text.slice(start, end);
        if (lineText.indexOf('"') >= 0 || lineText.indexOf('\r') >= 0) {
          fallback = start;
          break;
        }
        batch.push({ line, fields: lineText.split(delimiter) });
        line++;
        start = nl + 1;
        if (batch.length >= BATCH) {
          yield batch.splice(0);
        }
      }
      if (batch.length) yield batch;
      if (fallback >= 0) {
        rest = text.slice(fallback);
        if (done) {
          yield* parseWithLibrary(oneThenRest(rest, undefined), delimiter, line, maxRecord, label);
          return;
        }
        break;
      }
      if (done) return;
      carry = text.slice(start);
      if (carry.length > maxRecord)
        throw fail(
          `${label}:${line}: a line longer than ${maxRecord} characters.`,
          `${label}:${line}`,
        );
    }
    yield* parseWithLibrary(oneThenRest(rest, texts), delimiter, line, maxRecord, label);
    return;
  }
  yield* parseWithLibrary(texts, delimiter, line, maxRecord, label);
}

async function* oneThenRest(
  first: string,
  more: AsyncGenerator<string> | undefined,
): AsyncGenerator<string> {
  if (first) yield first;
  if (more) for await (const t of more) yield t;
}

async function* parseWithLibrary(
  texts: AsyncIterable<string>,
  delimiter: Delimiter,
  firstLine: number,
  maxRecord: number,
  label: string,
): AsyncGenerator<RawRow[]> {
  // csv-parse is driven directly: write() parses the chunk synchronously and read() drains
  // the records it produced, so every record before a syntax error is counted (iterating the
  // stream would drop records still buffered when it errors) and the error's line is the
  // start of the failing record. Only one chunk's records are held at a time.
  let error: (Error & { code?: string }) | undefined;
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: false,
    max_record_size: maxRecord,
  });
  parser.on('error', (e: Error) => {
    error ??= e;
  });
  let line = firstLine;
  const drain = (): RawRow[] => {
    const out: RawRow[] = [];
    let rec: string[] | null;
    while ((rec = parser.read() as string[] | null) !== null) {
      out.push({ line, fields: rec });
      line += 1 + countBreaks(rec);
    }
    return out;
  };
  const settle = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        for (const ev of ['readable', 'end', 'error', 'close']) parser.off(ev, done);
        resolve();
      };
      for (const ev of ['readable', 'end', 'error', 'close']) parser.on(ev, done);
    });
  const fatal = (e: Error & { code?: string }): KeelError => {
    if (e instanceof KeelError) return e;
    const why =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field opened here is never closed'
        : e.code === 'CSV_MAX_RECORD_SIZE'
          ? `a record longer than ${maxRecord} characters starts here (an unbalanced quote?)`
          : e.message;
    return fail(`${label}:${line}: ${why}.`, `${label}:${line}`);
  };
  const stopped = async () => {
    if (!error) await new Promise((r) => setImmediate(r));
    return fatal(error ?? new Error('the CSV parser stopped'));
  };
  try {
    for await (const t of texts) {
      parser.write(t);
      const rows = drain();
      if (rows.length) yield rows;
      if (error || parser.destroyed) throw await stopped();
    }
    parser.end();
    while (!parser.readableEnded) {
      const rows = drain();
      if (rows.length) yield rows;
      if (error || parser.destroyed) throw await stopped();
      if (parser.readableEnded) break;
      await settle();
    }
  } finally {
    parser.destroy();
  }
}

export interface ReadCsvOptions extends CsvOpenOptions {
  /** Called once with the header before the first record. */
  onHeader?: ((header: string[], table: CsvTable) => void) | undefined;
  /** Notes (unused columns, delimiter, preamble, extra empty fields), each reported once. */
  onNote?: ((note: string) => void) | undefined;
}

/**
 * Streams a CSV file as records keyed by header name, with the physical line each starts on.
 * Rows with the wrong number of fields go to `onReject` (the stream goes on); problems with
 * the file itself (empty, binary, missing columns, an unclosed quote) throw a KeelError.
 */
export async function* readCsv(
  source: CsvSource,
  opts: ReadCsvOptions = {},
): AsyncGenerator<{ line: number; record: Record<string, string> }, void, undefined> {
  const table = await openCsv(source, opts);
  opts.onHeader?.(table.header, table);
  let reported = 0;
  const flushNotes = () => {
    for (; reported < table.notes.length; reported++) opts.onNote?.(table.notes[reported]!);
  };
  flushNotes();
  const names = table.header;
  try {
    for await (const batch of table.batches()) {
      for (const row of batch) {
        const record: Record<string, string> = {};
        for (let i = 0; i < names.length; i++) if (names[i]) record[names[i]!] = row.fields[i]!;
        yield { line: row.line, record };
      }
      flushNotes();
    }
    flushNotes();
  } finally {
    table.close();
  }
}
