// keel option / implied-vol / greeks / hedge through the CLI, against Hull's worked examples
// ("Options, Futures, and Other Derivatives": Example 15.6 and the Greek letters example of
// ch. 19, S = 49, K = 50, r = 5 %, σ = 20 %, T = 20 weeks) and put-call parity.
import { describe, expect, it } from 'vitest';
import { keel } from './helpers/keel';
import { tempDir } from './helpers/tmp';

describe('keel option and keel implied-vol', () => {
  it("reproduces Hull's Example 15.6 and put-call parity", async () => {
    const dir = tempDir();
    const call = JSON.parse(
      (
        await keel(
          'option',
          '--kind',
          'call',
          '--spot',
          '42',
          '--strike',
          '40',
          '--years',
          '0.5',
          '--vol',
          '0.2',
          '--rate',
          '0.1',
          '--json',
          '--data-dir',
          dir,
        )
      ).out,
    );
    const put = JSON.parse(
      (
        await keel(
          'option',
          '--kind',
          'put',
          '--spot',
          '42',
          '--strike',
          '40',
          '--years',
          '0.5',
          '--vol',
          '0.2',
          '--rate',
          '0.1',
          '--json',
          '--data-dir',
          dir,
        )
      ).out,
    );
    expect(Object.keys(call).sort()).toEqual(['delta', 'gamma', 'price', 'rho', 'theta', 'vega']);
    expect(call.price).toBeCloseTo(4.76, 2);
    expect(put.price).toBeCloseTo(0.81, 2);
    expect(call.price - put.price).toBeCloseTo(42 - 40 * Math.exp(-0.1 * 0.5), 12);
  });

  it("gives Hull's Greek letters (vega per 1.00, theta per year, rho per 1.00)", async () => {
    const r = await keel(
      'option',
      '--kind',
      'call',
      '--spot',
      '49',
      '--strike',
      '50',
      '--years',
      String(20 / 52),
      '--vol',
      '0.2',
      '--rate',
      '0.05',
      '--json',
      '--data-dir',
      tempDir(),
    );
    const g = JSON.parse(r.out);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.vega).toBeCloseTo(12.1, 1);
    expect(g.theta).toBeCloseTo(-4.31, 2);
    expect(g.rho).toBeCloseTo(8.91, 2);
  });

  it('inverse options add the coin delta; implied vol round-trips and refuses impossible prices', async () => {
    const dir = tempDir();
    const inv = JSON.parse(
      (
        await keel(
          'option',
          '--kind',
          'put',
          '--spot',
          '95000',
          '--strike',
          '90000',
          '--years',
          '0.12',
          '--vol',
          '0.55',
          '--model',
          'black76',
          '--inverse',
          '--json',
          '--data-dir',
          dir,
        )
      ).out,
    );
    const lin = JSON.parse(
      (
        await keel(
          'option',
          '--kind',
          'put',
          '--spot',
          '95000',
          '--strike',
          '90000',
          '--years',
          '0.12',
          '--vol',
          '0.55',
          '--model',
          'black76',
          '--json',
          '--data-dir',
          dir,
        )
      ).out,
    );
    expect(inv.price).toBeCloseTo(lin.price / 95000, 12);
    expect(inv.coinDelta).toBeCloseTo(lin.delta - inv.price, 12);
    const iv = await keel(
      'implied-vol',
      '--kind',
      'put',
      '--spot',
      '95000',
      '--strike',
      '90000',
      '--years',
      '0.12',
      '--price',
      String(inv.price),
      '--model',
      'black76',
      '--inverse',
      '--json',
      '--data-dir',
      dir,
    );
    expect(iv.code).toBe(0);
    expect(JSON.parse(iv.out).vol).toBeCloseTo(0.55, 10);
    const bad = await keel(
      'implied-vol',
      '--kind',
      'call',
      '--spot',
      '100',
      '--strike',
      '90',
      '--years',
      '0.25',
      '--price',
      '5',
      '--json',
      '--data-dir',
      dir,
    );
    expect(bad.code).toBe(3);
    expect(JSON.parse(bad.out)).toMatchObject({ vol: null, reason: 'below intrinsic' });
    const usage = await keel(
      'option',
      '--kind',
      'call',
      '--spot',
      'abc',
      '--strike',
      '1',
      '--years',
      '1',
      '--vol',
      '0.2',
      '--data-dir',
      dir,
    );
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--spot/);
  });
});

describe('keel greeks and keel hedge on the demo', () => {
  it('print the documented JSON', async () => {
    const dir = tempDir();
    const g = await keel('greeks', '--json', '--data-dir', dir);
    expect(g.code).toBe(0);
    const greeks = JSON.parse(g.out);
    expect(greeks.byUnderlying.map((u: { underlying: string }) => u.underlying)).toEqual(
      expect.arrayContaining(['BTC', 'ETH']),
    );
    const total = greeks.byUnderlying.reduce(
      (s: number, u: { dollarDelta: number }) => s + u.dollarDelta,
      0,
    );
    expect(greeks.total.dollarDelta).toBeCloseTo(total, 6);
    const h = await keel('hedge', '--json', '--underlying', 'BTC', '--data-dir', dir);
    expect(h.code).toBe(0);
    const hedge = JSON.parse(h.out);
    expect(Object.keys(hedge)).toEqual([
      'asOf',
      'deltaHedges',
      'tailHedge',
      'perps',
      'lending',
      'leverage',
      'warnings',
    ]);
    expect(hedge.tailHedge.underlying).toBe('BTC');
    expect(
      hedge.leverage.find((l: { asset: string }) => l.asset === 'BTC').maxLeverageLong,
    ).toBeGreaterThan(1);
  }, 120_000);
});
