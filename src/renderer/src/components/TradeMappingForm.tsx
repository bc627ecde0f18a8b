import { useMemo } from 'react';
import { TxKind } from '../../../shared/ledger';
import type { CsvHead } from '../lib/csvHead';
import { FormField } from './FormField';

// The generic trades column mapping (src/main/import/mapping.ts TradeMapping) as a form built
// from the file's header: which column holds what, the kind labels, numbers and dates.

export const MAPPED_FIELDS = [
  ['date', 'Date', true],
  ['time', 'Time', false],
  ['kind', 'Kind', false],
  ['instrument', 'Instrument', true],
  ['quantity', 'Quantity', true],
  ['price', 'Price', false],
  ['quote', 'Quote currency', false],
  ['fee', 'Fee', false],
  ['feeCurrency', 'Fee currency', false],
  ['account', 'Account', false],
  ['toAccount', 'To account', false],
  ['note', 'Note', false],
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number][0];

export interface MappingDraft {
  name: string;
  columns: Record<MappedField, string>;
  fixedKind: TxKind | '';
  kindMap: Record<string, TxKind | ''>;
  fixedAccount: string;
  fixedQuote: string;
  decimal: 'auto' | '.' | ',';
  dateOrder: 'dmy' | 'mdy';
  timeZone: string;
}

const GUESS: Record<MappedField, RegExp> = {
  date: /^(date|datum|timestamp|time\s*\(utc\)|date\s*\(utc\)|zeit)/i,
  time: /^(time|uhrzeit|hour)$/i,
  kind: /^(kind|type|typ|side|action|transaction type|art)$/i,
  instrument: /^(instrument|asset|coin|symbol|currency|token|pair|market)$/i,
  quantity: /^(quantity|qty|amount|menge|anzahl|size|executed)$/i,
  price: /^(price|kurs|preis|rate)$/i,
  quote: /^(quote|quote currency|währung|waehrung|counter currency|fiat)$/i,
  fee: /^(fee|fees|gebühr|gebuehr|commission)$/i,
  feeCurrency: /^(fee currency|fee asset|feecurrency|gebührenwährung)$/i,
  account: /^(account|konto|venue|exchange|wallet|börse)$/i,
  toAccount: /^(to account|to|destination|zielkonto)$/i,
  note: /^(note|notes|notiz|comment|kommentar|memo|description)$/i,
};

const KIND_GUESS: [RegExp, TxKind][] = [
  [/sell|verkauf|sale/i, 'sell'],
  [/buy|kauf|purchase/i, 'buy'],
  [/deposit|einzahlung|receive/i, 'deposit'],
  [/withdraw|auszahlung|send/i, 'withdrawal'],
  [/stak|reward|interest|zins/i, 'staking_reward'],
  [/transfer|umbuchung/i, 'transfer'],
  [/fee|gebühr/i, 'fee'],
];

export function guessKind(label: string): TxKind | '' {
  for (const [re, kind] of KIND_GUESS) if (re.test(label)) return kind;
  return '';
}

/** A first draft from the header: columns matched by common names (English and German). */
export function draftFromHead(head: CsvHead, fileName: string): MappingDraft {
  const columns = Object.fromEntries(
    MAPPED_FIELDS.map(([f]) => [f, head.columns.find((c) => GUESS[f].test(c.trim())) ?? '']),
  ) as Record<MappedField, string>;
  const draft: MappingDraft = {
    name: fileName.replace(/\.[^.]*$/, '') || 'my mapping',
    columns,
    fixedKind: '',
    kindMap: {},
    fixedAccount: '',
    fixedQuote: '',
    decimal: 'auto',
    dateOrder: 'dmy',
    timeZone: 'UTC',
  };
  return withKindLabels(draft, head);
}

/** The distinct labels of the chosen kind column (first rows of the file). */
export function kindLabels(head: CsvHead, column: string): string[] {
  const i = head.columns.indexOf(column);
  if (i < 0) return [];
  return [...new Set(head.rows.map((r) => (r[i] ?? '').trim()).filter(Boolean))].slice(0, 40);
}

export function withKindLabels(draft: MappingDraft, head: CsvHead): MappingDraft {
  const labels = draft.columns.kind ? kindLabels(head, draft.columns.kind) : [];
  const kindMap = Object.fromEntries(labels.map((l) => [l, draft.kindMap[l] ?? guessKind(l)]));
  return { ...draft, kindMap };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64) || 'generic';

