import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HedgeParams,
  OverlayLeg,
  type GreeksSummary,
  type PayoffOut,
  type ScenarioGridOut,
} from '../../src/shared/hedge';
import {
  addLegs,
  bucketLabel,
  defaultHedgeForm,
  deltaHedgeRows,
  formatCoins,
  formatPnlShort,
  formatQuantity,
  formatSigned,
  formatStrike,
  formToParams,
  fractionalIndex,
  fundingText,
  greeksCsv,
  greeksRows,
  greeksTotalRow,
  isApplied,
  legText,
  lendingLines,
  liquidationText,
  MAX_OVERLAY_LEGS,
  overlayLegs,
  paramsToForm,
  payoffLines,
  perpFundingText,
  pnlColour,
  pnlScale,
  priceAxisDecimals,
  proposalLegs,
  removeLeg,
  sameRunParams,
  scenarioRows,
  spotMoveLabel,
  structureLegText,
  tailProposalId,
  volShiftLabel,
  type AppliedLeg,
  type GreeksMode,
  type HedgeForm,
  type HedgeResult,
} from '../../src/renderer/src/lib/hedge';

// The Hedge view's client helpers: the settings form (percent in the form, fractions in the
// params) checked against the shared schema, the what-if overlay, the grid rows, the CSV, the
// heatmap colours (WCAG contrast computed here from the W3C definition), the payoff lines.
// Expected values are worked by hand in the comments, or identities (round trips, sums).

const form = (patch: Partial<HedgeForm> = {}): HedgeForm => ({ ...defaultHedgeForm(), ...patch });

describe('settings form', () => {
  it('reads the default form back as the schema’s defaults', () => {
    const { params, errors } = formToParams(defaultHedgeForm());
    expect(errors).toEqual({});
    const d = HedgeParams.parse({});
    expect(params).toEqual({
      downside: d.downside,
      maxLoss: d.maxLoss,
      budget: d.budget,
      horizonDays: d.horizonDays,
    });
    // The schema's defaults as the form shows them: 0.3 → 30 %, 0.1 → 10 %, 0.02 → 2 %.
    expect(defaultHedgeForm()).toMatchObject({
      downsidePct: '30',
      maxLossPct: '10',
      budgetPct: '2',
      horizonDays: '7',
    });
  });

  it('round-trips any setting with up to two decimals of a percent without float noise', () => {
    const frac = (lo: number, hi: number) =>
      fc.integer({ min: lo, max: hi }).map((k) => k / 10_000);
    fc.assert(
      fc.property(
        frac(1, 9_999),
        frac(1, 10_000),
        frac(0, 10_000),
        fc.integer({ min: 1, max: 365 }),
        (downside, maxLoss, budget, horizonDays) => {
          const p = { downside, maxLoss, budget, horizonDays };
          const f = paramsToForm(p);
          // 0.0007 * 100 = 0.06999999999999999 in binary; the form must show 0.07.
          for (const t of [f.downsidePct, f.maxLossPct, f.budgetPct])
            expect(t).toMatch(/^\d+(\.\d{1,2})?$/);
          expect(formToParams(f).params).toEqual(p);
        },
      ),
    );
  });

  it('accepts and rejects at the schema’s bounds, in the form’s units', () => {
    const ok = (patch: Partial<HedgeForm>) => formToParams(form(patch)).errors;
    // downside: 0 < d < 1
    expect(ok({ downsidePct: '0' }).downsidePct).toMatch(/above 0 % and below 100 %/);
    expect(ok({ downsidePct: '100' }).downsidePct).toBeDefined();
    expect(ok({ downsidePct: '0.01' })).toEqual({});
    expect(ok({ downsidePct: '99.99' })).toEqual({});
    // max loss: 0 < m ≤ 1
    expect(ok({ maxLossPct: '0' }).maxLossPct).toBeDefined();
    expect(ok({ maxLossPct: '100' })).toEqual({});
    expect(ok({ maxLossPct: '100.01' }).maxLossPct).toBeDefined();
    // budget: 0 ≤ b ≤ 1
    expect(ok({ budgetPct: '0' })).toEqual({});
    expect(ok({ budgetPct: '100' })).toEqual({});
    expect(ok({ budgetPct: '-1' }).budgetPct).toMatch(/from 0 % to 100 %/);
    // horizon: whole days 1..365
    for (const d of ['1', '365']) expect(ok({ horizonDays: d })).toEqual({});
    for (const d of ['0', '366', '7.5', 'seven', ''])
      expect(ok({ horizonDays: d }).horizonDays, d).toMatch(/whole days from 1 to 365/);
    // not numbers at all
    for (const t of ['', 'abc', '1,5', '--3'])
      expect(ok({ budgetPct: t }).budgetPct, t).toMatch(/Enter a number/);
    // what people type: spaces, a percent sign
    expect(formToParams(form({ downsidePct: ' 25 %', budgetPct: '2.5' })).params).toMatchObject({
      downside: 0.25,
      budget: 0.025,
    });
  });

  it('gives the service only parameters its schema accepts, or none', () => {
    const text = fc.oneof(
      fc.double({ min: -20, max: 120, noNaN: true }).map((x) => String(Number(x.toFixed(3)))),
      fc.constantFrom('', 'x', '1e1', '50 %', '0', '100'),
    );
    fc.assert(
      fc.property(text, text, text, text, (d, m, b, h) => {
        const { params, errors } = formToParams(
          form({ downsidePct: d, maxLossPct: m, budgetPct: b, horizonDays: h }),
        );
        expect(params === null).toBe(Object.keys(errors).length > 0);
        if (params) expect(HedgeParams.safeParse(params).success).toBe(true);
      }),
    );
  });

  it('leaves the underlying out when it is auto, and trims it otherwise', () => {
    expect(formToParams(form()).params).not.toHaveProperty('underlying');
    expect(formToParams(form({ underlying: ' BTC ' })).params?.underlying).toBe('BTC');
    const a = formToParams(form()).params;
    expect(sameRunParams(a, formToParams(form({ underlying: '' })).params)).toBe(true);
    expect(sameRunParams(a, formToParams(form({ underlying: 'ETH' })).params)).toBe(false);
    expect(sameRunParams(a, formToParams(form({ horizonDays: '8' })).params)).toBe(false);
    expect(sameRunParams(a, null)).toBe(false);
  });
});

