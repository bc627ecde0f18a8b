// Lending-market health (Aave v3 rules): health factor, liquidation prices, what a liquidation
// takes, borrowing power, and collateral whose peg to its underlying can slip (liquid staking).
//
//   HF = Σ collateral_i · price_i · liquidationThreshold_i / Σ debt_j · price_j     (USD)
// A position with HF < 1 may be liquidated. Aave v3's close factor: a liquidator may repay 50 % of
// the debt reserve while HF > 0.95 and 100 % at or below it (CLOSE_FACTOR_HF_THRESHOLD), and
// receives collateral worth debt repaid × (1 + liquidation bonus), capped by what the user holds.

export interface LendingCollateral {
  asset: string;
  /** Units supplied (≥ 0). */
  amount: number;
  /** USD per unit (> 0). */
  price: number;
  /** Liquidation threshold in [0, 1] (e.g. 0.83 for ETH on Aave v3 mainnet). */
  liquidationThreshold: number;
  /** Maximum loan-to-value in [0, liquidationThreshold]; needed for borrowing power. */
  ltv?: number;
  /** Liquidation bonus as a fraction (0.05 = 5 %); needed to size a liquidation. */
  liquidationBonus?: number;
}

export interface LendingDebt {
  asset: string;
  /** Units owed (≥ 0). */
  amount: number;
  /** USD per unit (> 0). */
  price: number;
}

export interface LendingAccount {
  collateral: readonly LendingCollateral[];
  debt: readonly LendingDebt[];
}

/** Prices (USD) that replace the listed ones, by asset. */
export type PriceOverrides = Readonly<Record<string, number>>;

function checkFraction(v: number | undefined, what: string, hi = 1): void {
  if (v !== undefined && !(v >= 0 && v <= hi))
    throw new RangeError(`${what} must be in [0, ${hi}], got ${v}`);
}

function checkPositive(v: number, what: string): void {
  if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`${what} must be positive, got ${v}`);
}

/** Checks every leg (non-negative amounts, positive prices, fractions in range, assets unique). */
export function checkAccount(account: LendingAccount): void {
  const seen = new Set<string>();
  for (const c of account.collateral) {
    const where = `collateral ${c.asset}`;
    if (seen.has(c.asset)) throw new RangeError(`${where} is listed twice`);
    seen.add(c.asset);
    if (!(c.amount >= 0 && Number.isFinite(c.amount)))
      throw new RangeError(`${where}: amount must be non-negative, got ${c.amount}`);
    checkPositive(c.price, `${where}: price`);
    checkFraction(c.liquidationThreshold, `${where}: liquidationThreshold`);
    if (typeof c.liquidationThreshold !== 'number')
      throw new RangeError(`${where}: liquidationThreshold is required`);
    checkFraction(c.ltv, `${where}: ltv`, c.liquidationThreshold);
    checkFraction(c.liquidationBonus, `${where}: liquidationBonus`);
  }
  seen.clear();
  for (const d of account.debt) {
    const where = `debt ${d.asset}`;
    if (seen.has(d.asset)) throw new RangeError(`${where} is listed twice`);
    seen.add(d.asset);
    if (!(d.amount >= 0 && Number.isFinite(d.amount)))
      throw new RangeError(`${where}: amount must be non-negative, got ${d.amount}`);
    checkPositive(d.price, `${where}: price`);
  }
}

function priceOf(leg: { asset: string; price: number }, prices?: PriceOverrides): number {
  const p = prices?.[leg.asset];
  if (p === undefined) return leg.price;
  checkPositive(p, `price override for ${leg.asset}`);
  return p;
}

export interface LendingSummary {
  collateralUsd: number;
  /** Σ collateral · price · liquidationThreshold. */
  thresholdCollateralUsd: number;
  /** Σ collateral · price · ltv (legs without ltv count 0). */
  borrowLimitUsd: number;
  debtUsd: number;
  /** max(0, borrowLimit − debt). */
  availableToBorrowUsd: number;
  /** debt / collateral (0 without collateral). */
  loanToValue: number;
  /** Infinity without debt. */
  healthFactor: number;
}

