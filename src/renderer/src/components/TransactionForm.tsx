import { ConfirmDelete } from './ConfirmDelete';
import { useEffect, useState } from 'react';
import type { TransactionRow } from '../../../shared/book';
import { TxKind, type LedgerTx } from '../../../shared/ledger';
import type { FormError } from '../lib/fieldErrors';
import { FormField } from './FormField';

// Add or replace one ledger transaction. Which fields show depends on the kind (see the
// comment per kind in src/shared/ledger.ts); the server re-checks the whole ledger.

type Field =
  | 'price'
  | 'quote'
  | 'fee'
  | 'feeCurrency'
  | 'toAccount'
  | 'counterInstrument'
  | 'counterQuantity'
  | 'lpInstrument'
  | 'lpQuantity';

/** Fields by kind: required ones first, then optional ones. */
const FIELDS: Record<TxKind, { required: Field[]; optional: Field[] }> = {
  buy: { required: ['price', 'quote'], optional: ['fee', 'feeCurrency'] },
  sell: { required: ['price', 'quote'], optional: ['fee', 'feeCurrency'] },
  transfer: { required: ['toAccount'], optional: ['fee', 'feeCurrency'] },
  deposit: { required: [], optional: ['price', 'quote'] },
  withdrawal: { required: [], optional: ['fee', 'feeCurrency'] },
  fee: { required: [], optional: [] },
  funding: { required: [], optional: [] },
  staking_reward: { required: [], optional: ['price', 'quote'] },
  borrow: { required: [], optional: ['price', 'quote'] },
  repay: { required: [], optional: [] },
  liquidity_add: {
    required: ['counterInstrument', 'counterQuantity', 'lpInstrument', 'lpQuantity'],
    optional: ['fee', 'feeCurrency'],
  },
  liquidity_remove: {
    required: ['counterInstrument', 'counterQuantity', 'lpInstrument', 'lpQuantity'],
    optional: ['fee', 'feeCurrency'],
  },
  option_trade: { required: ['price', 'quote'], optional: ['fee', 'feeCurrency'] },
  futures_trade: { required: ['price', 'quote'], optional: ['fee', 'feeCurrency'] },
  inverse_futures_trade: { required: ['price', 'quote'], optional: ['fee', 'feeCurrency'] },
  expiry: { required: [], optional: ['price', 'quote'] },
  exercise: { required: ['price', 'quote'], optional: ['fee', 'feeCurrency'] },
};

const LABEL: Record<Field, string> = {
  price: 'Price per unit',
  quote: 'Quote currency',
  fee: 'Fee',
  feeCurrency: 'Fee currency',
  toAccount: 'To account',
  counterInstrument: 'Counter instrument',
  counterQuantity: 'Counter quantity',
  lpInstrument: 'LP instrument',
  lpQuantity: 'LP quantity',
};

const HELP: Partial<Record<TxKind, string>> = {
  buy: 'Adds the quantity; pays quantity × price in the quote currency.',
  sell: 'Removes the quantity (lots consumed, P&L realised); receives quantity × price.',
  transfer: 'Moves the quantity to another of your accounts; its cost basis moves along.',
  deposit: 'Brings the quantity into the book; the price (if given) is its cost basis.',
  withdrawal: 'Takes the quantity out of the book at its basis, no P&L.',
  funding: 'Signed: + received, − paid.',
  option_trade: 'Signed quantity: + bought, − sold; price is the premium per unit.',
  futures_trade:
    'Perpetual or future, linear: signed quantity (+ long, − short) at price per unit; no notional moves, P&L is realised in the quote on closing.',
  inverse_futures_trade:
    'Coin-settled perpetual or future: signed USD face value at price (USD per coin); P&L is realised in the coin (the quote).',
};

type Draft = Record<
  'date' | 'time' | 'kind' | 'account' | 'instrument' | 'quantity' | 'note' | Field,
  string
>;

const empty = (): Draft => ({
  date: new Date().toISOString().slice(0, 10),
  time: '',
  kind: 'buy',
  account: '',
  instrument: '',
  quantity: '',
  note: '',
  price: '',
  quote: '',
  fee: '',
  feeCurrency: '',
  toAccount: '',
  counterInstrument: '',
  counterQuantity: '',
  lpInstrument: '',
  lpQuantity: '',
});

const fromRow = (t: TransactionRow): Draft => ({
  ...empty(),
  date: t.date,
  time: t.time ? t.time.slice(11, 19) : '',
  kind: t.kind,
  account: t.account,
  instrument: t.instrument,
  quantity: t.quantity,
  note: t.note ?? '',
  price: t.price ?? '',
  quote: t.quote ?? '',
  fee: t.fee ?? '',
  feeCurrency: t.feeCurrency ?? '',
  toAccount: t.toAccount ?? '',
  counterInstrument: t.counterInstrument ?? '',
  counterQuantity: t.counterQuantity ?? '',
  lpInstrument: t.lpInstrument ?? '',
  lpQuantity: t.lpQuantity ?? '',
});

/** Decimal text as typed (spaces and thousands commas dropped). */
const decimal = (s: string) => s.trim().replace(/[\s,]/g, '');

