import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AllocationPolicy } from '../../../../shared/allocation';
import { call } from '../../lib/client';
import { useCall } from '../../lib/queries';
import { ConfirmDelete } from '../ConfirmDelete';

export interface LoadedPolicy {
  name: string;
  version: number;
}

/**
 * Saved policies of the portfolio: pick one to load it into the form, save the form under a
 * name (a new version when it changed), delete one with all its versions.
 */
export function SavedPolicies({
  portfolio,
  loaded,
  onLoad,
  onSaved,
  currentPolicy,
  onError,
}: {
  portfolio: string;
  loaded: LoadedPolicy | null;
  /** Load a saved policy into the form. */
  onLoad: (policy: AllocationPolicy, at: LoadedPolicy) => void;
  /** The form now is this saved version (after a save), or no saved policy (after a delete). */
  onSaved: (at: LoadedPolicy | null) => void;
  /** The form as a policy, or null (its errors are then shown by the form). */
  currentPolicy: () => AllocationPolicy | null;
  /** A server error, shown verbatim with its issues by field. */
  onError: (err: unknown) => void;
}) {
  const queryClient = useQueryClient();
  const list = useCall('allocation.policies', { portfolio });
  const [name, setName] = useState(loaded?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const selected = list.data?.find((p) => p.name === loaded?.name) ?? null;

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['allocation.policies'] });

  const save = async () => {
    setMessage(null);
    const trimmed = name.trim();
    if (!trimmed) {
      setMessage({ ok: false, text: 'Name the policy to save it.' });
      return;
    }
    const policy = currentPolicy();
    if (!policy) {
      setMessage({ ok: false, text: 'Fix the fields marked in red before saving.' });
      return;
    }
    setBusy(true);
    try {
      const r = await call('allocation.savePolicy', { portfolio, name: trimmed, policy });
      setMessage({
        ok: true,
        text: r.created
          ? `Saved “${r.name}”, version ${r.version}.`
          : `No change: “${r.name}” stays at version ${r.version}.`,
      });
      onSaved({ name: r.name, version: r.version });
      await refresh();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!loaded) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('allocation.deletePolicy', { portfolio, name: loaded.name });
      setMessage({
        ok: true,
        text: `Deleted “${loaded.name}” (${r.deleted} version${r.deleted === 1 ? '' : 's'}).`,
      });
      onSaved(null);
      setName('');
      await refresh();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="alloc-saved" data-testid="alloc-saved">
      <div className="alloc-saved-row">
        <select
          value={loaded?.name ?? ''}
          onChange={(e) => {
            const p = list.data?.find((x) => x.name === e.target.value);
            setMessage(null);
            if (p) {
              setName(p.name);
              onLoad(p.policy, { name: p.name, version: p.version });
            }
          }}
          aria-label="Saved policy"
          data-testid="alloc-policy-select"
        >
          <option value="" disabled={!!loaded}>
            {list.data?.length ? '— unsaved policy —' : '— no saved policy —'}
          </option>
          {list.data?.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} (v{p.version})
            </option>
          ))}
        </select>
        {selected && (
          <span className="hint" data-testid="alloc-policy-version">
            v{selected.version}, saved {selected.createdAt.slice(0, 10)}
          </span>
        )}
      </div>
      <div className="alloc-saved-row">
        <input
          className="alloc-text"
          value={name}
          placeholder="Policy name"
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          aria-label="Policy name"
          data-testid="alloc-policy-name"
        />
        <button
          type="button"
          disabled={busy}
          onClick={() => void save()}
          data-testid="alloc-policy-save"
        >
          {loaded && name.trim() === loaded.name ? 'Save' : 'Save as'}
        </button>
        {loaded && (
          <ConfirmDelete
            key={loaded.name}
            question={`Delete “${loaded.name}” and all its versions?`}
            busy={busy}
            onConfirm={() => void remove()}
            testId="alloc-policy-delete"
          />
        )}
      </div>
      {list.error && <div className="error">{list.error.message}</div>}
      {message && (
        <div
          className={message.ok ? 'ok' : 'error'}
          role="status"
          data-testid="alloc-policy-message"
        >
          {message.text}
        </div>
      )}
    </div>
  );
}
