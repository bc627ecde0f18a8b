"""PyPortfolioOpt-convention reference for `keel optimize` on a classic ragged equity set
->  test/reference/pypfopt.json

Run: python3 scripts/reference/gen_pypfopt.py   (numpy 2, scipy 1.17; pandas and PyPortfolioOpt
are NOT installed here: the pandas behaviours PyPortfolioOpt relies on are ported below from
pandas' source and documentation, each named where it is used, and the optimisation problems are
written out directly and solved with scipy)

Data: test/fixtures/optimize/stock_prices_2010.csv, the rows dated 2010-01-01 or later of
PyPortfolioOpt's own test resource tests/resources/stock_prices.csv (20 US stocks, adjusted
closes, empty cells before a listing: FB from 2012-05-18, BABA from 2014-09-19, GM from
2010-11-18). Read with the csv module: an empty cell is NaN, as pandas.read_csv gives.

Model (PyPortfolioOpt 1.5 with frequency=252):
- returns_from_prices(prices) = prices.pct_change(fill_method=None).dropna(how="all"):
  r_t = p_t / p_{t-1} - 1, NaN when either close is missing; rows where no asset has a return
  dropped (pandas DataFrame.pct_change with fill_method=None, DataFrame.dropna(how="all")).
- mean_historical_return(compounding=True): (1 + r).prod() ** (252 / r.count()) - 1 per asset,
  over that asset's own returns (pandas prod/count skip NaN).
- sample_cov: returns.cov() * 252, pandas DataFrame.cov = pairwise complete observations, ddof 1
  (ported from pandas _libs/algos.pyx nancorr(cov=True): Welford per pair, divisor nobs - 1;
  cross-checked against numpy.cov on each pair's common rows). PyPortfolioOpt then calls
  fix_nonpositive_semidefinite; on this data the matrix is positive definite (asserted), so
  nothing is repaired on either side.

Problems (long only, sum w = 1, bounds [0, 1] and [0, 0.15]; PyPortfolioOpt's EfficientFrontier
objectives, written directly rather than through its cvxpy reformulations):
- max Sharpe:        max (mu'w - rf) / sqrt(w'Sw), rf = 0 and 0.02
- min volatility:    min w'Sw
- efficient return:  min w'Sw  s.t. mu'w >= 0.25
- efficient risk:    max mu'w  s.t. sqrt(w'Sw) <= 0.20
- max utility:       max mu'w - (delta / 2) w'Sw, delta = 2  (max_quadratic_utility)
and two cases with group constraints as a `keel optimize --constraints` file states them (a
custom group by members; a group on tags given in the file, and a floor): sum of the members'
weights <= max / >= min (PyPortfolioOpt add_sector_constraints).
Figures as portfolio_performance: expected return mu'w, volatility sqrt(w'Sw), Sharpe
(mu'w - rf) / volatility with the case's rf (0.02 where the method takes none: PyPortfolioOpt
1.5's default risk_free_rate).

How each optimum is found and checked
1. scipy.optimize.minimize(method="SLSQP", ftol=1e-15, maxiter=2000) on the direct problem
   (the Sharpe ratio as a ratio, the volatility budget as a nonlinear inequality) from 8 starts
   (equal weights and 7 seeded Dirichlet draws, clipped into the box); the best feasible one
   (1e-8) is kept.
2. polish on the active set SLSQP found (w_i within 1e-7 of a bound is fixed there): the problem
   restricted to the free weights is solved exactly by one linear KKT system (min volatility,
   max utility, efficient return with the return constraint active), by the affine frontier
   w(r) = a + b r on that face and the larger root of w(r)'S w(r) = target^2 (efficient risk),
   or by the homogenised QP min y'Sy s.t. (mu - rf)'y = 1, sum y = k, y_i = ub_i k on the upper
   face (max Sharpe; Cornuejols & Tutuncu, Optimization Methods in Finance, 2007, section 8.2).
   Active group rows (and the return floor) are held as equalities on the face. A free weight
   leaving its bounds is fixed there, a broken group row is added, and the solve repeated; a
   bound or row whose multiplier has the wrong sign is released (primal-dual active-set loop,
   a few passes at most here).
3. KKT of the DIRECT problem, checked here at the polished point: feasibility (1e-12),
   stationarity of grad f + lambda 1 + sum nu_k grad c_k over the inequalities active within
   1e-9 (groups, return floor, volatility budget) on the free weights (least squares for lambda,
   nu; residual <= 1e-10 x |grad f|), bound multipliers >= -1e-10 x |grad f|, nu >= 0 (the
   inactive inequalities carry nu = 0: complementary slackness). Every problem is convex (max
   Sharpe: a pseudo-concave ratio, its numerator positive, over a polytope), so KKT means the
   global optimum. The polished point must also be within 1e-5 of SLSQP's and no worse than it
   (SLSQP's point and figures are stored as slsqp for the record).
"""

