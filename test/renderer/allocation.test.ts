import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AllocationPolicy, type AllocationProposal } from '../../src/shared/allocation';
import {
  budgetShares,
  comparisonRows,
  conflictField,
  conflictText,
  defaultForm,
  defaultUniverse,
  equalRiskBudgets,
  formToPolicy,
  groupSuggestions,
  METHODS,
  policyToForm,
  serverErrorKey,
  storedRunInputs,
  universeValue,
  weightRows,
  weightsCsv,
  type PolicyForm,
} from '../../src/renderer/src/lib/allocation';

// The Allocate view's client helpers: the policy form (percent in the form, fractions in the
// policy), its validation against the shared schema's ranges, and the rows of the result grids.
// Expected values are worked by hand in the comments, or identities (round trips, sums).

const form = (patch: Partial<PolicyForm> = {}): PolicyForm => ({ ...defaultForm(), ...patch });
const errorsOf = (f: PolicyForm, assets: string[] | null = null) => formToPolicy(f, assets).errors;

describe('policy form', () => {
  it('reads the default form back as the schema’s default policy', () => {
    const { policy, errors } = formToPolicy(defaultForm());
    expect(errors).toEqual({});
    expect(policy).toEqual(AllocationPolicy.parse({}));
  });

  it('shows shares in percent without float noise and reads them back as fractions', () => {
    const p = AllocationPolicy.parse({
      riskFree: 0.07,
      constraints: { maxWeight: 0.29, stableFloor: 0.1, maxTurnover: 0.35 },
    });
    const f = policyToForm(p);
    // 0.07 * 100 is 7.000000000000001 in binary floating point; the form shows 7.
    expect(f.riskFreePct).toBe('7');
    expect(f.maxWeightPct).toBe('29');
    expect(f.stableFloorPct).toBe('10');
    const back = formToPolicy(f).policy!;
    expect(back.riskFree).toBeCloseTo(0.07, 15);
    expect(back.constraints.maxWeight).toBeCloseTo(0.29, 15);
    expect(back.constraints.stableFloor).toBeCloseTo(0.1, 15);
  });

  it('round-trips any valid policy through the form (within float rounding)', () => {
    const frac = fc.double({ min: 0, max: 1, noNaN: true });
    const arb = fc.record({
      method: fc.constantFrom(...METHODS.map((m) => m.id)),
      lookbackDays: fc.integer({ min: 60, max: 3650 }),
      riskFree: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      targetVolatility: fc.double({ min: 0.01, max: 3, noNaN: true }),
      targetReturn: fc.double({ min: -1, max: 5, noNaN: true }),
      riskAversion: fc.double({ min: 0.1, max: 50, noNaN: true }),
      alpha: fc.double({ min: 0.51, max: 0.99, noNaN: true }),
      lo: fc.double({ min: 0, max: 0.2, noNaN: true }),
      hi: fc.double({ min: 0.3, max: 1, noNaN: true }),
      floor: frac,
      groupMax: frac,
    });
    fc.assert(
      fc.property(arb, (a) => {
        const p = AllocationPolicy.parse({
          method: a.method,
          lookbackDays: a.lookbackDays,
          riskFree: a.riskFree,
          // Only the method's own parameter is read back (the others are not in the form).
          ...(a.method === 'efficient-risk' ? { targetVolatility: a.targetVolatility } : {}),
          ...(a.method === 'efficient-return' ? { targetReturn: a.targetReturn } : {}),
          ...(a.method === 'max-utility' ? { riskAversion: a.riskAversion } : {}),
          ...(a.method === 'min-cvar' ? { alpha: a.alpha } : {}),
          constraints: {
            minWeight: a.lo,
            maxWeight: a.hi,
            perAsset: { BTC: { max: a.hi } },
            groups: [{ dimension: 'assetClass', name: 'DeFi', max: a.groupMax }],
            stableFloor: a.floor,
          },
        });
        const back = formToPolicy(policyToForm(p), ['BTC', 'ETH']).policy;
        expect(back).not.toBeNull();
        const close = (x: number | undefined, y: number | undefined) =>
          expect(Math.abs((x ?? NaN) - (y ?? NaN))).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(y ?? 0)),
          );
        close(back!.riskFree, p.riskFree);
        close(back!.constraints.minWeight, p.constraints.minWeight);
        close(back!.constraints.maxWeight, p.constraints.maxWeight);
        close(back!.constraints.stableFloor, p.constraints.stableFloor);
        close(back!.constraints.perAsset.BTC!.max, p.constraints.perAsset.BTC!.max);
        close(back!.constraints.groups[0]!.max, p.constraints.groups[0]!.max);
        if (a.method === 'efficient-risk') close(back!.targetVolatility, p.targetVolatility);
        if (a.method === 'efficient-return') close(back!.targetReturn, p.targetReturn);
        if (a.method === 'max-utility') close(back!.riskAversion, p.riskAversion);
        if (a.method === 'min-cvar') close(back!.alpha, p.alpha);
        expect(back!.method).toBe(p.method);
        expect(back!.lookbackDays).toBe(p.lookbackDays);
      }),
    );
  });

  it('names a field that is not a number, in the words of the form', () => {
    expect(errorsOf(form({ lookbackDays: 'abc' }))).toEqual({
      lookbackDays: '“abc” is not a number.',
    });
    expect(errorsOf(form({ lookbackDays: '365.5' }))).toEqual({ lookbackDays: 'A whole number.' });
    expect(errorsOf(form({ lookbackDays: '' }))).toEqual({ lookbackDays: 'Required.' });
  });

  it('checks ranges in percent, as typed (the schema keeps fractions)', () => {
    expect(errorsOf(form({ stableFloorPct: '150' }))).toEqual({
      'constraints.stableFloor': 'At most 100 %.',
    });
    expect(errorsOf(form({ lookbackDays: '30' }))).toEqual({ lookbackDays: 'At least 60.' });
    expect(errorsOf(form({ maxTurnoverPct: '0' }))).toEqual({
      'constraints.maxTurnover': 'Above 0 %.',
    });
    expect(errorsOf(form({ method: 'min-cvar', alphaPct: '100' }))).toEqual({
      alpha: 'Below 100 %.',
    });
    // Typed forms desks use: a thousands comma, a % sign, a typographic minus.
    const ok = formToPolicy(form({ riskFreePct: '−1.5%', liquidityDays: '1,000' }));
    expect(ok.errors).toEqual({ 'constraints.liquidityDays': 'At most 365.' });
    expect(formToPolicy(form({ riskFreePct: '−1.5%' })).policy!.riskFree).toBeCloseTo(-0.015, 15);
  });

  it('asks for the parameter the method needs, and only that one', () => {
    expect(errorsOf(form({ method: 'efficient-risk' }))).toEqual({ targetVolatility: 'Required.' });
    expect(errorsOf(form({ method: 'efficient-return' }))).toEqual({ targetReturn: 'Required.' });
    // A stray target of another method is not read (nor checked).
    const p = formToPolicy(form({ method: 'min-volatility', targetVolPct: 'x' })).policy!;
    expect(p.targetVolatility).toBeUndefined();
    expect(
      formToPolicy(form({ method: 'efficient-risk', targetVolPct: '40' })).policy!.targetVolatility,
    ).toBeCloseTo(0.4, 15);
  });

  it('checks cross-field rules: min ≤ max, long-only minimums, min position under the cap', () => {
    expect(errorsOf(form({ minWeightPct: '30', maxWeightPct: '20' }))).toEqual({
      'constraints.maxWeight': 'Below the minimum weight.',
    });
    expect(errorsOf(form({ minWeightPct: '-5' }))).toEqual({
      'constraints.minWeight': 'Long-only: at least 0 %.',
    });
    expect(errorsOf(form({ minWeightPct: '-5', longOnly: false }))).toEqual({});
    expect(errorsOf(form({ maxWeightPct: '10', minPositionPct: '15' }))).toEqual({
      'constraints.minPosition': 'Above the maximum weight: no position could be held.',
    });
  });

  it('checks Black-Litterman views', () => {
    const bl = (views: PolicyForm['views']) =>
      errorsOf(form({ returns: 'black-litterman', views }), ['BTC', 'ETH']);
    expect(bl([])).toEqual({
      views: 'Black-Litterman needs at least one view (or pick the equilibrium model).',
    });
    const v = {
      kind: 'relative' as const,
      asset: '',
      long: 'ETH',
      short: 'ETH',
      returnPct: '5',
      confidencePct: '50',
    };
    expect(bl([v])).toEqual({ 'views.0.short': 'The same asset on both sides.' });
    expect(bl([{ ...v, kind: 'absolute', asset: 'SOL', confidencePct: '0' }])).toEqual({
      'views.0.asset': 'SOL is not in the universe.',
      'views.0.confidence': 'Above 0 %.',
    });
    const ok = formToPolicy(
      form({
        returns: 'black-litterman',
        views: [{ ...v, short: 'BTC', returnPct: '10', confidencePct: '25' }],
      }),
      ['BTC', 'ETH'],
    ).policy!;
    expect(ok.views).toEqual([
      { kind: 'relative', long: 'ETH', short: 'BTC', return: 0.1, confidence: 0.25 },
    ]);
  });

  it('checks per-asset and group rows', () => {
    const row = { symbol: 'BTC', minPct: '', maxPct: '' };
    expect(errorsOf(form({ perAsset: [row] }), ['BTC'])).toEqual({
      'constraints.perAsset.0.max': 'Give a minimum, a maximum or both.',
    });
    expect(
      errorsOf(
        form({
          perAsset: [
            { ...row, maxPct: '5' },
            { ...row, minPct: '1' },
          ],
        }),
        ['BTC'],
      ),
    ).toEqual({
      'constraints.perAsset.1.symbol': 'BTC has bounds above already.',
    });
    expect(errorsOf(form({ perAsset: [{ ...row, symbol: 'XYZ', maxPct: '5' }] }), ['BTC'])).toEqual(
      {
        'constraints.perAsset.0.symbol': 'XYZ is not in the universe.',
      },
    );
    const g = {
      dimension: 'custom' as const,
      name: 'Majors',
      members: '',
      minPct: '10',
      maxPct: '',
    };
    expect(errorsOf(form({ groups: [g] }), ['BTC', 'ETH'])).toEqual({
      'constraints.groups.0.members': 'List the member symbols.',
    });
    const ok = formToPolicy(form({ groups: [{ ...g, members: 'BTC, ETH' }] }), [
      'BTC',
      'ETH',
    ]).policy!;
    expect(ok.constraints.groups).toEqual([
      { dimension: 'custom', name: 'Majors', members: ['BTC', 'ETH'], min: 0.1 },
    ]);
  });

  it('maps the server’s error paths onto the form’s rows', () => {
    const f = form({
      perAsset: [
        { symbol: 'ETH', minPct: '', maxPct: '5' },
        { symbol: 'BTC', minPct: '1', maxPct: '' },
      ],
    });
    expect(serverErrorKey('policy.constraints.perAsset.BTC', f)).toBe(
      'constraints.perAsset.1.symbol',
    );
    expect(serverErrorKey('constraints.perAsset.ETH.max', f)).toBe('constraints.perAsset.0.max');
    expect(serverErrorKey('constraints.groups.2', f)).toBe('constraints.groups.2.name');
    expect(serverErrorKey('policy.lookbackDays', f)).toBe('lookbackDays');
  });
});

