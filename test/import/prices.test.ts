import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDeribitInstrument, previewImport, type PriceRow } from '../../src/main/import';
import { REPO, tempDir } from '../helpers/tmp';

const FIX = join(REPO, 'test', 'fixtures', 'import');
const known = (s: string) => ['BTC', 'ETH', 'SOL'].includes(s);

describe('long prices', () => {
  it('yields date/symbol/close/volume rows and rejects bad ones with reasons', async () => {
    const rep = await previewImport(join(FIX, 'prices-long.csv'), {
      kind: 'prices',
      knownInstrument: known,
    });
    expect(rep.source).toBe('prices-long');
    expect(rep.parsed).toBe(15);
    expect(rep.rows).toEqual<PriceRow[]>([
      { line: 2, date: '2024-03-01', symbol: 'BTC', close: 62431.5, volume: 31250000000 },
      { line: 3, date: '2024-03-01', symbol: 'ETH', close: 3433.82, volume: 18900000000 },
      { line: 4, date: '2024-03-01', symbol: 'SOL', close: 128.9 },
      { line: 5, date: '2024-03-02', symbol: 'BTC', close: 62005.12, volume: 22100000000 },
      { line: 6, date: '2024-03-02', symbol: 'ETH', close: 3420.1, volume: 12500000000 },
      { line: 7, date: '2024-03-02', symbol: 'SOL', close: 131.05, volume: 4200000000 },
      { line: 9, date: '2024-03-03', symbol: 'BTC', close: 63100, volume: 20100000000 },
      { line: 14, date: '2024-03-04', symbol: 'ETH', close: 3610.7, volume: 16800000000 },
    ]);
    expect(rep.rejected).toEqual([
      { line: 8, reason: 'duplicate: BTC on 2024-03-02 is already on line 5' },
      { line: 10, reason: "close: 'n/a' is not a number" },
      { line: 11, reason: "close '0' must be greater than zero" },
      { line: 12, reason: "unknown instrument 'DOGE'" },
      { line: 13, reason: "date: '2024-03-32' is not a real calendar day" },
      { line: 15, reason: "close '-5' must be greater than zero" },
      { line: 16, reason: "volume '-1' is negative" },
    ]);
  });

  it('reads the demo file shape (date,symbol,close,volume) and timestamps to UTC days', async () => {
    const src = 'symbol,close,date\nBTC,42000,2024-01-05T23:30:00-02:00\nETH,2300,1704412800\n';
    const rep = await previewImport(Readable.from([src]), { kind: 'prices' });
    expect(rep.rows).toEqual([
      { line: 2, date: '2024-01-06', symbol: 'BTC', close: 42000 },
      { line: 3, date: '2024-01-05', symbol: 'ETH', close: 2300 },
    ]);
  });

  it('reads European files: semicolons, decimal commas, thousands dots', async () => {
    const src =
      'Datum;Asset;Close\n05.01.2024;BTC;42.150,5\n05.01.2024;ETH;2.300,25\n06.01.2024;SOL;95,1\n';
    const rep = await previewImport(Readable.from([src]), {
      kind: 'prices',
      decimal: ',',
      // 'Datum' is not a date alias: the header is not long-form, so say which column is which
      format: 'auto',
    }).catch((e: Error) => e);
    // no 'date' column: a clear error naming it
    expect(rep).toBeInstanceOf(Error);
    expect((rep as Error).message).toMatch(/missing column 'date or day or timestamp or time'/);

    const ok = await previewImport(Readable.from([src.replace('Datum', 'date')]), {
      kind: 'prices',
    });
    expect(ok.rows).toEqual([
      { line: 2, date: '2024-01-05', symbol: 'BTC', close: 42150.5 },
      { line: 3, date: '2024-01-05', symbol: 'ETH', close: 2300.25 },
      { line: 4, date: '2024-01-06', symbol: 'SOL', close: 95.1 },
    ]);
    expect(ok.notes).toContain("Decimal mark ',' (read from the file's values).");
  });
});

