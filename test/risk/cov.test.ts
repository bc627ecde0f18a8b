// Reference tests for src/main/engine/cov/estimators.ts (and the Matrix helpers).
// Expected values: test/reference/cov.json, written by scripts/reference/gen_cov.py
// (numpy.cov; RiskMetrics EWMA; PyPortfolioOpt-style semicovariance; a numpy port of
// sklearn.covariance.ledoit_wolf; a numpy port of Ledoit & Wolf's covCor.m; Higham 2002 Alg. 3.3
// cross-checked against a dual solver; scipy average linkage for information).
//
// Tolerances
// - 1e-10 relative to the largest |entry| for closed-form estimators (sums of products; the
//   only differences are summation order, ~1e-15).
// - 1e-9 relative for the Ledoit-Wolf shrinkage intensities: a ratio of differences of fourth-moment
//   sums, so some cancellation is expected.
// - 1e-6 absolute for the nearest correlation matrix (iterative; the reference ran to 1e-12 and
//   agrees with an independent dual solver to < 1e-9), 5e-5 against Higham's 4-d.p. printed answer.
import { describe, expect, it } from 'vitest';
import { fromRows, toRows } from '../../src/main/engine/linalg/matrix';
import {
  clusterOrder,
  covToCorr,
  ewmaCovariance,
  ledoitWolf,
  nearestCorrelation,
  pairwiseCovariance,
  sampleCovariance,
  semicovariance,
} from '../../src/main/engine/cov/estimators';
import {
  at,
  expectArrayClose,
  expectClose,
  expectMatrixClose,
  expectSymmetric,
  loadFixture,
  row,
  symmetricEigenvalues,
  withNaN,
} from './_reference';

interface Summary {
  firstRows: number[][];
  diag: number[];
  trace: number;
  frobenius: number;
  sum: number;
  minEigenvalue: number;
  maxEigenvalue: number;
}
interface NearestCase {
  A: number[][];
  nearest: number[][];
  minEigenvalueA: number;
  distance: number;
}
interface CovFixture {
  base: {
    X: number[][];
    sample: number[][];
    ewma094: number[][];
    ewma097: number[][];
    semicov0: number[][];
    semicovBench: { benchmark: number; cov: number[][] };
    lwIdentity: { cov: number[][]; shrinkage: number };
    lwConstCorr: { cov: number[][]; shrinkage: number };
    corr: number[][];
    vols: number[];
  };
  sklearnDoc: { X: number[][]; docCovTruncated4dp: number[][]; cov: number[][]; shrinkage: number };
  wide: {
    X: number[][];
    sample: Summary;
    lwIdentity: Summary & { shrinkage: number };
    lwConstCorr: Summary & { shrinkage: number };
  };
  pairwise: { X: (number | null)[][]; cov: number[][] };
  nearestCorr: {
    higham3: NearestCase & { paper4dp: number[][] };
    random6: NearestCase;
    validCorr: { A: number[][] };
  };
  cluster: { corr: number[][]; labels: number[] };
}

const fx = loadFixture<CovFixture>('cov.json');
const CLOSED = 1e-10;

function checkSummary(rows: number[][], ref: Summary, rtol: number, label: string): void {
  const n = rows.length;
  for (let i = 0; i < ref.firstRows.length; i++)
    expectArrayClose(row(rows, i), row(ref.firstRows, i), rtol, `${label} row ${i}`);
  expectArrayClose(
    rows.map((r, i) => at(r, i)),
    ref.diag,
    rtol,
    `${label} diagonal`,
  );
  let trace = 0;
  let fro = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    trace += at(row(rows, i), i);
    for (const v of row(rows, i)) {
      fro += v * v;
      total += v;
    }
  }
  expectClose(trace, ref.trace, rtol, 0, `${label} trace`);
  expectClose(Math.sqrt(fro), ref.frobenius, rtol, 0, `${label} Frobenius norm`);
  expectClose(total, ref.sum, rtol, rtol * ref.frobenius * n, `${label} sum of entries`);
}

