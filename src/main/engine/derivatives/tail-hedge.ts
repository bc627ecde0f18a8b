import type { OptionRight } from './positions';

// Tail-hedge overlay: enumerate protective puts, put spreads (long K1, short K2 < K1) and collars
// (long put, short call above it) from a loaded option chain, size them to the units to protect,
// and keep those within the premium budget whose worst loss over the downside range meets the cap.
//
// Everything is at expiry and in USD: premiums are paid today at the ask and received at the bid
// (no discounting over the life of the option), the exposure's P&L is a function of the spot
// price at expiry alone (the same function for every expiry). Coin-quoted premiums (Deribit) must
// be converted to USD (× the underlying price) before they come here.
//
// Hedged P&L(x) = exposure P&L(x) + units · Σ legs ±payoff(x) − cost. Option payoffs are piecewise
// linear with kinks at their strikes, so when the exposure is piecewise linear too (a sampled
// vector, interpolated linearly) the minimum over the range and the zero crossings are found
// EXACTLY on the grid {range ends, spot, strikes, sample prices}. A callback exposure is sampled on
// a dense uniform grid added to those points (exact when it is linear between grid points).
// Candidates are screened in O(legs) each (range-minimum queries, see tailHedge); the full hedged
// P&L (breakevens, protected loss, upside) is computed only for the structures returned.

export interface ChainQuote {
  /** Years to expiry (> 0). */
  expiry: number;
  /** Calendar date of the expiry, echoed in the results (e.g. '2026-03-27'). */
  expiryDate?: string;
  strike: number;
  right: OptionRight;
  /** USD per coin of underlying; 0 = no bid. */
  bid: number;
  /** USD per coin of underlying; 0 = no offer. */
  ask: number;
  /** USD per coin of underlying. */
  mark: number;
}

/** P&L in USD relative to today's value, as a function of the spot price at expiry. */
export type Exposure =
  | { pnlAt: (price: number) => number }
  /** Sampled, increasing prices; linearly interpolated; must cover the evaluated range. */
  | { prices: ArrayLike<number>; pnl: ArrayLike<number> };

export type StructureKind = 'put' | 'put-spread' | 'collar';

export interface TailHedgeInput {
  spot: number;
  exposure: Exposure;
  chain: readonly ChainQuote[];
  /** Coins of underlying per option contract (default 1). */
  multiplier?: number;
  /** Coins to protect; default the exposure's delta at spot (central difference). */
  units?: number;
  /** Contract step (e.g. 0.1 on Deribit); default: any fraction of a contract. */
  lotSize?: number;
  /** Downside range: spot·(1 − downside) … spot, e.g. 0.5 for "down to −50 %" (0 < downside < 1). */
  downside: number;
  /** Breakevens are searched up to spot·(1 + upside), where the upside P&L is reported (default 0.5). */
  upside?: number;
  /** Largest acceptable loss over the range after the hedge, in USD or as a fraction of a value. */
  maxLoss: { usd: number } | { fraction: number; portfolioValue: number };
  /** Largest net premium to pay, USD (≥ 0). */
  budget: number;
  kinds?: readonly StructureKind[];
  /** Order of the feasible list: cheapest first (default) or smallest worst loss first. */
  rankBy?: 'cost' | 'worst-loss';
  /** Structures returned per list (feasible, infeasible); default 50. */
  limit?: number;
  /** Dense grid points for a callback exposure (default 2,001). */
  gridPoints?: number;
}

export interface HedgeLeg {
  right: OptionRight;
  strike: number;
  position: 'long' | 'short';
  /** Premium used per coin: ask when bought, bid when sold. */
  price: number;
  mark: number;
}

