import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { InstrumentKindFull } from '../../../shared/book';
import type { InstrumentSummary } from '../../../shared/domain';
import { call } from '../lib/client';
import { toFormError, type FormError } from '../lib/fieldErrors';
import { useCall } from '../lib/queries';
import { DataGrid } from './DataGrid';
import { FormField } from './FormField';

type Kind = InstrumentKindFull;
const TAG_DIMENSIONS = ['asset_class', 'role', 'chain', 'protocol', 'custom'] as const;
type TagDimension = (typeof TAG_DIMENSIONS)[number];
type Tag = { dimension: TagDimension; name: string };

/** Form attributes: text as typed. Percent fields are entered in % and stored as fractions. */
type AttrKey =
  | 'underlying'
  | 'underlying2'
  | 'expiry'
  | 'strike'
  | 'right'
  | 'settlement'
  | 'contractType'
  | 'contractSize'
  | 'fundingIntervalHours'
  | 'poolType'
  | 'rangeLow'
  | 'rangeHigh'
  | 'stakingYield'
  | 'liquidationThreshold'
  | 'collateralFactor'
  | 'liquidationBonus'
  | 'pegTarget';

const ATTRS_BY_KIND: Record<Kind, AttrKey[]> = {
  spot: [],
  cash: [],
  stablecoin: ['pegTarget'],
  staked: ['underlying', 'stakingYield'],
  lp: ['underlying', 'underlying2', 'poolType', 'rangeLow', 'rangeHigh'],
  'lending-supply': ['underlying', 'liquidationThreshold', 'collateralFactor', 'liquidationBonus'],
  'lending-borrow': ['underlying', 'liquidationThreshold', 'collateralFactor', 'liquidationBonus'],
  perpetual: ['underlying', 'contractType', 'contractSize', 'fundingIntervalHours'],
  future: ['underlying', 'expiry', 'contractType', 'contractSize'],
  option: ['underlying', 'expiry', 'strike', 'right', 'settlement', 'contractSize'],
};

const REQUIRED: Partial<Record<Kind, AttrKey[]>> = {
  option: ['underlying', 'expiry', 'strike', 'right', 'settlement'],
  future: ['underlying', 'expiry', 'contractType'],
  perpetual: ['underlying', 'contractType'],
  lp: ['underlying', 'underlying2', 'poolType'],
  staked: ['underlying'],
  'lending-supply': ['underlying', 'liquidationThreshold'],
  'lending-borrow': ['underlying', 'liquidationThreshold'],
};

const PERCENT: AttrKey[] = [
  'stakingYield',
  'liquidationThreshold',
  'collateralFactor',
  'liquidationBonus',
];
const NUMBER: AttrKey[] = [
  'strike',
  'contractSize',
  'fundingIntervalHours',
  'rangeLow',
  'rangeHigh',
];
const CHOICES: Partial<Record<AttrKey, string[]>> = {
  right: ['call', 'put'],
  settlement: ['usd', 'coin'],
  contractType: ['linear', 'inverse'],
  poolType: ['constant-product', 'concentrated'],
};
const LABEL: Record<AttrKey, string> = {
  underlying: 'Underlying',
  underlying2: 'Second underlying',
  expiry: 'Expiry',
  strike: 'Strike',
  right: 'Right',
  settlement: 'Settlement',
  contractType: 'Contract type',
  contractSize: 'Contract size',
  fundingIntervalHours: 'Funding interval (h)',
  poolType: 'Pool type',
  rangeLow: 'Range low',
  rangeHigh: 'Range high',
  stakingYield: 'Staking yield (% a year)',
  liquidationThreshold: 'Liquidation threshold (%)',
  collateralFactor: 'Collateral factor (%)',
  liquidationBonus: 'Liquidation bonus (%)',
  pegTarget: 'Peg target',
};

interface Draft {
  symbol: string;
  name: string;
  kind: Kind;
  assetClass: string;
  chain: string;
  /** Currency the closes are quoted in (valuations convert to USD through it). */
  quoteCurrency: string;
  attrs: Partial<Record<AttrKey, string>>;
  /** Attributes the form does not show (modelled, role…), kept as they are on save. */
  extra: Record<string, unknown>;
  tags: Tag[];
}

