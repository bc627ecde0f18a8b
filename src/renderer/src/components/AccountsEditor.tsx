import { ConfirmDelete } from './ConfirmDelete';
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { AccountRow } from '../../../shared/book';
import type { VenueKind } from '../../../shared/domain';
import { call } from '../lib/client';
import { toFormError, type FormError } from '../lib/fieldErrors';
import { useCall } from '../lib/queries';
import { DataGrid } from './DataGrid';
import { FormField } from './FormField';

const columns: ColDef<AccountRow>[] = [
  { field: 'name', headerName: 'Name', flex: 1, minWidth: 200 },
  { field: 'kind', headerName: 'Kind', width: 110 },
  { field: 'custodian', headerName: 'Custodian', width: 150 },
  { field: 'chain', headerName: 'Chain', width: 160 },
  { field: 'protocol', headerName: 'Protocol', width: 140 },
  { field: 'addressLabel', headerName: 'Address label', width: 170 },
  {
    field: 'transactions',
    headerName: 'Transactions',
    width: 130,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
  },
];

type Draft = {
  name: string;
  kind: VenueKind;
  custodian: string;
  chain: string;
  protocol: string;
  addressLabel: string;
};
const EMPTY: Draft = {
  name: '',
  kind: 'exchange',
  custodian: '',
  chain: '',
  protocol: '',
  addressLabel: '',
};
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** Venues of the portfolio: add, edit, delete (refused while a venue has transactions). */
export function AccountsEditor({ portfolio }: { portfolio: string }) {
  const queryClient = useQueryClient();
  const accounts = useCall('accounts.list', { portfolio });
  const [editing, setEditing] = useState<AccountRow | null>(null);
  const [d, setD] = useState<Draft>(EMPTY);
  const [error, setError] = useState<FormError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setD(
      editing
        ? {
            name: editing.name,
            kind: editing.kind,
            custodian: editing.custodian ?? '',
            chain: editing.chain ?? '',
            protocol: editing.protocol ?? '',
            addressLabel: editing.addressLabel ?? '',
          }
        : EMPTY,
    );
  }, [editing]);

  const write = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await what());
      setEditing(null);
      await queryClient.invalidateQueries();
    } catch (err) {
      setError(toFormError(err, 'account.'));
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    write(async () => {
      const account = {
        name: d.name.trim(),
        kind: d.kind,
        custodian: orNull(d.custodian),
        chain: orNull(d.chain),
        protocol: orNull(d.protocol),
        addressLabel: orNull(d.addressLabel),
      };
      const r = await call('accounts.save', {
        portfolio,
        ...(editing ? { id: editing.id } : {}),
        account,
      });
      return editing ? `Account “${r.name}” saved.` : `Account “${r.name}” added.`;
    });

  const remove = (row: AccountRow) =>
    write(async () => {
      const r = await call('accounts.delete', { portfolio, id: row.id });
      return r.deleted ? `Account “${row.name}” deleted.` : `Account “${row.name}” was not found.`;
    });

  const fe = error?.fields ?? {};
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setD((prev) => ({ ...prev, [k]: e.target.value }));

  return (
    <div className="editor">
      <section className="panel">
        <header>
          <h2>Accounts</h2>
          <span className="hint">
            {accounts.data ? `${accounts.data.length} venues. ` : ''}Click a row to edit or delete
            it.
          </span>
        </header>
        {accounts.error && <div className="error">{accounts.error.message}</div>}
        <DataGrid
          rows={accounts.data ?? []}
          columns={columns}
          testId="accounts-grid"
          height={300}
          getRowId={(p) => String(p.data.id)}
          onRowClicked={(r) => {
            setEditing(r);
            setError(null);
            setMessage(null);
          }}
          rowClass={(p) => (p.data && editing?.id === p.data.id ? 'editing-row' : undefined)}
        />
      </section>
      {message && (
        <div className="notice ok" role="status" data-testid="account-message">
          {message}
        </div>
      )}
      <form
        className="panel"
        data-testid="account-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <header>
          <h2>{editing ? `Edit “${editing.name}”` : 'Add an account'}</h2>
        </header>
        <div className="form-grid">
          <FormField label="Name *" error={fe.name}>
            <input value={d.name} onChange={set('name')} data-testid="account-name" />
          </FormField>
          <FormField label="Kind *" error={fe.kind}>
            <select value={d.kind} onChange={set('kind')} data-testid="account-kind">
              <option value="exchange">exchange</option>
              <option value="wallet">wallet</option>
              <option value="defi">defi</option>
            </select>
          </FormField>
          <FormField label="Custodian" error={fe.custodian}>
            <input
              value={d.custodian}
              onChange={set('custodian')}
              placeholder="e.g. Kraken, self"
              data-testid="account-custodian"
            />
          </FormField>
          <FormField label="Chain" error={fe.chain}>
            <input value={d.chain} onChange={set('chain')} data-testid="account-chain" />
          </FormField>
          <FormField label="Protocol" error={fe.protocol}>
            <input value={d.protocol} onChange={set('protocol')} data-testid="account-protocol" />
          </FormField>
          <FormField label="Address label" error={fe.addressLabel}>
            <input
              value={d.addressLabel}
              onChange={set('addressLabel')}
              data-testid="account-address"
            />
          </FormField>
        </div>
        {error && (
          <div className="notice error" role="alert" data-testid="account-error">
            {error.message}
          </div>
        )}
        <div className="row-actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || !d.name.trim()}
            data-testid="account-submit"
          >
            {editing ? 'Save changes' : 'Add account'}
          </button>
          {editing && (
            <>
              <button type="button" onClick={() => setEditing(null)}>
                Cancel
              </button>
              <ConfirmDelete
                key={editing.id}
                question={`Delete “${editing.name}”?`}
                busy={busy}
                onConfirm={() => void remove(editing)}
                testId="account-delete"
              />
              {editing.transactions > 0 && (
                <span className="hint">
                  This venue has {editing.transactions} transaction(s); the server refuses to delete
                  it until they are deleted or moved.
                </span>
              )}
            </>
          )}
        </div>
      </form>
    </div>
  );
}