import csv
import os

import numpy as np
import scipy.optimize as so

from _common import ROOT, tolist, write_fixture

FREQ = 252
DATA = os.path.join(ROOT, "test", "fixtures", "optimize", "stock_prices_2010.csv")
RNG = np.random.default_rng(20250311)


# ============================================================== data and the PyPortfolioOpt model
def read_prices():
    with open(DATA, newline="") as f:
        rows = list(csv.reader(f))
    tickers = rows[0][1:]
    dates = [r[0] for r in rows[1:]]
    prices = np.array([[float(v) if v != "" else np.nan for v in r[1:]] for r in rows[1:]])
    assert prices.shape == (len(dates), len(tickers))
    assert dates == sorted(dates) and dates[0] >= "2010-01-01"
    return tickers, dates, prices


def returns_from_prices(prices):
    """pct_change(fill_method=None).dropna(how="all")."""
    r = np.full_like(prices, np.nan)
    r[1:] = prices[1:] / prices[:-1] - 1.0
    keep = ~np.all(np.isnan(r), axis=1)
    return r[keep], keep


def nancov(mat):
    """pandas _libs/algos.pyx nancorr(mat, cov=True, minp=1): pairwise complete, Welford."""
    N, K = mat.shape
    mask = np.isfinite(mat)
    out = np.empty((K, K))
    for xi in range(K):
        for yi in range(xi + 1):
            both = mask[:, xi] & mask[:, yi]
            xs = mat[both, xi]
            ys = mat[both, yi]
            nobs = 0
            meanx = meany = covxy = 0.0
            for vx, vy in zip(xs.tolist(), ys.tolist()):
                nobs += 1
                dx = vx - meanx
                dy = vy - meany
                meanx += 1.0 / nobs * dx
                meany += 1.0 / nobs * dy
                covxy += (vx - meanx) * dy
            out[xi, yi] = out[yi, xi] = covxy / (nobs - 1) if nobs >= 2 else np.nan
            if nobs >= 2:  # independent check: numpy on the pair's common rows
                ref = np.cov(xs, ys, ddof=1)[0, 1]
                assert abs(ref - out[xi, yi]) <= 1e-13 * np.sqrt(np.var(xs) * np.var(ys)), (xi, yi)
    return out


def mean_historical_return(r):
    return np.nanprod(1 + r, axis=0) ** (FREQ / np.sum(~np.isnan(r), axis=0)) - 1


