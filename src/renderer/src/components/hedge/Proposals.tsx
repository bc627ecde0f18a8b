import { HedgeParams } from '../../../../shared/hedge';
import { formatNumber, formatPercent, formatPrice } from '../../lib/format';
import {
  formatCoins,
  formatQuantity,
  formatUsd,
  fundingText,
  isApplied,
  proposalLegs,
  structureKindLabel,
  structureLegText,
  tailProposalId,
  type AppliedLeg,
  type DeltaHedgeRow,
  type HedgeResult,
} from '../../lib/hedge';

const DEFAULTS = HedgeParams.parse({});

interface ApplyProps {
  legs: AppliedLeg[];
  overlay: AppliedLeg[];
  onApply: (legs: AppliedLeg[]) => void;
  testId: string;
}

/** Adds a proposal's legs to the what-if; says so once they are in. */
function ApplyButton({ legs, overlay, onApply, testId }: ApplyProps) {
  const applied = isApplied(overlay, legs);
  return (
    <button
      type="button"
      className={applied ? 'hedge-applied' : ''}
      disabled={applied || legs.length === 0}
      onClick={() => onApply(legs)}
      data-testid={testId}
      title={applied ? 'Already in the what-if overlay' : 'Add these legs to the what-if overlay'}
    >
      {applied ? 'Applied ✓' : 'Apply as what-if'}
    </button>
  );
}