/** USD totals and health of an account, optionally at other prices. */
export function lendingSummary(account: LendingAccount, prices?: PriceOverrides): LendingSummary {
  checkAccount(account);
  let collateralUsd = 0;
  let thresholdCollateralUsd = 0;
  let borrowLimitUsd = 0;
  for (const c of account.collateral) {
    const v = c.amount * priceOf(c, prices);
    collateralUsd += v;
    thresholdCollateralUsd += v * c.liquidationThreshold;
    borrowLimitUsd += v * (c.ltv ?? 0);
  }
  let debtUsd = 0;
  for (const d of account.debt) debtUsd += d.amount * priceOf(d, prices);
  return {
    collateralUsd,
    thresholdCollateralUsd,
    borrowLimitUsd,
    debtUsd,
    availableToBorrowUsd: Math.max(0, borrowLimitUsd - debtUsd),
    loanToValue: collateralUsd > 0 ? debtUsd / collateralUsd : 0,
    healthFactor: debtUsd > 0 ? thresholdCollateralUsd / debtUsd : Infinity,
  };
}

/** Health factor (Infinity without debt). */
export function healthFactor(account: LendingAccount, prices?: PriceOverrides): number {
  return lendingSummary(account, prices).healthFactor;
}

/** Largest further borrow of an asset priced `price` USD that keeps the loan within the LTVs. */
export function maxBorrow(account: LendingAccount, price: number): { usd: number; units: number } {
  checkPositive(price, 'borrowed asset price');
  for (const c of account.collateral)
    if (c.ltv === undefined)
      throw new RangeError(`collateral ${c.asset}: ltv is needed for borrowing power`);
  const usd = lendingSummary(account).availableToBorrowUsd;
  return { usd, units: usd / price };
}

/** Where HF = 1 as one price (or price factor) moves: a linear equation a·x + c = 0 in x. */
export interface LiquidationLevel {
  /**
   * 'price': liquidatable past `level`; 'never': HF ≥ 1 for every positive level;
   * 'always': HF < 1 for every positive level.
   */
  status: 'price' | 'never' | 'always';
  level: number | null;
  /** Liquidatable when the level falls below (net collateral) or rises above (net debt) it. */
  direction: 'below' | 'above';
}

/**
 * Solves Σ weighted collateral − Σ debt = slope·x + constant = 0 for x > 0, where x is the moving
 * price (or factor). HF ≥ 1 exactly when slope·x + constant ≥ 0.
 */
function solveLevel(slope: number, constant: number): LiquidationLevel {
  const direction = slope >= 0 ? 'below' : 'above';
  if (slope === 0) return { status: constant >= 0 ? 'never' : 'always', level: null, direction };
  const x = -constant / slope;
  if (x > 0 && x < Infinity) return { status: 'price', level: x, direction };
  // Root at x ≤ 0 (or beyond any finite level, for a vanishing slope): the sign over the
  // positive levels is that of the slope, or of the constant when it overwhelms the slope.
  if (x === Infinity) return { status: constant >= 0 ? 'never' : 'always', level: null, direction };
  return { status: slope > 0 ? 'never' : 'always', level: null, direction };
}

/** Per-asset sums: liquidation-weighted collateral units and debt units. */
function exposures(account: LendingAccount) {
  const w = new Map<string, { coll: number; debt: number }>();
  const get = (a: string) => w.get(a) ?? (w.set(a, { coll: 0, debt: 0 }), w.get(a)!);
  for (const c of account.collateral) get(c.asset).coll += c.amount * c.liquidationThreshold;
  for (const d of account.debt) get(d.asset).debt += d.amount;
  return w;
}

/**
 * Price of `asset` at which HF = 1, every other price held fixed. The asset may be collateral,
 * debt or both (a net-debt asset liquidates as its price RISES).
 */
export function liquidationPriceOf(account: LendingAccount, asset: string): LiquidationLevel {
  checkAccount(account);
  const w = exposures(account);
  const own = w.get(asset);
  if (!own) throw new RangeError(`asset ${asset} is neither collateral nor debt in this account`);
  let constant = 0;
  for (const c of account.collateral)
    if (c.asset !== asset) constant += c.amount * c.price * c.liquidationThreshold;
  for (const d of account.debt) if (d.asset !== asset) constant -= d.amount * d.price;
  return solveLevel(own.coll - own.debt, constant);
}