describe('Matrix helpers', () => {
  it('fromRows is row-major and toRows inverts it', () => {
    const m = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(m.data).toBeInstanceOf(Float64Array);
    expect([...m.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
});

describe('sampleCovariance (= np.cov(X, rowvar=False), ddof 1)', () => {
  it('hand example: X = [[1,2],[2,4],[3,7]] -> [[1, 2.5],[2.5, 19/3]]', () => {
    // means 2 and 13/3; deviations (-1,0,1) and (-7/3,-1/3,8/3)
    // var1 = 2/2 = 1; cov = (7/3 + 0 + 8/3)/2 = 2.5; var2 = (49+1+64)/9/2 = 19/3
    const S = sampleCovariance(
      fromRows([
        [1, 2],
        [2, 4],
        [3, 7],
      ]),
    );
    expectMatrixClose(
      S,
      [
        [1, 2.5],
        [2.5, 19 / 3],
      ],
      1e-14,
      'hand',
    );
  });

  it('matches numpy on the seeded 250 x 6 returns', () => {
    const X = fromRows(fx.base.X);
    const before = Float64Array.from(X.data);
    const S = sampleCovariance(X);
    expectMatrixClose(S, fx.base.sample, CLOSED, 'sample');
    expectSymmetric(S, 1e-16, 'sample');
    expect([...X.data], 'input must not be mutated').toEqual([...before]);
  });
});

describe('ewmaCovariance (zero-mean RiskMetrics, weights normalised to 1)', () => {
  it('hand example: one asset, r = [1, 2], lambda 0.5 -> weights 1/3, 2/3 -> 1/3 + 8/3 = 3', () => {
    const S = ewmaCovariance(fromRows([[1], [2]]), 0.5);
    expectMatrixClose(S, [[3]], 1e-14, 'hand');
  });

  it('defaults to lambda = 0.94 and matches the reference', () => {
    expectMatrixClose(ewmaCovariance(fromRows(fx.base.X)), fx.base.ewma094, CLOSED, 'ewma default');
    expectMatrixClose(
      ewmaCovariance(fromRows(fx.base.X), 0.94),
      fx.base.ewma094,
      CLOSED,
      'ewma 0.94',
    );
  });

  it('matches the reference for lambda = 0.97', () => {
    expectMatrixClose(
      ewmaCovariance(fromRows(fx.base.X), 0.97),
      fx.base.ewma097,
      CLOSED,
      'ewma 0.97',
    );
  });
});

describe('semicovariance (D = min(X - b, 0), DᵀD / T)', () => {
  it('hand example: r = [0.01, -0.02, 0.03, -0.04] -> (0.0004 + 0.0016)/4 = 0.0005', () => {
    const S = semicovariance(fromRows([[0.01], [-0.02], [0.03], [-0.04]]));
    expectMatrixClose(S, [[0.0005]], 1e-14, 'hand');
  });

  it('defaults to benchmark 0 and matches the reference', () => {
    expectMatrixClose(semicovariance(fromRows(fx.base.X)), fx.base.semicov0, CLOSED, 'semicov b=0');
  });

  it('matches the reference with a daily benchmark', () => {
    const { benchmark, cov } = fx.base.semicovBench;
    expectMatrixClose(semicovariance(fromRows(fx.base.X), benchmark), cov, CLOSED, 'semicov b');
  });
});

describe("ledoitWolf 'identity' (= sklearn.covariance.ledoit_wolf)", () => {
  it('matches the numbers printed in sklearn’s LedoitWolf docstring (4 d.p., truncated)', () => {
    const { cov } = ledoitWolf(fromRows(fx.sklearnDoc.X), 'identity');
    const got = toRows(cov);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) {
        const doc = at(row(fx.sklearnDoc.docCovTruncated4dp, i), j);
        const v = at(row(got, i), j);
        expect(v >= doc - 1e-12 && v < doc + 1e-4, `[${i}][${j}] = ${v}, docstring ${doc}...`).toBe(
          true,
        );
      }
  });

  it('matches the sklearn re-implementation on the docstring sample', () => {
    const { cov, shrinkage } = ledoitWolf(fromRows(fx.sklearnDoc.X), 'identity');
    expectMatrixClose(cov, fx.sklearnDoc.cov, CLOSED, 'cov');
    expectClose(shrinkage, fx.sklearnDoc.shrinkage, 1e-9, 0, 'shrinkage');
  });

  it('matches on the seeded 250 x 6 returns', () => {
    const { cov, shrinkage } = ledoitWolf(fromRows(fx.base.X), 'identity');
    expectClose(shrinkage, fx.base.lwIdentity.shrinkage, 1e-9, 0, 'shrinkage');
    expectMatrixClose(cov, fx.base.lwIdentity.cov, CLOSED, 'cov');
    expectSymmetric(cov, 1e-16, 'cov');
  });

  it('is well conditioned when N > T (40 x 60)', () => {
    const { cov, shrinkage } = ledoitWolf(fromRows(fx.wide.X), 'identity');
    const ref = fx.wide.lwIdentity;
    expectClose(shrinkage, ref.shrinkage, 1e-9, 0, 'shrinkage');
    const rows = toRows(cov);
    checkSummary(rows, ref, CLOSED, 'wide LW identity');
    const eig = symmetricEigenvalues(rows);
    expect(at(eig, 0)).toBeGreaterThan(0);
    expectClose(at(eig, 0), ref.minEigenvalue, 1e-8, 0, 'min eigenvalue');
    expectClose(at(eig, eig.length - 1), ref.maxEigenvalue, 1e-8, 0, 'max eigenvalue');
  });
});

describe("ledoitWolf 'constant-correlation' (= Ledoit & Wolf covCor.m)", () => {
  it('matches on the seeded 250 x 6 returns', () => {
    const { cov, shrinkage } = ledoitWolf(fromRows(fx.base.X), 'constant-correlation');
    expectClose(shrinkage, fx.base.lwConstCorr.shrinkage, 1e-9, 0, 'shrinkage');
    expectMatrixClose(cov, fx.base.lwConstCorr.cov, CLOSED, 'cov');
  });

  it('keeps the ddof-0 sample variances on the diagonal (prior_ii = s_ii)', () => {
    const T = fx.base.X.length;
    const { cov } = ledoitWolf(fromRows(fx.base.X), 'constant-correlation');
    const rows = toRows(cov);
    const expected = fx.base.sample.map((r, i) => (at(r, i) * (T - 1)) / T);
    expectArrayClose(
      rows.map((r, i) => at(r, i)),
      expected,
      CLOSED,
      'diagonal',
    );
  });

  it('is well conditioned when N > T (40 x 60)', () => {
    const { cov, shrinkage } = ledoitWolf(fromRows(fx.wide.X), 'constant-correlation');
    const ref = fx.wide.lwConstCorr;
    expectClose(shrinkage, ref.shrinkage, 1e-9, 0, 'shrinkage');
    const rows = toRows(cov);
    checkSummary(rows, ref, CLOSED, 'wide LW constant-correlation');
    const eig = symmetricEigenvalues(rows);
    expect(at(eig, 0)).toBeGreaterThan(0);
    expectClose(at(eig, 0), ref.minEigenvalue, 1e-8, 0, 'min eigenvalue');
  });
});

describe('pairwiseCovariance (pairwise-complete, ddof 1)', () => {
  it('matches the reference on ragged data with NaN', () => {
    const S = pairwiseCovariance(fromRows(withNaN(fx.pairwise.X)));
    expectMatrixClose(S, fx.pairwise.cov, CLOSED, 'pairwise');
    expectSymmetric(S, 1e-16, 'pairwise');
  });

  it('equals sampleCovariance when nothing is missing', () => {
    expectMatrixClose(pairwiseCovariance(fromRows(fx.base.X)), fx.base.sample, CLOSED, 'no NaN');
  });
});

describe('covToCorr', () => {
  it('hand example: [[4, 2],[2, 9]] -> vols 2, 3; rho = 2/6', () => {
    const { corr, vols } = covToCorr(
      fromRows([
        [4, 2],
        [2, 9],
      ]),
    );
    expectArrayClose(vols, [2, 3], 1e-15, 'vols');
    expectMatrixClose(
      corr,
      [
        [1, 1 / 3],
        [1 / 3, 1],
      ],
      1e-15,
      'corr',
    );
  });

  it('matches the reference and has a unit diagonal', () => {
    const { corr, vols } = covToCorr(fromRows(fx.base.sample));
    expectArrayClose(vols, fx.base.vols, CLOSED, 'vols');
    expectMatrixClose(corr, fx.base.corr, CLOSED, 'corr');
    toRows(corr).forEach((r, i) => expectClose(at(r, i), 1, 0, 1e-14, `diag ${i}`));
  });
});

describe('nearestCorrelation (Higham 2002, alternating projections with Dykstra)', () => {
  const checkCorrelation = (rows: number[][], label: string): void => {
    rows.forEach((r, i) => expectClose(at(r, i), 1, 0, 1e-12, `${label} diag ${i}`));
    expectSymmetric(fromRows(rows), 1e-12, label);
    expect(at(symmetricEigenvalues(rows), 0), `${label} min eigenvalue`).toBeGreaterThanOrEqual(
      -1e-10,
    );
  };

  it("reproduces Higham's 3 x 3 example (section 4) to 4 d.p.", () => {
    const c = fx.nearestCorr.higham3;
    const rows = toRows(nearestCorrelation(fromRows(c.A)));
    expectArrayClose(rows.flat(), c.paper4dp.flat(), 5e-5, 'paper');
    expectArrayClose(rows.flat(), c.nearest.flat(), 1e-6, 'reference');
    checkCorrelation(rows, 'higham3');
  });

  it('matches the reference on an indefinite 6 x 6 pseudo-correlation matrix', () => {
    const c = fx.nearestCorr.random6;
    expect(c.minEigenvalueA).toBeLessThan(0);
    const input = fromRows(c.A);
    const before = Float64Array.from(input.data);
    const rows = toRows(nearestCorrelation(input));
    expectArrayClose(rows.flat(), c.nearest.flat(), 1e-6, 'reference');
    checkCorrelation(rows, 'random6');
    expect([...input.data], 'input must not be mutated').toEqual([...before]);
    // it is the nearest: no farther from A than the reference solution (up to the iteration tolerance)
    let d = 0;
    rows.forEach((r, i) => r.forEach((v, j) => (d += (v - at(row(c.A, i), j)) ** 2)));
    expect(Math.sqrt(d)).toBeLessThanOrEqual(c.distance + 1e-6);
  });

  it('accepts explicit options', () => {
    const c = fx.nearestCorr.random6;
    const rows = toRows(nearestCorrelation(fromRows(c.A), { tol: 1e-10, maxIter: 10_000 }));
    expectArrayClose(rows.flat(), c.nearest.flat(), 1e-6, 'reference');
  });

  it('returns a valid correlation matrix unchanged', () => {
    const A = fx.nearestCorr.validCorr.A;
    const rows = toRows(nearestCorrelation(fromRows(A)));
    expectArrayClose(rows.flat(), A.flat(), 1e-9, 'unchanged');
  });
});

describe('clusterOrder (average linkage on sqrt((1 - rho)/2))', () => {
  const { corr, labels } = fx.cluster;

  it('returns a permutation of 0..N-1', () => {
    const order = clusterOrder(fromRows(corr));
    expect([...order].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });

  it('keeps the members of each block contiguous (blocks shuffled in the input)', () => {
    const order = clusterOrder(fromRows(corr));
    const seq = order.map((i) => at(labels, i));
    for (const label of new Set(labels)) {
      const pos = seq.flatMap((l, k) => (l === label ? [k] : []));
      expect(Math.max(...pos) - Math.min(...pos) + 1, `block ${label} in ${seq.join(',')}`).toBe(
        pos.length,
      );
    }
  });
});
