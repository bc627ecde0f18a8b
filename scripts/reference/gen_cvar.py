"""Reference values for src/main/engine/optimize/cvar.ts (minimum CVaR)  ->  test/reference/cvar.json

Run: python3 scripts/reference/gen_cvar.py   (numpy 2, scipy 1.17)

What produced each expected value
- The Rockafellar & Uryasev (2000) LP over x = [w (n), aux, zeta, u (S)]:
      min zeta + 1/((1-alpha) S) sum u_s   s.t.  -R w - zeta - u <= 0,  u >= 0,  constraints on w,
  built here as dense matrices and solved with scipy.optimize.linprog(method='highs-ds') (dual
  simplex). The same LP solved with method='highs-ipm' (interior point) must give the same
  weights (1e-6) and objective (1e-9 relative): the optimum is unique, so weights can be compared.
- cvar   the LP objective; cross-checked against the closed form of Rockafellar & Uryasev (2002,
         Prop. 8) for the optimal weights: losses L sorted descending, k = (1-alpha) S,
         CVaR = (L_1 + ... + L_floor(k) + (k - floor(k)) L_(floor(k)+1)) / k (agree to 1e-9).
- var    the lower alpha-quantile of the optimal portfolio's losses: L_(floor(k)+1) (1-based,
         descending), the smallest minimising zeta.
- cardinality (MILP, at most K assets, each held >= minPosition): scipy.optimize.milp (HiGHS
         branch and bound), cross-checked by enumeration: the LP restricted to every support of
         size <= K with w_i >= minPosition on it; the best of those equals the MILP optimum.

Scenarios: 6 assets x 250 days, one-factor model with Student-t(4) shocks (heavy tails), rounded
to 1e-6. alpha 0.95 gives k = 12.5 (not an integer), 0.9 gives k = 25, 0.99 gives k = 2.5.
"""

import itertools
import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from _common import rounded, tolist, write_fixture

NAMES = ["BTC", "ETH", "SOL", "UNI", "AAVE", "PAXG"]


def scenarios(S, seed):
    rng = np.random.default_rng(seed)
    n = len(NAMES)
    beta = np.array([1.0, 1.2, 1.5, 0.5, 0.4, -0.2])
    vol = np.array([0.012, 0.015, 0.025, 0.022, 0.02, 0.018])
    drift = np.array([0.0008, 0.0006, 0.0009, 0.0003, 0.0004, 0.0001])
    market = 0.025 * rng.standard_t(4, S) / math.sqrt(2)
    idio = rng.standard_t(4, (S, n)) / math.sqrt(2)
    return rounded(drift + np.outer(market, beta) + idio * vol)


def ru_cvar(losses, alpha):
    L = np.sort(np.asarray(losses))[::-1]
    S = len(L)
    k = (1 - alpha) * S
    if abs(k - round(k)) <= 1e-9 * max(1, k):
        k = round(k)
    m = math.floor(k)
    cvar = (L[:m].sum() + (k - m) * L[m]) / k
    return float(cvar), float(L[m])


def min_cvar(R, alpha, lb, ub, A_ub_w=None, b_ub=None, A_eq_w=None, b_eq=None, n_aux=0, aux_bounds=None):
    """Dense RU LP. Constraint rows are given over [w, aux] (n + n_aux columns)."""
    S, n = R.shape
    nv = n + n_aux + 1 + S
    c = np.zeros(nv)
    c[n + n_aux] = 1.0
    c[n + n_aux + 1:] = 1.0 / ((1 - alpha) * S)
    scen = np.zeros((S, nv))
    scen[:, :n] = -R
    scen[:, n + n_aux] = -1.0
    scen[:, n + n_aux + 1:] = -np.eye(S)
    A_ub = [scen]
    b = [np.zeros(S)]
    if A_ub_w is not None:
        A_ub.append(np.hstack([A_ub_w, np.zeros((A_ub_w.shape[0], 1 + S))]))
        b.append(b_ub)
    A_ub = np.vstack(A_ub)
    b = np.concatenate(b)
    Aeq = np.hstack([A_eq_w, np.zeros((A_eq_w.shape[0], 1 + S))])
    bounds = list(zip(lb, ub)) + (aux_bounds or []) + [(None, None)] + [(0, None)] * S
    out = {}
    for method in ("highs-ds", "highs-ipm"):
        res = linprog(c, A_ub=A_ub, b_ub=b, A_eq=Aeq, b_eq=b_eq, bounds=bounds, method=method)
        assert res.status == 0, res.message
        out[method] = res
    ds, ipm = out["highs-ds"], out["highs-ipm"]
    assert np.max(np.abs(ds.x[:n] - ipm.x[:n])) < 1e-6, (ds.x[:n], ipm.x[:n])
    assert abs(ds.fun - ipm.fun) < 1e-9 * abs(ds.fun)
    w = ds.x[:n]
    cvar, var = ru_cvar(-(R @ w), alpha)
    assert abs(cvar - ds.fun) < 1e-9 * abs(cvar), (cvar, ds.fun)
    return w, float(ds.fun), var