export interface HedgeStructure {
  kind: StructureKind;
  expiry: number;
  expiryDate?: string;
  legs: HedgeLeg[];
  contracts: number;
  /** Net premium paid in USD (negative: a credit). */
  cost: number;
  /** The same at mark prices. */
  costAtMark: number;
  /** Largest loss over the range after hedge and premium (negative: a gain everywhere). */
  worstLoss: number;
  worstLossAt: number;
  /**
   * Largest loss while the long put is in the money (and, for a spread, above the short put): the
   * level the hedge holds the loss to. Null when the long strike is below the range.
   */
  protectedLoss: number | null;
  /** Prices where the hedged P&L crosses zero, within spot·(1 − downside) … spot·(1 + upside). */
  breakevens: number[];
  /** Hedged P&L at spot·(1 + upside) (what a collar gives up). */
  upsidePnl: number;
  feasible: boolean;
  /** Why not, when infeasible: over budget, loss cap not met. */
  reasons: string[];
}

export interface TailHedgeResult {
  units: number;
  contracts: number;
  maxLossUsd: number;
  budget: number;
  range: { low: number; high: number };
  unhedged: { worstLoss: number; worstLossAt: number; breakevens: number[]; upsidePnl: number };
  feasible: HedgeStructure[];
  infeasible: HedgeStructure[];
  counts: {
    evaluated: number;
    feasible: number;
    overBudget: number;
    lossCapNotMet: number;
    skippedNoQuote: number;
  };
}

/** USD amounts and prices as a desk reads them: 52,905 not 52905. */
const fmt = (v: number) =>
  Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4);

function checkChain(chain: readonly ChainQuote[]): void {
  chain.forEach((q, i) => {
    const where = `option chain row ${i + 1} (${q.right} ${q.strike}, expiry ${q.expiryDate ?? q.expiry})`;
    if (q.right !== 'call' && q.right !== 'put')
      throw new RangeError(`${where}: right must be 'call' or 'put'`);
    if (!(q.strike > 0 && Number.isFinite(q.strike)))
      throw new RangeError(`${where}: strike must be positive`);
    if (!(q.expiry > 0 && Number.isFinite(q.expiry)))
      throw new RangeError(`${where}: expiry must be positive years`);
    for (const k of ['bid', 'ask', 'mark'] as const)
      if (!(q[k] >= 0 && Number.isFinite(q[k])))
        throw new RangeError(`${where}: ${k} must be a non-negative USD price, got ${q[k]}`);
    if (q.ask > 0 && q.ask < q.bid)
      throw new RangeError(`${where}: ask ${q.ask} is below bid ${q.bid} (crossed quote)`);
  });
}

/** Exposure values on sorted grid points; sampled exposures are interpolated linearly. */
function exposureOn(exposure: Exposure, grid: Float64Array): Float64Array {
  const out = new Float64Array(grid.length);
  if ('pnlAt' in exposure) {
    for (let i = 0; i < grid.length; i++) {
      const v = exposure.pnlAt(grid[i]!);
      if (!Number.isFinite(v))
        throw new RangeError(`exposure pnlAt(${grid[i]}) is not a finite number (${v})`);
      out[i] = v;
    }
    return out;
  }
  const { prices, pnl } = exposure;
  let j = 0;
  for (let i = 0; i < grid.length; i++) {
    const x = grid[i]!;
    while (j < prices.length - 2 && prices[j + 1]! < x) j++;
    const x0 = prices[j]!;
    const x1 = prices[j + 1]!;
    out[i] = pnl[j]! + ((pnl[j + 1]! - pnl[j]!) * (x - x0)) / (x1 - x0);
  }
  return out;
}

/**
 * ∂P&L/∂S at spot: the slope of the sampled segment holding S (the mean of the two slopes when S
 * is a sample), or a central difference of a callback.
 */
function exposureDelta(exposure: Exposure, S: number): number {
  if ('pnlAt' in exposure) {
    const h = 1e-4 * S;
    return (exposure.pnlAt(S + h) - exposure.pnlAt(S - h)) / (2 * h);
  }
  const { prices: x, pnl: y } = exposure;
  const slope = (j: number) => (y[j + 1]! - y[j]!) / (x[j + 1]! - x[j]!);
  let j = 0;
  while (j < x.length - 2 && x[j + 1]! <= S) j++;
  return x[j]! === S && j > 0 ? (slope(j - 1) + slope(j)) / 2 : slope(j);
}