describe('what-if overlay', () => {
  const perp: OverlayLeg = {
    kind: 'perpetual',
    underlying: 'BTC',
    quantity: -5.2170000000000005,
    label: 'short 5.2170000000000005 BTCUSDT-PERP',
  };
  const put: OverlayLeg = {
    kind: 'option',
    underlying: 'ETH',
    right: 'put',
    strike: 2000,
    expiryDate: '2025-09-26',
    quantity: 198.80736717813966,
    premium: 317.05941,
  };
  const call: OverlayLeg = {
    ...put,
    right: 'call',
    strike: 2600,
    quantity: -198.80736717813966,
    premium: 679.02423,
  };

  it('words legs without float noise', () => {
    expect(legText(perp)).toBe('short 5.217 BTC perpetual');
    expect(legText(put)).toBe('buy 198.807 ETH 2,000 put 2025-09-26 @ 317.06');
    expect(legText(call)).toBe('sell 198.807 ETH 2,600 call 2025-09-26 @ 679.02');
    expect(legText({ ...perp, quantity: 1500 })).toBe('long 1,500 BTC perpetual');
    expect(formatQuantity(0.25)).toBe('0.25');
    expect(formatQuantity(2)).toBe('2');
    expect(formatStrike(0.275)).toBe('0.27500');
  });

  it('labels the legs it sends, and they pass the service’s schema', () => {
    const legs = proposalLegs('delta:BTC:BTCUSDT-PERP', 'BTC delta hedge', [perp]);
    expect(legs[0]!.leg.label).toBe('what-if: short 5.217 BTC perpetual');
    expect(legs[0]!.leg.quantity).toBe(perp.quantity); // the quantity itself is not rounded
    const all = [...legs, ...proposalLegs('tail:collar', 'ETH collar', [put, call])];
    expect(HedgeParams.safeParse({ overlay: overlayLegs(all) }).success).toBe(true);
    for (const a of all) expect(OverlayLeg.safeParse(a.leg).success).toBe(true);
  });

  it('adds a proposal once, keeps equal legs of different proposals, removes one leg', () => {
    const a = proposalLegs('tail:collar:A', 'collar A', [put, call]);
    const b = proposalLegs('tail:put:B', 'put B', [put]); // the same put, another proposal
    let o: AppliedLeg[] = [];
    o = addLegs(o, a).overlay;
    expect(isApplied(o, a)).toBe(true);
    expect(isApplied(o, b)).toBe(false);
    expect(addLegs(o, a).overlay).toEqual(o); // idempotent
    o = addLegs(o, b).overlay;
    expect(o.map((x) => x.id)).toEqual(['tail:collar:A#0', 'tail:collar:A#1', 'tail:put:B#0']);
    o = removeLeg(o, 'tail:collar:A#1');
    expect(isApplied(o, a)).toBe(false);
    expect(o).toHaveLength(2);
    expect(isApplied(o, [])).toBe(false);
  });

  it('refuses to go past the service’s limit of legs, saying so and changing nothing', () => {
    const full = Array.from({ length: MAX_OVERLAY_LEGS - 1 }, (_, i) =>
      proposalLegs(`p${i}`, 'x', [perp]),
    ).flat();
    const r = addLegs(full, proposalLegs('two', 'collar', [put, call]));
    expect(r.overlay).toBe(full);
    expect(r.error).toMatch(/at most 50 legs/);
    expect(addLegs(full, proposalLegs('one', 'perp', [perp])).overlay).toHaveLength(
      MAX_OVERLAY_LEGS,
    );
    expect(HedgeParams.safeParse({ overlay: overlayLegs(r.overlay) }).success).toBe(true);
  });

  it('tells tail structures apart by kind, expiry and legs', () => {
    const s = (expiryDate: string, k: number, kind = 'collar') => ({
      kind,
      expiryDate,
      legs: [
        { right: 'put', strike: k, quantity: 1 },
        { right: 'call', strike: 2600, quantity: -1 },
      ],
    });
    const ids = [
      s('2025-03-28', 2000),
      s('2025-06-27', 2000),
      s('2025-03-28', 2200),
      s('2025-03-28', 2000, 'x'),
    ].map(tailProposalId);
    expect(new Set(ids).size).toBe(4);
    expect(tailProposalId(s('2025-03-28', 2000))).toBe(ids[0]);
  });
});

