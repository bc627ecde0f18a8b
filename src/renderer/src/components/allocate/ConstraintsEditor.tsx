import type { GroupDimension } from '../../../../shared/allocation';
import type { FieldErrors, PolicyForm } from '../../lib/allocation';
import { AssetBoundsTable, GroupBoundsTable } from './BoundTables';
import { fieldId, NumField } from './fields';

type Setter = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => void;

/** The desk's constraints: weight bounds, long/short, groups, floors, liquidity and trading limits. */
export function ConstraintsEditor({
  form,
  set,
  errors,
  highlight,
  assets,
  suggestions,
}: {
  form: PolicyForm;
  set: Setter;
  errors: FieldErrors;
  highlight: Set<string>;
  assets: string[];
  suggestions: Record<GroupDimension, string[]>;
}) {
  const num = (key: keyof PolicyForm, path: string) => ({
    path,
    value: form[key] as string,
    onChange: (v: string) => set(key, v as never),
    errors,
    highlight,
  });
  return (
    <>
      <h3>Weights</h3>
      <div className="alloc-fields">
        <NumField
          label="Min weight"
          unit="%"
          placeholder={form.longOnly ? '0' : `−max`}
          {...num('minWeightPct', 'constraints.minWeight')}
        />
        <NumField label="Max weight" unit="%" {...num('maxWeightPct', 'constraints.maxWeight')} />
        <label className="field alloc-check">
          <span>Positions</span>
          <span className="alloc-check-row">
            <input
              id={fieldId('constraints.longOnly')}
              type="checkbox"
              checked={form.longOnly}
              onChange={(e) => set('longOnly', e.target.checked)}
              data-testid="alloc-long-only"
            />
            Long only
          </span>
        </label>
        {!form.longOnly && (
          <NumField
            label="Gross leverage"
            unit="×"
            hint="Σ |w| at most this"
            {...num('grossLeverage', 'constraints.grossLeverage')}
          />
        )}
      </div>
      <AssetBoundsTable
        rows={form.perAsset}
        onChange={(rows) => set('perAsset', rows)}
        assets={assets}
        errors={errors}
        highlight={highlight}
      />

      <h3>Groups</h3>
      <div className="alloc-fields">
        <NumField
          label="Stablecoin floor"
          unit="%"
          placeholder="none"
          hint="stablecoins and cash together"
          {...num('stableFloorPct', 'constraints.stableFloor')}
        />
      </div>
      <GroupBoundsTable
        rows={form.groups}
        onChange={(rows) => set('groups', rows)}
        suggestions={suggestions}
        errors={errors}
        highlight={highlight}
      />

      <h3>Trading and concentration</h3>
      <div className="alloc-fields">
        <NumField
          label="Liquidity cap"
          unit="days"
          placeholder="none"
          hint="position ≤ this many days of volume"
          {...num('liquidityDays', 'constraints.liquidityDays')}
        />
        <NumField
          label="Max turnover"
          unit="%"
          placeholder="none"
          hint="Σ |target − current|"
          {...num('maxTurnoverPct', 'constraints.maxTurnover')}
        />
        <NumField
          label="Max assets"
          placeholder="none"
          {...num('maxAssets', 'constraints.maxAssets')}
        />
        <NumField
          label="Min position"
          unit="%"
          placeholder="none"
          hint="each held asset at least this"
          {...num('minPositionPct', 'constraints.minPosition')}
        />
        <NumField
          label="L2 penalty"
          hint="γ ‖w‖²: spreads weights; 0 = off"
          {...num('l2', 'constraints.l2')}
        />
      </div>
    </>
  );
}
