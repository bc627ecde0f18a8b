import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  previewImport,
  readCsv,
  type Progress,
  type TradeMappingInput,
} from '../../src/main/import';
import { KeelError } from '../../src/shared/errors';
import { tempDir } from '../helpers/tmp';

// Every kind of bad input gets a clear report: file-level problems throw a KeelError naming the
// file (and line); row-level problems reject that row with its line and a reason, and the rest
// of the file is still read.

const mapping: TradeMappingInput = {
  id: 'plain',
  name: 'Plain ledger',
  columns: {
    date: 'date',
    kind: 'kind',
    instrument: 'asset',
    quantity: 'qty',
    price: 'price',
    quote: 'quote',
    fee: 'fee',
    account: 'account',
    note: 'note',
  },
  kindMap: { buy: 'buy', sell: 'sell', deposit: 'deposit', funding: 'funding' },
};
const HEADER = 'date,kind,asset,qty,price,quote,fee,account,note';
const known = (s: string) => ['BTC', 'ETH', 'USD', 'USDT', 'EUR'].includes(s);

function file(text: string | Buffer, name = 'in.csv'): string {
  const f = join(tempDir(), name);
  writeFileSync(f, text);
  return f;
}
const trades = (f: string, extra: object = {}) =>
  previewImport(f, { kind: 'trades', mapping, knownInstrument: known, ...extra });
async function failure(p: Promise<unknown>): Promise<KeelError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KeelError);
    return e as KeelError;
  }
  throw new Error('expected a KeelError');
}

describe('file-level problems', () => {
  it('an empty file', async () => {
    const e = await failure(trades(file('', 'empty.csv')));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('empty.csv is empty (0 bytes).');
    expect((await failure(trades(file('\ufeff \r\n\n', 'blank.csv')))).message).toBe(
      'blank.csv is empty (no header, no rows).',
    );
  });

  it('a file with a header and no rows is not an error, and says so', async () => {
    const rep = await trades(file(`${HEADER}\n`));
    expect(rep.parsed).toBe(0);
    expect(rep.rows).toEqual([]);
    expect(rep.notes).toContain('The file has a header but no data rows.');
  });

  it('a binary file', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52,
    ]);
    expect((await failure(trades(file(png, 'chart.png')))).message).toBe(
      'chart.png is not a text CSV file (it holds NUL bytes: binary data).',
    );
    // no NUL, but not UTF-8 (Latin-1 'é')
    const latin1 = Buffer.concat([
      Buffer.from(`${HEADER}\n2024-01-01,buy,BTC,1,1,USD,,Caf`),
      Buffer.from([0xe9]),
      Buffer.from(',x\n'),
    ]);
    expect((await failure(trades(file(latin1, 'latin1.csv')))).message).toBe(
      'latin1.csv is not a text CSV file (its first 64 KiB are not valid UTF-8).',
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]);
    expect((await failure(trades(file(utf16, 'excel.csv')))).message).toMatch(
      /UTF-16; save it as UTF-8/,
    );
  });

  it('a file that cannot be opened', async () => {
    expect((await failure(trades(join(tempDir(), 'missing.csv')))).message).toMatch(
      /^Cannot read .*missing\.csv: ENOENT/,
    );
  });

  it('missing columns are named', async () => {
    const e = await failure(trades(file('date,kind,asset,price\n2024-01-01,buy,BTC,1\n')));
    expect(e.message).toBe(
      "in.csv:1: missing column 'qty'. The header has: 'date', 'kind', 'asset', 'price'.",
    );
    expect(e.issues).toEqual([{ path: 'in.csv:1', message: e.message }]);
  });

  it('the wrong delimiter: sniffed when left open, explained when forced', async () => {
    const semi = file(`${HEADER.replaceAll(',', ';')}\n2024-01-01;buy;BTC;1;42000;USD;;Main;\n`);
    const rep = await trades(semi);
    expect(rep.delimiter).toBe(';');
    expect(rep.rows).toHaveLength(1);
    expect(rep.notes).toContain("Delimiter: semicolons (';').");
    const e = await failure(trades(semi, { delimiter: ',' }));
    expect(e.message).toMatch(
      /missing columns 'date', 'qty', 'kind', 'asset'\. .*The header looks separated by semicolons \(';'\), not commas \(','\)\./,
    );
    // tabs and pipes too
    expect(
      (
        await trades(
          file(`${HEADER.replaceAll(',', '\t')}\n2024-01-01\tbuy\tBTC\t1\t42000\tUSD\t\tMain\t\n`),
        )
      ).delimiter,
    ).toBe('\t');
    expect(
      (
        await trades(
          file(`${HEADER.replaceAll(',', '|')}\n2024-01-01|buy|BTC|1|42000|USD||Main|\n`),
        )
      ).delimiter,
    ).toBe('|');
  });

  it('a quote that is never closed stops the import with its line', async () => {
    const e = await failure(
      trades(
        file(
          `${HEADER}\n2024-01-01,buy,BTC,1,1,USD,,Main,ok\n2024-01-02,buy,BTC,1,1,USD,,Main,"oops\n2024-01-03,buy,BTC,1,1,USD,,Main,x\n`,
        ),
      ),
    );
    expect(e.message).toBe('in.csv:3: a quoted field opened here is never closed.');
  });
});

