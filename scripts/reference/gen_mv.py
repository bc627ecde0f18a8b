"""Reference values for the mean-variance optimisers (src/main/engine/optimize/mean-variance.ts,
frontier.ts, compile.ts)  ->  test/reference/mv.json

Run: python3 scripts/reference/gen_mv.py   (numpy 2, scipy 1.17; no cvxpy / cvxopt needed)

What produced each expected value
- closed    budget-only problems (bounds far away): the textbook closed forms
            min variance  w = S^-1 1 / (1' S^-1 1),
            tangency      w = S^-1 (mu - rf) / (1' S^-1 (mu - rf))      (numpy.linalg.solve)
- cases     constrained problems (bounds, groups, long-short gross leverage, turnover, L2), each
            solved in two steps:
            1. scipy.optimize.minimize(method="SLSQP", ftol=1e-15, maxiter=5000) on the DIRECT
               formulation (not the engine's): Sharpe and diversification ratios maximised as
               ratios; efficient risk as max mu'w with the nonlinear constraint w'Sw <= target^2;
               |w| and |w - w0| through split variables w = p - m (p, m >= 0), not the engine's
               |w| auxiliaries. Several starting points, best kept.
            2. polish: the constraints active at the SLSQP point (within 1e-7) are taken as
               equalities (a kink of |.| at w_i = 0 or w_i = w0_i fixes w_i there; an active
               sum |.| <= L becomes sum sign(w_i) w_i = L), w is parametrised on that affine set
               (w = w_p + Z t, Z an orthonormal null-space basis) and the now unconstrained
               problem is solved to machine precision: a linear KKT solve for the quadratic
               objectives, scipy.optimize.minimize(BFGS, gtol 1e-13) for the ratios, and
               scipy.optimize.root(hybr) on the Lagrange conditions for efficient risk.
- maxReturnA the maximum expected return under case A's constraints: scipy.optimize.linprog (HiGHS).
            The script asserts that the polished point is feasible (1e-10), at least as good as the
            SLSQP point (up to 1e-8 relative: SLSQP's own
            slight infeasibility), and within 1e-5 of it; both are stored (expected and slsqp).
"""

import numpy as np
import scipy.optimize as so
from scipy.linalg import null_space

from _common import rounded, tolist, write_fixture

RNG = np.random.default_rng(20261127)


def factor_cov(n, k=3):
    B = RNG.normal(size=(n, k)) * RNG.uniform(0.3, 0.8, size=k)
    d = RNG.uniform(0.2, 0.6, size=n) ** 2
    S = B @ B.T + np.diag(d)
    return rounded(S, 6)


def market(n):
    S = factor_cov(n)
    mu = rounded(RNG.uniform(-0.1, 0.5, size=n), 4)
    assert np.linalg.eigvalsh(S).min() > 1e-4
    return mu, S


# ----------------------------------------------------------------------------- constraints
def linear_constraints(spec, n):
    """Rows of the constraints on w that are plainly linear: (A_eq, b_eq, A_in, b_in) with A_in w <= b_in."""
    lower = np.asarray(spec.get("lower", [0.0 if spec.get("longOnly", True) else -1.0] * n))
    upper = np.asarray(spec.get("upper", [1.0] * n))
    Aeq = [np.ones(n)]
    beq = [spec.get("budget", 1.0)]
    Ain, bin_ = [], []
    for i in range(n):
        e = np.zeros(n)
        e[i] = 1
        Ain += [e, -e]
        bin_ += [upper[i], -lower[i]]
    for g in spec.get("groups", []):
        a = np.zeros(n)
        a[g["members"]] = 1
        if g.get("upper") is not None:
            Ain.append(a)
            bin_.append(g["upper"])
        if g.get("lower") is not None:
            Ain.append(-a)
            bin_.append(-g["lower"])
    return np.array(Aeq), np.array(beq), np.array(Ain), np.array(bin_)


def abs_terms(spec, n):
    """The sum-|.| limits: list of (centre c, limit L): sum |w - c| <= L."""
    out = []
    if not spec.get("longOnly", True) and spec.get("grossLeverage") is not None:
        out.append((np.zeros(n), spec["grossLeverage"]))
    if spec.get("turnover") is not None:
        out.append((np.asarray(spec["turnover"]["current"]), spec["turnover"]["maxTurnover"]))
    return out


def feasible(spec, w, tol):
    n = len(w)
    Aeq, beq, Ain, bin_ = linear_constraints(spec, n)
    ok = np.all(np.abs(Aeq @ w - beq) <= tol) and np.all(Ain @ w - bin_ <= tol)
    for c, L in abs_terms(spec, n):
        ok = ok and np.sum(np.abs(w - c)) <= L + tol
    return bool(ok)