# ============================================================== problems
class Problem:
    """One case: objective, linear inequalities a'w <= b (groups; the return floor), the volatility
    budget (efficient risk), per-asset bounds, and the rf its figures use."""

    def __init__(self, kind, mu, S, ub, rf=0.02, target=None, delta=None, groups=()):
        self.kind, self.mu, self.S, self.rf = kind, mu, S, rf
        self.target, self.delta = target, delta
        self.n = len(mu)
        self.lb = np.zeros(self.n)
        self.ub = np.full(self.n, ub)
        self.lin = []  # (label, a, b): a'w <= b
        for label, members, lo, hi in groups:
            a = np.zeros(self.n)
            a[members] = 1.0
            if hi is not None:
                self.lin.append((f"{label} <= {hi}", a, hi))
            if lo is not None:
                self.lin.append((f"{label} >= {lo}", -a, -lo))
        if kind == "efficient-return":
            self.lin.append(("return >= target", -mu, -target))

    # direct objective f (minimised) and its gradient
    def f(self, w):
        mu, S = self.mu, self.S
        if self.kind == "max-sharpe":
            return -(mu @ w - self.rf) / np.sqrt(w @ S @ w)
        if self.kind in ("min-volatility", "efficient-return"):
            return w @ S @ w
        if self.kind == "efficient-risk":
            return -(mu @ w)
        if self.kind == "max-utility":
            return -(mu @ w) + 0.5 * self.delta * (w @ S @ w)
        raise ValueError(self.kind)

    def grad(self, w):
        mu, S = self.mu, self.S
        Sw = S @ w
        if self.kind == "max-sharpe":
            v = w @ Sw
            return -(mu - self.rf) / np.sqrt(v) + (mu @ w - self.rf) * Sw / v**1.5
        if self.kind in ("min-volatility", "efficient-return"):
            return 2 * Sw
        if self.kind == "efficient-risk":
            return -mu
        return -mu + self.delta * Sw

    def risk_c(self, w):
        """The volatility budget w'Sw - target^2 <= 0 (efficient risk only)."""
        return w @ self.S @ w - self.target**2

    def inequalities(self):
        """(label, fun, grad) with fun(w) <= 0."""
        out = [(lab, (lambda w, a=a, b=b: a @ w - b), (lambda w, a=a: a)) for lab, a, b in self.lin]
        if self.kind == "efficient-risk":
            out.append(("volatility <= target", self.risk_c, lambda w: 2 * self.S @ w))
        return out

    def feasible(self, w, tol):
        ok = abs(np.sum(w) - 1) <= tol and np.all(w >= self.lb - tol) and np.all(w <= self.ub + tol)
        return ok and all(fun(w) <= tol for _, fun, _ in self.inequalities())

    def figures(self, w):
        ret = float(self.mu @ w)
        vol = float(np.sqrt(w @ self.S @ w))
        return {"expectedReturn": ret, "volatility": vol, "sharpe": (ret - self.rf) / vol}


def slsqp(p):
    n = p.n
    starts = [np.full(n, 1.0 / n)]
    while len(starts) < 8:
        starts.append(RNG.dirichlet(np.full(n, 0.5)))
    cons = [{"type": "eq", "fun": lambda w: np.sum(w) - 1, "jac": lambda w: np.ones(n)}]
    for _, fun, grad in p.inequalities():
        cons.append({"type": "ineq", "fun": (lambda w, fun=fun: -fun(w)), "jac": (lambda w, grad=grad: -grad(w))})
    best = None
    for w0 in starts:
        w0 = np.clip(w0, p.lb, p.ub)  # bound-feasible start (SLSQP restores the rest)
        r = so.minimize(p.f, w0, jac=p.grad, method="SLSQP", bounds=list(zip(p.lb, p.ub)),
                        constraints=cons, options={"ftol": 1e-15, "maxiter": 2000})
        if p.feasible(r.x, 1e-8) and (best is None or p.f(r.x) < p.f(best)):
            best = r.x
    assert best is not None, f"SLSQP found no feasible point for {p.kind}"
    return best


# ---------------------------------------------------------------- exact solves on an active set
def eq_qp(H, c, A, b):
    """min 0.5 x'Hx + c'x s.t. A x = b, by the KKT system."""
    k, m = H.shape[0], A.shape[0]
    K = np.block([[H, A.T], [A, np.zeros((m, m))]])
    sol = np.linalg.solve(K, np.concatenate([-c, b]))
    return sol[:k]


