import type { Matrix } from '../linalg/matrix';

// Rolling-window statistics over daily returns; output i covers days i-window+1 .. i, so the
// first window-1 days have none (the arrays start at day window-1).

export function rollingVol(
  r: ArrayLike<number>,
  window: number,
  periodsPerYear: number,
): Float64Array {
  const n = r.length;
  const out = new Float64Array(Math.max(0, n - window + 1));
  let s = 0;
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    s += r[t]!;
    s2 += r[t]! ** 2;
    if (t >= window) {
      s -= r[t - window]!;
      s2 -= r[t - window]! ** 2;
    }
    if (t >= window - 1)
      out[t - window + 1] = Math.sqrt(
        Math.max(0, (s2 - (s * s) / window) / (window - 1)) * periodsPerYear,
      );
  }
  return out;
}

function corrFromSums(
  n: number,
  sa: number,
  sb: number,
  saa: number,
  sbb: number,
  sab: number,
): number {
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  const c = sab - (sa * sb) / n;
  return va > 0 && vb > 0 ? Math.max(-1, Math.min(1, c / Math.sqrt(va * vb))) : 0;
}

export function rollingCorrelation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  window: number,
): Float64Array {
  const n = a.length;
  const out = new Float64Array(Math.max(0, n - window + 1));
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let t = 0; t < n; t++) {
    sa += a[t]!;
    sb += b[t]!;
    saa += a[t]! ** 2;
    sbb += b[t]! ** 2;
    sab += a[t]! * b[t]!;
    if (t >= window) {
      const x = a[t - window]!;
      const y = b[t - window]!;
      sa -= x;
      sb -= y;
      saa -= x * x;
      sbb -= y * y;
      sab -= x * y;
    }
    if (t >= window - 1) out[t - window + 1] = corrFromSums(window, sa, sb, saa, sbb, sab);
  }
  return out;
}

/** Mean of the off-diagonal correlations in each window: it rises when markets sell off together. */
export function rollingAverageCorrelation(X: Matrix, window: number): Float64Array {
  const N = X.cols;
  const T = X.rows;
  const out = new Float64Array(Math.max(0, T - window + 1));
  if (N < 2) return out;
  const s = new Float64Array(N);
  const ss = new Float64Array(N * N);
  const add = (t: number, sign: number) => {
    const o = t * N;
    for (let i = 0; i < N; i++) {
      const xi = X.data[o + i]!;
      s[i]! += sign * xi;
      for (let j = i; j < N; j++) ss[i * N + j]! += sign * xi * X.data[o + j]!;
    }
  };
  for (let t = 0; t < T; t++) {
    add(t, 1);
    if (t >= window) add(t - window, -1);
    if (t >= window - 1) {
      let sum = 0;
      for (let i = 0; i < N; i++)
        for (let j = i + 1; j < N; j++)
          sum += corrFromSums(window, s[i]!, s[j]!, ss[i * N + i]!, ss[j * N + j]!, ss[i * N + j]!);
      out[t - window + 1] = sum / ((N * (N - 1)) / 2);
    }
  }
  return out;
}