describe('row-level problems', () => {
  it('a BOM and CRLF line ends', async () => {
    const rep = await trades(
      file(
        `\ufeff${HEADER}\r\n2024-01-01,buy,BTC,1,42000,USD,,Main,\r\n2024-01-02,sell,BTC,0.5,43000,USD,,Main,\r\n`,
      ),
    );
    expect(rep.header[0]).toBe('date');
    expect(rep.rows.map((r) => [r.line, r.tx.kind])).toEqual([
      [2, 'buy'],
      [3, 'sell'],
    ]);
  });

  it('quoted fields with delimiters, quotes and newlines keep line numbers right', async () => {
    const rep = await trades(
      file(
        [
          HEADER,
          '2024-01-01,buy,BTC,1,42000,USD,,Main,"bought, finally"',
          '2024-01-02,buy,BTC,1,42000,USD,,Main,"two\r\nline ""note"""',
          '2024-01-03,buy,BTC,1,42000,USD,,Main,"three',
          'line',
          'note"',
          '2024-01-04,buy,BTC,x,42000,USD,,Main,',
        ].join('\r\n'),
      ),
    );
    expect(rep.rows.map((r) => [r.line, r.tx.note])).toEqual([
      [2, 'bought, finally'],
      [3, 'two\r\nline "note"'],
      [5, 'three\r\nline\r\nnote'],
    ]);
    expect(rep.rejected).toEqual([{ line: 8, reason: "quantity: 'x' is not a number" }]);
  });

  it('thousands separators and decimal commas, and an ambiguous value when the convention is unknown', async () => {
    const rep = await trades(
      file(
        [
          HEADER.replaceAll(',', ';'),
          '2024-01-01;buy;BTC;0,5;42.000,50;EUR;1,25;Main;',
          '2024-01-02;buy;BTC;1.234;42.000,50;EUR;;Main;',
        ].join('\n'),
      ),
    );
    // the file proves ',' is its decimal mark ('0,5', '42.000,50'): '1.234' is 1234
    expect(rep.rows.map((r) => [r.tx.quantity, r.tx.price, r.tx.fee])).toEqual([
      ['0.5', '42000.5', '1.25'],
      ['1234', '42000.5', undefined],
    ]);
    // a file that never proves its convention: '1,234' is refused, with the way out
    const amb = await trades(
      file(
        [
          HEADER.replaceAll(',', ';'),
          '2024-01-01;buy;BTC;1,234;42;EUR;;Main;',
          '2024-01-02;buy;BTC;2;43;EUR;;Main;',
        ].join('\n'),
      ),
    );
    expect(amb.rejected).toEqual([
      {
        line: 2,
        reason:
          "quantity: '1,234' is ambiguous: 1234 if ',' groups thousands, 1.234 if ',' is the decimal mark; set the file's decimal separator ('.' or ',')",
      },
    ]);
    const set = await previewImport(
      file([HEADER.replaceAll(',', ';'), '2024-01-01;buy;BTC;1,234;42;EUR;;Main;'].join('\n')),
      {
        kind: 'trades',
        mapping: { ...mapping, numbers: { decimal: ',' } },
      },
    );
    expect(set.rows[0]!.tx.quantity).toBe('1.234');
  });

  it('extra columns are ignored and reported once', async () => {
    const rep = await trades(
      file(
        `${HEADER},balance,txhash\n2024-01-01,buy,BTC,1,42000,USD,,Main,,1,0xab\n2024-01-02,buy,BTC,1,42000,USD,,Main,,2,0xcd\n`,
      ),
    );
    expect(rep.rows).toHaveLength(2);
    expect(rep.notes.filter((n) => n.startsWith('Ignored'))).toEqual([
      "Ignored columns not used by this import: 'balance', 'txhash'.",
    ]);
  });

  it('rows with too few or too many fields are rejected, the rest is read', async () => {
    const rep = await trades(
      file(
        [
          HEADER,
          '2024-01-01,buy,BTC,1,42000,USD,,Main,',
          '2024-01-02,buy,BTC,1,42000',
          '2024-01-03,buy,BTC,1,42000,USD,,Main,,surplus',
          '2024-01-04,buy,BTC,1,42000,USD,,Main,,,',
          '',
          '2024-01-05,buy,BTC,1,42000,USD,,Main,',
        ].join('\n'),
      ),
    );
    expect(rep.rows.map((r) => r.line)).toEqual([2, 5, 7]);
    expect(rep.rejected).toEqual([
      { line: 3, reason: '5 fields, the header has 9' },
      { line: 4, reason: '10 fields, the header has 9' },
    ]);
    expect(rep.notes).toContain('Some rows end with extra empty fields; they were ignored.');
    expect(rep.parsed).toBe(5);
  });

  it('dates in several formats and zones', async () => {
    const rep = await previewImport(
      file(
        [
          HEADER,
          '2024-03-10 01:30:00,buy,BTC,1,1,USD,,Main,',
          '2024-03-10T12:00:00+05:30,buy,BTC,1,1,USD,,Main,',
          '2024-03-10T23:59:59Z,buy,BTC,1,1,USD,,Main,',
          '10/03/2024 22:15,buy,BTC,1,1,USD,,Main,',
          '1710028800,buy,BTC,1,1,USD,,Main,',
          '1710028800000,buy,BTC,1,1,USD,,Main,',
          '2024-03-10,buy,BTC,1,1,USD,,Main,',
          '03/13/2024,buy,BTC,1,1,USD,,Main,',
          'March 10th,buy,BTC,1,1,USD,,Main,',
        ].join('\n'),
      ),
      { kind: 'trades', mapping: { ...mapping, dates: { timeZone: 'America/New_York' } } },
    );
    expect(rep.rows.map((r) => [r.tx.date, r.tx.time])).toEqual([
      ['2024-03-10', '2024-03-10T06:30:00Z'], // naive, New York (EST, UTC−5) before the 02:00 DST switch
      ['2024-03-10', '2024-03-10T06:30:00Z'], // offset wins over the zone
      ['2024-03-10', '2024-03-10T23:59:59Z'],
      ['2024-03-11', '2024-03-11T02:15:00Z'], // day-first, 22:15 EDT (UTC−4) is the next UTC day
      ['2024-03-10', '2024-03-10T00:00:00Z'], // Unix seconds
      ['2024-03-10', '2024-03-10T00:00:00Z'], // Unix milliseconds
      ['2024-03-10', undefined],
    ]);
    expect(rep.rejected).toEqual([
      {
        line: 9,
        reason:
          "date: '03/13/2024' reads month-first (MM/DD/YYYY); set the date order to month-first",
      },
      { line: 10, reason: "date: 'March 10th' is not a date this import understands" },
    ]);
  });

  it('non-numeric, negative and zero values', async () => {
    const rep = await trades(
      file(
        [
          HEADER,
          '2024-01-01,buy,BTC,abc,1,USD,,Main,',
          '2024-01-01,buy,BTC,-1,1,USD,,Main,',
          '2024-01-01,buy,BTC,0,1,USD,,Main,',
          '2024-01-01,buy,BTC,1,-5,USD,,Main,',
          '2024-01-01,buy,BTC,1,5,USD,-0.1,Main,',
          '2024-01-01,buy,BTC,1,5,USD,1e,Main,',
          '2024-01-01,funding,USDT,-2.5,,,,Main,',
        ].join('\n'),
      ),
    );
    expect(rep.rejected).toEqual([
      { line: 2, reason: "quantity: 'abc' is not a number" },
      {
        line: 3,
        reason:
          "quantity '-1' is negative; for a buy the quantity is positive and the kind carries the direction",
      },
      { line: 4, reason: 'quantity is zero' },
      { line: 5, reason: "price '-5' is negative" },
      { line: 6, reason: "fee '-0.1' is negative" },
      { line: 7, reason: "fee: '1e' is not a number" },
    ]);
    // funding carries its sign
    expect(rep.rows.map((r) => [r.line, r.tx.kind, r.tx.quantity])).toEqual([
      [8, 'funding', '-2.5'],
    ]);
  });

  it('unknown symbols', async () => {
    const rep = await trades(
      file(
        `${HEADER}\n2024-01-01,buy,DOGE,1,0.1,USD,,Main,\n2024-01-01,buy,BTC,1,1,JPY,,Main,\n2024-01-01,buy,btc,1,1,usd,,Main,\n`,
      ),
    );
    expect(rep.rejected).toEqual([
      { line: 2, reason: "unknown instrument 'DOGE'" },
      { line: 3, reason: "unknown instrument 'JPY'" },
    ]);
    // symbols are upper-cased before the check
    expect(rep.rows.map((r) => [r.tx.instrument, r.tx.quote])).toEqual([['BTC', 'USD']]);
  });

  it('duplicate rows: identical trades are both kept (distinct fingerprints); duplicate prices are flagged', async () => {
    const row = '2024-01-01 10:00:00,buy,BTC,1,42000,USD,,Main,';
    const rep = await trades(file(`${HEADER}\n${row}\n${row}\n${row.replace('42000', '42001')}\n`));
    const fps = rep.rows.map((r) => r.tx.fingerprint);
    expect(fps).toHaveLength(3);
    expect(new Set(fps).size).toBe(3);
    // whitespace and quoting do not change a fingerprint
    const again = await trades(
      file(`${HEADER}\r\n 2024-01-01 10:00:00 , buy,"BTC", 1.0 ,"42,000",USD ,,Main,\r\n`),
    );
    expect(again.rows[0]!.tx.fingerprint).toBe(fps[0]);

    const prices = await previewImport(
      file('date,asset,close\n2024-01-01,BTC,1\n2024-01-01,btc,2\n'),
      { kind: 'prices' },
    );
    expect(prices.rows).toHaveLength(1);
    expect(prices.rejected).toEqual([
      { line: 3, reason: 'duplicate: BTC on 2024-01-01 is already on line 2' },
    ]);
  });

  it('caps the rejections kept in a report but counts them all', async () => {
    const bad = Array.from({ length: 50 }, (_, i) => `2024-01-01,buy,BTC,x${i},1,USD,,Main,`);
    const rep = await trades(file([HEADER, ...bad].join('\n')), { maxRejected: 10 });
    expect(rep.rejected).toHaveLength(10);
    expect(rep.rejectedCount).toBe(50);
  });
});