// A hand-made book: two BTC positions in two buckets, one ETH position; two rows share a
// symbol and a venue (two what-if legs of one collar carry the same label).
const line = (value: number, delta: number, dd: number, g: number, v: number, t: number) => ({
  value,
  delta,
  gamma: 0,
  vega: v * 100,
  theta: t * 365,
  rho: 0,
  dollarDelta: dd,
  dollarGamma1pct: g,
  vegaPerPoint: v,
  thetaPerDay: t,
});
const pos = (
  symbol: string,
  account: string,
  underlying: string,
  bucket: string,
  l: ReturnType<typeof line>,
) => ({
  ...l,
  symbol,
  account,
  kind: bucket === 'none' ? 'spot' : 'option',
  underlying,
  quantity: 1,
  bucket,
  expiryDate: bucket === 'none' ? null : '2025-03-28',
  strike: bucket === 'none' ? null : 90000,
  vol: bucket === 'none' ? null : 0.55,
  coinDelta: null,
});
const SUMMARY: GreeksSummary = {
  positions: [
    pos('BTC', 'Ledger, "cold"', 'BTC', 'none', line(95000, 1, 95000, 0, 0, 0)),
    pos('collar', 'what-if', 'BTC', '<=3m', line(-2000, -0.4, -38000, 12.5, 300, -40)),
    pos('collar', 'what-if', 'BTC', '<=3m', line(1000, 0.1, 9500, -2.5, -100, 10)),
    pos('ETH', 'Binance', 'ETH', 'none', line(2600, 1, 2600, 0, 0, 0)),
  ],
  byUnderlying: [
    { ...line(94000, 0.7, 66500, 10, 200, -30), underlying: 'BTC', spot: 95000 },
    { ...line(2600, 1, 2600, 0, 0, 0), underlying: 'ETH', spot: 2600 },
  ],
  byExpiry: [
    { ...line(95000, 1, 95000, 0, 0, 0), underlying: 'BTC', bucket: 'none' },
    { ...line(-1000, -0.3, -28500, 10, 200, -30), underlying: 'BTC', bucket: '<=3m' },
    { ...line(2600, 1, 2600, 0, 0, 0), underlying: 'ETH', bucket: 'none' },
  ],
  total: {
    value: 96600,
    dollarDelta: 69100,
    dollarGamma1pct: 10,
    vegaPerPoint: 200,
    thetaPerDay: -30,
  },
};

