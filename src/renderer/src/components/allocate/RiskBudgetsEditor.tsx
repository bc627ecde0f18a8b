import { equalRiskBudgets, typedNumber, type FieldErrors } from '../../lib/allocation';
import { formatPercent } from '../../lib/format';
import { CellError, NumInput } from './fields';

/**
 * Risk parity's budgets: every asset the same share of risk (the default), or a share typed
 * per asset of the universe. Budgets need not add up: the engine scales them to 100 %, and the
 * share column shows what each one becomes.
 */
export function RiskBudgetsEditor({
  budgets,
  assets,
  onChange,
  errors,
}: {
  budgets: Record<string, string> | null;
  assets: string[];
  onChange: (b: Record<string, string> | null) => void;
  errors: FieldErrors;
}) {
  const values = budgets ? assets.map((s) => typedNumber(budgets[s] ?? '')) : [];
  const valid = values.every((x) => x > 0);
  const total = values.reduce((a, b) => a + b, 0);
  // (a typo shows as — in the share column until the budgets are all positive numbers)
  return (
    <div className="alloc-subtable alloc-budgets" data-testid="alloc-risk-budgets">
      <label className="toggle">
        <input
          type="checkbox"
          checked={budgets === null}
          onChange={(e) => onChange(e.target.checked ? null : equalRiskBudgets(assets))}
          data-testid="alloc-equal-risk"
        />
        Equal risk from every asset
      </label>
      {budgets && (
        <>
          <table className="alloc-table alloc-edit-table">
            <colgroup>
              <col />
              <col className="alloc-c-pct" />
              <col className="alloc-c-pct" />
            </colgroup>
            <thead>
              <tr>
                <th>Asset</th>
                <th className="num">Budget</th>
                <th className="num">Share of risk</th>
              </tr>
            </thead>
            <tbody>
              {assets.map((s, i) => {
                const path = `riskBudgets.${s}`;
                return (
                  <tr key={s} data-symbol={s}>
                    <td>{s}</td>
                    <td>
                      <NumInput
                        path={path}
                        value={budgets[s] ?? ''}
                        onChange={(v) => onChange({ ...budgets, [s]: v })}
                        unit="%"
                        label={`Risk budget of ${s}`}
                        invalid={!!errors[path]}
                      />
                      <CellError error={errors[path]} />
                    </td>
                    <td className="num" data-col="share">
                      {valid && total > 0 ? formatPercent(values[i]! / total) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="hint alloc-table-note">
            Budgets are relative: an asset’s share of risk is its budget over their sum (the
            right-hand column).
          </p>
          <button
            type="button"
            onClick={() => onChange(equalRiskBudgets(assets))}
            data-testid="alloc-budgets-equal"
          >
            Equal budgets
          </button>
        </>
      )}
      <CellError error={errors.riskBudgets} />
    </div>
  );
}