// ---------------------------------------------------------------------------------------------
// Liquidation (Aave v3 LiquidationLogic)

export interface CloseFactorRule {
  /** HF at or below which the whole debt may be repaid (Aave v3: 0.95). */
  threshold: number;
  /** Share repayable above the threshold (Aave v3: 0.5). */
  partial: number;
  /** Share repayable at or below it (Aave v3: 1). */
  full: number;
}

export const AAVE_V3_CLOSE_FACTOR: CloseFactorRule = { threshold: 0.95, partial: 0.5, full: 1 };

/** Share of a debt reserve a liquidator may repay at health factor `hf` (0 when HF ≥ 1). */
export function closeFactor(hf: number, rule: CloseFactorRule = AAVE_V3_CLOSE_FACTOR): number {
  if (Number.isNaN(hf) || hf < 0)
    throw new RangeError(`health factor must be non-negative, got ${hf}`);
  if (hf >= 1) return 0;
  return hf > rule.threshold ? rule.partial : rule.full;
}

export interface LiquidationCall {
  collateralAsset: string;
  debtAsset: string;
  /** Units of debt the liquidator offers to repay; default: as much as the close factor allows. */
  debtToCover?: number;
}

export interface LiquidationOutcome {
  liquidatable: boolean;
  healthFactorBefore: number;
  closeFactor: number;
  /** Debt units repaid and their USD value. */
  debtRepaid: number;
  debtRepaidUsd: number;
  /** Collateral units taken from the user (bonus and protocol fee included) and their USD value. */
  collateralSeized: number;
  collateralSeizedUsd: number;
  /** USD of the bonus kept by the liquidator (seized − repaid − protocol fee). */
  liquidatorBonusUsd: number;
  /** USD of the bonus share that goes to the protocol treasury. */
  protocolFeeUsd: number;
  /** Whether the user's collateral in that asset ran out (the debt repaid was cut to match). */
  collateralCapped: boolean;
  healthFactorAfter: number;
  /** The account after the liquidation. */
  after: LendingAccount;
}

/**
 * What one liquidation call takes: debt repaid = min(debtToCover, closeFactor · debt), collateral
 * seized = repaid · debtPrice · (1 + bonus) / collateralPrice; if that exceeds the user's
 * collateral, all of it is seized and the repayment cut to collateral · price / ((1 + bonus) ·
 * debtPrice) (Aave v3 _calculateAvailableCollateralToLiquidate). `protocolFeeShare` is Aave's
 * liquidationProtocolFee: the share of the BONUS that goes to the treasury (default 0).
 */
export function liquidate(
  account: LendingAccount,
  call: LiquidationCall,
  options: { rule?: CloseFactorRule; protocolFeeShare?: number } = {},
): LiquidationOutcome {
  checkAccount(account);
  const coll = account.collateral.find((c) => c.asset === call.collateralAsset);
  const debt = account.debt.find((d) => d.asset === call.debtAsset);
  if (!coll) throw new RangeError(`collateral asset ${call.collateralAsset} is not in the account`);
  if (!debt) throw new RangeError(`debt asset ${call.debtAsset} is not in the account`);
  if (coll.liquidationBonus === undefined)
    throw new RangeError(
      `collateral ${coll.asset}: liquidationBonus is needed to size a liquidation`,
    );
  const feeShare = options.protocolFeeShare ?? 0;
  checkFraction(feeShare, 'protocolFeeShare');
  if (call.debtToCover !== undefined && !(call.debtToCover >= 0))
    throw new RangeError(`debtToCover must be non-negative, got ${call.debtToCover}`);

  const hf = healthFactor(account);
  const cf = closeFactor(hf, options.rule);
  const bonus = coll.liquidationBonus;
  const maxDebt = cf * debt.amount;
  let repaid = Math.min(call.debtToCover ?? maxDebt, maxDebt);
  let seized = (repaid * debt.price * (1 + bonus)) / coll.price;
  const capped = seized > coll.amount;
  if (capped) {
    seized = coll.amount;
    repaid = (seized * coll.price) / ((1 + bonus) * debt.price);
  }
  const seizedUsd = seized * coll.price;
  const repaidUsd = repaid * debt.price;
  const protocolFeeUsd = (seizedUsd - seizedUsd / (1 + bonus)) * feeShare;
  const after: LendingAccount = {
    collateral: account.collateral.map((c) =>
      c === coll ? { ...c, amount: c.amount - seized } : c,
    ),
    debt: account.debt.map((d) => (d === debt ? { ...d, amount: d.amount - repaid } : d)),
  };
  return {
    liquidatable: cf > 0,
    healthFactorBefore: hf,
    closeFactor: cf,
    debtRepaid: repaid,
    debtRepaidUsd: repaidUsd,
    collateralSeized: seized,
    collateralSeizedUsd: seizedUsd,
    liquidatorBonusUsd: seizedUsd - repaidUsd - protocolFeeUsd,
    protocolFeeUsd,
    collateralCapped: capped,
    healthFactorAfter: healthFactor(after),
    after,
  };
}

