import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { CallOutput } from '../../../shared/contract';
import { call } from '../lib/client';
import { readCsvHead, type CsvHead } from '../lib/csvHead';
import { toFormError, type FormError } from '../lib/fieldErrors';
import { formatDecimalString } from '../lib/format';
import { useCall } from '../lib/queries';
import { newTaskId, useTaskProgress } from '../lib/task';
import { DataGrid } from './DataGrid';
import { FormField } from './FormField';
import { ProgressBar } from './ProgressBar';
import {
  TradeMappingForm,
  buildMapping,
  draftFromHead,
  type MappingDraft,
} from './TradeMappingForm';

type ImportKind = 'trades' | 'prices' | 'chain';
type ImportResult = CallOutput<'import.run'>;
type SampleRow = Record<string, unknown>;

const MAX_BYTES = 50 * 1024 * 1024;
const GENERIC = '__generic__';

const KIND_LABEL: Record<ImportKind, string> = {
  trades: 'Trades and transfers',
  prices: 'Daily prices',
  chain: 'Option chain',
};

const TRADE_SAMPLE_COLUMNS = [
  'date',
  'time',
  'kind',
  'account',
  'instrument',
  'quantity',
  'price',
  'quote',
  'fee',
  'feeCurrency',
  'toAccount',
  'note',
];

const HEADER: Record<string, string> = {
  date: 'Date',
  time: 'Time (UTC)',
  kind: 'Kind',
  account: 'Account',
  instrument: 'Instrument',
  quantity: 'Quantity',
  price: 'Price',
  quote: 'Quote',
  fee: 'Fee',
  feeCurrency: 'Fee cur.',
  toAccount: 'To account',
  note: 'Note',
  line: 'Line',
  symbol: 'Symbol',
  close: 'Close',
  volume: 'Volume',
};
const NUMERIC = new Set(['quantity', 'price', 'fee']);

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 12 }) : '—';
  if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v) ? formatDecimalString(v) : v;
  return JSON.stringify(v);
};