# ----------------------------------------------------------------------------- objectives
def objective_fn(obj, mu, S, p):
    """f(w) to MINIMISE on the direct formulation, as a function of w."""
    g = p.get("l2", 0.0)
    if obj in ("min-volatility", "efficient-return"):
        return lambda w: w @ S @ w + g * w @ w
    if obj == "max-utility":
        d = p["riskAversion"]
        return lambda w: -(mu @ w) + 0.5 * d * (w @ S @ w) + g * w @ w
    if obj == "max-sharpe":
        rf = p.get("riskFree", 0.0)
        return lambda w: -((mu - rf) @ w) / np.sqrt(w @ S @ w)
    if obj == "max-diversification":
        sig = np.sqrt(np.diag(S))
        return lambda w: -(sig @ w) / np.sqrt(w @ S @ w)
    if obj == "efficient-risk":
        return lambda w: -(mu @ w)
    raise ValueError(obj)


def slsqp(obj, mu, S, spec, p, starts=6):
    """Direct formulation over v = [w, then (p_k, m_k) pairs for each sum-|.| limit]."""
    n = len(mu)
    Aeq, beq, Ain, bin_ = linear_constraints(spec, n)
    terms = abs_terms(spec, n)
    nv = n + 2 * n * len(terms)
    f = objective_fn(obj, mu, S, p)
    cons = [
        {"type": "eq", "fun": lambda v: Aeq @ v[:n] - beq, "jac": lambda v: np.hstack([Aeq, np.zeros((len(beq), nv - n))])},
        {"type": "ineq", "fun": lambda v: bin_ - Ain @ v[:n], "jac": lambda v: np.hstack([-Ain, np.zeros((len(bin_), nv - n))])},
    ]
    for k, (c, L) in enumerate(terms):
        o = n + 2 * n * k

        def split_eq(v, o=o, c=c):
            return v[:n] - c - (v[o : o + n] - v[o + n : o + 2 * n])

        def split_sum(v, o=o, L=L):
            return np.array([L - np.sum(v[o : o + 2 * n])])

        cons.append({"type": "eq", "fun": split_eq})
        cons.append({"type": "ineq", "fun": split_sum})
    if obj == "efficient-return":
        cons.append({"type": "ineq", "fun": lambda v: np.array([mu @ v[:n] - p["targetReturn"]])})
    if obj == "efficient-risk":
        cons.append({"type": "ineq", "fun": lambda v: np.array([p["targetVolatility"] ** 2 - v[:n] @ S @ v[:n]])})
    bounds = [(None, None)] * n + [(0, None)] * (nv - n)
    best = None
    for s in range(starts):
        w0 = np.full(n, spec.get("budget", 1.0) / n) if s == 0 else RNG.dirichlet(np.ones(n)) * spec.get("budget", 1.0)
        v0 = np.zeros(nv)
        v0[:n] = w0
        for k, (c, L) in enumerate(terms):
            o = n + 2 * n * k
            v0[o : o + n] = np.maximum(w0 - c, 0)
            v0[o + n : o + 2 * n] = np.maximum(c - w0, 0)
        r = so.minimize(lambda v: f(v[:n]), v0, method="SLSQP", bounds=bounds, constraints=cons, options={"ftol": 1e-15, "maxiter": 5000})
        w = r.x[:n]
        if not feasible(spec, w, 1e-7) or (obj == "efficient-return" and mu @ w < p["targetReturn"] - 1e-7):
            continue
        if obj == "efficient-risk" and w @ S @ w > p["targetVolatility"] ** 2 + 1e-7:
            continue
        if best is None or f(w) < f(best):
            best = w
    assert best is not None, f"SLSQP found no feasible point for {obj}"
    return best


# ----------------------------------------------------------------------------- polish
def candidate_rows(spec, w, obj, mu, p, tol=1e-7):
    """Constraints active at w as equalities: (row, rhs, kind) with kind 'eq', 'in' (a w <= b) or 'kink'."""
    n = len(w)
    Aeq, beq, Ain, bin_ = linear_constraints(spec, n)
    rows = [(a, b, "eq") for a, b in zip(Aeq, beq)]
    rows += [(a, b, "in") for a, b in zip(Ain, bin_) if abs(a @ w - b) <= tol]
    for c, L in abs_terms(spec, n):
        kink = np.abs(w - c) <= tol
        for i in np.where(kink)[0]:
            a = np.zeros(n)
            a[i] = 1
            rows.append((a, c[i], "kink"))
        if abs(np.sum(np.abs(w - c)) - L) <= tol:
            sgn = np.sign(w - c) * (~kink)
            rows.append((sgn, L + sgn @ c, "in"))
    if obj == "efficient-return" and abs(mu @ w - p["targetReturn"]) <= tol:
        rows.append((-mu, -p["targetReturn"], "in"))
    return rows


