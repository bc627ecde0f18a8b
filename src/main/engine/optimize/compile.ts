// The desk's allocation constraints compiled to the linear form every optimiser shares
// (LinearSystem, types.ts): variables x = [w (n weights), |w| auxiliaries, turnover auxiliaries].
// Every bound and row carries the label of the user's constraint it came from; the rows that
// define an auxiliary variable carry the label of the constraint that needs it, so dropping that
// label (infeasibility diagnosis) removes the whole construct.
//
// Not compiled here: maxAssets and minPosition (mixed-integer: cardinality.ts) and l2 (objective
// side: the mean-variance objectives add 2γI to P over the weights).
import type { AllocationConstraints, LinearSystem } from './types';

/** 0.4 -> "40%", 0.125 -> "12.5%", 1/3 -> "33.33%". */
export function percentLabel(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  const s = (Math.round(v * 1e4) / 100).toString();
  return `${s}%`;
}

export function compileConstraints(
  spec: AllocationConstraints,
  n: number,
  assetNames: string[],
): LinearSystem {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`constraints: n = ${n} assets is not valid`);
  if (assetNames.length !== n)
    throw new RangeError(`constraints: ${assetNames.length} asset names for ${n} assets`);
  const name = (i: number) => assetNames[i]!;
  const longOnly = spec.longOnly ?? true;
  const budget = spec.budget ?? 1;
  if (!Number.isFinite(budget)) throw new RangeError(`constraints: budget is ${budget}`);

  // per-asset bounds: defaults, then the caller's, then caps (the tightest upper bound wins)
  const lb = new Float64Array(n).fill(longOnly ? 0 : -1);
  const ub = new Float64Array(n).fill(1);
  const capNote: (string | undefined)[] = new Array<string | undefined>(n);
  const vec = (v: ArrayLike<number> | undefined, field: string, out: Float64Array) => {
    if (!v) return;
    if (v.length !== n)
      throw new RangeError(`constraints: ${field} has ${v.length} entries, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (
        Number.isNaN(x) ||
        (field === 'lower' && x === Infinity) ||
        (field === 'upper' && x === -Infinity)
      )
        throw new RangeError(`constraints: ${field} bound of ${name(i)} is ${x}`);
      out[i] = x;
    }
  };
  vec(spec.lower, 'lower', lb);
  vec(spec.upper, 'upper', ub);
  if (longOnly)
    for (let i = 0; i < n; i++)
      if (lb[i]! < 0)
        throw new RangeError(
          `constraints: lower bound of ${name(i)} is ${percentLabel(lb[i]!)} but the portfolio is long-only`,
        );
  for (const [k, cap] of (spec.caps ?? []).entries()) {
    if (!Number.isInteger(cap.asset) || cap.asset < 0 || cap.asset >= n)
      throw new RangeError(
        `constraints: cap ${k} (${cap.reason}) names asset ${cap.asset}, not in 0..${n - 1}`,
      );
    if (!Number.isFinite(cap.max))
      throw new RangeError(`constraints: cap on ${name(cap.asset)} (${cap.reason}) is ${cap.max}`);
    if (cap.max < ub[cap.asset]!) {
      ub[cap.asset] = cap.max;
      capNote[cap.asset] = cap.reason;
    }
  }
  const boundLabel = (i: number) =>
    `bounds ${name(i)} ${percentLabel(lb[i]!)}..${percentLabel(ub[i]!)}${capNote[i] ? ` (cap: ${capNote[i]})` : ''}`;

  const gross = spec.grossLeverage;
  if (gross !== undefined && !(Number.isFinite(gross) && gross >= 0))
    throw new RangeError(`constraints: gross leverage is ${gross}`);
  const withGross = !longOnly && gross !== undefined;
  const turnover = spec.turnover;
  if (turnover) {
    if (!(Number.isFinite(turnover.maxTurnover) && turnover.maxTurnover >= 0))
      throw new RangeError(`constraints: maximum turnover is ${turnover.maxTurnover}`);
    if (turnover.current.length !== n)
      throw new RangeError(
        `constraints: current weights have ${turnover.current.length} entries, expected ${n}`,
      );
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(turnover.current[i]!))
        throw new RangeError(`constraints: current weight of ${name(i)} is ${turnover.current[i]}`);
  }

  const nVars = n + (withGross ? n : 0) + (turnover ? n : 0);
  const LB = new Float64Array(nVars);
  const UB = new Float64Array(nVars);
  const boundLabels: string[] = [];
  for (let i = 0; i < n; i++) {
    LB[i] = lb[i]!;
    UB[i] = ub[i]!;
    boundLabels.push(boundLabel(i));
  }

  const eq = new RowBuilder(nVars);
  const ineq = new RowBuilder(nVars);
  eq.add(
    `budget: weights sum to ${budget}`,
    Array.from({ length: n }, (_, i) => [i, 1] as [number, number]),
    budget,
  );

  for (const [k, grp] of (spec.groups ?? []).entries()) {
    const label = grp.name || `group ${k + 1}`;
    if (grp.members.length === 0)
      throw new RangeError(`constraints: group ${label} has no members`);
    const seen = new Set<number>();
    for (const i of grp.members) {
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new RangeError(`constraints: group ${label} names asset ${i}, not in 0..${n - 1}`);
      if (seen.has(i)) throw new RangeError(`constraints: group ${label} lists ${name(i)} twice`);
      seen.add(i);
    }
    const { lower, upper } = grp;
    if (lower !== undefined && !Number.isFinite(lower))
      throw new RangeError(`constraints: lower bound of group ${label} is ${lower}`);
    if (upper !== undefined && !Number.isFinite(upper))
      throw new RangeError(`constraints: upper bound of group ${label} is ${upper}`);
    const members = grp.members.map((i) => [i, 1] as [number, number]);
    if (upper !== undefined) ineq.add(`group ${label} <= ${percentLabel(upper)}`, members, upper);
    if (lower !== undefined)
      ineq.add(
        `group ${label} >= ${percentLabel(lower)}`,
        members.map(([i]) => [i, -1] as [number, number]),
        -lower,
      );
  }

  let next = n;
  if (withGross) {
    // a_i >= |w_i| (two rows each), sum a <= L; a_i needs no more room than the bounds give w_i
    const label = `gross leverage <= ${percentLabel(gross)}`;
    for (let i = 0; i < n; i++) {
      const a = next + i;
      LB[a] = 0;
      UB[a] = Math.max(Math.abs(lb[i]!), Math.abs(ub[i]!));
      boundLabels.push(label);
      ineq.add(
        label,
        [
          [i, 1],
          [a, -1],
        ],
        0,
      );
      ineq.add(
        label,
        [
          [i, -1],
          [a, -1],
        ],
        0,
      );
    }
    ineq.add(
      label,
      Array.from({ length: n }, (_, i) => [next + i, 1] as [number, number]),
      gross,
    );
    next += n;
  } else if (longOnly && gross !== undefined) {
    // long-only: sum |w| is sum w, one row
    ineq.add(
      `gross leverage <= ${percentLabel(gross)}`,
      Array.from({ length: n }, (_, i) => [i, 1] as [number, number]),
      gross,
    );
  }

  if (turnover) {
    // t_i >= |w_i - current_i| (two rows each), sum t <= T
    const label = `turnover <= ${percentLabel(turnover.maxTurnover)}`;
    for (let i = 0; i < n; i++) {
      const t = next + i;
      const c = turnover.current[i]!;
      LB[t] = 0;
      UB[t] = Math.max(Math.abs(ub[i]! - c), Math.abs(c - lb[i]!));
      boundLabels.push(label);
      ineq.add(
        label,
        [
          [i, 1],
          [t, -1],
        ],
        c,
      );
      ineq.add(
        label,
        [
          [i, -1],
          [t, -1],
        ],
        -c,
      );
    }
    ineq.add(
      label,
      Array.from({ length: n }, (_, i) => [next + i, 1] as [number, number]),
      turnover.maxTurnover,
    );
    next += n;
  }

  const E = eq.build();
  const I = ineq.build();
  return {
    n,
    nVars,
    lb: LB,
    ub: UB,
    boundLabels,
    Aeq: E.A,
    beq: E.b,
    eqLabels: E.labels,
    Ain: I.A,
    bin: I.b,
    inLabels: I.labels,
  };
}

/** Sparse rows collected, then laid out dense (the LinearSystem format). */
class RowBuilder {
  private readonly rows: { label: string; terms: [number, number][]; rhs: number }[] = [];
  constructor(private readonly cols: number) {}
  add(label: string, terms: [number, number][], rhs: number): void {
    this.rows.push({ label, terms, rhs });
  }
  build() {
    const A = {
      rows: this.rows.length,
      cols: this.cols,
      data: new Float64Array(this.rows.length * this.cols),
    };
    this.rows.forEach((r, k) => {
      for (const [j, v] of r.terms) A.data[k * this.cols + j] = A.data[k * this.cols + j]! + v;
    });
    return {
      A,
      b: Float64Array.from(this.rows, (r) => r.rhs),
      labels: this.rows.map((r) => r.label),
    };
  }
}