const EMPTY: Draft = {
  symbol: '',
  name: '',
  kind: 'spot',
  assetClass: '',
  chain: '',
  quoteCurrency: 'USD',
  attrs: {},
  extra: {},
  tags: [],
};

const columns: ColDef<InstrumentSummary>[] = [
  { field: 'symbol', headerName: 'Symbol', width: 130, pinned: 'left' },
  { field: 'name', headerName: 'Name', flex: 1, minWidth: 160 },
  { field: 'kind', headerName: 'Kind', width: 120 },
  { field: 'assetClass', headerName: 'Asset class', width: 150 },
  { field: 'chain', headerName: 'Chain', width: 140 },
  { field: 'firstDate', headerName: 'Prices from', width: 130 },
  { field: 'lastDate', headerName: 'Prices to', width: 130 },
  {
    colId: 'modelled',
    headerName: 'Modelled',
    width: 110,
    valueGetter: (p) => (p.data?.modelled ? 'yes' : ''),
  },
];

/** A stored attribute back to form text (fractions shown as %). */
function attrsToForm(attrs: Record<string, unknown>): {
  attrs: Draft['attrs'];
  extra: Record<string, unknown>;
} {
  const out: Draft['attrs'] = {};
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'underlyings' && Array.isArray(v)) {
      out.underlying = String(v[0] ?? '');
      out.underlying2 = String(v[1] ?? '');
    } else if (k in LABEL && k !== 'underlying2') {
      const key = k as AttrKey;
      out[key] =
        PERCENT.includes(key) && typeof v === 'number' ? String(+(v * 100).toFixed(6)) : String(v);
    } else extra[k] = v;
  }
  return { attrs: out, extra };
}

/** Form text to the attributes the server validates; unreadable numbers go as typed so the server names the field. */
function formToAttrs(d: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = { ...d.extra };
  const shown = ATTRS_BY_KIND[d.kind];
  const lp = d.kind === 'lp';
  for (const k of shown) {
    const raw = (d.attrs[k] ?? '').trim();
    if (!raw) continue;
    if (lp && (k === 'underlying' || k === 'underlying2')) continue;
    if (PERCENT.includes(k) || NUMBER.includes(k)) {
      const n = Number(raw.replace(/,/g, ''));
      out[k] = Number.isFinite(n) ? (PERCENT.includes(k) ? n / 100 : n) : raw;
    } else out[k] = k === 'underlying' || k === 'pegTarget' ? raw.toUpperCase() : raw;
  }
  if (lp) {
    const a = (d.attrs.underlying ?? '').trim().toUpperCase();
    const b = (d.attrs.underlying2 ?? '').trim().toUpperCase();
    if (a || b) out.underlyings = [a, b];
  }
  return out;
}