/** The TradeMapping JSON the server validates. */
export function buildMapping(draft: MappingDraft, delimiter: string): Record<string, unknown> {
  const columns: Record<string, string> = {};
  for (const [f] of MAPPED_FIELDS) if (draft.columns[f]) columns[f] = draft.columns[f];
  const fixed: Record<string, string> = {};
  if (!draft.columns.kind && draft.fixedKind) fixed.kind = draft.fixedKind;
  if (!draft.columns.account && draft.fixedAccount.trim())
    fixed.account = draft.fixedAccount.trim();
  if (!draft.columns.quote && draft.fixedQuote.trim()) fixed.quote = draft.fixedQuote.trim();
  const kindMap: Record<string, string> = {};
  if (draft.columns.kind) for (const [k, v] of Object.entries(draft.kindMap)) if (v) kindMap[k] = v;
  return {
    id: slug(draft.name),
    name: draft.name.trim() || 'generic',
    delimiter,
    columns,
    kindMap,
    fixed,
    numbers: { decimal: draft.decimal },
    dates: { order: draft.dateOrder, timeZone: draft.timeZone.trim() || 'UTC' },
  };
}

interface Props {
  head: CsvHead;
  draft: MappingDraft;
  onChange: (d: MappingDraft) => void;
  errors: Record<string, string>;
}

export function TradeMappingForm({ head, draft, onChange, errors }: Props) {
  const set = (patch: Partial<MappingDraft>) => onChange({ ...draft, ...patch });
  const setColumn = (f: MappedField, column: string) => {
    const next = { ...draft, columns: { ...draft.columns, [f]: column } };
    onChange(f === 'kind' ? withKindLabels({ ...next, kindMap: {} }, head) : next);
  };
  const labels = useMemo(() => Object.keys(draft.kindMap), [draft.kindMap]);
  const columnError = (f: string) => errors[`columns.${f}`];

  return (
    <div className="mapping" data-testid="mapping-form">
      <p className="hint">
        {head.columns.length} columns found (delimiter “
        {head.delimiter === '\t' ? 'tab' : head.delimiter}
        ”). Pick the column for each field; fields left at “—” are not read.
      </p>
      <div className="form-grid">
        {MAPPED_FIELDS.map(([f, label, required]) => (
          <FormField key={f} label={`${label}${required ? ' *' : ''}`} error={columnError(f)}>
            <select
              value={draft.columns[f]}
              onChange={(e) => setColumn(f, e.target.value)}
              data-testid={`map-${f}`}
            >
              <option value="">—</option>
              {head.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </FormField>
        ))}
        {!draft.columns.kind && (
          <FormField label="Fixed kind" error={errors['fixed.kind']}>
            <select
              value={draft.fixedKind}
              onChange={(e) => set({ fixedKind: e.target.value as TxKind | '' })}
              data-testid="map-fixed-kind"
            >
              <option value="">—</option>
              {TxKind.options.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </FormField>
        )}
        {!draft.columns.account && (
          <FormField label="Fixed account" error={errors['fixed.account']}>
            <input
              value={draft.fixedAccount}
              onChange={(e) => set({ fixedAccount: e.target.value })}
              placeholder="e.g. Bitpanda"
              data-testid="map-fixed-account"
            />
          </FormField>
        )}
        {!draft.columns.quote && (
          <FormField label="Fixed quote" error={errors['fixed.quote']}>
            <input
              value={draft.fixedQuote}
              onChange={(e) => set({ fixedQuote: e.target.value })}
              placeholder="e.g. EUR"
              data-testid="map-fixed-quote"
            />
          </FormField>
        )}
        <FormField label="Decimal separator" error={errors['numbers.decimal']}>
          <select
            value={draft.decimal}
            onChange={(e) => set({ decimal: e.target.value as MappingDraft['decimal'] })}
            data-testid="map-decimal"
          >
            <option value="auto">auto-detect</option>
            <option value=".">. (1,234.56)</option>
            <option value=",">, (1.234,56)</option>
          </select>
        </FormField>
        <FormField label="Date order" error={errors['dates.order']}>
          <select
            value={draft.dateOrder}
            onChange={(e) => set({ dateOrder: e.target.value as MappingDraft['dateOrder'] })}
            data-testid="map-date-order"
          >
            <option value="dmy">day first (31/12/2024)</option>
            <option value="mdy">month first (12/31/2024)</option>
          </select>
        </FormField>
        <FormField label="Time zone of the file" error={errors['dates.timeZone']}>
          <input
            value={draft.timeZone}
            onChange={(e) => set({ timeZone: e.target.value })}
            placeholder="UTC, Europe/Berlin, +02:00"
            data-testid="map-time-zone"
          />
        </FormField>
      </div>
      {draft.columns.kind && (
        <div className="kind-map" data-testid="kind-map">
          <h3>Kind labels in “{draft.columns.kind}”</h3>
          {errors.kindMap && <p className="field-error">{errors.kindMap}</p>}
          {labels.length === 0 && <p className="hint">No labels found in the first rows.</p>}
          <div className="form-grid">
            {labels.map((l) => (
              <FormField key={l} label={l}>
                <select
                  value={draft.kindMap[l] ?? ''}
                  onChange={(e) =>
                    set({ kindMap: { ...draft.kindMap, [l]: e.target.value as TxKind | '' } })
                  }
                  aria-label={`Ledger kind for ${l}`}
                >
                  <option value="">not imported (rejected)</option>
                  {TxKind.options.map((k) => (
                    <option key={k}>{k}</option>
                  ))}
                </select>
              </FormField>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
