import { symmetricEigen, type Matrix } from '../linalg/matrix';

/**
 * Concentration of a book: Herfindahl index of weights, its inverse (effective number of
 * assets), and Meucci's (2009) effective number of bets: the exponential entropy of the risk
 * shares of the principal components.
 */
export function concentration(
  w: ArrayLike<number>,
  cov: Matrix,
): { hhi: number; effectiveAssets: number; effectiveBets: number } {
  let hhi = 0;
  for (let i = 0; i < w.length; i++) hhi += w[i]! ** 2;
  const { values, vectors } = symmetricEigen(cov);
  const N = cov.rows;
  const shares = new Float64Array(N);
  let total = 0;
  for (let k = 0; k < N; k++) {
    let b = 0;
    for (let i = 0; i < N; i++) b += vectors.data[i * N + k]! * w[i]!;
    shares[k] = b * b * Math.max(0, values[k]!);
    total += shares[k]!;
  }
  let entropy = 0;
  if (total > 0) for (const s of shares) if (s > 0) entropy -= (s / total) * Math.log(s / total);
  return {
    hhi,
    effectiveAssets: hhi > 0 ? 1 / hhi : 0,
    effectiveBets: total > 0 ? Math.exp(entropy) : 0,
  };
}