describe('reader', () => {
  it('streams records with physical line numbers and reports progress', async () => {
    const text = `\ufeffa,b\n1,"x\ny"\n\n2,z\n3\n`;
    const f = file(text);
    const progress: Progress[] = [];
    const rejected: unknown[] = [];
    const out: unknown[] = [];
    for await (const r of readCsv(f, {
      onProgress: (p) => progress.push(p),
      onReject: (r) => rejected.push(r),
      chunkBytes: 4,
    }))
      out.push(r);
    expect(out).toEqual([
      { line: 2, record: { a: '1', b: 'x\ny' } },
      { line: 5, record: { a: '2', b: 'z' } },
    ]);
    expect(rejected).toEqual([{ line: 6, reason: '1 field, the header has 2' }]);
    const size = Buffer.byteLength(text);
    expect(progress.at(-1)).toEqual({ bytesRead: size, totalBytes: size });
    expect(progress.every((p, i) => i === 0 || p.bytesRead >= progress[i - 1]!.bytesRead)).toBe(
      true,
    );
  });

  it('reads a stream source, with the size given for progress', async () => {
    const progress: Progress[] = [];
    const recs: unknown[] = [];
    for await (const r of readCsv(Readable.from([Buffer.from('x;y\n1;2\n')]), {
      totalBytes: 8,
      onProgress: (p) => progress.push(p),
    }))
      recs.push(r);
    expect(recs).toEqual([{ line: 2, record: { x: '1', y: '2' } }]);
    expect(progress.at(-1)).toEqual({ bytesRead: 8, totalBytes: 8 });
  });

  it('cannot tell a tie without a second line: asks for the delimiter', async () => {
    const e = await failure(
      (async () => {
        for await (const _ of readCsv(file('a,b;c\n'))) void _;
      })(),
    );
    expect(e.message).toMatch(/cannot tell the delimiter/);
  });

  it('a runaway record (an unbalanced quote in a big file) stops at its start line, not after eating the file', async () => {
    const f = file(`a,b\n1,2\n3,"${'x'.repeat(500)}\n4,5\n`);
    const seen: number[] = [];
    const e = await failure(
      (async () => {
        for await (const r of readCsv(f, { maxRecordChars: 100 })) seen.push(r.line);
      })(),
    );
    expect(seen).toEqual([2]);
    expect(e.message).toBe(
      'in.csv:3: a record longer than 100 characters starts here (an unbalanced quote?).',
    );
  });
});

describe('pipeline controls', () => {
  const many = () =>
    file(
      [
        HEADER,
        ...Array.from({ length: 5000 }, (_, i) => `2024-01-01,buy,BTC,${i + 1},1,USD,,Main,`),
      ].join('\n'),
    );

  it('keepRows keeps a preview short but counts every row', async () => {
    const rep = await trades(many(), { keepRows: 3 });
    expect(rep.rows.map((r) => r.tx.quantity)).toEqual(['1', '2', '3']);
    expect(rep.rowsTruncated).toBe(true);
    expect(rep.accepted).toBe(5000);
  });

  it('an abort signal cancels between batches', async () => {
    const ctl = new AbortController();
    let n = 0;
    const e = await failure(
      trades(many(), {
        signal: ctl.signal,
        onRow: () => {
          if (++n === 10) ctl.abort();
        },
      }),
    );
    expect(e.code).toBe('CANCELLED');
    expect(n).toBeLessThan(5000);
  });
});