function toTx(d: Draft, kind: TxKind, fingerprint: string | undefined): LedgerTx {
  const tx: LedgerTx = {
    date: d.date,
    kind,
    account: d.account.trim(),
    instrument: d.instrument.trim().toUpperCase(),
    quantity: decimal(d.quantity),
  };
  if (d.time.trim()) {
    const t = d.time.trim();
    tx.time = `${d.date}T${t.length === 5 ? `${t}:00` : t}Z`;
  }
  const shown = [...FIELDS[kind].required, ...FIELDS[kind].optional];
  for (const f of shown) {
    const v = d[f].trim();
    if (!v) continue;
    if (f === 'price' || f === 'fee' || f === 'counterQuantity' || f === 'lpQuantity')
      tx[f] = decimal(v);
    else if (f === 'toAccount') tx[f] = v;
    else tx[f] = v.toUpperCase();
  }
  if (d.note.trim()) tx.note = d.note.trim();
  if (fingerprint) tx.fingerprint = fingerprint;
  return tx;
}

interface Props {
  editing: TransactionRow | null;
  accounts: string[];
  instruments: string[];
  error: FormError | null;
  busy: boolean;
  onSubmit: (tx: LedgerTx) => void;
  onCancel: () => void;
  onDelete: (row: TransactionRow) => void;
}

export function TransactionForm({
  editing,
  accounts,
  instruments,
  error,
  busy,
  onSubmit,
  onCancel,
  onDelete,
}: Props) {
  const [d, setD] = useState<Draft>(empty);
  useEffect(() => {
    setD(
      editing
        ? fromRow(editing)
        : (prev) => ({ ...empty(), date: prev.date, account: prev.account }),
    );
  }, [editing]);

  const kind = d.kind as TxKind;
  const { required, optional } = FIELDS[kind];
  const fe = error?.fields ?? {};
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setD((prev) => ({ ...prev, [k]: e.target.value }));
  const missing = [
    ...(['date', 'account', 'instrument', 'quantity'] as const).filter((k) => !d[k].trim()),
    ...required.filter((k) => !d[k].trim()),
  ];

  return (
    <form
      className="panel tx-form"
      data-testid="tx-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(toTx(d, kind, editing?.fingerprint));
      }}
    >
      <header>
        <h2>{editing ? `Edit transaction #${editing.id}` : 'Add a transaction'}</h2>
        {HELP[kind] && <span className="hint">{HELP[kind]}</span>}
      </header>
      <div className="form-grid">
        <FormField label="Kind *" error={fe.kind}>
          <select value={d.kind} onChange={set('kind')} data-testid="tx-kind">
            {TxKind.options.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </FormField>
        <FormField label="Date *" error={fe.date}>
          <input type="date" value={d.date} onChange={set('date')} data-testid="tx-date" />
        </FormField>
        <FormField label="Time (UTC)" error={fe.time}>
          <input type="time" step={1} value={d.time} onChange={set('time')} data-testid="tx-time" />
        </FormField>
        <FormField label="Account *" error={fe.account}>
          <input
            list="tx-accounts"
            value={d.account}
            onChange={set('account')}
            data-testid="tx-account"
          />
        </FormField>
        <FormField label="Instrument *" error={fe.instrument}>
          <input
            list="tx-instruments"
            value={d.instrument}
            onChange={set('instrument')}
            data-testid="tx-instrument"
          />
        </FormField>
        <FormField label="Quantity *" error={fe.quantity}>
          <input
            inputMode="decimal"
            value={d.quantity}
            onChange={set('quantity')}
            data-testid="tx-quantity"
          />
        </FormField>
        {[...required, ...optional].map((f) => (
          <FormField key={f} label={`${LABEL[f]}${required.includes(f) ? ' *' : ''}`} error={fe[f]}>
            <input
              list={
                f === 'toAccount'
                  ? 'tx-accounts'
                  : f === 'quote' || f === 'feeCurrency' || f.endsWith('Instrument')
                    ? 'tx-instruments'
                    : undefined
              }
              inputMode={
                f === 'price' || f === 'fee' || f.endsWith('Quantity') ? 'decimal' : undefined
              }
              value={d[f]}
              onChange={set(f)}
              data-testid={`tx-${f}`}
            />
          </FormField>
        ))}
        <FormField label="Note" error={fe.note} wide>
          <input value={d.note} onChange={set('note')} data-testid="tx-note" />
        </FormField>
      </div>
      <datalist id="tx-accounts">
        {accounts.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <datalist id="tx-instruments">
        {instruments.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {error && (
        <div className="notice error" role="alert" data-testid="tx-error">
          {error.message}
        </div>
      )}
      <div className="row-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || missing.length > 0}
          title={missing.length ? `Fill in: ${missing.join(', ')}` : undefined}
          data-testid="tx-submit"
        >
          {editing ? 'Save changes' : 'Add transaction'}
        </button>
        {editing && (
          <>
            <button type="button" onClick={onCancel} data-testid="tx-cancel">
              Cancel
            </button>
            <ConfirmDelete
              key={editing.id}
              question={`Delete transaction #${editing.id}?`}
              busy={busy}
              onConfirm={() => onDelete(editing)}
              testId="tx-delete"
            />
          </>
        )}
      </div>
    </form>
  );
}
