import type { GroupDimension } from '../../../../shared/allocation';
import {
  GROUP_DIMENSIONS,
  type BoundRow,
  type FieldErrors,
  type GroupRow,
} from '../../lib/allocation';
import { CellError, fieldId, NumInput } from './fields';

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="link alloc-remove" aria-label={label} onClick={onClick}>
      ×
    </button>
  );
}

/** Per-asset bounds that override the default minimum and maximum weight. */
export function AssetBoundsTable({
  rows,
  onChange,
  assets,
  errors,
  highlight,
}: {
  rows: BoundRow[];
  onChange: (rows: BoundRow[]) => void;
  assets: string[];
  errors: FieldErrors;
  highlight: Set<string>;
}) {
  const update = (i: number, patch: Partial<BoundRow>) =>
    onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const err = (i: number, k: string) => errors[`constraints.perAsset.${i}.${k}`];
  const free = assets.filter((s) => !rows.some((r) => r.symbol === s));
  return (
    <div className="alloc-subtable" data-testid="alloc-asset-bounds">
      {rows.length > 0 && (
        <table className="alloc-table alloc-edit-table">
          <colgroup>
            <col />
            <col className="alloc-c-pct" />
            <col className="alloc-c-pct" />
            <col className="alloc-c-x" />
          </colgroup>
          <thead>
            <tr>
              <th>Asset</th>
              <th className="num">Min</th>
              <th className="num">Max</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>
                  <select
                    id={fieldId(`constraints.perAsset.${i}.symbol`)}
                    value={r.symbol}
                    onChange={(e) => update(i, { symbol: e.target.value })}
                    aria-label={`Bound ${i + 1} asset`}
                    className={err(i, 'symbol') ? 'invalid' : ''}
                    data-testid={`alloc-bound-symbol-${i}`}
                  >
                    <option value="">—</option>
                    {r.symbol && !assets.includes(r.symbol) && (
                      <option value={r.symbol}>{r.symbol} (not in universe)</option>
                    )}
                    {assets
                      .filter((s) => s === r.symbol || !rows.some((x) => x.symbol === s))
                      .map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                  </select>
                  <CellError error={err(i, 'symbol')} />
                </td>
                {(['min', 'max'] as const).map((k) => (
                  <td key={k} className="num">
                    <NumInput
                      path={`constraints.perAsset.${i}.${k}`}
                      value={k === 'min' ? r.minPct : r.maxPct}
                      onChange={(v) => update(i, k === 'min' ? { minPct: v } : { maxPct: v })}
                      unit="%"
                      label={`Bound ${i + 1} ${k}`}
                      invalid={!!err(i, k)}
                      conflict={highlight.has(`constraints.perAsset.${i}.${k}`)}
                    />
                    <CellError error={err(i, k)} />
                  </td>
                ))}
                <td>
                  <RemoveButton
                    label={`Remove bound ${i + 1}`}
                    onClick={() => onChange(rows.filter((_, k) => k !== i))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 0 && (
        <p className="hint alloc-table-note">A blank minimum or maximum keeps the default bound.</p>
      )}
      <button
        type="button"
        disabled={free.length === 0}
        onClick={() => onChange([...rows, { symbol: free[0] ?? '', minPct: '', maxPct: '' }])}
        data-testid="alloc-add-bound"
      >
        + Asset bound
      </button>
    </div>
  );
}

/** Bounds on the summed weight of a group: an asset class, a chain, a venue… or a custom list. */
export function GroupBoundsTable({
  rows,
  onChange,
  suggestions,
  errors,
  highlight,
}: {
  rows: GroupRow[];
  onChange: (rows: GroupRow[]) => void;
  suggestions: Record<GroupDimension, string[]>;
  errors: FieldErrors;
  highlight: Set<string>;
}) {
  const update = (i: number, patch: Partial<GroupRow>) =>
    onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const err = (i: number, k: string) => errors[`constraints.groups.${i}.${k}`];
  return (
    <div className="alloc-subtable" data-testid="alloc-group-bounds">
      {rows.length > 0 && (
        <table className="alloc-table alloc-edit-table">
          <colgroup>
            <col className="alloc-c-dim" />
            <col />
            <col className="alloc-c-pct" />
            <col className="alloc-c-pct" />
            <col className="alloc-c-x" />
          </colgroup>
          <thead>
            <tr>
              <th>Dimension</th>
              <th>Name / members</th>
              <th className="num">Min</th>
              <th className="num">Max</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const listId = `alloc-groups-${i}-values`;
              return (
                <tr key={i}>
                  <td>
                    <select
                      value={r.dimension}
                      onChange={(e) => update(i, { dimension: e.target.value as GroupDimension })}
                      aria-label={`Group ${i + 1} dimension`}
                      data-testid={`alloc-group-dimension-${i}`}
                    >
                      {GROUP_DIMENSIONS.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      id={fieldId(`constraints.groups.${i}.name`)}
                      className={`alloc-text${err(i, 'name') ? ' invalid' : ''}`}
                      value={r.name}
                      list={r.dimension === 'custom' ? undefined : listId}
                      placeholder={r.dimension === 'custom' ? 'group name' : 'value, e.g. DeFi'}
                      onChange={(e) => update(i, { name: e.target.value })}
                      aria-label={`Group ${i + 1} name`}
                      data-testid={`alloc-group-name-${i}`}
                    />
                    {r.dimension !== 'custom' && (
                      <datalist id={listId}>
                        {suggestions[r.dimension].map((v) => (
                          <option key={v} value={v} />
                        ))}
                      </datalist>
                    )}
                    {r.dimension === 'custom' && (
                      <input
                        id={fieldId(`constraints.groups.${i}.members`)}
                        className={`alloc-text${err(i, 'members') ? ' invalid' : ''}`}
                        value={r.members}
                        placeholder="members: BTC, ETH"
                        onChange={(e) => update(i, { members: e.target.value })}
                        aria-label={`Group ${i + 1} members`}
                        data-testid={`alloc-group-members-${i}`}
                      />
                    )}
                    <CellError error={err(i, 'name') ?? err(i, 'members')} />
                  </td>
                  {(['min', 'max'] as const).map((k) => (
                    <td key={k} className="num">
                      <NumInput
                        path={`constraints.groups.${i}.${k}`}
                        value={k === 'min' ? r.minPct : r.maxPct}
                        onChange={(v) => update(i, k === 'min' ? { minPct: v } : { maxPct: v })}
                        unit="%"
                        label={`Group ${i + 1} ${k}`}
                        invalid={!!err(i, k)}
                        conflict={highlight.has(`constraints.groups.${i}.${k}`)}
                      />
                      <CellError error={err(i, k)} />
                    </td>
                  ))}
                  <td>
                    <RemoveButton
                      label={`Remove group ${i + 1}`}
                      onClick={() => onChange(rows.filter((_, k) => k !== i))}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button
        type="button"
        onClick={() =>
          onChange([
            ...rows,
            { dimension: 'assetClass', name: '', members: '', minPct: '', maxPct: '' },
          ])
        }
        data-testid="alloc-add-group"
      >
        + Group bound
      </button>
    </div>
  );
}