function checkSamples(
  exposure: { prices: ArrayLike<number>; pnl: ArrayLike<number> },
  low: number,
  high: number,
): void {
  const { prices, pnl } = exposure;
  if (prices.length !== pnl.length)
    throw new RangeError(`exposure: ${prices.length} prices but ${pnl.length} P&L values`);
  if (prices.length < 2) throw new RangeError('exposure: at least two sampled prices are needed');
  for (let i = 0; i < prices.length; i++) {
    if (!(prices[i]! > 0 && Number.isFinite(prices[i]!)))
      throw new RangeError(`exposure: price ${i} must be positive, got ${prices[i]}`);
    if (!Number.isFinite(pnl[i]!))
      throw new RangeError(`exposure: P&L ${i} is not finite (${pnl[i]})`);
    if (i > 0 && !(prices[i]! > prices[i - 1]!))
      throw new RangeError(`exposure: prices must increase (index ${i})`);
  }
  if (prices[0]! > low || prices[prices.length - 1]! < high)
    throw new RangeError(
      `exposure: samples span ${prices[0]} … ${prices[prices.length - 1]} but the range needs ${low} … ${high}`,
    );
}

/**
 * Index of the minimum over inclusive index ranges of a fixed array (sparse table: O(n log n) to
 * build, O(1) a query). Ties go to the lower index, as a left-to-right scan would.
 */
function argminTable(a: Float64Array): (lo: number, hi: number) => number {
  const levels: Int32Array[] = [Int32Array.from({ length: a.length }, (_, i) => i)];
  for (let w = 1; 2 * w <= a.length; w *= 2) {
    const prev = levels[levels.length - 1]!;
    const next = new Int32Array(a.length - 2 * w + 1);
    for (let i = 0; i < next.length; i++) {
      const l = prev[i]!;
      const r = prev[i + w]!;
      next[i] = a[r]! < a[l]! ? r : l;
    }
    levels.push(next);
  }
  return (lo, hi) => {
    const k = 31 - Math.clz32(hi - lo + 1);
    const l = levels[k]![lo]!;
    const r = levels[k]![hi - (1 << k) + 1]!;
    return a[r]! < a[l]! ? r : l;
  };
}

/** Zero crossings of a piecewise-linear function given at sorted points. */
function zeroCrossings(grid: Float64Array, y: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < grid.length; i++) {
    const a = y[i]!;
    if (a === 0) {
      if (i === 0 || y[i - 1] !== 0) out.push(grid[i]!);
      continue;
    }
    if (i + 1 < grid.length) {
      const b = y[i + 1]!;
      if (b !== 0 && a < 0 !== b < 0)
        out.push(grid[i]! + ((grid[i + 1]! - grid[i]!) * a) / (a - b));
    }
  }
  return out;
}

interface Candidate {
  kind: StructureKind;
  expiry: number;
  expiryDate?: string;
  legs: { q: ChainQuote; position: 'long' | 'short' }[];
}

