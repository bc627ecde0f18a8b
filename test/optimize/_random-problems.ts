// Seeded random problems for the robustness suite (robustness.test.ts): covariances that are full
// rank, rank-deficient (fewer days than assets) or ill-conditioned, and constraint sets built
// around a known feasible point.
import type { Matrix } from '../../src/main/engine/linalg/matrix';
import { compileConstraints } from '../../src/main/engine/optimize/compile';
import type { QpProblem } from '../../src/main/engine/optimize/qp';
import type { AllocationConstraints } from '../../src/main/engine/optimize/types';
import { normalGenerator, uniformGenerator } from '../../src/main/engine/stats/random';

export interface Rng {
  u: () => number;
  g: () => number;
  int: (lo: number, hi: number) => number;
}
export const rng = (seed: number): Rng => {
  const u = uniformGenerator(seed);
  const g = normalGenerator(seed ^ 0x9e3779b9);
  return { u, g, int: (lo, hi) => lo + Math.floor(u() * (hi - lo + 1)) };
};

export type CovKind = 'factor' | 'short-sample' | 'ill-conditioned';

/** A PSD covariance of the given kind; cond sets the eigenvalue spread of 'ill-conditioned'. */
export function covariance(kind: CovKind, n: number, r: Rng, cond = 1e10): Matrix {
  const data = new Float64Array(n * n);
  if (kind === 'factor') {
    const k = Math.min(n, 3);
    const B = Array.from({ length: n * k }, () => 0.4 * r.g());
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let f = 0; f < k; f++) s += B[i * k + f]! * B[j * k + f]!;
        data[i * n + j] = s + (i === j ? 0.05 + 0.3 * r.u() : 0);
      }
  } else if (kind === 'short-sample') {
    // sample covariance of T < n days: rank T - 1, like a young crypto universe
    const T = Math.max(2, Math.floor(n / 2));
    const X = Array.from({ length: T * n }, () => 0);
    for (let t = 0; t < T; t++) {
      const m = r.g();
      for (let i = 0; i < n; i++) X[t * n + i] = 0.04 * (0.7 * m + 0.7 * r.g());
    }
    for (let i = 0; i < n; i++) {
      let mi = 0;
      for (let t = 0; t < T; t++) mi += X[t * n + i]! / T;
      for (let t = 0; t < T; t++) X[t * n + i] = X[t * n + i]! - mi;
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += X[t * n + i]! * X[t * n + j]!;
        data[i * n + j] = (s * 365) / Math.max(1, T - 1);
        data[j * n + i] = data[i * n + j]!;
      }
  } else {
    // Q diag(λ) Qᵀ, λ log-spaced over [1/cond, 1], Q a product of random Householder reflections
    for (let i = 0; i < n; i++) data[i * n + i] = n === 1 ? 1 : Math.pow(cond, -i / (n - 1));
    for (let h = 0; h < 6; h++) {
      const v = Array.from({ length: n }, () => r.g());
      const vv = v.reduce((s, x) => s + x * x, 0);
      // M <- H M H with H = I - 2vvᵀ/vᵀv
      const Mv = new Float64Array(n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) Mv[i] = Mv[i]! + data[i * n + j]! * v[j]!;
      const vMv = v.reduce((s, x, i) => s + x * Mv[i]!, 0);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          data[i * n + j] =
            data[i * n + j]! -
            (2 * (v[i]! * Mv[j]! + Mv[i]! * v[j]!)) / vv +
            (4 * vMv * v[i]! * v[j]!) / (vv * vv);
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) {
        const s = 0.5 * (data[i * n + j]! + data[j * n + i]!);
        data[i * n + j] = s;
        data[j * n + i] = s;
      }
  }
  return { rows: n, cols: n, data };
}

export interface Built {
  label: string;
  problem: QpProblem;
  /** A feasible point known by construction. */
  xStar: Float64Array;
}