def main():
    R = scenarios(250, 20240705)
    S, n = R.shape
    mu = R.mean(0)
    out = {"names": NAMES, "scenarios": tolist(R), "cases": []}

    # constraints: 0 <= w <= 0.4, sum w = 1, group DeFi (UNI, AAVE) <= 0.3, majors (BTC, ETH) >= 0.25
    lb, ub = [0.0] * n, [0.4] * n
    A_eq = np.ones((1, n))
    b_eq = np.array([1.0])
    A_ub = np.array([[0, 0, 0, 1, 1, 0], [-1, -1, 0, 0, 0, 0]], dtype=float)
    b_ub = np.array([0.3, -0.25])
    base = {"lower": lb, "upper": ub, "groups": [{"members": [3, 4], "upper": 0.3},
                                                {"members": [0, 1], "lower": 0.25}]}
    for alpha in (0.95, 0.9, 0.99):
        w, cvar, var = min_cvar(R, alpha, lb, ub, A_ub, b_ub, A_eq, b_eq)
        out["cases"].append({"name": f"long-only, groups, alpha {alpha}", "alpha": alpha, **base,
                             "weights": tolist(w), "cvar": cvar, "var": var})

    # min-return variant: target between the min-CVaR portfolio's mean and the best mean
    w0, _, _ = min_cvar(R, 0.95, lb, ub, A_ub, b_ub, A_eq, b_eq)
    best = linprog(-mu, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=list(zip(lb, ub)), method="highs")
    target = float(np.round(mu @ w0 + 0.6 * (-best.fun - mu @ w0), 8))
    A_mr = np.vstack([A_ub, -mu[None, :]])
    b_mr = np.concatenate([b_ub, [-target]])
    w, cvar, var = min_cvar(R, 0.95, lb, ub, A_mr, b_mr, A_eq, b_eq)
    assert abs(mu @ w - target) < 1e-9  # the floor binds
    out["cases"].append({"name": "minimum expected return (scenario means)", "alpha": 0.95, **base,
                         "minReturn": target, "weights": tolist(w), "cvar": cvar, "var": var})

    # long-short: -0.3 <= w <= 0.6, sum w = 1, gross leverage sum |w| <= 1.5 through t >= |w|
    ls_lb, ls_ub, gross = [-0.3] * n, [0.6] * n, 1.5
    I = np.eye(n)
    A_ls = np.vstack([np.hstack([I, -I]), np.hstack([-I, -I]), np.hstack([np.zeros(n), np.ones(n)])[None, :]])
    b_ls = np.concatenate([np.zeros(2 * n), [gross]])
    A_eq_ls = np.hstack([np.ones((1, n)), np.zeros((1, n))])
    w, cvar, var = min_cvar(R, 0.95, ls_lb, ls_ub, A_ls, b_ls, A_eq_ls, b_eq, n_aux=n,
                            aux_bounds=[(0, None)] * n)
    assert np.abs(w).sum() > 1.0 + 1e-6  # some shorting happens
    out["cases"].append({"name": "long-short, gross leverage 150%", "alpha": 0.95, "lower": ls_lb,
                         "upper": ls_ub, "grossLeverage": gross, "weights": tolist(w), "cvar": cvar, "var": var})

    # cardinality: at most K = 3 assets, each held >= 0.15, 0 <= w <= 0.6, sum w = 1 (MILP)
    K, mpos, cap, alpha = 3, 0.15, 0.6, 0.95
    nv = n + n + 1 + S  # w, z, zeta, u
    c = np.zeros(nv)
    c[2 * n] = 1.0
    c[2 * n + 1:] = 1.0 / ((1 - alpha) * S)
    rows, lo, hi = [], [], []
    scen = np.zeros((S, nv))
    scen[:, :n] = R
    scen[:, 2 * n] = 1.0
    scen[:, 2 * n + 1:] = np.eye(S)
    rows.append(scen); lo.append(np.zeros(S)); hi.append(np.full(S, np.inf))
    budget = np.zeros((1, nv)); budget[0, :n] = 1
    rows.append(budget); lo.append([1.0]); hi.append([1.0])
    link_up = np.hstack([I, -cap * I, np.zeros((n, 1 + S))])
    rows.append(link_up); lo.append(np.full(n, -np.inf)); hi.append(np.zeros(n))
    link_lo = np.hstack([I, -mpos * I, np.zeros((n, 1 + S))])
    rows.append(link_lo); lo.append(np.zeros(n)); hi.append(np.full(n, np.inf))
    card = np.zeros((1, nv)); card[0, n:2 * n] = 1
    rows.append(card); lo.append([-np.inf]); hi.append([K])
    cons = LinearConstraint(np.vstack(rows), np.concatenate(lo), np.concatenate(hi))
    integrality = np.zeros(nv); integrality[n:2 * n] = 1
    blo = np.concatenate([np.zeros(n), np.zeros(n), [-np.inf], np.zeros(S)])
    bhi = np.concatenate([np.full(n, cap), np.ones(n), [np.inf], np.full(S, np.inf)])
    res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(blo, bhi),
               options={"mip_rel_gap": 0})
    assert res.status == 0, res.message
    w_milp = res.x[:n]
    # enumeration over supports of size <= K
    best_val, best_w = math.inf, None
    for size in range(1, K + 1):
        for sup in itertools.combinations(range(n), size):
            lbs = [mpos if i in sup else 0.0 for i in range(n)]
            ubs = [cap if i in sup else 0.0 for i in range(n)]
            if sum(ubs) < 1 - 1e-12:
                continue
            wv, val, _ = min_cvar(R, alpha, lbs, ubs, None, None, A_eq, b_eq)
            if val < best_val:
                best_val, best_w = val, wv
    assert abs(best_val - res.fun) < 1e-8 * abs(best_val), (best_val, res.fun)
    assert np.max(np.abs(best_w - w_milp)) < 1e-6
    cvar, var = ru_cvar(-(R @ best_w), alpha)
    out["cases"].append({"name": "cardinality <= 3, minimum position 15%", "alpha": alpha, "lower": [0.0] * n,
                         "upper": [cap] * n, "maxAssets": K, "minPosition": mpos,
                         "weights": tolist(best_w), "cvar": cvar, "var": var})

    write_fixture("cvar.json", out, "gen_cvar.py")


if __name__ == "__main__":
    main()
