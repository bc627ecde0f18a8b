import type { FieldErrors, ViewRow } from '../../lib/allocation';
import { CellError, fieldId, NumInput } from './fields';

const EMPTY: ViewRow = {
  kind: 'absolute',
  asset: '',
  long: '',
  short: '',
  returnPct: '',
  confidencePct: '50',
};

function AssetSelect({
  path,
  value,
  assets,
  onChange,
  label,
  invalid,
}: {
  path: string;
  value: string;
  assets: string[];
  onChange: (v: string) => void;
  label: string;
  invalid: boolean;
}) {
  return (
    <select
      id={fieldId(path)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-label={label}
      aria-invalid={invalid || undefined}
      className={invalid ? 'invalid' : ''}
      data-testid={fieldId(path)}
    >
      <option value="">—</option>
      {value && !assets.includes(value) && <option value={value}>{value} (not in universe)</option>}
      {assets.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}

/**
 * Black-Litterman views: "ETH returns 30 % a year" (absolute) or "SOL beats ADA by 10 %"
 * (relative), each with a confidence (Idzorek: 100 % makes the posterior match the view).
 */
export function ViewsEditor({
  views,
  onChange,
  assets,
  errors,
}: {
  views: ViewRow[];
  onChange: (v: ViewRow[]) => void;
  assets: string[];
  errors: FieldErrors;
}) {
  const update = (i: number, patch: Partial<ViewRow>) =>
    onChange(views.map((v, k) => (k === i ? { ...v, ...patch } : v)));
  const err = (i: number, k: string) => errors[`views.${i}.${k}`];
  return (
    <div className="alloc-subtable" data-testid="alloc-views">
      {views.length > 0 && (
        <table className="alloc-table alloc-edit-table">
          <colgroup>
            <col className="alloc-c-kind" />
            <col />
            <col className="alloc-c-pct" />
            <col className="alloc-c-pct" />
            <col className="alloc-c-x" />
          </colgroup>
          <thead>
            <tr>
              <th>View</th>
              <th>Asset(s)</th>
              <th className="num">Return / yr</th>
              <th className="num">Confidence</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {views.map((v, i) => (
              <tr key={i}>
                <td>
                  <select
                    value={v.kind}
                    onChange={(e) => update(i, { kind: e.target.value as ViewRow['kind'] })}
                    aria-label={`View ${i + 1} kind`}
                    data-testid={`alloc-view-kind-${i}`}
                  >
                    <option value="absolute">absolute</option>
                    <option value="relative">relative</option>
                  </select>
                </td>
                <td>
                  {v.kind === 'absolute' ? (
                    <AssetSelect
                      path={`views.${i}.asset`}
                      value={v.asset}
                      assets={assets}
                      onChange={(asset) => update(i, { asset })}
                      label={`View ${i + 1} asset`}
                      invalid={!!err(i, 'asset')}
                    />
                  ) : (
                    <span className="alloc-pair">
                      <AssetSelect
                        path={`views.${i}.long`}
                        value={v.long}
                        assets={assets}
                        onChange={(long) => update(i, { long })}
                        label={`View ${i + 1} outperformer`}
                        invalid={!!err(i, 'long')}
                      />
                      <span className="hint">beats</span>
                      <AssetSelect
                        path={`views.${i}.short`}
                        value={v.short}
                        assets={assets}
                        onChange={(short) => update(i, { short })}
                        label={`View ${i + 1} underperformer`}
                        invalid={!!err(i, 'short')}
                      />
                    </span>
                  )}
                  <CellError error={err(i, 'asset') ?? err(i, 'long') ?? err(i, 'short')} />
                </td>
                <td className="num">
                  <NumInput
                    path={`views.${i}.return`}
                    value={v.returnPct}
                    onChange={(returnPct) => update(i, { returnPct })}
                    unit="%"
                    label={`View ${i + 1} return`}
                    invalid={!!err(i, 'return')}
                  />
                  <CellError error={err(i, 'return')} />
                </td>
                <td className="num">
                  <NumInput
                    path={`views.${i}.confidence`}
                    value={v.confidencePct}
                    onChange={(confidencePct) => update(i, { confidencePct })}
                    unit="%"
                    label={`View ${i + 1} confidence`}
                    invalid={!!err(i, 'confidence')}
                  />
                  <CellError error={err(i, 'confidence')} />
                </td>
                <td>
                  <button
                    type="button"
                    className="link alloc-remove"
                    aria-label={`Remove view ${i + 1}`}
                    onClick={() => onChange(views.filter((_, k) => k !== i))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {errors.views && <em className="field-error">{errors.views}</em>}
      <button
        type="button"
        onClick={() => onChange([...views, { ...EMPTY }])}
        data-testid="alloc-add-view"
      >
        + Add view
      </button>
    </div>
  );
}