/** A general QP around x*: boxes (some infinite, some fixed), equalities, tight and slack rows. */
export function rawQp(seed: number, n: number, kind: CovKind): Built {
  const r = rng(seed);
  const nP = kind === 'factor' && r.u() < 0.3 ? Math.max(1, n - r.int(1, Math.ceil(n / 4))) : n;
  const P = covariance(kind, nP, r);
  const xStar = Float64Array.from({ length: n }, () => r.g());
  const lb = new Float64Array(n);
  const ub = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = r.u();
    // infinite bounds only where the curvature is positive definite (bounded problem)
    const free = kind === 'factor' && j < nP && v < 0.1;
    // a few fixed (lb = ub = x*), some tight at x* from below, the rest with room
    lb[j] = free ? -Infinity : v < 0.15 ? xStar[j]! : xStar[j]! - 2 * r.u();
    ub[j] = free ? Infinity : v < 0.03 ? xStar[j]! : xStar[j]! + 2 * r.u();
  }
  const rows = (count: number, eq: boolean) => {
    const A = new Float64Array(count * n);
    const b = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const dense = r.u() < 0.5;
      let s = 0;
      for (let j = 0; j < n; j++) {
        const a = dense || r.u() < 0.3 ? r.g() : 0;
        A[i * n + j] = a;
        s += a * xStar[j]!;
      }
      b[i] = eq || r.u() < 0.3 ? s : s + r.u();
    }
    return { A: { rows: count, cols: n, data: A }, b };
  };
  const E = rows(r.int(0, Math.min(3, Math.max(0, n - 1))), true);
  const I = rows(r.int(0, 10), false);
  const q = Float64Array.from({ length: n }, () => 2 * r.g());
  return {
    label: `raw QP seed ${seed} n ${n} ${kind}${nP < n ? ` (curvature on ${nP})` : ''}`,
    problem: { P, q, lb, ub, Aeq: E.A, beq: E.b, Ain: I.A, bin: I.b },
    xStar,
  };
}

export type Mix = 'long-only' | 'long-short' | 'turnover' | 'long-short+turnover';

/** An allocation problem compiled from a spec built around weights w* (so it is feasible). */
export function allocationQp(seed: number, n: number, kind: CovKind, mix: Mix): Built {
  const r = rng(seed);
  const longShort = mix.startsWith('long-short');
  // w*: sparse-ish, sums to 1; long-short puts some weight short
  const w = Float64Array.from({ length: n }, () => (r.u() < 0.6 ? r.u() : 0));
  if (longShort) for (let i = 0; i < n; i++) if (r.u() < 0.3) w[i] = -0.5 * r.u();
  let s = w.reduce((a, b) => a + b, 0);
  if (!(s > 0.1)) {
    w[0] = w[0]! + 1;
    s = w.reduce((a, b) => a + b, 0);
  }
  for (let i = 0; i < n; i++) w[i] = w[i]! / s;
  const tight = () => r.u() < 0.3;
  const spec: AllocationConstraints = {
    longOnly: !longShort,
    upper: Array.from(w, (v) => (tight() ? Math.max(v, 0) : Math.max(v, 0) + r.u())),
    lower: Array.from(w, (v) =>
      longShort ? (tight() ? Math.min(v, 0) : Math.min(v, 0) - r.u()) : tight() ? v : 0,
    ),
  };
  const groups = r.int(0, 5);
  spec.groups = [];
  for (let k = 0; k < groups; k++) {
    const members = Array.from({ length: n }, (_, i) => i).filter(() => r.u() < 0.4);
    if (members.length === 0) continue;
    const gs = members.reduce((a, i) => a + w[i]!, 0);
    spec.groups.push({
      name: `G${k}`,
      members,
      upper: tight() ? gs : gs + 0.3 * r.u(),
      lower: r.u() < 0.5 ? (tight() ? gs : gs - 0.3 * r.u()) : undefined,
    });
  }
  const gross = w.reduce((a, b) => a + Math.abs(b), 0);
  if (longShort) spec.grossLeverage = tight() ? gross : gross + r.u();
  const current = Float64Array.from({ length: n }, () => r.u());
  const cs = current.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) current[i] = current[i]! / cs;
  const turn = w.reduce((a, v, i) => a + Math.abs(v - current[i]!), 0);
  if (mix.endsWith('turnover'))
    spec.turnover = { current, maxTurnover: tight() ? turn : turn + 0.5 * r.u() };
  const names = Array.from({ length: n }, (_, i) => `a${i}`);
  const sys = compileConstraints(spec, n, names);
  const xStar = new Float64Array(sys.nVars);
  xStar.set(w);
  let o = n;
  if (longShort) {
    for (let i = 0; i < n; i++) xStar[o + i] = Math.abs(w[i]!);
    o += n;
  }
  if (spec.turnover) for (let i = 0; i < n; i++) xStar[o + i] = Math.abs(w[i]! - current[i]!);
  const cov = covariance(kind, n, r);
  const P = { rows: n, cols: n, data: cov.data.map((v) => 2 * v) };
  const lam = 2 * r.u();
  const q = new Float64Array(sys.nVars);
  for (let i = 0; i < n; i++) q[i] = -lam * (0.5 * r.g());
  return {
    label: `allocation seed ${seed} n ${n} ${kind} ${mix}`,
    problem: {
      P,
      q,
      lb: sys.lb,
      ub: sys.ub,
      Aeq: sys.Aeq,
      beq: sys.beq,
      Ain: sys.Ain,
      bin: sys.bin,
    },
    xStar,
  };
}