function enumerate(chain: readonly ChainQuote[], kinds: ReadonlySet<StructureKind>) {
  const byExpiry = new Map<number, { puts: ChainQuote[]; calls: ChainQuote[] }>();
  for (const q of chain) {
    const e = byExpiry.get(q.expiry) ?? { puts: [], calls: [] };
    (q.right === 'put' ? e.puts : e.calls).push(q);
    byExpiry.set(q.expiry, e);
  }
  const out: Candidate[] = [];
  let skipped = 0;
  for (const expiry of [...byExpiry.keys()].sort((a, b) => a - b)) {
    const { puts, calls } = byExpiry.get(expiry)!;
    puts.sort((a, b) => a.strike - b.strike);
    calls.sort((a, b) => a.strike - b.strike);
    const base = (q: ChainQuote) => ({
      expiry,
      ...(q.expiryDate ? { expiryDate: q.expiryDate } : {}),
    });
    for (const p of puts) {
      if (kinds.has('put')) {
        if (p.ask > 0) out.push({ kind: 'put', ...base(p), legs: [{ q: p, position: 'long' }] });
        else skipped++;
      }
      if (kinds.has('put-spread'))
        for (const s of puts) {
          if (!(s.strike < p.strike)) continue;
          if (p.ask > 0 && s.bid > 0)
            out.push({
              kind: 'put-spread',
              ...base(p),
              legs: [
                { q: p, position: 'long' },
                { q: s, position: 'short' },
              ],
            });
          else skipped++;
        }
      if (kinds.has('collar'))
        for (const c of calls) {
          if (!(c.strike > p.strike)) continue;
          if (p.ask > 0 && c.bid > 0)
            out.push({
              kind: 'collar',
              ...base(p),
              legs: [
                { q: p, position: 'long' },
                { q: c, position: 'short' },
              ],
            });
          else skipped++;
        }
    }
  }
  return { candidates: out, skipped };
}