describe('wide prices', () => {
  it('yields one row per non-empty cell; empty cells are days without a quote', async () => {
    const rep = await previewImport(join(FIX, 'prices-wide.csv'), {
      kind: 'prices',
      knownInstrument: known,
    });
    expect(rep.source).toBe('prices-wide');
    expect(rep.rows).toEqual<PriceRow[]>([
      { line: 2, date: '2024-03-01', symbol: 'BTC', close: 62431.5 },
      { line: 2, date: '2024-03-01', symbol: 'ETH', close: 3433.82 },
      { line: 3, date: '2024-03-02', symbol: 'BTC', close: 62005.12 },
      { line: 3, date: '2024-03-02', symbol: 'SOL', close: 131.05 },
      { line: 4, date: '2024-03-03', symbol: 'BTC', close: 63100 },
      { line: 4, date: '2024-03-03', symbol: 'ETH', close: 3490.4 },
      { line: 6, date: '2024-03-04', symbol: 'BTC', close: 68300.25 },
      { line: 6, date: '2024-03-04', symbol: 'ETH', close: 3610.7 },
    ]);
    expect(rep.rejected).toEqual([
      { line: 4, reason: "SOL: 'abc' is not a number" },
      { line: 5, reason: 'duplicate: BTC on 2024-03-03 is already on line 4' },
      { line: 6, reason: "SOL: close '0' must be greater than zero" },
      { line: 7, reason: 'date: empty date' },
    ]);
  });

  it('rejects an unknown asset column once, at the header', async () => {
    const rep = await previewImport(
      Readable.from(['date,BTC,XYZ\n2024-01-01,1,2\n2024-01-02,3,4\n']),
      {
        kind: 'prices',
        knownInstrument: (s) => s === 'BTC',
      },
    );
    expect(rep.rows.map((r) => r.symbol)).toEqual(['BTC', 'BTC']);
    expect(rep.rejected).toEqual([
      { line: 1, reason: 'column XYZ: unknown instrument; its values are ignored' },
    ]);
  });
});

describe('fast path', () => {
  async function both(file: string | (() => Readable), opts: object = {}) {
    const mk = () => (typeof file === 'string' ? file : file());
    const fast = await previewImport(mk(), { kind: 'prices', fastPath: true, ...opts });
    const lib = await previewImport(mk(), { kind: 'prices', fastPath: false, ...opts });
    return { fast, lib };
  }

  it('gives the same rows, rejections and lines as csv-parse', async () => {
    const dir = tempDir();
    const cases: Record<string, string> = {
      lf: 'date,asset,close\n2024-01-01,BTC,1.5\n\n2024-01-02,BTC,2\n2024-01-03,ETH,x\n2024-01-04,ETH,3,4\n',
      crlfBom:
        '\ufeffdate,asset,close,volume\r\n2024-01-01,BTC,1.5,10\r\n2024-01-02,BTC,2,\r\n\r\n2024-01-03,ETH,7,1',
      // a quoted line halfway: the fast path hands the rest of the file to csv-parse
      quoted:
        'date,asset,close\n2024-01-01,BTC,1.5\n2024-01-02,"B\nTC",2\n2024-01-03,"ETH","1,234.5"\n2024-01-04,ETH,3\n',
      wide: 'date,BTC,ETH\n2024-01-01,1,\n2024-01-02,,2\n2024-01-03,3,0\n',
      tabs: 'date\tasset\tclose\n2024-01-01\tBTC\t1.5\n2024-01-02\tBTC\t1.75\n',
      semicolonComma: 'date;asset;close\n2024-01-01;BTC;1,5\n2024-01-02;BTC;2,25\n',
      unicode: 'date,asset,close\n2024-01-01,BTC,1.5\n2024-01-02,ÉTH,2\n2024-01-03,€UR,3\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      const f = join(dir, `${name}.csv`);
      writeFileSync(f, text);
      const { fast, lib } = await both(f);
      expect(fast.rows, name).toEqual(lib.rows);
      expect(fast.rejected, name).toEqual(lib.rejected);
      expect(fast.parsed, name).toBe(lib.parsed);
      // multi-byte characters split across tiny reads
      const small = await both(() => Readable.from(chunks(Buffer.from(text), 3)));
      expect(small.fast.rows, name).toEqual(fast.rows);
      expect(small.lib.rows, name).toEqual(fast.rows);
    }
  });

  it('gives identical rows for the fixtures', async () => {
    for (const f of ['prices-long.csv', 'prices-wide.csv']) {
      const { fast, lib } = await both(join(FIX, f), { knownInstrument: known });
      expect(fast.rows).toEqual(lib.rows);
      expect(fast.rejected).toEqual(lib.rejected);
    }
  });
});

function* chunks(b: Buffer, n: number) {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}