def solve_on(p, free, upper, active):
    """The optimum of p on one face: weights outside `free` fixed at 0 (lower) or ub (upper), the
    budget and the linear inequalities listed in `active` held as equalities (and, for efficient
    risk, the volatility budget)."""
    n, S, mu = p.n, p.S, p.mu
    fixed = np.zeros(n)
    fixed[upper] = p.ub[upper]
    F = np.flatnonzero(free)
    if len(F) == 0:
        return fixed
    rows = [(np.ones(n), 1.0)] + [(p.lin[k][1], p.lin[k][2]) for k in active]
    A = np.array([a[F] for a, _ in rows])
    rhs = np.array([b - a @ fixed for a, b in rows])
    S_FF = S[np.ix_(F, F)]
    cross = S[F] @ fixed  # cross terms with the fixed weights

    def qp(H, c, A, rhs):
        w = fixed.copy()
        w[F] = eq_qp(H, c, A, rhs)
        return w

    if p.kind in ("min-volatility", "efficient-return"):
        return qp(2 * S_FF, 2 * cross, A, rhs)
    if p.kind == "max-utility":
        return qp(p.delta * S_FF, p.delta * cross - mu[F], A, rhs)
    if p.kind == "efficient-risk":
        # the frontier on this face, w(r) = a + b r, is affine in the target return r; the
        # volatility budget binds at the larger root of w(r)'S w(r) = target^2
        Ar = np.vstack([A, mu[F]])
        a = qp(2 * S_FF, 2 * cross, Ar, np.append(rhs, 0.0 - mu @ fixed))
        bvec = qp(2 * S_FF, 2 * cross, Ar, np.append(rhs, 1.0 - mu @ fixed)) - a
        qa, qb, qc = bvec @ S @ bvec, 2 * a @ S @ bvec, a @ S @ a - p.target**2
        r = (-qb + np.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa)
        return a + bvec * r
    if p.kind == "max-sharpe":
        # homogenised: y = k w with z = (y_F, k), y = E z (fixed weights scale with k); each
        # equality a'w = b becomes (a'E - b e_k) z = 0, and (mu - rf)'y = 1
        E = np.zeros((n, len(F) + 1))
        E[F, np.arange(len(F))] = 1.0
        E[:, -1] = fixed
        ek = np.eye(1, len(F) + 1, len(F))[0]
        Az = np.array([a @ E - b * ek for a, b in rows] + [(mu - p.rf) @ E])
        bz = np.zeros(len(rows) + 1)
        bz[-1] = 1.0
        z = eq_qp(2 * E.T @ S @ E, np.zeros(len(F) + 1), Az, bz)
        return E @ z / z[-1]
    raise ValueError(p.kind)


def kkt(p, w, tol=1e-9):
    """Multipliers and residuals of the direct problem's KKT conditions at w (active within tol):
    grad f + lambda 1 + sum_k nu_k grad c_k - z_lo + z_hi = 0, nu, z >= 0."""
    g = p.grad(w)
    at_lo = w <= p.lb + tol
    at_hi = w >= p.ub - tol
    free = ~(at_lo | at_hi)
    ineq = [(lab, fun, grad) for lab, fun, grad in p.inequalities() if fun(w) > -tol]
    A = np.column_stack([np.ones(p.n)] + [grad(w) for _, _, grad in ineq])
    m, *_ = np.linalg.lstsq(A[free], -g[free], rcond=None)
    r = g + A @ m  # = z_lo - z_hi on the bound weights
    scale = np.linalg.norm(g)
    nu = {lab: float(m[1 + k]) for k, (lab, _, _) in enumerate(ineq)}
    return {
        "stationarity": float(np.linalg.norm(r[free]) / scale) if free.any() else 0.0,
        "lowerMultiplier": float(r[at_lo].min() / scale) if at_lo.any() else 0.0,
        "upperMultiplier": float((-r[at_hi]).min() / scale) if at_hi.any() else 0.0,
        "constraintMultipliers": nu,
        "free": free,
        "r": r,
    }


