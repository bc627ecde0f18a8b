import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { TransactionRow } from '../../../shared/book';
import type { LedgerTx } from '../../../shared/ledger';
import { call } from '../lib/client';
import { toFormError, type FormError } from '../lib/fieldErrors';
import { formatDecimalString } from '../lib/format';
import { useCall } from '../lib/queries';
import { DataGrid } from './DataGrid';
import { TransactionForm } from './TransactionForm';

const PAGE = 500;

const decimalCol = (
  field: keyof TransactionRow,
  headerName: string,
  width = 140,
): ColDef<TransactionRow> => ({
  field,
  headerName,
  width,
  type: 'rightAligned',
  valueFormatter: (p) => (typeof p.value === 'string' ? formatDecimalString(p.value) : ''),
  comparator: (a?: string, b?: string) => Number(a ?? 0) - Number(b ?? 0),
  filter: 'agNumberColumnFilter',
  filterValueGetter: (p) => {
    const v = p.data?.[field];
    return typeof v === 'string' ? Number(v) : null;
  },
});

const columns: ColDef<TransactionRow>[] = [
  { field: 'id', headerName: '#', width: 80, filter: 'agNumberColumnFilter' },
  { field: 'date', headerName: 'Date', width: 120 },
  {
    field: 'time',
    headerName: 'Time (UTC)',
    width: 110,
    valueFormatter: (p) => (typeof p.value === 'string' ? p.value.slice(11, 19) : ''),
  },
  { field: 'kind', headerName: 'Kind', width: 130 },
  { field: 'account', headerName: 'Account', width: 190 },
  { field: 'instrument', headerName: 'Instrument', width: 120 },
  decimalCol('quantity', 'Quantity', 170),
  decimalCol('price', 'Price'),
  { field: 'quote', headerName: 'Quote', width: 90 },
  decimalCol('fee', 'Fee', 120),
  { field: 'feeCurrency', headerName: 'Fee cur.', width: 100 },
  { field: 'toAccount', headerName: 'To account', width: 160 },
  { field: 'note', headerName: 'Note', flex: 1, minWidth: 180 },
];

/** The ledger, a page at a time, with a form to add, replace or delete a transaction. */
export function TransactionsPanel({ portfolio }: { portfolio: string }) {
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const list = useCall('transactions.list', { portfolio, limit: PAGE, offset });
  const accounts = useCall('accounts.list', { portfolio });
  const instruments = useCall('instruments.list', {});
  const [editing, setEditing] = useState<TransactionRow | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [shown, setShown] = useState<number | null>(null);

  const total = list.data?.total ?? 0;
  const rows = list.data?.rows ?? [];
  const accountNames = useMemo(() => accounts.data?.map((a) => a.name) ?? [], [accounts.data]);
  const symbols = useMemo(() => instruments.data?.map((i) => i.symbol) ?? [], [instruments.data]);

  const write = async (what: () => Promise<string>) => {
    setShown(null);
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await what());
      setEditing(null);
      await queryClient.invalidateQueries();
    } catch (err) {
      setError(toFormError(err, 'tx.'));
    } finally {
      setBusy(false);
    }
  };

  const submit = (tx: LedgerTx) =>
    write(async () => {
      if (editing) {
        const r = await call('transactions.update', { portfolio, id: editing.id, tx });
        setShown(r.id);
        return `Transaction #${r.id} replaced.`;
      }
      const r = await call('transactions.add', { portfolio, tx });
      setShown(r.id);
      return `Transaction #${r.id} added (${r.kind} ${r.quantity} ${r.instrument}).`;
    });

  const remove = (row: TransactionRow) =>
    write(async () => {
      const r = await call('transactions.delete', { portfolio, id: row.id });
      return r.deleted
        ? `Transaction #${row.id} deleted.`
        : `Transaction #${row.id} was not found.`;
    });

  return (
    <div className="tx-panel">
      <section className="panel">
        <header>
          <h2>Ledger</h2>
          <span className="hint" data-testid="tx-count">
            {total === 0
              ? list.isLoading
                ? 'loading…'
                : 'no transactions'
              : `${(offset + 1).toLocaleString('en-US')}–${Math.min(offset + PAGE, total).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} transactions`}
          </span>
          <span className="hint">Click a row to edit or delete it.</span>
          <div className="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
              data-testid="tx-prev"
            >
              ‹ Previous
            </button>
            <button
              type="button"
              disabled={offset + PAGE >= total}
              onClick={() => setOffset(offset + PAGE)}
              data-testid="tx-next"
            >
              Next ›
            </button>
          </div>
        </header>
        {list.error && <div className="error">{list.error.message}</div>}
        <DataGrid
          rows={rows}
          columns={columns}
          testId="tx-grid"
          height={460}
          getRowId={(p) => String(p.data.id)}
          onRowClicked={(r) => {
            setEditing(r);
            setError(null);
            setMessage(null);
          }}
          rowClass={(p) =>
            p.data && (editing?.id === p.data.id || shown === p.data.id) ? 'editing-row' : undefined
          }
          showRowId={shown === null ? null : String(shown)}
        />
      </section>
      {message && (
        <div className="notice ok" role="status" data-testid="tx-message">
          {message}
        </div>
      )}
      <TransactionForm
        editing={editing}
        accounts={accountNames}
        instruments={symbols}
        error={error}
        busy={busy}
        onSubmit={(tx) => void submit(tx)}
        onCancel={() => {
          setEditing(null);
          setError(null);
        }}
        onDelete={(r) => void remove(r)}
      />
    </div>
  );
}
