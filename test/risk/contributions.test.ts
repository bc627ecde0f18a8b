// Reference tests for src/main/engine/risk/contributions.ts.
// Expected values: test/reference/var.json (volContrib, esContrib), written by
// scripts/reference/gen_var.py (numpy: vol = sqrt(w'Sw), marginal = Sw/vol, component = w * marginal;
// historical ES contributions = -mean over the m worst portfolio days of w_i X_ti).
//
// Tolerances: 1e-10 relative (closed form); the finite-difference check of marginal = d vol / d w_i
// uses central differences with h = 1e-6 (truncation ~h^2, rounding ~1e-16 vol / h), so 1e-6 relative.
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/main/engine/linalg/matrix';
import {
  historicalEsContributions,
  volContributions,
} from '../../src/main/engine/risk/contributions';
import { historicalVarEs } from '../../src/main/engine/risk/var';
import { at, expectArrayClose, expectClose, loadFixture, row, sum } from './_reference';

interface VarFixture {
  volContrib: {
    cov: number[][];
    w: number[];
    vol: number;
    marginal: number[];
    component: number[];
  };
  esContrib: {
    X: number[][];
    w: number[];
    cases: { alpha: number; m: number; es: number; component: number[]; tailIndices: number[] }[];
  };
}

const fx = loadFixture<VarFixture>('var.json');

describe('volContributions', () => {
  const { cov, w } = fx.volContrib;

  it('hand example: diag(0.04, 0.01), w = [0.5, 0.5] -> vol = sqrt(0.0125)', () => {
    // Sw = [0.02, 0.005]; vol^2 = 0.01 + 0.0025; marginal = Sw / vol; component = [0.01, 0.0025] / vol
    const r = volContributions(
      fromRows([
        [0.04, 0],
        [0, 0.01],
      ]),
      [0.5, 0.5],
    );
    const vol = Math.sqrt(0.0125);
    expectClose(r.vol, vol, 1e-15, 0, 'vol');
    expectArrayClose(r.marginal, [0.02 / vol, 0.005 / vol], 1e-15, 'marginal');
    expectArrayClose(r.component, [0.01 / vol, 0.0025 / vol], 1e-15, 'component');
  });

  it('matches the reference (long-short weights)', () => {
    const r = volContributions(fromRows(cov), w);
    expectClose(r.vol, fx.volContrib.vol, 1e-10, 0, 'vol');
    expectArrayClose(r.marginal, fx.volContrib.marginal, 1e-10, 'marginal');
    expectArrayClose(r.component, fx.volContrib.component, 1e-10, 'component');
  });

  it('components add up to vol (Euler identity)', () => {
    const r = volContributions(fromRows(cov), Float64Array.from(w));
    expectClose(sum(r.component), r.vol, 1e-12, 0, 'sum of components');
  });

  it('marginal_i = d vol / d w_i (central finite differences)', () => {
    const S = fromRows(cov);
    const { marginal } = volContributions(S, w);
    const h = 1e-6;
    for (let i = 0; i < w.length; i++) {
      const up = w.map((v, j) => (j === i ? v + h : v));
      const dn = w.map((v, j) => (j === i ? v - h : v));
      const fd = (volContributions(S, up).vol - volContributions(S, dn).vol) / (2 * h);
      expectClose(at(marginal, i), fd, 1e-6, 1e-12, `marginal ${i}`);
    }
  });
});

describe('historicalEsContributions', () => {
  const { X, w, cases } = fx.esContrib;
  const portfolio = X.map((r) => r.reduce((s, v, i) => s + v * at(w, i), 0));

  it('hand example: 4 days x 2 assets, alpha 0.75 -> m = 1 (the worst day)', () => {
    // r = X w with w = [0.5, 0.5]: day returns 0.01, -0.03, 0.005, 0.02 -> worst is day 1
    // components = -[0.5 * -0.04, 0.5 * -0.02] = [0.02, 0.01]; es = 0.03
    const Xh = [
      [0.02, 0.0],
      [-0.04, -0.02],
      [0.0, 0.01],
      [0.03, 0.01],
    ];
    const r = historicalEsContributions(fromRows(Xh), [0.5, 0.5], 0.75);
    expectClose(r.es, 0.03, 1e-15, 0, 'es');
    expectArrayClose(r.component, [0.02, 0.01], 1e-15, 'component');
  });

  it('matches the reference at 95 % and 99 %', () => {
    for (const c of cases) {
      const r = historicalEsContributions(fromRows(X), w, c.alpha);
      expectClose(r.es, c.es, 1e-10, 0, `alpha ${c.alpha} es`);
      expectArrayClose(r.component, c.component, 1e-10, `alpha ${c.alpha} component`);
    }
  });

  it('components add up to the historical ES of the portfolio returns', () => {
    for (const c of cases) {
      const r = historicalEsContributions(fromRows(X), w, c.alpha);
      expectClose(sum(r.component), r.es, 1e-12, 0, `alpha ${c.alpha} sum`);
      expectClose(
        r.es,
        historicalVarEs(portfolio, c.alpha).es,
        1e-12,
        0,
        `alpha ${c.alpha} vs historicalVarEs`,
      );
      expect(c.tailIndices.length).toBe(c.m);
    }
  });

  it('the reference tail is the m worst portfolio days', () => {
    // guards the fixture itself: every tail day is worse than every non-tail day
    for (const c of cases) {
      const tail = new Set(c.tailIndices);
      const worstOutside = Math.min(...portfolio.filter((_, t) => !tail.has(t)));
      const bestInside = Math.max(...c.tailIndices.map((t) => at(portfolio, t)));
      expect(bestInside).toBeLessThan(worstOutside);
    }
    expect(row(X, 0).length).toBe(w.length);
  });
});