def independent(rows):
    keep = []
    for r in rows:
        trial = np.array([k[0] for k in keep] + [r[0]])
        if np.linalg.matrix_rank(trial, tol=1e-10) == len(keep) + 1:
            keep.append(r)
    return keep


def gradient(obj, mu, S, p, w, h=1e-6):
    f = objective_fn(obj, mu, S, p)
    g = np.zeros(len(w))
    for i in range(len(w)):
        e = np.zeros(len(w))
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


def polish_on(obj, mu, S, p, rows, w_s):
    """Minimise the objective on the affine set of the rows taken as equalities."""
    n = len(mu)
    E = np.array([r[0] for r in rows])
    e = np.array([r[1] for r in rows])
    wp = np.linalg.lstsq(E, e, rcond=None)[0]
    Z = null_space(E)
    f = objective_fn(obj, mu, S, p)
    if Z.shape[1] == 0:
        return wp
    t0 = Z.T @ (w_s - wp)
    g = p.get("l2", 0.0)
    if obj in ("min-volatility", "efficient-return", "max-utility"):
        H = 2 * S + 2 * g * np.eye(n) if obj != "max-utility" else p["riskAversion"] * S + 2 * g * np.eye(n)
        c = np.zeros(n) if obj != "max-utility" else -mu
        t = np.linalg.solve(Z.T @ H @ Z, -Z.T @ (H @ wp + c))
        return wp + Z @ t
    if obj in ("max-sharpe", "max-diversification"):
        r = so.minimize(lambda t: f(wp + Z @ t), t0, method="BFGS", options={"gtol": 1e-14, "maxiter": 10000})
        return wp + Z @ r.x
    if obj == "efficient-risk":
        s2 = p["targetVolatility"] ** 2

        def kkt(z):
            t, nu = z[:-1], z[-1]
            w = wp + Z @ t
            return np.concatenate([Z.T @ mu - 2 * nu * (Z.T @ S @ w), [w @ S @ w - s2]])

        nu0 = (mu @ (w_s - wp)) / (2 * s2)
        r = so.root(kkt, np.concatenate([t0, [max(nu0, 1e-3)]]), method="hybr", options={"xtol": 1e-14})
        assert np.max(np.abs(kkt(r.x))) < 1e-12, f"efficient risk: KKT residual {np.max(np.abs(kkt(r.x)))}"
        assert r.x[-1] > 0, "efficient risk: the volatility constraint must bind with a positive multiplier"
        return wp + Z @ r.x[:-1]
    raise ValueError(obj)


def polish(obj, mu, S, spec, p, w_s):
    """Active-set refinement: polish on the active rows; drop an 'in' row whose multiplier has the
    wrong sign (grad f + E'lam = 0 needs lam >= 0 on a w <= b), add a row the point violates."""
    rows = independent(candidate_rows(spec, w_s, obj, mu, p))
    for _ in range(20):
        w = polish_on(obj, mu, S, p, rows, w_s)
        viol = [r for r in candidate_rows(spec, w, obj, mu, p, tol=-1e-11) if r[2] == "in"]
        allr = [(a, b, k) for a, b, k in candidate_rows(spec, w, obj, mu, p, tol=np.inf) if k == "in"]
        broken = [r for r in allr if r[0] @ w - r[1] > 1e-11 and not any(np.array_equal(r[0], q[0]) for q in rows)]
        if broken:
            rows = independent(rows + [broken[0]])
            continue
        del viol
        if obj == "efficient-risk":
            return w
        E = np.array([r[0] for r in rows])
        lam = np.linalg.lstsq(E.T, -gradient(obj, mu, S, p, w), rcond=None)[0]
        wrong = [i for i, r in enumerate(rows) if r[2] == "in" and lam[i] < -1e-7]
        if not wrong:
            return w
        worst = min(wrong, key=lambda i: lam[i])
        rows = rows[:worst] + rows[worst + 1 :]
    raise AssertionError(f"{obj}: active-set polish did not settle")


def solve_case(obj, mu, S, spec, p):
    w_s = slsqp(obj, mu, S, spec, p)
    w = polish(obj, mu, S, spec, p, w_s)
    f = objective_fn(obj, mu, S, p)
    assert feasible(spec, w, 1e-10), f"{obj}: polished point infeasible"
    if obj == "efficient-return":
        assert mu @ w >= p["targetReturn"] - 1e-10
    if obj == "efficient-risk":
        assert w @ S @ w <= p["targetVolatility"] ** 2 + 1e-10
    # SLSQP's point may violate constraints by ~1e-8, which can buy it a hair of objective
    assert f(w) <= f(w_s) + 1e-8 * (1 + abs(f(w_s))), f"{obj}: polish made it worse ({f(w)} vs {f(w_s)})"
    assert np.max(np.abs(w - w_s)) < 1e-5, f"{obj}: polish moved {np.max(np.abs(w - w_s))}"
    rf = p.get("riskFree", 0.0)
    vol = float(np.sqrt(w @ S @ w))
    return {
        "weights": tolist(w),
        "slsqp": tolist(w_s),
        "expectedReturn": float(mu @ w),
        "volatility": vol,
        "sharpe": float((mu @ w - rf) / vol),
    }


