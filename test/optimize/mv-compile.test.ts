import { describe, expect, it } from 'vitest';
import { compileConstraints, percentLabel } from '../../src/main/engine/optimize/compile';
import type { LinearSystem } from '../../src/main/engine/optimize/types';

const names = ['BTC', 'ETH', 'SOL', 'UNI'];

/** a·x for row r of a dense block. */
const rowDot = (A: LinearSystem['Ain'], r: number, x: number[]) =>
  x.reduce((s, v, j) => s + A.data[r * A.cols + j]! * v, 0);

/** Whether x satisfies the system, checked row by row here. */
function holds(sys: LinearSystem, x: number[], tol = 1e-12): boolean {
  for (let j = 0; j < sys.nVars; j++)
    if (x[j]! < sys.lb[j]! - tol || x[j]! > sys.ub[j]! + tol) return false;
  for (let r = 0; r < sys.Aeq.rows; r++)
    if (Math.abs(rowDot(sys.Aeq, r, x) - sys.beq[r]!) > tol) return false;
  for (let r = 0; r < sys.Ain.rows; r++)
    if (rowDot(sys.Ain, r, x) > sys.bin[r]! + tol) return false;
  return true;
}

describe('compileConstraints', () => {
  it('long-only defaults: 0..1 bounds, budget row, labels', () => {
    const s = compileConstraints({}, 4, names);
    expect(s.nVars).toBe(4);
    expect(Array.from(s.lb)).toEqual([0, 0, 0, 0]);
    expect(Array.from(s.ub)).toEqual([1, 1, 1, 1]);
    expect(s.boundLabels).toEqual([
      'bounds BTC 0%..100%',
      'bounds ETH 0%..100%',
      'bounds SOL 0%..100%',
      'bounds UNI 0%..100%',
    ]);
    expect(s.eqLabels).toEqual(['budget: weights sum to 1']);
    expect(Array.from(s.Aeq.data)).toEqual([1, 1, 1, 1]);
    expect(s.Ain.rows).toBe(0);
  });

  it('caps: the tightest upper bound wins and its label names the cap', () => {
    const s = compileConstraints(
      {
        upper: [0.4, 0.4, 0.4, 0.4],
        caps: [
          { asset: 0, max: 0.25, reason: 'liquidity: 3 days of volume' },
          { asset: 1, max: 0.6, reason: 'liquidity' },
          { asset: 0, max: 0.3, reason: 'desk limit' },
        ],
      },
      4,
      names,
    );
    expect(s.ub[0]).toBe(0.25);
    expect(s.ub[1]).toBe(0.4);
    expect(s.boundLabels[0]).toBe('bounds BTC 0%..25% (cap: liquidity: 3 days of volume)');
    expect(s.boundLabels[1]).toBe('bounds ETH 0%..40%');
  });

  it('groups: a row per side, labelled', () => {
    const s = compileConstraints(
      { groups: [{ name: 'DeFi', members: [2, 3], lower: 0.1, upper: 0.3 }] },
      4,
      names,
    );
    expect(s.inLabels).toEqual(['group DeFi <= 30%', 'group DeFi >= 10%']);
    expect(holds(s, [0.5, 0.3, 0.1, 0.1])).toBe(true);
    expect(holds(s, [0.5, 0.1, 0.2, 0.2])).toBe(false); // 40% in DeFi
    expect(holds(s, [0.6, 0.35, 0.05, 0])).toBe(false); // 5% in DeFi
  });

  it('long-short with gross leverage: |w| auxiliaries; a point holds iff sum |w| <= L', () => {
    const s = compileConstraints({ longOnly: false, grossLeverage: 1.5 }, 4, names);
    expect(s.nVars).toBe(8);
    expect(Array.from(s.lb.subarray(0, 4))).toEqual([-1, -1, -1, -1]);
    expect(new Set(s.inLabels)).toEqual(new Set(['gross leverage <= 150%']));
    const withAux = (w: number[]) => [...w, ...w.map(Math.abs)];
    expect(holds(s, withAux([0.8, 0.45, -0.2, -0.05]))).toBe(true); // gross 1.5
    expect(holds(s, withAux([0.9, 0.45, -0.3, -0.05]))).toBe(false); // gross 1.7
    // an auxiliary below |w| breaks a row
    expect(holds(s, [0.8, 0.45, -0.2, -0.05, 0.8, 0.45, 0.1, 0.05])).toBe(false);
  });

  it('turnover: auxiliaries t >= |w − current|, sum t <= T', () => {
    const current = [0.25, 0.25, 0.25, 0.25];
    const s = compileConstraints({ turnover: { current, maxTurnover: 0.2 } }, 4, names);
    expect(s.nVars).toBe(8);
    expect(new Set(s.inLabels)).toEqual(new Set(['turnover <= 20%']));
    const withT = (w: number[]) => [...w, ...w.map((v, i) => Math.abs(v - current[i]!))];
    expect(holds(s, withT([0.35, 0.25, 0.15, 0.25]))).toBe(true); // turnover 0.2
    expect(holds(s, withT([0.4, 0.25, 0.1, 0.25]))).toBe(false); // 0.3
  });

  it('long-short and turnover together put the auxiliaries in that order', () => {
    const s = compileConstraints(
      { longOnly: false, grossLeverage: 2, turnover: { current: [0, 0, 0, 1], maxTurnover: 1 } },
      4,
      names,
    );
    expect(s.nVars).toBe(12);
    expect(s.boundLabels.slice(4, 8).every((l) => l === 'gross leverage <= 200%')).toBe(true);
    expect(s.boundLabels.slice(8).every((l) => l === 'turnover <= 100%')).toBe(true);
  });

  it('conflicting but well-formed bounds compile (the solver reports them), malformed input throws', () => {
    const s = compileConstraints(
      { lower: [0.5, 0, 0, 0], caps: [{ asset: 0, max: 0.3, reason: 'liquidity' }] },
      4,
      names,
    );
    expect(s.lb[0]).toBeGreaterThan(s.ub[0]!);
    expect(s.boundLabels[0]).toBe('bounds BTC 50%..30% (cap: liquidity)');
    expect(() => compileConstraints({ lower: [-0.1, 0, 0, 0] }, 4, names)).toThrow(
      /BTC.*long-only/,
    );
    expect(() => compileConstraints({ upper: [1, NaN, 1, 1] }, 4, names)).toThrow(
      /upper bound of ETH/,
    );
    expect(() =>
      compileConstraints({ groups: [{ name: 'X', members: [0, 9] }] }, 4, names),
    ).toThrow(/group X names asset 9/);
    expect(() =>
      compileConstraints({ groups: [{ name: 'X', members: [1, 1] }] }, 4, names),
    ).toThrow(/ETH twice/);
    expect(() =>
      compileConstraints({ caps: [{ asset: 7, max: 0.1, reason: 'r' }] }, 4, names),
    ).toThrow(/asset 7/);
    expect(() =>
      compileConstraints({ turnover: { current: [1], maxTurnover: 0.1 } }, 4, names),
    ).toThrow(/current weights/);
    expect(() => compileConstraints({}, 4, ['a'])).toThrow(/1 asset names/);
  });

  it('percent labels', () => {
    expect(percentLabel(0.4)).toBe('40%');
    expect(percentLabel(0.125)).toBe('12.5%');
    expect(percentLabel(1 / 3)).toBe('33.33%');
    expect(percentLabel(-0.05)).toBe('-5%');
  });
});