describe('option chain', () => {
  it('parses Deribit names into underlying, expiry (08:00 UTC), strike, call/put', async () => {
    const rep = await previewImport(join(FIX, 'option-chain.csv'), {
      kind: 'chain',
      knownInstrument: (s) => s === 'BTC' || s === 'ETH',
    });
    const common = {
      date: '2024-12-20',
      underlying: 'BTC',
      settlement: 'BTC',
      expiry: '2024-12-27',
      expiryTime: '2024-12-27T08:00:00Z',
    };
    expect(rep.rows).toEqual([
      {
        line: 2,
        ...common,
        instrument: 'BTC-27DEC24-100000-C',
        strike: '100000',
        right: 'call',
        underlyingPrice: 94210.55,
        markPrice: 0.0215,
        markIv: 55.2,
        bid: 0.021,
        ask: 0.022,
        openInterest: 1520.3,
      },
      {
        line: 3,
        ...common,
        instrument: 'BTC-27DEC24-90000-P',
        strike: '90000',
        right: 'put',
        underlyingPrice: 94210.55,
        markPrice: 0.0112,
        markIv: 57.9,
        bid: 0.011,
        ask: 0.0115,
        openInterest: 870.1,
      },
      // one-digit day; empty bid = no bid
      {
        line: 4,
        ...common,
        expiry: '2025-01-03',
        expiryTime: '2025-01-03T08:00:00Z',
        instrument: 'BTC-3JAN25-95000-C',
        strike: '95000',
        right: 'call',
        underlyingPrice: 94310.1,
        markPrice: 0.0318,
        markIv: 53.4,
        bid: null,
        ask: 0.0325,
        openInterest: 120,
      },
      // linear USDC option, 'd' marks the decimal point of the strike
      {
        line: 5,
        ...common,
        underlying: 'ETH',
        settlement: 'USDC',
        instrument: 'ETH_USDC-27DEC24-3500d5-P',
        strike: '3500.5',
        right: 'put',
        underlyingPrice: 3350.2,
        markPrice: 95.4,
        markIv: 61.1,
        bid: 94,
        ask: 96.5,
        openInterest: 44,
      },
    ]);
    expect(rep.rejected).toEqual([
      { line: 6, reason: 'BTC-PERPETUAL is not an option' },
      {
        line: 7,
        reason: 'BTC-20DEC24-80000-C expired on 2024-12-20, before the snapshot day 2024-12-21',
      },
      { line: 8, reason: 'duplicate: BTC-27DEC24-100000-C on 2024-12-20 is already on line 2' },
      { line: 9, reason: 'bid 0.005 is above ask 0.004' },
      { line: 10, reason: "unknown instrument 'DOGE' (underlying of DOGE-27DEC24-1-C)" },
      { line: 11, reason: "mark_iv '-3' is negative" },
    ]);
  });

  it('takes the snapshot day from the options when the file has no date column', async () => {
    const rep = await previewImport(
      Readable.from([
        'instrument,underlying_price,mark_price,mark_iv,bid,ask,open_interest\nBTC-27DEC24-100000-C,94210.55,0.0215,55.2,0.021,0.022,1520\n',
      ]),
      { kind: 'chain', date: '2024-12-20' },
    );
    expect(rep.rows[0]).toMatchObject({ date: '2024-12-20', strike: '100000' });
  });

  it('refuses bad options up front', async () => {
    const src = () => Readable.from(['date,asset,close\n2024-01-01,BTC,1\n']);
    await expect(
      previewImport(src(), { kind: 'prices', dates: { timeZone: 'Nowhere/Land' } }),
    ).rejects.toThrow(/Unknown time zone 'Nowhere\/Land'/);
    await expect(previewImport(src(), { kind: 'chain', date: '20/12/2024' })).rejects.toThrow(
      /snapshot date/,
    );
  });

  it('parses instrument names', () => {
    expect(parseDeribitInstrument('BTC-PERPETUAL')).toEqual({
      ok: true,
      value: {
        name: 'BTC-PERPETUAL',
        type: 'perpetual',
        underlying: 'BTC',
        settlement: 'BTC',
        linear: false,
      },
    });
    expect(parseDeribitInstrument('btc-27dec24')).toMatchObject({
      ok: true,
      value: { type: 'future', expiry: '2024-12-27', expiryTime: '2024-12-27T08:00:00Z' },
    });
    expect(parseDeribitInstrument('SOL_USDC-PERPETUAL')).toMatchObject({
      ok: true,
      value: { underlying: 'SOL', settlement: 'USDC', linear: true },
    });
    expect(parseDeribitInstrument('BTC-31FEB25-1000-C')).toMatchObject({ ok: false });
    expect(parseDeribitInstrument('BTC-27XYZ24-1000-C')).toMatchObject({ ok: false });
    expect(parseDeribitInstrument('BTCUSDT')).toMatchObject({ ok: false });
  });
});
