// BFGS quasi-Newton minimiser with a backtracking (Armijo) line search, for smooth problems
// with an analytic gradient (the GARCH likelihood).

export interface BfgsResult {
  x: Float64Array;
  fx: number;
  iterations: number;
  converged: boolean;
}

export function bfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x0: ArrayLike<number>,
  opts: { maxIter?: number; gradTol?: number; fTol?: number } = {},
): BfgsResult {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 200;
  const gradTol = opts.gradTol ?? 1e-7;
  const fTol = opts.fTol ?? 1e-13;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  if (!Number.isFinite(f)) return { x, fx: f, iterations: 0, converged: false };
  // inverse Hessian approximation, starts as identity
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const d = new Float64Array(n);
  const xn = new Float64Array(n);
  const gn = new Float64Array(n);
  let it = 0;
  let converged = false;
  for (; it < maxIter; it++) {
    if (Math.max(...Array.from(g, Math.abs)) < gradTol) {
      converged = true;
      break;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j]! * g[j]!;
      d[i] = s;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += d[i]! * g[i]!;
    if (slope >= 0) {
      // not a descent direction: restart from steepest descent
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        d[i] = -g[i]!;
      }
      slope = -g.reduce((s, v) => s + v * v, 0);
    }
    let step = 1;
    let fn = Infinity;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xn[i] = x[i]! + step * d[i]!;
      fn = fg(xn, gn);
      if (Number.isFinite(fn) && fn <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!Number.isFinite(fn) || fn > f) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xn[i]! - x[i]!;
      y[i] = gn[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    const df = f - fn;
    x = Float64Array.from(xn);
    g = Float64Array.from(gn);
    f = fn;
    if (df <= fTol * (Math.abs(f) + 1e-300)) {
      converged = Math.max(...Array.from(g, Math.abs)) < gradTol * 1e3;
      break;
    }
    if (sy > 1e-300) {
      // H <- (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const Hy = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Hy[i]! += H[i * n + j]! * y[j]!;
      let yHy = 0;
      for (let i = 0; i < n; i++) yHy += y[i]! * Hy[i]!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            H[i * n + j]! -
            rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) +
            (rho * rho * yHy + rho) * s[i]! * s[j]!;
        }
      }
    }
  }
  return { x, fx: f, iterations: it, converged };
}
