import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  parseMapping,
  previewImport,
  PRESETS,
  TradeMapping,
  type TradeMappingInput,
} from '../../src/main/import';
import { KeelError } from '../../src/shared/errors';
import { REPO } from '../helpers/tmp';

const FIX = join(REPO, 'test', 'fixtures', 'import');

const german: TradeMappingInput = {
  id: 'my-bitpanda-sheet',
  name: 'My hand-kept sheet',
  columns: {
    date: 'Datum',
    time: 'Uhrzeit',
    kind: 'Typ',
    instrument: 'Coin',
    quantity: 'Menge',
    price: 'Kurs',
    quote: 'Währung',
    fee: 'Gebühr',
    account: 'Konto',
    note: 'Notiz',
  },
  kindMap: {
    Kauf: 'buy',
    Verkauf: 'sell',
    Einzahlung: 'deposit',
    Staking: 'staking_reward',
    Transfer: 'transfer',
  },
  dates: { order: 'dmy', timeZone: 'Europe/Berlin' },
};

describe('column mapping', () => {
  it('is plain JSON that round-trips with its defaults filled in', () => {
    const m = parseMapping(JSON.parse(JSON.stringify(german)));
    expect(m.numbers).toEqual({ decimal: 'auto' });
    expect(m.dates).toEqual({ order: 'dmy', timeZone: 'Europe/Berlin', epoch: 'auto' });
    expect(m.quantitySign).toBe('positive');
    expect(parseMapping(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(TradeMapping.safeParse(m).success).toBe(true);
  });

  it('explains what is wrong with a bad mapping', () => {
    try {
      parseMapping({
        id: 'x y',
        name: '',
        columns: { date: 'd', quantity: 'q' },
        dates: { timeZone: 'Mars/Olympus' },
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KeelError);
      const paths = (e as KeelError).issues!.map((i) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'id',
          'name',
          'dates.timeZone',
          'columns.kind',
          'columns.instrument',
        ]),
      );
    }
  });

  it('imports a semicolon file with decimal commas and local times', async () => {
    const rep = await previewImport(join(FIX, 'generic-trades.csv'), {
      kind: 'trades',
      mapping: german,
      knownInstrument: (s) => ['BTC', 'ETH', 'EUR'].includes(s),
    });
    const tx = rep.rows.map((r) => {
      const { fingerprint: _f, ...t } = r.tx;
      return [r.line, t];
    });
    expect(tx).toEqual([
      // 14:30 in Berlin in January is UTC+1
      [
        2,
        {
          date: '2024-01-05',
          time: '2024-01-05T13:30:00Z',
          kind: 'buy',
          account: 'Bitpanda',
          instrument: 'BTC',
          quantity: '0.25',
          price: '41250.5',
          quote: 'EUR',
          fee: '2.5',
          feeCurrency: 'EUR',
          note: 'erste Position',
        },
      ],
      // July: UTC+2; '58.000' with ',' as the decimal mark is 58000
      [
        3,
        {
          date: '2024-07-15',
          time: '2024-07-15T08:00:00Z',
          kind: 'sell',
          account: 'Bitpanda',
          instrument: 'BTC',
          quantity: '0.1',
          price: '58000',
          quote: 'EUR',
          fee: '1.45',
          feeCurrency: 'EUR',
        },
      ],
      // 00:30 on New Year's Day in Berlin is still 2023 in UTC
      [
        4,
        {
          date: '2023-12-31',
          time: '2023-12-31T23:30:00Z',
          kind: 'deposit',
          account: 'Bitpanda',
          instrument: 'EUR',
          quantity: '1000',
          note: 'Neujahr; Sparplan',
        },
      ],
      [
        5,
        {
          date: '2024-02-20',
          time: '2024-02-20T08:15:00Z',
          kind: 'staking_reward',
          account: 'Ledger',
          instrument: 'ETH',
          quantity: '0.0123',
          price: '2650',
          quote: 'EUR',
        },
      ],
    ]);
    expect(rep.rejected).toEqual([
      {
        line: 6,
        reason:
          "quantity '-1' is negative; for a buy the quantity is positive and the kind carries the direction",
      },
      {
        line: 7,
        reason:
          "kind 'Swap' is not in the mapping (it maps: 'kauf', 'verkauf', 'einzahlung', 'staking', 'transfer')",
      },
      { line: 8, reason: "date: '31.02.2024 10:00' is not a real calendar day" },
      { line: 9, reason: 'a buy needs a price' },
      { line: 10, reason: "unknown instrument 'XYZ'" },
      { line: 11, reason: 'a transfer needs a destination account (toAccount)' },
    ]);
    expect(rep.notes).toEqual(
      expect.arrayContaining([
        "Delimiter: semicolons (';').",
        "Decimal mark ',' (read from the file's values).",
      ]),
    );
  });

  it('drops signs with quantitySign absolute, reads unit suffixes, uses a fixed account', async () => {
    const src = [
      'when,side,amount,price,fee',
      '2024-05-01T10:00:00+02:00,BUY,0.5 BTC,60000,0.0005 BTC',
      '1714557600,SELL,-0.25 BTC,61000,1.5 USDT',
      '2024-05-02,SELL,0.1 ETH,3000,',
    ].join('\n');
    const rep = await previewImport(Readable.from([src]), {
      kind: 'trades',
      mapping: {
        id: 'units',
        name: 'units',
        columns: { date: 'when', kind: 'side', quantity: 'amount', price: 'price', fee: 'fee' },
        kindMap: { buy: 'buy', sell: 'sell' },
        fixed: { quote: 'USDT' },
        unitSuffix: true,
        quantitySign: 'absolute',
      },
      account: 'Cold wallet',
    });
    expect(rep.rows.map((r) => r.tx)).toMatchObject([
      {
        date: '2024-05-01',
        time: '2024-05-01T08:00:00Z',
        kind: 'buy',
        instrument: 'BTC',
        quantity: '0.5',
        price: '60000',
        quote: 'USDT',
        fee: '0.0005',
        feeCurrency: 'BTC',
        account: 'Cold wallet',
      },
      // Unix seconds 1714557600 = 2024-05-01T10:00:00Z
      {
        date: '2024-05-01',
        time: '2024-05-01T10:00:00Z',
        kind: 'sell',
        instrument: 'BTC',
        quantity: '0.25',
        fee: '1.5',
        feeCurrency: 'USDT',
      },
      {
        date: '2024-05-02',
        kind: 'sell',
        instrument: 'ETH',
        quantity: '0.1',
        price: '3000',
        quote: 'USDT',
      },
    ]);
    expect(rep.rows[2]!.tx.time).toBeUndefined();
  });

  it('needs a preset or a mapping, and an account for a mapping without one', async () => {
    const src = () => Readable.from(['a,b\n1,2\n']);
    await expect(previewImport(src(), { kind: 'trades' })).rejects.toThrow(
      /either a preset or a column mapping/,
    );
    await expect(
      previewImport(src(), {
        kind: 'trades',
        mapping: {
          id: 'x',
          name: 'x',
          columns: { date: 'a', quantity: 'b', instrument: 'a' },
          fixed: { kind: 'deposit' },
        },
      }),
    ).rejects.toThrow(/no account/);
    await expect(previewImport(src(), { kind: 'trades', preset: 'nope' as never })).rejects.toThrow(
      /Unknown preset 'nope'/,
    );
  });

  it('lists the presets with their documented headers', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'binance-spot-trades',
      'coinbase-transactions',
      'kraken-ledgers',
      'deribit-transaction-log',
    ]);
    expect(PRESETS[0]!.header.join(',')).toBe('Date(UTC),Pair,Side,Price,Executed,Amount,Fee');
  });
});
