// Reference tests for src/main/engine/optimize/black-litterman.ts.
// Expected values: test/reference/alloc.json "bl", written by scripts/reference/gen_alloc.py:
// - Idzorek (2005) "A step-by-step guide to the Black-Litterman model": Table 5 covariance,
//   Table 1 implied returns, section 2.2 views (P of formula 7), tau 0.025, Table 4 view
//   variances, page 15 Omega, Table 6 new combined return vector;
// - He & Litterman (1999) "The intuition behind Black-Litterman model portfolios": Tables 1-2
//   and Table 4 (Germany outperforms France/UK by 5 %);
// - a 6-asset numpy case computed twice (PyPortfolioOpt's form and the original master formula
//   with inverses, asserted equal in the script), with He-Litterman and Idzorek Omegas.
// Identities: no views -> prior; 100 % confidence -> P mu = Q; Idzorek's defining property
// (one view at confidence c tilts the implied weights by c times the certain view's tilt).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, toRows, type Matrix } from '../../src/main/engine/linalg/matrix';
import {
  blackLitterman,
  impliedWeights,
  viewMatrices,
} from '../../src/main/engine/optimize/black-litterman';
import {
  expectArrayClose,
  expectClose,
  expectMatrixClose,
  loadFixture,
  symmetricEigenvalues,
} from '../risk/_reference';

interface Posterior {
  omegaDiag?: number[];
  returns: number[];
  cov: number[][];
  weights?: number[];
}
interface Fixture {
  bl: {
    idzorek: {
      cov: number[][];
      tau: number;
      riskAversion: number;
      P: number[][];
      Q: number[];
      confidences: number[];
      published: {
        table1ImpliedReturns: number[];
        table4ViewVariances: number[];
        page15OmegaDiag: number[];
        table6Returns: number[];
      };
      posteriorHeLitterman: Posterior;
      posteriorIdzorek: Posterior;
    };
    heLitterman: {
      corr: number[][];
      vols: number[];
      pi: number[];
      P: number[][];
      Q: number[];
      tau: number;
      table4Returns: number[];
      posterior: number[];
    };
    random: {
      cov: number[][];
      pi: number[];
      P: number[][];
      Q: number[];
      confidences: number[];
      tau: number;
      heLitterman: Posterior;
      idzorek: Posterior;
    };
  };
}

const fx = loadFixture<Fixture>('alloc.json').bl;

describe('Idzorek (2005) eight-asset example', () => {
  const z = fx.idzorek;
  const cov = fromRows(z.cov);
  const pi = z.published.table1ImpliedReturns;
  const P = fromRows(z.P);

  it('He-Litterman Omega is page 15 and Table 4; the posterior is Table 6', () => {
    const bl = blackLitterman({ cov, prior: pi, P, Q: z.Q, tau: z.tau });
    const omega = toRows(bl.omega);
    z.published.page15OmegaDiag.forEach((v, k) => {
      expectClose(omega[k]![k]!, v, 0, 5e-7, `page 15 omega ${k}`);
      // Table 4 prints p Σ p' to 0.001 %
      expectClose(
        omega[k]![k]! / z.tau,
        z.published.table4ViewVariances[k]!,
        0,
        1e-5,
        `Table 4 ${k}`,
      );
    });
    // Table 6 prints to 0.01 % and starts from Table 1's rounded Pi
    bl.returns.forEach((v, i) =>
      expectClose(v, z.published.table6Returns[i]!, 0, 1e-4, `Table 6 [${i}]`),
    );
    expectArrayClose(bl.returns, z.posteriorHeLitterman.returns, 1e-12, 'numpy mean');
    expectMatrixClose(bl.cov, z.posteriorHeLitterman.cov, 1e-12, 'numpy cov');
  });

  it("Idzorek's confidences (25 %, 50 %, 65 %) through the closed form", () => {
    const bl = blackLitterman({
      cov,
      prior: pi,
      P,
      Q: z.Q,
      tau: z.tau,
      omega: 'idzorek',
      confidences: z.confidences,
    });
    expectArrayClose(
      toRows(bl.omega).map((r, k) => r[k]!),
      z.posteriorIdzorek.omegaDiag!,
      1e-13,
      'omega',
    );
    expectArrayClose(bl.returns, z.posteriorIdzorek.returns, 1e-12, 'mean');
    expectMatrixClose(bl.cov, z.posteriorIdzorek.cov, 1e-12, 'cov');
  });

  it("each view alone moves the implied weights by c times the certain view's move (Idzorek's method)", () => {
    const delta = z.riskAversion;
    const weightsOf = (mu: ArrayLike<number>) => solve(cov, mu).map((v) => v / delta); // (δΣ)⁻¹ μ
    const wMkt = weightsOf(pi);
    z.P.forEach((p, k) => {
      const one = {
        cov,
        prior: pi,
        P: fromRows([p]),
        Q: [z.Q[k]!],
        tau: z.tau,
        omega: 'idzorek' as const,
      };
      const c = z.confidences[k]!;
      const wc = weightsOf(blackLitterman({ ...one, confidences: [c] }).returns);
      const w1 = weightsOf(blackLitterman({ ...one, confidences: [1] }).returns);
      wc.forEach((w, i) =>
        expectClose(w - wMkt[i]!, c * (w1[i]! - wMkt[i]!), 1e-9, 1e-13, `view ${k} asset ${i}`),
      );
    });
  });
});