def polish(p, w_s):
    free = (w_s > p.lb + 1e-7) & (w_s < p.ub - 1e-7)
    upper = w_s >= p.ub - 1e-7
    active = {k for k, (_, a, b) in enumerate(p.lin) if a @ w_s - b > -1e-7}
    for _ in range(50):
        w = solve_on(p, free, upper, sorted(active))
        lo_out = free & (w < p.lb - 1e-12)
        hi_out = free & (w > p.ub + 1e-12)
        broken = {k for k, (_, a, b) in enumerate(p.lin) if k not in active and a @ w - b > 1e-12}
        if lo_out.any() or hi_out.any() or broken:  # fix what left its box, hold what broke
            free &= ~(lo_out | hi_out)
            upper |= hi_out
            active |= broken
            continue
        w = np.clip(w, p.lb, p.ub)
        k = kkt(p, w)
        scale = np.linalg.norm(p.grad(w))
        # a bound whose multiplier has the wrong sign is released (z_lo = r, z_hi = -r)
        bad_lo = (~k["free"]) & (w <= p.lb + 1e-9) & (k["r"] < -1e-10 * scale)
        bad_hi = (~k["free"]) & (w >= p.ub - 1e-9) & (-k["r"] < -1e-10 * scale)
        bad_lin = {j for j in active if k["constraintMultipliers"].get(p.lin[j][0], 0.0) < -1e-12}
        if bad_lo.any() or bad_hi.any() or bad_lin:
            free |= bad_lo | bad_hi
            upper &= ~bad_hi
            active -= bad_lin
            continue
        return w, k
    raise AssertionError(f"active-set polish did not settle for {p.kind}")


def solve(p):
    w_s = slsqp(p)
    w, k = polish(p, w_s)
    assert p.feasible(w, 1e-12), w
    assert k["stationarity"] <= 1e-10, k
    assert k["lowerMultiplier"] >= -1e-10 and k["upperMultiplier"] >= -1e-10, k
    assert all(v >= -1e-12 for v in k["constraintMultipliers"].values()), k
    # SLSQP's point may be infeasible by ~1e-9, which can buy it a hair of objective
    assert p.f(w) <= p.f(w_s) + 1e-9 * abs(p.f(w_s)), (p.kind, p.f(w), p.f(w_s))
    dev = float(np.abs(w - w_s).max())
    assert dev < 1e-5, (p.kind, dev)
    return w, w_s, k, dev


def groups_of(constraints, tickers):
    """The groups of a `keel optimize --constraints` file as (label, member indices, min, max):
    custom groups list their members, others take the assets whose tag on that dimension matches."""
    tags = constraints.get("tags", {})
    out = []
    for g in constraints.get("groups", []):
        if g["dimension"] == "custom":
            members = [tickers.index(t) for t in g["members"]]
        else:
            members = [i for i, t in enumerate(tickers)
                       if tags.get(t, {}).get(g["dimension"], "").lower() == g["name"].lower()]
        assert members, g
        out.append((g["name"], members, g.get("min"), g.get("max")))
    return out


TECH = ["GOOG", "AAPL", "AMZN", "FB", "MA"]
GROUPED = [
    # a custom group by members that binds the minimum-volatility portfolio (unconstrained, these
    # four hold about 85 %)
    ("min-volatility", {"riskFree": 0.02, "bounds": [0.0, 1.0], "constraints": {
        "groups": [{"dimension": "custom", "name": "defensive", "members": ["WMT", "T", "XOM", "PFE"],
                    "max": 0.5}]}}),
    # a group on tags (from the file's "tags") capped, and a custom group given a floor
    ("max-sharpe", {"riskFree": 0.02, "bounds": [0.0, 1.0], "constraints": {
        "tags": {t: {"assetClass": "tech"} for t in TECH},
        "groups": [{"dimension": "assetClass", "name": "tech", "max": 0.3},
                   {"dimension": "custom", "name": "banks", "members": ["BAC", "JPM"], "min": 0.1}]}}),
]