// ---------------------------------------------------------------------------------------------
// Staked collateral with a peg (e.g. wstETH against ETH): its price is underlying price × pegRatio.

export interface PegSpec {
  /** Asset of the underlying (e.g. 'ETH'); its legs move with the underlying price U. */
  underlying: string;
  /** Asset of the staked token (e.g. 'wstETH'); its legs are priced U · pegRatio. */
  staked: string;
  /**
   * Fair value of one staked token in underlying units (its redemption rate, e.g. 1.18 for
   * wstETH); depeg = 1 − pegRatio / fairRatio. Default 1.
   */
  fairRatio?: number;
}

/** Liquidation-weighted collateral minus debt as U·(ρ·s + u) + o (see liquidationPeg). */
function pegTerms(account: LendingAccount, spec: PegSpec) {
  checkAccount(account);
  if (spec.underlying === spec.staked)
    throw new RangeError('peg: underlying and staked must be different assets');
  const w = exposures(account);
  const s = w.get(spec.staked);
  if (!s) throw new RangeError(`peg: staked asset ${spec.staked} is not in the account`);
  const u = w.get(spec.underlying) ?? { coll: 0, debt: 0 };
  let other = 0;
  for (const c of account.collateral)
    if (c.asset !== spec.staked && c.asset !== spec.underlying)
      other += c.amount * c.price * c.liquidationThreshold;
  for (const d of account.debt)
    if (d.asset !== spec.staked && d.asset !== spec.underlying) other -= d.amount * d.price;
  const fair = spec.fairRatio ?? 1;
  checkPositive(fair, 'peg: fairRatio');
  return { s: s.coll - s.debt, u: u.coll - u.debt, other, fair };
}

/** Health factor when the underlying is at `underlyingPrice` and the staked token at U · pegRatio. */
export function healthFactorAtPeg(
  account: LendingAccount,
  spec: PegSpec,
  underlyingPrice: number,
  pegRatio: number,
): number {
  checkPositive(underlyingPrice, 'peg: underlyingPrice');
  checkPositive(pegRatio, 'peg: pegRatio');
  return healthFactor(account, {
    [spec.underlying]: underlyingPrice,
    [spec.staked]: underlyingPrice * pegRatio,
  });
}

/**
 * The peg ratio at which HF = 1 with the underlying at `underlyingPrice` (others fixed), and the
 * depeg it means (1 − ratio / fairRatio). HF − 1 ∝ U·(ρ·s + u) + o with s, u the net weighted
 * units of staked and underlying and o the rest in USD, so ρ* = (−o/U − u) / s.
 */
export function liquidationPeg(
  account: LendingAccount,
  spec: PegSpec,
  underlyingPrice: number,
): LiquidationLevel & { depeg: number | null } {
  checkPositive(underlyingPrice, 'peg: underlyingPrice');
  const t = pegTerms(account, spec);
  const level = solveLevel(underlyingPrice * t.s, underlyingPrice * t.u + t.other);
  return { ...level, depeg: level.level === null ? null : 1 - level.level / t.fair };
}

/** The underlying price at which HF = 1 when the staked token trades at `pegRatio` underlying units. */
export function liquidationUnderlyingPrice(
  account: LendingAccount,
  spec: PegSpec,
  pegRatio: number,
): LiquidationLevel {
  checkPositive(pegRatio, 'peg: pegRatio');
  const t = pegTerms(account, spec);
  return solveLevel(pegRatio * t.s + t.u, t.other);
}