function sampleColumns(kind: ImportKind, sample: SampleRow[]): ColDef<SampleRow>[] {
  const keys =
    kind === 'trades'
      ? TRADE_SAMPLE_COLUMNS
      : [...new Set(sample.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'fingerprint');
  const numeric = (k: string) => sample.some((r) => typeof r[k] === 'number') || NUMERIC.has(k);
  return keys.map((k) => ({
    colId: k,
    headerName: HEADER[k] ?? k,
    valueGetter: (p) => p.data?.[k],
    valueFormatter: (p) =>
      k === 'time' && typeof p.value === 'string'
        ? p.value.slice(11, 19)
        : k === 'line'
          ? String(p.value ?? '')
          : cellText(p.value),
    ...(numeric(k) ? { type: 'rightAligned' } : {}),
    width: k === 'note' ? 220 : k === 'account' ? 160 : 120,
  }));
}

const rejectColumns: ColDef<{ line: number; reason: string }>[] = [
  { field: 'line', headerName: 'Line', width: 90, filter: 'agNumberColumnFilter' },
  { field: 'reason', headerName: 'Reason', flex: 1 },
];

/** Import wizard: kind and file → preset or column mapping → dry run preview → commit. */
export function ImportWizard({ portfolio }: { portfolio: string }) {
  const queryClient = useQueryClient();
  const presets = useCall('import.presets', {});
  const [kind, setKind] = useState<ImportKind>('trades');
  const [fileName, setFileName] = useState('');
  const [content, setContent] = useState<string | null>(null);
  const [head, setHead] = useState<CsvHead | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preset, setPreset] = useState('');
  const [account, setAccount] = useState('');
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [presetName, setPresetName] = useState('');
  const [presetMsg, setPresetMsg] = useState<FormError | null>(null);
  const [presetSaved, setPresetSaved] = useState<string | null>(null);
  const [dry, setDry] = useState<ImportResult | null>(null);
  const [allowRejected, setAllowRejected] = useState(false);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<(FormError & { phase: 'dry' | 'commit' }) | null>(null);
  const [busy, setBusy] = useState<'dry' | 'commit' | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTaskProgress(taskId);

  const resetResults = () => {
    setDry(null);
    setDone(null);
    setError(null);
    setAllowRejected(false);
  };

  const onFile = async (file: File | undefined) => {
    resetResults();
    setContent(null);
    setHead(null);
    setFileError(null);
    setFileName(file?.name ?? '');
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(
        `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit here is 50 MB. Split the file, or import it with the command line (keel import), which streams files of any size.`,
      );
      return;
    }
    try {
      const text = await file.text();
      const h = readCsvHead(text);
      setContent(text);
      setHead(h);
      if (h) setDraft(draftFromHead(h, file.name));
      if (!h) setFileError(`${file.name} is empty.`);
    } catch (err) {
      setFileError(
        `Could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };

  const generic = kind === 'trades' && preset === GENERIC;
  const tradePresets = presets.data?.filter((p) => p.kind === 'trades') ?? [];
  const ready = content !== null && (kind !== 'trades' || (preset !== '' && (!generic || draft)));

  const request = (dryRun: boolean) => {
    const input: Parameters<typeof call<'import.run'>>[1] = {
      portfolio,
      kind,
      content: content ?? '',
      fileName,
      dryRun,
      allowRejected: dryRun ? false : allowRejected,
    };
    if (kind === 'trades') {
      if (generic && draft && head) input.mapping = buildMapping(draft, head.delimiter);
      else input.preset = preset;
      if (account.trim()) input.account = account.trim();
    }
    return input;
  };

  const run = async (dryRun: boolean) => {
    const id = newTaskId(dryRun ? 'dryrun' : 'import');
    setTaskId(id);
    setBusy(dryRun ? 'dry' : 'commit');
    setError(null);
    if (dryRun) {
      setDry(null);
      setDone(null);
    }
    try {
      const r = await call('import.run', { ...request(dryRun), taskId: id });
      if (dryRun) setDry(r);
      else {
        setDone(r);
        await queryClient.invalidateQueries();
      }
    } catch (err) {
      setError({ ...toFormError(err, 'mapping.'), phase: dryRun ? 'dry' : 'commit' });
    } finally {
      setBusy(null);
    }
  };

  const savePreset = async () => {
    if (!draft || !head) return;
    setPresetMsg(null);
    setPresetSaved(null);
    try {
      const r = await call('import.savePreset', {
        name: presetName.trim(),
        mapping: buildMapping({ ...draft, name: presetName.trim() || draft.name }, head.delimiter),
      });
      setPresetSaved(r.name);
      await presets.refetch();
    } catch (err) {
      setPresetMsg(toFormError(err));
    }
  };

  const blocked = !!dry && dry.rejectedCount > 0 && !allowRejected;
  const sample = (dry?.sample ?? []) as SampleRow[];

  return (
    <div className="wizard" data-testid="import-wizard">
      <section className="panel step">
        <header>
          <h2>1. Kind and file</h2>
        </header>
        <div className="form-grid">
          <FormField label="What the file holds">
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as ImportKind);
                resetResults();
              }}
              data-testid="import-kind"
            >
              {(Object.keys(KIND_LABEL) as ImportKind[]).map((k) => (
                <option key={k} value={k}>
                  {KIND_LABEL[k]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="File (CSV, up to 50 MB)" error={fileError ?? undefined} wide>
            <input
              type="file"
              accept=".csv,.txt,.tsv,text/csv,text/plain"
              onChange={(e) => void onFile(e.target.files?.[0])}
              data-testid="import-file"
            />
          </FormField>
        </div>
        {head && (
          <p className="hint" data-testid="import-file-info">
            {fileName}: {head.columns.length} columns, {head.rows.length}
            {head.rows.length >= 2000 ? '+' : ''} rows read for the form.
          </p>
        )}
      </section>

      {kind === 'trades' && (
        <section className={`panel step${content === null ? ' disabled' : ''}`}>
          <header>
            <h2>2. Preset or column mapping</h2>
          </header>
          <div className="form-grid">
            <FormField label="Preset">
              <select
                value={preset}
                onChange={(e) => {
                  setPreset(e.target.value);
                  resetResults();
                }}
                disabled={content === null}
                data-testid="import-preset"
              >
                <option value="">Choose…</option>
                <optgroup label="Built-in venues">
                  {tradePresets
                    .filter((p) => p.builtin)
                    .map((p) => (
                      <option key={p.name} value={p.name} title={p.description}>
                        {p.name}
                      </option>
                    ))}
                </optgroup>
                {tradePresets.some((p) => !p.builtin) && (
                  <optgroup label="Saved mappings">
                    {tradePresets
                      .filter((p) => !p.builtin)
                      .map((p) => (
                        <option key={p.name} value={p.name}>
                          {p.name}
                        </option>
                      ))}
                  </optgroup>
                )}
                <option value={GENERIC}>Generic column mapping…</option>
              </select>
            </FormField>
            <FormField label="Account (optional: puts every row on this venue)">
              <input
                value={account}
                onChange={(e) => {
                  setAccount(e.target.value);
                  resetResults();
                }}
                placeholder="from the file or preset"
                data-testid="import-account"
              />
            </FormField>
          </div>
          {preset && !generic && (
            <p className="hint">{tradePresets.find((p) => p.name === preset)?.description}</p>
          )}
          {presets.error && <p className="error">{presets.error.message}</p>}
          {generic && head && draft && (
            <>
              <TradeMappingForm
                head={head}
                draft={draft}
                onChange={(d) => {
                  setDraft(d);
                  resetResults();
                }}
                errors={error?.fields ?? {}}
              />
              <div className="row-actions">
                <input
                  value={presetName}
                  onChange={(e) => setPresetName(e.target.value)}
                  placeholder="preset name"
                  aria-label="Preset name"
                  data-testid="preset-name"
                />
                <button
                  type="button"
                  onClick={() => void savePreset()}
                  disabled={!presetName.trim()}
                  data-testid="save-preset"
                >
                  Save as preset
                </button>
                {presetSaved && <span className="ok">Saved as “{presetSaved}”.</span>}
                {presetMsg && <span className="error">{presetMsg.message}</span>}
              </div>
            </>
          )}
        </section>
      )}

      <section className={`panel step${ready ? '' : ' disabled'}`}>
        <header>
          <h2>{kind === 'trades' ? '3' : '2'}. Dry run</h2>
          <button
            type="button"
            className="primary"
            disabled={!ready || busy !== null}
            onClick={() => void run(true)}
            data-testid="dry-run"
          >
            Dry run
          </button>
        </header>
        {busy === 'dry' && (
          <ProgressBar label="Reading" progress={task.progress} onCancel={task.cancel} />
        )}
        {error?.phase === 'dry' && (
          <div className="notice error" role="alert" data-testid="import-error">
            {error.message}
          </div>
        )}
        {dry && (
          <div data-testid="dry-run-result">
            <div className="counts">
              <Count label="Rows read" value={dry.parsed} testId="count-parsed" />
              <Count label="Accepted" value={dry.accepted} testId="count-accepted" />
              <Count
                label="Rejected"
                value={dry.rejectedCount}
                testId="count-rejected"
                tone={dry.rejectedCount ? 'bad' : undefined}
              />
              <Count label="Ignored" value={dry.ignored.length} testId="count-ignored" />
              <div className="count source">
                <span>Read as</span>
                <strong>{dry.source}</strong>
              </div>
            </div>
            {dry.notes.length > 0 && (
              <ul className="notes" data-testid="import-notes">
                {dry.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
            <h3>
              Sample{' '}
              <span className="hint">
                (first {sample.length} of {dry.accepted} accepted rows)
              </span>
            </h3>
            <DataGrid
              rows={sample}
              columns={sampleColumns(kind, sample)}
              testId="sample-grid"
              height={260}
            />
            {dry.rejected.length > 0 && (
              <>
                <h3>
                  Rejected rows{' '}
                  {dry.rejectedCount > dry.rejected.length && (
                    <span className="hint">
                      (first {dry.rejected.length} of {dry.rejectedCount})
                    </span>
                  )}
                </h3>
                <DataGrid
                  rows={dry.rejected}
                  columns={rejectColumns}
                  testId="rejected-grid"
                  height={180}
                />
              </>
            )}
            {dry.ignored.length > 0 && (
              <>
                <h3>Ignored rows</h3>
                <DataGrid
                  rows={dry.ignored}
                  columns={rejectColumns}
                  testId="ignored-grid"
                  height={160}
                />
              </>
            )}
          </div>
        )}
      </section>

      <section className={`panel step${dry ? '' : ' disabled'}`}>
        <header>
          <h2>{kind === 'trades' ? '4' : '3'}. Import</h2>
        </header>
        {dry && dry.rejectedCount > 0 && (
          <label className="check">
            <input
              type="checkbox"
              checked={allowRejected}
              onChange={(e) => setAllowRejected(e.target.checked)}
              data-testid="allow-rejected"
            />
            Import the valid rows anyway ({dry.accepted} rows; the {dry.rejectedCount} rejected rows
            are left out)
          </label>
        )}
        <div className="row-actions">
          <button
            type="button"
            className="primary"
            disabled={!dry || blocked || busy !== null}
            onClick={() => void run(false)}
            data-testid="commit-import"
          >
            Import {dry ? `${dry.accepted} rows` : ''}
          </button>
          {blocked && (
            <span className="hint">
              {dry.rejectedCount} rows are rejected: fix the file, or tick “import the valid rows
              anyway”.
            </span>
          )}
        </div>
        {busy === 'commit' && (
          <ProgressBar label="Importing" progress={task.progress} onCancel={task.cancel} />
        )}
        {error?.phase === 'commit' && (
          <div className="notice error" role="alert" data-testid="commit-error">
            {error.message}
          </div>
        )}
        {done && (
          <div className="notice ok" role="status" data-testid="import-result">
            <strong data-testid="import-inserted">{done.inserted}</strong> inserted,{' '}
            <strong data-testid="import-skipped">{done.skipped}</strong> already present
            {done.rejectedCount > 0 ? `, ${done.rejectedCount} rejected rows left out` : ''}.
            {done.notes.length > 0 && (
              <ul className="notes">
                {done.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function Count({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: number;
  testId: string;
  tone?: 'bad' | undefined;
}) {
  return (
    <div className={`count${tone ? ` ${tone}` : ''}`}>
      <span>{label}</span>
      <strong data-testid={testId}>{value.toLocaleString('en-US')}</strong>
    </div>
  );
}