/** Perpetual sizes that bring each underlying's delta to zero, with their funding and margin. */
export function DeltaHedgeTable({
  rows,
  overlay,
  onApply,
}: {
  rows: DeltaHedgeRow[];
  overlay: AppliedLeg[];
  onApply: (legs: AppliedLeg[]) => void;
}) {
  if (rows.length === 0) return <p className="hint">No underlying with a delta to hedge.</p>;
  return (
    <table className="plain-table" data-testid="hedge-delta">
      <thead>
        <tr>
          <th>Underlying</th>
          <th className="num" title="Net delta of the book in coins of the underlying">
            Net delta
          </th>
          <th className="num">$ exposure</th>
          <th>Hedge with</th>
          <th>Side</th>
          <th className="num">Size (coins)</th>
          <th className="num">Notional</th>
          <th className="num" title="Delta left after the hedge, in coins (contract rounding)">
            Residual
          </th>
          <th className="num" title="Funding at the contract’s current rate, per day">
            Funding / day
          </th>
          <th className="num">Funding / year</th>
          <th
            className="num"
            title={`Initial margin of the hedge at ${formatNumber(DEFAULTS.hedgeLeverage, 0)}× leverage`}
          >
            Margin ({formatNumber(DEFAULTS.hedgeLeverage, 0)}×)
          </th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-underlying={r.underlying}>
            <td className="strong">{r.underlying}</td>
            <td className="num">{formatCoins(r.netDelta)}</td>
            <td className="num">{formatUsd(r.netDelta * r.spot)}</td>
            <td>{r.instrument}</td>
            <td className={r.side === 'short' ? 'hedge-short' : 'hedge-long'}>{r.side}</td>
            <td className="num">{formatQuantity(Math.abs(r.contracts))}</td>
            <td className="num">{formatUsd(r.notionalUsd)}</td>
            <td className="num">{formatCoins(r.residualDelta)}</td>
            <td className="num">{fundingText(r.costPerDayUsd)}</td>
            <td className="num">{fundingText(r.costPerYearUsd)}</td>
            <td className="num">{formatUsd(r.marginUsd)}</td>
            <td className="hedge-action">
              <ApplyButton
                legs={r.legs}
                overlay={overlay}
                onApply={onApply}
                testId={`hedge-apply-delta-${r.underlying}`}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const COUNT_LABELS: Record<string, string> = {
  evaluated: 'evaluated',
  feasible: 'feasible',
  overBudget: 'over budget',
  lossCapNotMet: 'loss cap not met',
  skippedNoQuote: 'skipped (no quote)',
};

type Tail = NonNullable<HedgeResult['tailHedge']>;

/** Puts, put spreads and collars from the loaded chain that hold the loss to the cap within budget. */
export function TailHedgeTable({
  tail,
  spot,
  overlay,
  onApply,
}: {
  tail: Tail;
  spot: number | null;
  overlay: AppliedLeg[];
  onApply: (legs: AppliedLeg[]) => void;
}) {
  const exposure = tail.exposureUsd;
  const share = (x: number) => (exposure > 0 ? ` (${formatPercent(x / exposure, 1)})` : '');
  const fall = spot && spot > 0 ? ` (${formatPercent(tail.rangeLow / spot - 1, 0)})` : '';
  const counts = Object.entries(tail.counts);
  return (
    <>
      <p className="hedge-tail-summary" data-testid="hedge-tail-summary">
        Protecting {formatQuantity(tail.units)} {tail.underlying} ({formatUsd(exposure)} USD of
        exposure) down to {formatPrice(tail.rangeLow)}
        {fall}. Unhedged, the worst loss over that range is{' '}
        <strong>{formatUsd(tail.unhedgedWorstLossUsd)}</strong>; the cap is{' '}
        {formatUsd(tail.maxLossUsd)}
        {share(tail.maxLossUsd)} and the premium budget {formatUsd(tail.budgetUsd)}
        {share(tail.budgetUsd)}. Losses and costs are at expiry, in USD; a negative cost is a
        credit.
      </p>
      {counts.length > 0 && (
        <p className="hint" data-testid="hedge-tail-counts">
          Candidates:{' '}
          {counts.map(([k, n]) => `${formatNumber(n, 0)} ${COUNT_LABELS[k] ?? k}`).join(' · ')} (a
          structure can miss both the budget and the cap, so these overlap)
        </p>
      )}
      {tail.structures.length === 0 ? (
        <p className="hint">No structure in the chain meets the cap and the budget.</p>
      ) : (
        <table className="plain-table" data-testid="hedge-tail">
          <thead>
            <tr>
              <th>Structure</th>
              <th>Expiry</th>
              <th>Legs (coins, strike @ premium per coin)</th>
              <th className="num" title="Net premium paid today; negative: a credit">
                Cost
              </th>
              <th
                className="num"
                title="Largest loss over the range at expiry, after the hedge and its premium"
              >
                Worst loss
              </th>
              <th
                className="num"
                title="Largest loss while the long put is in the money: the level the hedge holds the loss to"
              >
                Protected loss
              </th>
              <th className="num" title="Prices at expiry where the hedged P&L crosses zero">
                Breakevens
              </th>
              <th
                className="num"
                title="Hedged P&L at expiry if the underlying rises 50 %: what a collar gives up"
              >
                Upside P&L
              </th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tail.structures.map((s) => {
              const id = tailProposalId(s);
              const legs = proposalLegs(
                id,
                `${tail.underlying} ${structureKindLabel(s.kind).toLowerCase()} ${s.expiryDate}`,
                s.overlay,
              );
              return (
                <tr key={id} className={s.feasible ? '' : 'hedge-infeasible'} data-kind={s.kind}>
                  <td className="strong">{structureKindLabel(s.kind)}</td>
                  <td className="hedge-date">{s.expiryDate}</td>
                  <td>
                    {s.legs.map((l, i) => (
                      <div key={i} className="hedge-leg">
                        {structureLegText(l)}
                      </div>
                    ))}
                  </td>
                  <td className="num">{formatUsd(s.costUsd)}</td>
                  <td className="num">{formatUsd(s.worstLossUsd)}</td>
                  <td className="num">{formatUsd(s.protectedLossUsd)}</td>
                  <td className="num">
                    {s.breakevens.length ? s.breakevens.map((b) => formatPrice(b)).join(', ') : '—'}
                  </td>
                  <td className="num">{formatUsd(s.upsidePnlUsd)}</td>
                  <td>
                    {s.feasible ? (
                      <span className="ok">feasible</span>
                    ) : (
                      <span className="hedge-why">{s.reasons.join('; ') || 'not feasible'}</span>
                    )}
                  </td>
                  <td className="hedge-action">
                    <ApplyButton
                      legs={legs}
                      overlay={overlay}
                      onApply={onApply}
                      testId="hedge-apply-tail"
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