def main():
    # closed forms: budget only
    n = 8
    mu, S = market(n)
    one = np.ones(n)
    x = np.linalg.solve(S, one)
    w_mv = x / (one @ x)
    rf = 0.03
    y = np.linalg.solve(S, mu - rf)
    assert one @ y > 0
    w_tan = y / (one @ y)
    closed = {"mu": tolist(mu), "cov": tolist(S), "riskFree": rf, "minVariance": tolist(w_mv), "tangency": tolist(w_tan)}

    cases = []

    def add(name, obj, mu, S, spec, params):
        out = solve_case(obj, mu, S, spec, params)
        cases.append({"name": name, "objective": obj, "mu": tolist(mu), "cov": tolist(S), "constraints": spec, "params": params, **out})

    # A: long-only, caps, three groups
    n = 10
    mu, S = market(n)
    specA = {
        "upper": [0.3] * n,
        "groups": [
            {"name": "L1", "members": [0, 1, 2], "upper": 0.3},
            {"name": "DeFi", "members": [3, 4, 5, 6], "lower": 0.45},
            {"name": "Memes", "members": [7, 8, 9], "upper": 0.2},
        ],
    }
    add("A min volatility", "min-volatility", mu, S, specA, {})
    # the top of case A's frontier: the maximum expected return, by scipy.optimize.linprog (HiGHS)
    Aeq, beq, Ain, bin_ = linear_constraints(specA, n)
    lp = so.linprog(-mu, A_ub=Ain, b_ub=bin_, A_eq=Aeq, b_eq=beq, bounds=[(None, None)] * n, method="highs")
    assert lp.status == 0
    max_return_a = float(-lp.fun)
    add("A max Sharpe", "max-sharpe", mu, S, specA, {"riskFree": 0.02})
    vols = np.sqrt(np.diag(S))
    wA = np.array(cases[0]["weights"])
    rA = float(mu @ wA)
    add("A efficient return", "efficient-return", mu, S, specA, {"targetReturn": round(rA + 0.6 * (0.3 * np.sort(mu)[-3:].sum() + 0.1 * np.sort(mu)[-4] - rA), 4)})
    volA = float(np.sqrt(wA @ S @ wA))
    add("A efficient risk", "efficient-risk", mu, S, specA, {"targetVolatility": round(volA * 1.25, 4)})
    add("A max utility", "max-utility", mu, S, specA, {"riskAversion": 3.0})
    add("A max diversification", "max-diversification", mu, S, specA, {})
    add("A min volatility L2", "min-volatility", mu, S, {**specA, "l2": 0.05}, {"l2": 0.05})

    # B: long-short with gross leverage
    n = 8
    mu, S = market(n)
    specB = {"longOnly": False, "lower": [-0.3] * n, "upper": [0.6] * n, "grossLeverage": 1.6}
    add("B long-short max utility", "max-utility", mu, S, specB, {"riskAversion": 1.0})
    add("B long-short min volatility", "min-volatility", mu, S, specB, {})
    add("B long-short max Sharpe", "max-sharpe", mu, S, specB, {"riskFree": 0.0})

    # C: turnover from current holdings
    n = 8
    mu, S = market(n)
    cur = RNG.dirichlet(np.ones(n))
    cur = rounded(cur / cur.sum(), 4)
    cur[-1] = round(1 - cur[:-1].sum(), 4)
    specC = {"upper": [0.4] * n, "turnover": {"current": tolist(cur), "maxTurnover": 0.3}}
    add("C turnover max utility", "max-utility", mu, S, specC, {"riskAversion": 2.0})
    add("C turnover min volatility", "min-volatility", mu, S, specC, {})

    # D: long-short with gross leverage AND turnover (two sum-|.| limits)
    n = 7
    mu, S = market(n)
    curD = rounded(RNG.dirichlet(np.ones(n)), 4)
    curD[-1] = round(1 - curD[:-1].sum(), 4)
    specD = {"longOnly": False, "lower": [-0.25] * n, "upper": [0.5] * n, "grossLeverage": 1.3, "turnover": {"current": tolist(curD), "maxTurnover": 0.5}}
    add("D long-short turnover max utility", "max-utility", mu, S, specD, {"riskAversion": 1.5})
    add("D long-short turnover max Sharpe", "max-sharpe", mu, S, specD, {"riskFree": 0.01})

    write_fixture("mv.json", {"closed": closed, "cases": cases, "maxReturnA": max_return_a}, "gen_mv.py")


if __name__ == "__main__":
    main()