/** Instruments: the catalogue, and a form for an instrument's kind-specific attributes and tags. */
export function InstrumentsEditor({ portfolio }: { portfolio: string }) {
  const queryClient = useQueryClient();
  const list = useCall('instruments.list', {});
  // instruments.list has no attributes or tags; the portfolio document has them for the instruments it uses.
  const doc = useCall('export.json', { portfolio, prices: false });
  const details = useMemo(
    () => new Map(doc.data?.instruments.map((i) => [i.symbol, i]) ?? []),
    [doc.data],
  );
  const [d, setD] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(true);
  const [error, setError] = useState<FormError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tagDim, setTagDim] = useState<TagDimension>('role');
  const [tagName, setTagName] = useState('');

  const edit = (row: InstrumentSummary) => {
    const full = details.get(row.symbol);
    const { attrs, extra } = attrsToForm(full?.attrs ?? (row.modelled ? { modelled: true } : {}));
    setD({
      symbol: row.symbol,
      name: row.name,
      kind: row.kind,
      assetClass: row.assetClass,
      chain: row.chain ?? '',
      quoteCurrency: row.quoteCurrency,
      attrs,
      extra,
      tags: (full?.tags ?? []).filter((t): t is Tag =>
        (TAG_DIMENSIONS as readonly string[]).includes(t.dimension),
      ),
    });
    setLoaded(!!full);
    setEditing(row.symbol);
    setError(null);
    setMessage(null);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const r = await call('instruments.save', {
        instrument: {
          symbol: d.symbol.trim(),
          name: d.name.trim(),
          kind: d.kind,
          assetClass: d.assetClass.trim(),
          chain: d.chain.trim() || null,
          quoteCurrency: d.quoteCurrency.trim() || 'USD',
          attrs: formToAttrs(d) as never,
          tags: d.tags,
        },
      });
      setMessage(`Instrument ${r.symbol} saved.`);
      setEditing(r.symbol);
      await queryClient.invalidateQueries();
    } catch (err) {
      setError(toFormError(err, 'instrument.'));
    } finally {
      setBusy(false);
    }
  };

  const fe = error?.fields ?? {};
  const attrError = (k: AttrKey) =>
    k === 'underlying' || k === 'underlying2'
      ? d.kind === 'lp'
        ? (fe['attrs.underlyings'] ?? fe[`attrs.underlyings.${k === 'underlying' ? 0 : 1}`])
        : fe['attrs.underlying']
      : fe[`attrs.${k}`];
  const required = REQUIRED[d.kind] ?? [];
  const set =
    (k: 'symbol' | 'name' | 'assetClass' | 'chain' | 'quoteCurrency') =>
    (e: { target: { value: string } }) =>
      setD((prev) => ({ ...prev, [k]: e.target.value }));
  const setAttr = (k: AttrKey, v: string) =>
    setD((prev) => ({ ...prev, attrs: { ...prev.attrs, [k]: v } }));
  const addTag = () => {
    const name = tagName.trim();
    if (!name || d.tags.some((t) => t.dimension === tagDim && t.name === name)) return;
    setD((prev) => ({ ...prev, tags: [...prev.tags, { dimension: tagDim, name }] }));
    setTagName('');
  };
  const otherErrors = Object.entries(fe).filter(
    ([k]) =>
      !['symbol', 'name', 'kind', 'assetClass', 'chain', 'quoteCurrency'].includes(k) &&
      !k.startsWith('attrs.'),
  );

  return (
    <div className="editor">
      <section className="panel">
        <header>
          <h2>Instruments</h2>
          <span className="hint">
            {list.data ? `${list.data.length} instruments. ` : ''}Click a row to edit it.
          </span>
        </header>
        {list.error && <div className="error">{list.error.message}</div>}
        <DataGrid
          rows={list.data ?? []}
          columns={columns}
          testId="instruments-grid"
          height={300}
          getRowId={(p) => p.data.symbol}
          onRowClicked={edit}
          rowClass={(p) => (p.data && editing === p.data.symbol ? 'editing-row' : undefined)}
        />
      </section>
      {message && (
        <div className="notice ok" role="status" data-testid="instrument-message">
          {message}
        </div>
      )}
      <form
        className="panel"
        data-testid="instrument-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <header>
          <h2>{editing ? `Edit ${editing}` : 'Add an instrument'}</h2>
          {editing && (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setD(EMPTY);
                setError(null);
              }}
            >
              New instrument
            </button>
          )}
        </header>
        {editing && !loaded && (
          <p className="warn-text">
            The attributes and tags of {editing} are not available here (it is not used by this
            portfolio); saving replaces them with what this form holds.
          </p>
        )}
        <div className="form-grid">
          <FormField label="Symbol *" error={fe.symbol}>
            <input
              value={d.symbol}
              onChange={set('symbol')}
              readOnly={!!editing}
              placeholder="e.g. BTC-27JUN25-100000-C"
              data-testid="instrument-symbol"
            />
          </FormField>
          <FormField label="Name *" error={fe.name}>
            <input value={d.name} onChange={set('name')} data-testid="instrument-name" />
          </FormField>
          <FormField label="Kind *" error={fe.kind}>
            <select
              value={d.kind}
              onChange={(e) => setD((prev) => ({ ...prev, kind: e.target.value as Kind }))}
              data-testid="instrument-kind"
            >
              {InstrumentKindFull.options.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </FormField>
          <FormField label="Asset class *" error={fe.assetClass}>
            <input
              value={d.assetClass}
              onChange={set('assetClass')}
              placeholder="e.g. L1, stablecoin, option"
              data-testid="instrument-asset-class"
            />
          </FormField>
          <FormField label="Chain" error={fe.chain}>
            <input value={d.chain} onChange={set('chain')} data-testid="instrument-chain" />
          </FormField>
          <FormField label="Quoted in" error={fe.quoteCurrency}>
            <input
              value={d.quoteCurrency}
              onChange={set('quoteCurrency')}
              placeholder="USD"
              data-testid="instrument-quote"
            />
          </FormField>
        </div>
        {ATTRS_BY_KIND[d.kind].length > 0 && (
          <>
            <h3>{d.kind} attributes</h3>
            <div className="form-grid">
              {ATTRS_BY_KIND[d.kind].map((k) => (
                <FormField
                  key={k}
                  label={`${d.kind === 'lp' && k === 'underlying' ? 'First underlying' : LABEL[k]}${required.includes(k) ? ' *' : ''}`}
                  error={attrError(k)}
                >
                  {CHOICES[k] ? (
                    <select
                      value={d.attrs[k] ?? ''}
                      onChange={(e) => setAttr(k, e.target.value)}
                      data-testid={`attr-${k}`}
                    >
                      <option value="">—</option>
                      {CHOICES[k].map((c) => (
                        <option key={c}>{c}</option>
                      ))}
                    </select>
                  ) : (
                    <input
                      type={k === 'expiry' ? 'date' : 'text'}
                      inputMode={PERCENT.includes(k) || NUMBER.includes(k) ? 'decimal' : undefined}
                      value={d.attrs[k] ?? ''}
                      onChange={(e) => setAttr(k, e.target.value)}
                      data-testid={`attr-${k}`}
                    />
                  )}
                </FormField>
              ))}
            </div>
          </>
        )}
        <h3>Tags</h3>
        <div className="tags" data-testid="instrument-tags">
          {d.tags.length === 0 && <span className="hint">No tags.</span>}
          {d.tags.map((t) => (
            <span key={`${t.dimension}:${t.name}`} className="chip on">
              {t.dimension}: {t.name}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Remove tag ${t.dimension} ${t.name}`}
                onClick={() =>
                  setD((prev) => ({ ...prev, tags: prev.tags.filter((x) => x !== t) }))
                }
              >
                ×
              </button>
            </span>
          ))}
        </div>
        <div className="row-actions">
          <select
            value={tagDim}
            onChange={(e) => setTagDim(e.target.value as TagDimension)}
            aria-label="Tag dimension"
            data-testid="tag-dimension"
          >
            {TAG_DIMENSIONS.map((t) => (
              <option key={t} value={t}>
                {t.replace('_', ' ')}
              </option>
            ))}
          </select>
          <input
            value={tagName}
            onChange={(e) => setTagName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addTag();
              }
            }}
            placeholder="tag name"
            aria-label="Tag name"
            data-testid="tag-name"
          />
          <button type="button" onClick={addTag} disabled={!tagName.trim()} data-testid="tag-add">
            Add tag
          </button>
        </div>
        {error && (
          <div className="notice error" role="alert" data-testid="instrument-error">
            {Object.keys(fe).length > 0 && otherErrors.length === 0
              ? 'Not saved: see the fields marked in red.'
              : error.message}
            {otherErrors.length > 0 && (
              <ul>
                {otherErrors.map(([k, m]) => (
                  <li key={k}>
                    {k}: {m}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="row-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="instrument-submit">
            {editing ? 'Save changes' : 'Add instrument'}
          </button>
        </div>
      </form>
    </div>
  );
}
