// Nelder-Mead simplex minimiser (Lagarias et al. 1998 coefficients), for small smooth
// likelihood problems (Student-t and GARCH fits) where gradients are not at hand.

export interface NelderMeadResult {
  x: Float64Array;
  fx: number;
  iterations: number;
  converged: boolean;
}

export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  opts: { step?: number[] | number; maxIter?: number; tolF?: number; tolX?: number } = {},
): NelderMeadResult {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 200 * n;
  const tolF = opts.tolF ?? 1e-10;
  const tolX = opts.tolX ?? 1e-8;
  const simplex: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    const s = Array.isArray(opts.step)
      ? opts.step[i]!
      : ((opts.step as number | undefined) ?? (p[i] !== 0 ? 0.05 * Math.abs(p[i]!) : 0.00025));
    p[i]! += s;
    simplex.push(p);
  }
  const val = (p: Float64Array) => {
    const v = f(p);
    return Number.isFinite(v) ? v : Infinity;
  };
  let fs = simplex.map(val);
  let it = 0;
  let converged = false;
  const centroid = new Float64Array(n);
  const along = (c: Float64Array, p: Float64Array, t: number) => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = c[k]! + t * (p[k]! - c[k]!);
    return out;
  };
  for (; it < maxIter; it++) {
    const order = fs.map((_, i) => i).sort((a, b) => fs[a]! - fs[b]!);
    const sorted = order.map((i) => simplex[i]!);
    fs = order.map((i) => fs[i]!);
    simplex.splice(0, simplex.length, ...sorted);
    let spread = 0;
    for (let i = 1; i <= n; i++)
      for (let k = 0; k < n; k++)
        spread = Math.max(spread, Math.abs(simplex[i]![k]! - simplex[0]![k]!));
    if (
      Math.abs(fs[n]! - fs[0]!) <= tolF * (Math.abs(fs[0]!) + 1e-300) + 1e-300 &&
      spread <= tolX * (1 + Math.max(...Array.from(simplex[0]!, Math.abs)))
    ) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k]! += simplex[i]![k]! / n;
    const worst = simplex[n]!;
    const xr = along(centroid, worst, -1);
    const fr = val(xr);
    if (fr < fs[0]!) {
      const xe = along(centroid, worst, -2);
      const fe = val(xe);
      if (fe < fr) {
        simplex[n] = xe;
        fs[n] = fe;
      } else {
        simplex[n] = xr;
        fs[n] = fr;
      }
    } else if (fr < fs[n - 1]!) {
      simplex[n] = xr;
      fs[n] = fr;
    } else {
      const outside = fr < fs[n]!;
      const xc = along(centroid, worst, outside ? -0.5 : 0.5);
      const fc = val(xc);
      if (fc < (outside ? fr : fs[n]!)) {
        simplex[n] = xc;
        fs[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = along(simplex[0]!, simplex[i]!, 0.5);
          fs[i] = val(simplex[i]!);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (fs[i]! < fs[best]!) best = i;
  return { x: simplex[best]!, fx: fs[best]!, iterations: it, converged };
}