def main():
    tickers, dates, prices = read_prices()
    r, keep = returns_from_prices(prices)
    mu = mean_historical_return(r)
    S = nancov(r) * FREQ
    eig = np.linalg.eigvalsh(S)
    assert eig.min() > 0, "sample covariance not positive definite: PyPortfolioOpt would repair it"
    counts = np.sum(~np.isnan(r), axis=0)
    ret_dates = [d for d, k in zip(dates, keep) if k]

    base = [
        ("max-sharpe", {"riskFree": 0.0}),
        ("max-sharpe", {"riskFree": 0.02}),
        ("min-volatility", {"riskFree": 0.02}),
        ("efficient-return", {"riskFree": 0.02, "targetReturn": 0.25}),
        ("efficient-risk", {"riskFree": 0.02, "targetVolatility": 0.20}),
        ("max-utility", {"riskFree": 0.02, "riskAversion": 2.0}),
    ]
    specs = [(m, {**o, "bounds": [0.0, ub]}) for ub in (1.0, 0.15) for m, o in base] + GROUPED

    cases = []
    for method, opts in specs:
        groups = groups_of(opts.get("constraints", {}), tickers)
        p = Problem(method, mu, S, opts["bounds"][1], rf=opts["riskFree"],
                    target=opts.get("targetReturn", opts.get("targetVolatility")),
                    delta=opts.get("riskAversion"), groups=groups)
        w, w_s, k, dev = solve(p)
        fig = p.figures(w)
        name = f"{method} bounds {opts['bounds'][0]:g}..{opts['bounds'][1]:g} rf {opts['riskFree']:g}"
        if groups:
            name += " groups " + ", ".join(g[0] for g in groups)
        cases.append({
            "name": name,
            "method": method,
            **opts,
            "weights": {t: float(x) for t, x in zip(tickers, w)},
            **fig,
            "active": {"lower": [t for t, x in zip(tickers, w) if x <= 1e-9],
                       "upper": [t for t, x in zip(tickers, w) if x >= opts["bounds"][1] - 1e-9],
                       "constraints": sorted(k["constraintMultipliers"])},
            "kkt": {key: k[key] for key in ("stationarity", "lowerMultiplier", "upperMultiplier",
                                            "constraintMultipliers")},
            "slsqp": {"weights": [float(x) for x in w_s], **p.figures(w_s), "maxDeviation": dev},
        })
        print(f"{name:60s} ret {fig['expectedReturn']:.6f} vol {fig['volatility']:.6f} "
              f"sharpe {fig['sharpe']:.6f} |w - slsqp| {dev:.1e} free {int(k['free'].sum())} "
              f"active {sorted(k['constraintMultipliers'])}")

    write_fixture("pypfopt.json", {
        "data": "test/fixtures/optimize/stock_prices_2010.csv",
        "frequency": FREQ,
        "tickers": tickers,
        "inputs": {
            "priceRows": len(dates),
            "firstDate": dates[0],
            "lastDate": dates[-1],
            "returnRows": int(r.shape[0]),
            "firstReturnDate": ret_dates[0],
            "returnCounts": {t: int(c) for t, c in zip(tickers, counts)},
            "expectedReturns": {t: float(x) for t, x in zip(tickers, mu)},
            "volatilities": {t: float(np.sqrt(S[i, i])) for i, t in enumerate(tickers)},
            "cov": tolist(S),
            "minEigenvalue": float(eig.min()),
        },
        "cases": cases,
    }, "gen_pypfopt.py")


if __name__ == "__main__":
    main()