describe('risk budgets', () => {
  it('are absent by default (equal risk) and read in percent as fractions', () => {
    expect(defaultForm().riskBudgets).toBeNull();
    expect(formToPolicy(form(), ['BTC', 'ETH']).policy!.riskBudgets).toBeUndefined();
    const p = formToPolicy(form({ riskBudgets: { BTC: '50', ETH: '25 %', SOL: '1,000' } }), [
      'BTC',
      'ETH',
      'SOL',
    ]).policy!;
    expect(p.riskBudgets).toEqual({ BTC: 0.5, ETH: 0.25, SOL: 10 });
    // shares of the total: 0.5 / 10.75 and so on
    const shares = budgetShares(p.riskBudgets)!;
    expect(shares.get('BTC')).toBeCloseTo(0.5 / 10.75, 15);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  it('need a positive budget for every asset of the universe; others are dropped', () => {
    const f = form({ riskBudgets: { BTC: '0', ETH: '-5', DOGE: '10' } });
    const e = errorsOf(f, ['BTC', 'ETH', 'SOL']);
    expect(e['riskBudgets.BTC']).toBe('Above 0 %.');
    expect(e['riskBudgets.ETH']).toBe('Above 0 %.');
    expect(e['riskBudgets.SOL']).toBe('Required.');
    const ok = formToPolicy(form({ riskBudgets: { BTC: '60', ETH: '40', DOGE: '10' } }), [
      'BTC',
      'ETH',
    ]).policy!;
    expect(ok.riskBudgets).toEqual({ BTC: 0.6, ETH: 0.4 });
  });

  it('start equal, and round-trip through the form', () => {
    const eq = equalRiskBudgets(['BTC', 'ETH', 'SOL']);
    expect(eq).toEqual({ BTC: '33.33', ETH: '33.33', SOL: '33.33' });
    expect(equalRiskBudgets(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])).toHaveProperty('A', '12.5');
    const p = AllocationPolicy.parse({ method: 'risk-parity', riskBudgets: { BTC: 0.07, ETH: 2 } });
    const back = formToPolicy(policyToForm(p), ['BTC', 'ETH']).policy!;
    expect(back.riskBudgets).toEqual({ BTC: 0.07, ETH: 2 });
  });
});

describe('infeasibility labels', () => {
  // Labels as the engine words them (src/main/engine/optimize/compile.ts over the names of
  // resolve-constraints.ts), e.g. from a 60 % stablecoin floor with 10 % per asset on the demo.
  const f = form({
    perAsset: [{ symbol: 'BTC', minPct: '', maxPct: '10' }],
    groups: [
      { dimension: 'assetClass', name: 'DeFi', members: '', minPct: '', maxPct: '20' },
      { dimension: 'chain', name: 'Ethereum', members: '', minPct: '30', maxPct: '' },
      { dimension: 'custom', name: 'Majors', members: 'BTC, ETH', minPct: '50', maxPct: '' },
    ],
  });
  it('shows a group’s bound once', () => {
    expect(conflictText('group stablecoins and cash >= 60% >= 60%')).toBe(
      'group stablecoins and cash >= 60%',
    );
    expect(conflictText('group asset class DeFi <= 20% <= 20%')).toBe(
      'group asset class DeFi <= 20%',
    );
    expect(conflictText('bounds USDC 0%..10%')).toBe('bounds USDC 0%..10%');
    // Two different bounds are both kept.
    expect(conflictText('group x >= 10% <= 20%')).toBe('group x >= 10% <= 20%');
  });
  it('finds the field behind each constraint', () => {
    expect(conflictField('group stablecoins and cash >= 60% >= 60%', f)).toBe(
      'constraints.stableFloor',
    );
    expect(conflictField('group asset class DeFi <= 20% <= 20%', f)).toBe(
      'constraints.groups.0.max',
    );
    expect(conflictField('group chain Ethereum >= 30% >= 30%', f)).toBe('constraints.groups.1.min');
    expect(conflictField('group group Majors >= 50% >= 50%', f)).toBe('constraints.groups.2.min');
    expect(conflictField('group Majors >= 50%', f)).toBe('constraints.groups.2.min');
    expect(conflictField('bounds BTC 0%..10%', f)).toBe('constraints.perAsset.0.max');
    expect(conflictField('bounds USDC 0%..10%', f)).toBe('constraints.maxWeight');
    expect(conflictField('bounds SOL 0%..3% (cap: liquidity: 5 days of average volume)', f)).toBe(
      'constraints.liquidityDays',
    );
    expect(conflictField('turnover <= 20%', f)).toBe('constraints.maxTurnover');
    expect(conflictField('gross leverage <= 150%', f)).toBe('constraints.grossLeverage');
    expect(conflictField('budget: weights sum to 1', f)).toBeNull();
  });
});

describe('result rows', () => {
  const proposal = {
    weights: { A: 0.2, B: 0.3, C: 0.5 },
    riskContributions: { A: 0.1, B: 0.3, C: 0.6 },
  };
  it('computes drift and trades against the book (worked example)', () => {
    // current A 50 %, B 50 %; target A 20 %, B 30 %, C 50 %; book 1,000:
    // drift −30, −20, +50 points; trades −300, −200, +500; one-way turnover ½(30+20+50) = 50 %.
    const { rows, totals } = weightRows(
      { symbols: ['A', 'B', 'C'], current: { A: 0.5, B: 0.5 } },
      proposal,
      1000,
    );
    expect(rows.map((r) => [r.symbol, r.current, r.target])).toEqual([
      ['A', 0.5, 0.2],
      ['B', 0.5, 0.3],
      ['C', 0, 0.5],
    ]);
    for (const [i, want] of [-0.3, -0.2, 0.5].entries())
      expect(rows[i]!.drift).toBeCloseTo(want, 12);
    for (const [i, want] of [-300, -200, 500].entries())
      expect(rows[i]!.trade).toBeCloseTo(want, 9);
    expect(totals.target).toBeCloseTo(1, 15);
    expect(totals.current).toBeCloseTo(1, 15);
    expect(totals.drift).toBeCloseTo(0, 12);
    expect(totals.trade).toBeCloseTo(0, 9);
    expect(totals.turnover).toBeCloseTo(0.5, 12);
    expect(totals.grossTrade).toBeCloseTo(1000, 9);
    expect(totals.risk).toBeCloseTo(1, 15);
  });
  it('leaves drift and trades empty without current weights or a book value', () => {
    const none = weightRows({ symbols: ['A', 'B', 'C'], current: null }, proposal, null);
    expect(none.rows.every((r) => r.current === null && r.drift === null && r.trade === null)).toBe(
      true,
    );
    expect(none.totals).toMatchObject({
      current: null,
      drift: null,
      trade: null,
      turnover: null,
      grossTrade: null,
    });
    const noValue = weightRows({ symbols: ['A', 'B', 'C'], current: { A: 1 } }, proposal, null);
    expect(noValue.rows[0]!.drift).toBeCloseTo(-0.8, 15);
    expect(noValue.rows[0]!.trade).toBeNull();
  });
  it('always: Σ drift = Σ target − Σ current, trade = drift × value, turnover = ½ Σ |drift|', () => {
    const w = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(w, w, fc.double({ min: 1, max: 1e9, noNaN: true }), (t, c, value) => {
        const symbols = t.map((_, i) => `S${i}`);
        const current = Object.fromEntries(c.slice(0, t.length).map((x, i) => [`S${i}`, x]));
        const weights = Object.fromEntries(t.map((x, i) => [`S${i}`, x]));
        const { rows, totals } = weightRows(
          { symbols, current },
          { weights, riskContributions: {} },
          value,
        );
        const sumT = t.reduce((s, x) => s + x, 0);
        const sumC = Object.values(current).reduce((s, x) => s + x, 0);
        expect(totals.drift!).toBeCloseTo(sumT - sumC, 9);
        for (const r of rows) expect(r.trade!).toBeCloseTo(r.drift! * value, 6);
        expect(totals.turnover!).toBeCloseTo(
          rows.reduce((s, r) => s + Math.abs(r.drift!), 0) / 2,
          12,
        );
      }),
    );
  });

  it('writes the weights as CSV that reads back (RFC 4180 quoting)', () => {
    const { rows, totals } = weightRows(
      { symbols: ['A', 'B,1', 'C'], current: { A: 0.5, 'B,1': 0.5 } },
      {
        weights: { A: 0.2, 'B,1': 0.3, C: 0.5 },
        riskContributions: { A: 0.1, 'B,1': 0.3, C: 0.6 },
      },
      1000,
    );
    const csv = weightsCsv(rows, totals, 'USD');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Asset,Current %,Target %,Drift %,Trade (USD),Risk contribution %');
    expect(lines[1]).toBe('A,50.0000,20.0000,-30.0000,-300.00,10.0000');
    expect(lines[2]).toBe('"B,1",50.0000,30.0000,-20.0000,-200.00,30.0000');
    expect(lines[3]).toBe('C,0.0000,50.0000,50.0000,500.00,60.0000');
    expect(lines[4]).toBe('Total,100.0000,100.0000,0.0000,0.00,100.0000');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('orders the comparison: the proposal first, then the picker’s order, each method once', () => {
    const p = (method: AllocationProposal['method']) => ({ method }) as AllocationProposal;
    const rows = comparisonRows({
      proposal: p('hrp'),
      comparison: [p('equal-weight'), p('hrp'), p('max-sharpe'), p('min-volatility')],
    });
    expect(rows.map((r) => r.method)).toEqual([
      'hrp',
      'max-sharpe',
      'min-volatility',
      'equal-weight',
    ]);
  });
});

describe('suggestions and stored runs', () => {
  it('offers group values from the assets’ instruments and venues', () => {
    const inst = (
      symbol: string,
      assetClass: string,
      chain: string | null,
      attrs = {},
      tags: { dimension: string; name: string }[] = [],
    ) => ({
      symbol,
      assetClass,
      chain,
      attrs,
      tags,
    });
    const s = groupSuggestions(
      [
        inst('ETH', 'L1', 'Ethereum', { role: 'utility' }),
        inst('USDC', 'stablecoin', 'Ethereum, Solana', { role: 'collateral' }, [
          { dimension: 'protocol', name: 'Circle' },
        ]),
        inst('DOGE', 'meme', 'Dogecoin'),
      ],
      ['ETH', 'USDC'],
      [
        { symbol: 'ETH', account: 'Kraken' },
        { symbol: 'DOGE', account: 'Binance' },
        { symbol: 'USDC', account: 'Ledger' },
      ],
    );
    expect(s).toEqual({
      assetClass: ['L1', 'stablecoin'],
      chain: ['Ethereum', 'Solana'],
      protocol: ['Circle'],
      venue: ['Kraken', 'Ledger'],
      role: ['collateral', 'utility'],
      custom: [],
    });
  });
  it('reads a stored run’s inputs defensively', () => {
    const policy = AllocationPolicy.parse({ method: 'hrp' });
    expect(storedRunInputs({ portfolio: 'Demo', asOf: '2025-02-11', policy })).toEqual({
      portfolio: 'Demo',
      asOf: '2025-02-11',
      policy,
    });
    expect(storedRunInputs({ source: 'series', policy: { method: 'nonsense' } })).toEqual({
      portfolio: null,
      asOf: null,
      policy: null,
    });
    expect(storedRunInputs(null)).toEqual({ portfolio: null, asOf: null, policy: null });
  });

  it('takes held allocatable instruments as the default universe, largest first', () => {
    const kinds = new Map([
      ['BTC', 'spot'],
      ['USDC', 'stablecoin'],
      ['WSTETH', 'staked'],
      ['BTC-PERP', 'perpetual'],
      ['BTC-P', 'option'],
      ['USDC-DEBT', 'lending-borrow'],
    ]);
    const rows = [
      { symbol: 'USDC', value: 300 },
      { symbol: 'BTC', value: 200 },
      { symbol: 'BTC', value: 250 }, // a second venue: 450 in all
      { symbol: 'WSTETH', value: 0 },
      { symbol: 'BTC-PERP', value: 5_000 },
      { symbol: 'BTC-P', value: 40 },
      { symbol: 'USDC-DEBT', value: -120 },
      { symbol: 'UNKNOWN', value: 10 },
      // borrowed only: financing, not an asset to weight (ETH is spot, but held only as a debt)
      { symbol: 'ETH', value: -500, name: 'Ether (borrowed)' },
    ];
    expect(defaultUniverse(rows, new Map([...kinds, ['ETH', 'spot']]))).toEqual(['BTC', 'USDC']);
  });
  it('values the universe as the service does: venues summed, a net short as zero', () => {
    const rows = [
      { symbol: 'A', value: 100 },
      { symbol: 'A', value: 50 },
      { symbol: 'B', value: -30 },
      { symbol: 'C', value: null },
      { symbol: 'D', value: 1_000 },
    ];
    expect(universeValue(rows, ['A', 'B', 'C'])).toBe(150);
    expect(universeValue(rows, ['A', 'D'])).toBe(1_150);
    expect(universeValue(rows, [])).toBe(0);
  });
});