describe('He & Litterman (1999) seven-country example', () => {
  it('Table 4: Germany outperforms the rest of Europe by 5 %', () => {
    const h = fx.heLitterman;
    const cov = fromRows(h.corr.map((r, i) => r.map((c, j) => c * h.vols[i]! * h.vols[j]!)));
    const bl = blackLitterman({ cov, prior: h.pi, P: fromRows(h.P), Q: h.Q, tau: h.tau });
    expectArrayClose(bl.returns, h.posterior, 1e-12, 'numpy');
    // printed to 0.1 %, from inputs printed to 0.1 % / 3 decimals
    bl.returns.forEach((v, i) => expectClose(v, h.table4Returns[i]!, 0, 6e-4, `Table 4 [${i}]`));
  });
});

describe('six assets, absolute / relative / basket views', () => {
  const r = fx.random;
  const cov = fromRows(r.cov);
  const P = fromRows(r.P);

  it('He-Litterman and Idzorek Omegas match both numpy forms', () => {
    for (const [name, ref] of [
      ['he-litterman', r.heLitterman],
      ['idzorek', r.idzorek],
    ] as const) {
      const bl = blackLitterman({
        cov,
        prior: r.pi,
        P,
        Q: r.Q,
        tau: r.tau,
        omega: name,
        confidences: r.confidences,
      });
      expectArrayClose(
        toRows(bl.omega).map((row, k) => row[k]!),
        ref.omegaDiag!,
        1e-13,
        `${name} omega`,
      );
      expectArrayClose(bl.returns, ref.returns, 1e-12, `${name} mean`);
      expectMatrixClose(bl.cov, ref.cov, 1e-12, `${name} cov`);
      expectArrayClose(impliedWeights(bl.returns, cov), ref.weights!, 1e-11, `${name} weights`);
    }
  });

  it('views built from specs give the same P and Q', () => {
    const {
      P: P2,
      Q,
      confidences,
    } = viewMatrices(
      [
        { kind: 'absolute', asset: 0, return: 0.1, confidence: 0.3 },
        { kind: 'relative', long: 2, short: 3, return: 0.02, confidence: 0.6 },
        { kind: 'portfolio', weights: [0, 0.5, 0, 0, 0.5, -1], return: -0.01, confidence: 0.9 },
      ],
      6,
    );
    expect(toRows(P2)).toEqual(r.P);
    expect(Array.from(Q)).toEqual(r.Q);
    expect(Array.from(confidences)).toEqual(r.confidences);
  });

  it('no views: the posterior mean is the prior and the covariance (1 + tau) Σ', () => {
    const bl = blackLitterman({
      cov,
      prior: r.pi,
      P: { rows: 0, cols: 6, data: new Float64Array(0) },
      Q: [],
      tau: r.tau,
    });
    expectArrayClose(bl.returns, r.pi, 1e-15, 'mean');
    expectMatrixClose(
      bl.cov,
      r.cov.map((row) => row.map((v) => (1 + r.tau) * v)),
      1e-15,
      'cov',
    );
  });

  it('100 % confidence in every view: P mu = Q exactly', () => {
    const bl = blackLitterman({
      cov,
      prior: r.pi,
      P,
      Q: r.Q,
      tau: r.tau,
      omega: 'idzorek',
      confidences: [1, 1, 1],
    });
    r.P.forEach((p, k) =>
      expectClose(
        p.reduce((s, v, j) => s + v * bl.returns[j]!, 0),
        r.Q[k]!,
        0,
        1e-13,
        `view ${k}`,
      ),
    );
  });

  it('the posterior covariance lies between Σ and (1 + tau) Σ', () => {
    const bl = blackLitterman({ cov, prior: r.pi, P, Q: r.Q, tau: r.tau });
    const post = toRows(bl.cov);
    const lower = symmetricEigenvalues(post.map((row, i) => row.map((v, j) => v - r.cov[i]![j]!)));
    const upper = symmetricEigenvalues(
      post.map((row, i) => row.map((v, j) => (1 + r.tau) * r.cov[i]![j]! - v)),
    );
    expect(lower[0]!).toBeGreaterThan(-1e-14);
    expect(upper[0]!).toBeGreaterThan(-1e-14);
  });

  it('one absolute view at confidence c moves its asset by c (Q - Π_i)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (asset, q, c, tau) => {
          const { P: P1, Q } = viewMatrices([{ kind: 'absolute', asset, return: q }], 6);
          const bl = blackLitterman({
            cov,
            prior: r.pi,
            P: P1,
            Q,
            tau,
            omega: 'idzorek',
            confidences: [c],
          });
          expectClose(
            bl.returns[asset]!,
            r.pi[asset]! + c * (q - r.pi[asset]!),
            1e-10,
            1e-14,
            'tilt',
          );
        },
      ),
    );
  });

  it('refuses what cannot be combined, saying why', () => {
    const twice = fromRows([r.P[1]!, r.P[1]!]);
    expect(() =>
      blackLitterman({
        cov,
        prior: r.pi,
        P: twice,
        Q: [0.02, 0.03],
        omega: 'idzorek',
        confidences: [1, 1],
      }),
    ).toThrow(/linearly independent/);
    expect(() =>
      blackLitterman({ cov, prior: r.pi, P, Q: r.Q, omega: 'idzorek', confidences: [0, 0.5, 0.5] }),
    ).toThrow(/confidence of view 1/);
    expect(() => blackLitterman({ cov, prior: r.pi, P, Q: r.Q, omega: 'idzorek' })).toThrow(
      /one confidence per view/,
    );
    expect(() => blackLitterman({ cov, prior: r.pi, P, Q: r.Q, tau: 0 })).toThrow(/tau/);
    expect(() =>
      blackLitterman({ cov, prior: r.pi, P: fromRows([[0, 0, 0, 0, 0, 0]]), Q: [0.1] }),
    ).toThrow(/view 1 involves no asset/);
    expect(() => viewMatrices([{ kind: 'relative', long: 1, short: 9, return: 0.1 }], 6)).toThrow(
      /short asset 9/,
    );
  });
});

/** Σ⁻¹ b by Gaussian elimination (test-local; small and independent of the engine). */
function solve(m: Matrix, b: ArrayLike<number>): number[] {
  const n = m.rows;
  const a = toRows(m).map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row, i) => row[n]! / row[i]!);
}
