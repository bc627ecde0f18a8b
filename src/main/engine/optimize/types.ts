// Types shared by the allocation optimisers. Weights are fractions of portfolio value, one per
// asset, in the order of the asset list the caller passes in.
import type { Matrix } from '../linalg/matrix';

/**
 * A desk's constraints on target weights, in asset-index terms. The service translates names
 * (asset class, chain, venue, role…) into index lists before calling the engine.
 */
export interface AllocationConstraints {
  /** Per-asset lower/upper bounds (fractions). Default: 0..1 long-only, -1..1 long-short. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Long-only (default) or long-short with sum |w| <= grossLeverage. */
  longOnly?: boolean;
  grossLeverage?: number;
  /** Sum of weights; 1 by default (fully invested). */
  budget?: number;
  /** Group bounds: sum of members' weights within [lower, upper]. Floors are groups with a lower bound. */
  groups?: GroupConstraint[];
  /** Per-asset caps from outside (e.g. liquidity: X days of average volume); min()'d with upper. */
  caps?: { asset: number; max: number; reason: string }[];
  /** Turnover limit: sum |w - current| <= maxTurnover. */
  turnover?: { current: ArrayLike<number>; maxTurnover: number };
  /** At most this many non-zero positions (mixed-integer). */
  maxAssets?: number;
  /** Each held position at least this weight (mixed-integer: w = 0 or w >= minPosition). */
  minPosition?: number;
  /** L2 regularisation gamma: adds gamma * ||w||^2 to the risk objective. */
  l2?: number;
}

export interface GroupConstraint {
  /** Shown to the user, e.g. "asset class DeFi" or "venue Binance". */
  name: string;
  members: number[];
  lower?: number;
  upper?: number;
}

/**
 * The constraints compiled to linear form over x = [w (n weights), auxiliary variables...].
 * Every row carries a label naming the user's constraint it came from, so infeasibility
 * messages can name the constraints in conflict.
 */
export interface LinearSystem {
  /** Number of weights (the first n variables). */
  n: number;
  /** Total number of variables (n plus auxiliaries for long-short, turnover…). */
  nVars: number;
  lb: Float64Array;
  ub: Float64Array;
  /** Labels of each variable bound (same length as nVars), e.g. "bounds BTC" or "cap ETH (liquidity)". */
  boundLabels: string[];
  /** Equality rows Aeq x = beq (row-major, nVars columns). */
  Aeq: Matrix;
  beq: Float64Array;
  eqLabels: string[];
  /** Inequality rows Ain x <= bin. */
  Ain: Matrix;
  bin: Float64Array;
  inLabels: string[];
}

/** An infeasible constraint set, with the smallest conflicting subset found. */
export interface Infeasibility {
  kind: 'infeasible';
  /** Labels of the constraints that cannot hold together (an irreducible subset when found). */
  conflicting: string[];
  message: string;
}

export interface AllocationResult {
  weights: Float64Array;
  expectedReturn: number;
  volatility: number;
  /** (expectedReturn - riskFree) / volatility, per year. */
  sharpe: number;
  /** Plain-language notes: e.g. "no portfolio beats the risk-free rate". */
  notes: string[];
  /**
   * Present when the optimum asked for does not exist under the constraints and the weights are
   * a stated substitute: why, and the limit that was hit (e.g. the minimum volatility).
   */
  fallback?: AllocationFallback;
  /** Present for mixed-integer solves (maxAssets, minPosition) and solves stopped at a limit. */
  optimality?: { proven: boolean; gap: number; nodes: number };
}

/**
 * no-excess-return: max Sharpe, no portfolio's expected return beats the risk-free rate (limit:
 * the best expected return); the minimum-volatility portfolio is shown.
 * target-volatility-too-low: efficient risk, the target is below the minimum volatility (limit);
 * the minimum-volatility portfolio is shown.
 * target-return-too-high: efficient return, the target is above the maximum expected return
 * (limit); the least volatile maximum-return portfolio is shown.
 */
export interface AllocationFallback {
  reason: 'no-excess-return' | 'target-volatility-too-low' | 'target-return-too-high';
  limit: number;
}