/** Feasible and infeasible hedge structures for an exposure, ranked (see the file header). */
export function tailHedge(input: TailHedgeInput): TailHedgeResult {
  const S = input.spot;
  if (!(S > 0 && Number.isFinite(S)))
    throw new RangeError(`tail hedge: spot must be positive, got ${S}`);
  const d = input.downside;
  if (!(d > 0 && d < 1)) throw new RangeError(`tail hedge: downside must be in (0, 1), got ${d}`);
  const u = input.upside ?? 0.5;
  if (!(u >= 0 && Number.isFinite(u)))
    throw new RangeError(`tail hedge: upside must be non-negative, got ${u}`);
  const mult = input.multiplier ?? 1;
  if (!(mult > 0 && Number.isFinite(mult)))
    throw new RangeError(`tail hedge: multiplier must be positive, got ${mult}`);
  if (!(input.budget >= 0))
    throw new RangeError(`tail hedge: budget must be non-negative USD, got ${input.budget}`);
  const maxLossUsd =
    'usd' in input.maxLoss
      ? input.maxLoss.usd
      : input.maxLoss.fraction * input.maxLoss.portfolioValue;
  if ('usd' in input.maxLoss) {
    if (!(input.maxLoss.usd >= 0))
      throw new RangeError(
        `tail hedge: maxLoss.usd must be non-negative, got ${input.maxLoss.usd}`,
      );
  } else {
    const { fraction, portfolioValue } = input.maxLoss;
    if (!(fraction >= 0 && fraction <= 1))
      throw new RangeError(`tail hedge: maxLoss.fraction must be in [0, 1], got ${fraction}`);
    if (!(portfolioValue > 0))
      throw new RangeError(
        `tail hedge: maxLoss.portfolioValue must be positive, got ${portfolioValue}`,
      );
  }
  checkChain(input.chain);
  const low = S * (1 - d);
  const high = S * (1 + u);
  if ('prices' in input.exposure) checkSamples(input.exposure, low, high);

  // Grid: range ends, spot, strikes and samples inside, plus a dense grid for a callback.
  const pts: number[] = [low, S, high];
  for (const q of input.chain) if (q.strike > low && q.strike < high) pts.push(q.strike);
  if ('prices' in input.exposure) {
    const { prices } = input.exposure;
    for (let i = 0; i < prices.length; i++)
      if (prices[i]! > low && prices[i]! < high) pts.push(prices[i]!);
  } else {
    const m = input.gridPoints ?? 2001;
    if (!(Number.isInteger(m) && m >= 2))
      throw new RangeError(`tail hedge: gridPoints must be an integer ≥ 2, got ${m}`);
    for (let i = 1; i < m - 1; i++) pts.push(low + ((high - low) * i) / (m - 1));
  }
  pts.sort((a, b) => a - b);
  const grid = Float64Array.from(pts.filter((v, i) => i === 0 || v !== pts[i - 1]));
  const nG = grid.length;
  const iSpot = grid.indexOf(S);
  const base = exposureOn(input.exposure, grid);

  // Units to protect and contracts.
  let units = input.units;
  if (units === undefined) {
    units = exposureDelta(input.exposure, S);
    if (!(units > 0))
      throw new RangeError(
        `tail hedge: the exposure has no long delta at spot (${units}); pass units`,
      );
  }
  if (!(units > 0 && Number.isFinite(units)))
    throw new RangeError(`tail hedge: units must be positive, got ${units}`);
  let contracts = units / mult;
  if (input.lotSize !== undefined) {
    if (!(input.lotSize > 0))
      throw new RangeError(`tail hedge: lotSize must be positive, got ${input.lotSize}`);
    contracts = Math.round(contracts / input.lotSize) * input.lotSize;
    if (contracts === 0)
      throw new RangeError(
        `tail hedge: ${units} units round to zero contracts of lot ${input.lotSize}`,
      );
  }
  const n = contracts * mult; // coins covered

  const worstOf = (y: Float64Array, from: number, to: number) => {
    let w = Infinity;
    let at = NaN;
    for (let i = from; i <= to; i++)
      if (y[i]! < w) {
        w = y[i]!;
        at = grid[i]!;
      }
    return { worstLoss: -w, worstLossAt: at };
  };
  const unhedgedWorst = worstOf(base, 0, iSpot);

  // Screening. On the range (grid points 0 … iSpot) a structure adds n·(s·x + c) to the exposure
  // between consecutive strikes, with s in {−1, 0, 1} for these kinds; the minimum of base + s·n·x
  // over an index interval comes from a sparse table in O(1), so each candidate costs O(legs).
  const m = iSpot + 1;
  const shifted = (s: number) =>
    Float64Array.from(base.subarray(0, m), (b, i) => b + s * n * grid[i]!);
  const arrays = [-1, 0, 1].map(shifted); // indexed by slope + 1
  const tables = arrays.map(argminTable);
  const bound = (K: number, upper: boolean) => {
    let lo = 0;
    let hi = m; // first index with grid ≥ K (lower) or > K (upper)
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (upper ? grid[mid]! <= K : grid[mid]! < K) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const kinds = new Set<StructureKind>(input.kinds ?? ['put', 'put-spread', 'collar']);
  const { candidates, skipped } = enumerate(input.chain, kinds);
  const tol = 1e-9 * Math.max(1, Math.abs(input.budget), Math.abs(maxLossUsd));
  interface Screened {
    c: Candidate;
    cost: number;
    costAtMark: number;
    worstLoss: number;
    worstLossAt: number;
    overBudget: boolean;
    overCap: boolean;
  }
  const feasible: Screened[] = [];
  const infeasible: Screened[] = [];
  let overBudget = 0;
  let lossCapNotMet = 0;
  for (const c of candidates) {
    let cost = 0;
    let costAtMark = 0;
    const bounds = [0, m];
    for (const { q, position } of c.legs) {
      const sgn = position === 'long' ? 1 : -1;
      cost += sgn * (position === 'long' ? q.ask : q.bid) * n;
      costAtMark += sgn * q.mark * n;
      bounds.push(bound(q.strike, q.right === 'call'));
    }
    bounds.sort((a, b) => a - b);
    let worst = Infinity;
    let worstAt = 0;
    for (let r = 0; r + 1 < bounds.length; r++) {
      const from = bounds[r]!;
      const to = bounds[r + 1]! - 1;
      if (to < from) continue;
      const x0 = grid[from]!;
      let slope = 0;
      let constant = 0;
      for (const { q, position } of c.legs) {
        const sgn = position === 'long' ? 1 : -1;
        if (q.right === 'put' && x0 < q.strike) {
          slope -= sgn;
          constant += sgn * q.strike;
        } else if (q.right === 'call' && x0 > q.strike) {
          slope += sgn;
          constant -= sgn * q.strike;
        }
      }
      const table = tables[slope + 1];
      if (!table) throw new Error(`tail hedge: unexpected payoff slope ${slope} in ${c.kind}`);
      const i = table(from, to);
      const v = arrays[slope + 1]![i]! + n * constant - cost;
      if (v < worst) {
        worst = v;
        worstAt = i;
      }
    }
    const worstLoss = -worst;
    const row: Screened = {
      c,
      cost,
      costAtMark,
      worstLoss,
      worstLossAt: grid[worstAt]!,
      overBudget: cost > input.budget + tol,
      overCap: worstLoss > maxLossUsd + tol,
    };
    if (row.overBudget) overBudget++;
    if (row.overCap) lossCapNotMet++;
    (row.overBudget || row.overCap ? infeasible : feasible).push(row);
  }
  const byCost = (a: Screened, b: Screened) => a.cost - b.cost || a.worstLoss - b.worstLoss;
  const byLoss = (a: Screened, b: Screened) => a.worstLoss - b.worstLoss || a.cost - b.cost;
  feasible.sort(input.rankBy === 'worst-loss' ? byLoss : byCost);
  const misses = (r: Screened) => Number(r.overBudget) + Number(r.overCap);
  infeasible.sort((a, b) => misses(a) - misses(b) || byLoss(a, b));
  const limit = input.limit ?? 50;

  // Detail for the structures returned: the hedged P&L on the whole grid.
  const y = new Float64Array(nG);
  const detail = (r: Screened): HedgeStructure => {
    const { c } = r;
    const reasons: string[] = [];
    if (r.overBudget)
      reasons.push(`over budget: cost ${fmt(r.cost)} USD > budget ${fmt(input.budget)} USD`);
    if (r.overCap)
      reasons.push(
        `loss cap not met: worst loss ${fmt(r.worstLoss)} USD at price ${fmt(r.worstLossAt)} > cap ${fmt(maxLossUsd)} USD`,
      );
    for (let i = 0; i < nG; i++) {
      const x = grid[i]!;
      let v = base[i]! - r.cost;
      for (const { q, position } of c.legs) {
        const pay = q.right === 'put' ? Math.max(q.strike - x, 0) : Math.max(x - q.strike, 0);
        v += (position === 'long' ? n : -n) * pay;
      }
      y[i] = v;
    }
    // Protected zone: from the short put (or the range low) up to the long put strike, within the range.
    const longPut = c.legs[0]!.q.strike;
    const floorK = c.kind === 'put-spread' ? c.legs[1]!.q.strike : 0;
    let zoneFrom = -1;
    let zoneTo = -1;
    for (let i = 0; i <= iSpot; i++)
      if (grid[i]! >= floorK && grid[i]! <= longPut) {
        if (zoneFrom < 0) zoneFrom = i;
        zoneTo = i;
      }
    return {
      kind: c.kind,
      expiry: c.expiry,
      ...(c.expiryDate ? { expiryDate: c.expiryDate } : {}),
      legs: c.legs.map(({ q, position }) => ({
        right: q.right,
        strike: q.strike,
        position,
        price: position === 'long' ? q.ask : q.bid,
        mark: q.mark,
      })),
      contracts,
      cost: r.cost,
      costAtMark: r.costAtMark,
      worstLoss: r.worstLoss,
      worstLossAt: r.worstLossAt,
      protectedLoss: zoneFrom < 0 ? null : worstOf(y, zoneFrom, zoneTo).worstLoss,
      breakevens: zeroCrossings(grid, y),
      upsidePnl: y[nG - 1]!,
      feasible: reasons.length === 0,
      reasons,
    };
  };
  return {
    units,
    contracts,
    maxLossUsd,
    budget: input.budget,
    range: { low, high },
    unhedged: { ...unhedgedWorst, breakevens: zeroCrossings(grid, base), upsidePnl: base[nG - 1]! },
    feasible: feasible.slice(0, limit).map(detail),
    infeasible: infeasible.slice(0, limit).map(detail),
    counts: {
      evaluated: candidates.length,
      feasible: feasible.length,
      overBudget,
      lossCapNotMet,
      skippedNoQuote: skipped,
    },
  };
}