/** RFC 4180 CSV, enough for the files written here (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('Greeks rows', () => {
  it('has one row per line of each view, ids unique even for repeated labels', () => {
    const n: Record<GreeksMode, number> = { underlying: 2, expiry: 3, position: 4 };
    for (const mode of ['underlying', 'expiry', 'position'] as const) {
      const rows = greeksRows(SUMMARY, mode);
      expect(rows).toHaveLength(n[mode]);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    }
    const byU = greeksRows(SUMMARY, 'underlying');
    expect(byU[0]).toMatchObject({
      underlying: 'BTC',
      spot: 95000,
      dollarDelta: 66500,
      vegaPerPoint: 200,
    });
    expect(greeksRows(SUMMARY, 'expiry').map((r) => r.bucket)).toEqual([
      'No expiry',
      '≤ 3 months',
      'No expiry',
    ]);
  });

  it('sums of the rows agree with the totals row (an identity of the hand-made book)', () => {
    for (const mode of ['underlying', 'expiry'] as const) {
      const rows = greeksRows(SUMMARY, mode);
      const total = greeksTotalRow(SUMMARY, mode);
      for (const k of [
        'value',
        'dollarDelta',
        'dollarGamma1pct',
        'vegaPerPoint',
        'thetaPerDay',
      ] as const)
        expect(
          rows.reduce((s, r) => s + r[k], 0),
          `${mode} ${k}`,
        ).toBeCloseTo(total[k], 9);
      // Coins of BTC and ETH do not add: the totals row has no delta.
      expect(total.delta).toBeNull();
    }
    expect(greeksTotalRow(SUMMARY, 'position').symbol).toBe('4 positions');
  });

  it('writes a CSV that reads back: header, rows, totals, quoted text, plain numbers', () => {
    const rows = greeksRows(SUMMARY, 'position');
    const csv = greeksCsv(rows, greeksTotalRow(SUMMARY, 'position'), 'position');
    const table = parseCsv(csv);
    expect(table).toHaveLength(rows.length + 2);
    const head = table[0]!;
    for (const r of table) expect(r).toHaveLength(head.length);
    expect(head.slice(0, 3)).toEqual(['Position', 'Venue', 'Kind']);
    expect(table[1]![1]).toBe('Ledger, "cold"');
    const col = (name: string) => head.indexOf(name);
    expect(Number(table[2]![col('Dollar delta (USD)')])).toBe(-38000);
    expect(Number(table[2]![col('Vega per vol point (USD)')])).toBe(300);
    expect(table[2]![col('Expiry')]).toBe('2025-03-28');
    const total = table.at(-1)!;
    expect(total[0]).toBe('Total');
    expect(total[col('Delta (coins)')]).toBe('');
    expect(Number(total[col('Theta per day (USD)')])).toBe(-30);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('names the engine’s expiry buckets, and any other label readably', () => {
    expect(bucketLabel('<=1w')).toBe('≤ 1 week');
    expect(bucketLabel('>1y')).toBe('> 1 year');
    expect(bucketLabel('<=2y')).toBe('≤ 2y');
  });
});

describe('numbers', () => {
  it('formats signed amounts with a typographic minus and no "-0"', () => {
    expect(formatSigned(-1234.4)).toBe('−1,234');
    expect(formatSigned(1234.4, 0, true)).toBe('+1,234');
    expect(formatSigned(-0.4)).toBe('0');
    expect(formatSigned(0, 0, true)).toBe('0');
    expect(formatSigned(Number.NaN)).toBe('—');
    expect(formatCoins(-1.6971407)).toBe('−1.697');
    expect(formatCoins(200000)).toBe('200,000');
    expect(formatCoins(0.00037932)).toBe('0.0004');
    expect(formatCoins(0)).toBe('0');
  });

  it('shortens P&L for heatmap cells', () => {
    expect(formatPnlShort(-277238.92)).toBe('−277.2k');
    expect(formatPnlShort(1_250_000)).toBe('+1.25M');
    expect(formatPnlShort(9_999.4)).toBe('+9,999');
    expect(formatPnlShort(10_049)).toBe('+10.0k');
    expect(formatPnlShort(950)).toBe('+950');
    expect(formatPnlShort(-0.3)).toBe('0');
    expect(formatPnlShort(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('labels spot moves and vol shifts without float noise', () => {
    expect([-0.16, -0.04, 0, 0.12].map(spotMoveLabel)).toEqual(['−16 %', '−4 %', '0 %', '+12 %']);
    expect([-0.1, 0, 0.1].map(volShiftLabel)).toEqual([
      'vol −10 pts',
      'vol unchanged',
      'vol +10 pts',
    ]);
    expect([95000, 2589.8, 18.4, 0.25, 0.05].map(priceAxisDecimals)).toEqual([0, 0, 2, 4, 6]);
  });

  it('says funding is paid or earned by each field’s sign convention', () => {
    // Delta hedges give a cost (positive: paid).
    expect(fundingText(148.77)).toBe('pays 148.77');
    expect(fundingText(-148.77)).toBe('earns 148.77');
    expect(fundingText(0.001)).toBe('0');
    expect(fundingText(-54302.71)).toBe('earns 54,303');
    // Held perpetuals give a P&L: hedge-report.ts computes −sign(q)·notional·rate/365, so a
    // short (q < 0) at a positive rate has a positive figure, and a short then receives funding.
    const q = -1.5;
    const pnl = (-Math.sign(q) * 142586.31 * 0.1095) / 365;
    expect(pnl).toBeGreaterThan(0);
    expect(perpFundingText(pnl)).toMatch(/^earns /);
    expect(perpFundingText(-11.65)).toBe('pays 11.65');
  });
});

describe('scenario heatmap', () => {
  // pnl[h][v][s] = 100 h + 10 v + s: every cell says where it came from.
  const grid: ScenarioGridOut = {
    spotMoves: [-0.1, 0, 0.1, 0.2],
    volShifts: [-0.1, 0, 0.1],
    horizonsDays: [0, 7],
    pnl: [0, 1].map((h) => [0, 1, 2].map((v) => [0, 1, 2, 3].map((s) => 100 * h + 10 * v + s))),
  };

  it('lays rows out horizon by horizon, vol shift by vol shift, columns in spot order', () => {
    const rows = scenarioRows(grid);
    expect(rows.map((r) => [r.horizonDays, r.volShift])).toEqual([
      [0, -0.1],
      [0, 0],
      [0, 0.1],
      [7, -0.1],
      [7, 0],
      [7, 0.1],
    ]);
    expect(rows[4]!.values).toEqual([110, 111, 112, 113]);
  });

  it('throws, naming the row, when a row does not match the spot moves', () => {
    const bad = { ...grid, pnl: [grid.pnl[0]!, [grid.pnl[1]![0]!, [1, 2], grid.pnl[1]![2]!]] };
    expect(() => scenarioRows(bad)).toThrow(/horizon 7 d, vol shift 0 has 2 cells, expected 4/);
  });

  it('shares one scale across grids: the largest |P&L|', () => {
    const other = { ...grid, pnl: [[[-500, 1, 2, 3]]] };
    expect(pnlScale(grid)).toBe(123);
    expect(pnlScale(grid, other, null)).toBe(500);
    expect(pnlScale()).toBe(0);
  });

  // WCAG 2.x: relative luminance and contrast ratio, from the W3C definition.
  const lum = (rgb: number[]) => {
    const c = rgb.map((x) => {
      const s = x / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  };
  const ratio = (a: number[], b: number[]) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x! + 0.05) / (y! + 0.05);
  };
  const PANEL = { dark: [19, 26, 35], light: [255, 255, 255] };

  it('colours losses red and gains green, deeper with size, flat at the panel colour', () => {
    for (const theme of ['dark', 'light'] as const) {
      expect(pnlColour(0, 100, theme).rgb).toEqual(PANEL[theme]);
      expect(pnlColour(5, 0, theme).rgb).toEqual(PANEL[theme]); // no scale: all flat
      const loss = pnlColour(-100, 100, theme).rgb;
      const gain = pnlColour(100, 100, theme).rgb;
      expect(loss[0]).toBeGreaterThan(loss[1]);
      expect(gain[1]).toBeGreaterThan(gain[0]);
      expect(pnlColour(-250, 100, theme).rgb).toEqual(loss); // clipped at the scale
      const dist = (rgb: number[]) => Math.hypot(...rgb.map((c, i) => c - PANEL[theme][i]!));
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 100, noNaN: true }),
          fc.double({ min: 0, max: 100, noNaN: true }),
          fc.boolean(),
          (a, b, neg) => {
            const [lo, hi] = a <= b ? [a, b] : [b, a];
            const s = neg ? -1 : 1;
            expect(dist(pnlColour(s * hi, 100, theme).rgb) + 1.5).toBeGreaterThanOrEqual(
              dist(pnlColour(s * lo, 100, theme).rgb),
            );
          },
        ),
      );
    }
  });

  it('keeps cell text readable: contrast of at least 4.5 (WCAG AA) on every cell colour', () => {
    for (const theme of ['dark', 'light'] as const)
      fc.assert(
        fc.property(fc.double({ min: -1, max: 1, noNaN: true }), (v) => {
          const c = pnlColour(v, 1, theme);
          expect(ratio(c.rgb, c.text)).toBeGreaterThanOrEqual(4.5);
          expect(c.background).toBe(`rgb(${c.rgb.join(',')})`);
        }),
      );
  });
});

describe('payoff lines', () => {
  const p = (expiryDate: string | null, shift = 0): PayoffOut => ({
    underlying: 'ETH',
    spot: 2000,
    prices: [1000, 1500, 2000, 2500, 3000],
    today: [-1000, -500, 0, 500, 1000].map((x) => x + shift),
    atExpiry: [-900, -450, 10, 520, 1040].map((x) => x + shift),
    expiryDate,
  });

  it('draws the book now and at expiry, and the what-if beside it', () => {
    const lines = payoffLines(p('2025-03-28'), p('2025-02-28', -50));
    expect(lines.map((l) => l.key)).toEqual([
      'before-today',
      'before-expiry',
      'after-today',
      'after-expiry',
    ]);
    expect(lines.map((l) => l.dashed)).toEqual([false, true, false, true]);
    expect(lines[1]!.label).toBe('Book, at expiry 2025-03-28');
    expect(lines[3]!.label).toBe('With what-if, at expiry 2025-02-28');
    expect(lines[2]!.points[2]).toEqual({ price: 2000, pnl: -50 });
  });

  it('has no expiry line without an option expiry, and none for a missing what-if', () => {
    expect(payoffLines(p(null), null).map((l) => l.key)).toEqual(['before-today']);
    expect(payoffLines(null, null)).toEqual([]);
  });

  it('keeps only finite points at strictly increasing prices', () => {
    const q = {
      ...p('2025-03-28'),
      prices: [1000, 1500, 1500, Number.NaN, 3000],
      today: [1, 2, 3, 4, Number.POSITIVE_INFINITY],
    };
    const [today] = payoffLines(q, null);
    expect(today!.points).toEqual([
      { price: 1000, pnl: 1 },
      { price: 1500, pnl: 2 },
    ]);
  });

  it('places a price between points at its fractional index', () => {
    const prices = [1000, 1500, 2000, 2500];
    expect(fractionalIndex(prices, 1000)).toBe(0);
    expect(fractionalIndex(prices, 2500)).toBe(3);
    expect(fractionalIndex(prices, 1750)).toBe(1.5);
    expect(fractionalIndex(prices, 999)).toBeNull();
    expect(fractionalIndex([], 1)).toBeNull();
    // Against a linear scan on random increasing grids.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (steps, u) => {
          const xs: number[] = [];
          steps.reduce((acc, s) => (xs.push(acc + s), acc + s), 0);
          const x = xs[0]! + u * (xs.at(-1)! - xs[0]!);
          let i = 0;
          while (i < xs.length - 2 && xs[i + 1]! <= x) i++;
          const want = xs[i] === x ? i : i + (x - xs[i]!) / (xs[i + 1]! - xs[i]!);
          expect(fractionalIndex(xs, x)).toBeCloseTo(want, 9);
        },
      ),
    );
  });
});

describe('margin and proposals', () => {
  it('words a liquidation that has no price', () => {
    const base = {
      liquidationPrice: null,
      distancePct: null,
    } as unknown as HedgeResult['perps'][number];
    expect(liquidationText({ ...base, liquidationStatus: 'never' })).toBe('none');
    expect(liquidationText({ ...base, liquidationStatus: 'always' })).toBe('below maintenance now');
    expect(
      liquidationText({ ...base, liquidationStatus: 'price', liquidationPrice: 184237.87 }),
    ).toBe('184,238'); // to the dollar above 10,000
    expect(
      liquidationText({ ...base, liquidationStatus: 'price', liquidationPrice: 2354.384 }),
    ).toBe('2,354.38');
  });

  it('lists one lending line per collateral asset', () => {
    const acct = (account: string, assets: string[]) => ({
      account,
      collateralUsd: 1,
      debtUsd: 1,
      healthFactor: 2,
      borrowPowerUsd: 0,
      liquidations: assets.map((asset) => ({ asset, price: null, movePct: null, note: '' })),
      peg: null,
    });
    const lines = lendingLines([acct('Aave', ['WSTETH', 'USDC']), acct('Spark', ['WETH'])]);
    expect(lines.map((l) => l.id)).toEqual(['Aave|WSTETH', 'Aave|USDC', 'Spark|WETH']);
  });

  it('flattens delta hedges into rows with their legs, labelled, ids per proposal', () => {
    const rows = deltaHedgeRows([
      {
        underlying: 'BTC',
        netDelta: 5.2174,
        spot: 95000,
        proposals: [
          {
            instrument: 'BTCUSDT-PERP',
            side: 'short',
            contracts: -5.217,
            residualDelta: 0.0004,
            notionalUsd: 495615,
            costPerDayUsd: -148.77,
            costPerYearUsd: -54302,
            marginUsd: 165205,
            overlay: [{ kind: 'perpetual', underlying: 'BTC', quantity: -5.217 }],
          },
        ],
      },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe('delta:BTC:BTCUSDT-PERP');
    expect(rows[0]!.legs[0]!.id).toBe('delta:BTC:BTCUSDT-PERP#0');
    expect(rows[0]!.legs[0]!.leg.label).toBe('what-if: short 5.217 BTC perpetual');
  });

  it('words a structure leg with sign, size, strike and premium', () => {
    expect(
      structureLegText({ right: 'put', strike: 2000, quantity: 198.80736, price: 317.05941 }),
    ).toBe('+198.807 put 2,000 @ 317.06');
    expect(structureLegText({ right: 'put', strike: 0.25, quantity: 1000, price: 0.0123 })).toBe(
      '+1,000 put 0.25000 @ 0.01230',
    );
    expect(structureLegText({ right: 'call', strike: 2600, quantity: -2, price: 679.02 })).toBe(
      '−2 call 2,600 @ 679.02',
    );
  });
});
