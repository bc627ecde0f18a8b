"""Reference values for src/main/engine/risk/{var,contributions}.ts  ->  test/reference/var.json

Run: python3 scripts/reference/gen_var.py   (numpy 2, scipy 1.17)
All VaR / ES are POSITIVE fractions of value (0.05 = a 5 % loss). Horizon h: mean x h, scale x sqrt(h).

What produced each expected value
- normal            closed form: z = scipy.stats.norm.ppf(alpha); VaR = -mu_h + sigma_h z;
                    ES = -mu_h + sigma_h * norm.pdf(z) / (1 - alpha). Cross-checked against
                    scipy.integrate.quad of the tail mean (must agree to 1e-9 relative).
- studentT          closed form (e.g. McNeil, Frey & Embrechts, Quantitative Risk Management, ex. 2.20):
                    q = scipy.stats.t.ppf(1 - alpha, nu); VaR = -(loc_h + scale_h q);
                    ES = -loc_h + scale_h (nu + q^2)/(nu - 1) * t.pdf(q, nu) / (1 - alpha).
                    Cross-checked against scipy.integrate.quad of -E[loc + scale T | T <= q].
- cornishFisher     z = norm.ppf(1 - alpha); z_cf = z + (z^2-1)S/6 + (z^3-3z)K/24 - (2z^3-5z)S^2/36;
                    VaR = -(mu_h + sigma_h z_cf); S and K are NOT rescaled with the horizon.
                    ES = -(mu_h + sigma_h * (1/p) int_0^p z_cf(norm.ppf(u)) du), p = 1 - alpha, evaluated in
                    closed form with the truncated-normal moments  int_{-inf}^{z} t^k phi(t) dt:
                    k=0: p, k=1: -phi(z), k=2: p - z phi(z), k=3: -(z^2+2) phi(z);
                    cross-checked with scipy.integrate.quad over u in (0, p) (agree to 1e-9 relative).
- historical        losses L = -r; m = ceil((1 - alpha) n - 1e-9); VaR = m-th largest loss;
                    ES = mean of the m largest losses; both x sqrt(h).
- volContrib        vol = sqrt(w' S w), marginal = S w / vol, component = w * marginal (numpy).
- esContrib         r = X w; tail = indices of the m largest losses (m as above; no ties in the data);
                    component_i = -mean_{t in tail} w_i X_ti; es = sum(component) = historical ES of r.
"""

import math

import numpy as np
import scipy.integrate as si
import scipy.stats as st

from _common import rounded, tolist, write_fixture


def normal_var_es(mu, sigma, alpha, h=1):
    mh, sh = mu * h, sigma * math.sqrt(h)
    z = st.norm.ppf(alpha)
    var = -mh + sh * z
    es = -mh + sh * st.norm.pdf(z) / (1 - alpha)
    # numerical check: ES = -E[X | X <= -VaR]
    q = mh - sh * z
    num = si.quad(lambda x: x * st.norm.pdf(x, mh, sh), -np.inf, q, epsabs=0, epsrel=1e-13, limit=200)[0]
    es_num = -num / (1 - alpha)
    assert abs(es_num - es) <= 1e-9 * abs(es), (es, es_num)
    return float(var), float(es)


def t_var_es(nu, loc, scale, alpha, h=1):
    lh, sh = loc * h, scale * math.sqrt(h)
    q = st.t.ppf(1 - alpha, nu)
    var = -(lh + sh * q)
    es = -lh + sh * (nu + q * q) / (nu - 1) * st.t.pdf(q, nu) / (1 - alpha)
    num = si.quad(lambda t: (lh + sh * t) * st.t.pdf(t, nu), -np.inf, q, epsabs=0, epsrel=1e-13, limit=400)[0]
    es_num = -num / (1 - alpha)
    assert abs(es_num - es) <= 1e-8 * abs(es), (nu, es, es_num)
    return float(var), float(es), float(es_num)


def zcf(z, S, K):
    return z + (z * z - 1) * S / 6 + (z**3 - 3 * z) * K / 24 - (2 * z**3 - 5 * z) * S * S / 36


def cf_var_es(mu, sigma, S, K, alpha, h=1):
    mh, sh = mu * h, sigma * math.sqrt(h)
    p = 1 - alpha
    z = st.norm.ppf(p)
    var = -(mh + sh * zcf(z, S, K))
    phi = st.norm.pdf(z)
    M0, M1, M2, M3 = p, -phi, p - z * phi, -(z * z + 2) * phi
    EZ = (M1 + (M2 - M0) * S / 6 + (M3 - 3 * M1) * K / 24 - (2 * M3 - 5 * M1) * S * S / 36) / p
    es = -(mh + sh * EZ)
    num = si.quad(lambda u: zcf(st.norm.ppf(u), S, K), 0, p, epsabs=0, epsrel=1e-13, limit=400)[0] / p
    assert abs(num - EZ) <= 1e-9 * abs(EZ), (EZ, num)
    return float(var), float(es)


def n_tail(n, alpha):
    return math.ceil((1 - alpha) * n - 1e-9)


def hist_var_es(r, alpha, h=1):
    L = np.sort(-np.asarray(r, dtype=float))[::-1]
    m = n_tail(len(L), alpha)
    return float(L[m - 1] * math.sqrt(h)), float(L[:m].mean() * math.sqrt(h)), m


def main():
    out = {}

    out["normal"] = []
    for mu, sigma, alpha, h in [(0, 1, 0.99, 1), (0, 1, 0.95, 1), (0.0005, 0.03, 0.99, 1),
                                (0.0005, 0.03, 0.975, 10), (-0.001, 0.02, 0.95, 5)]:
        v, e = normal_var_es(mu, sigma, alpha, h)
        out["normal"].append({"mu": mu, "sigma": sigma, "alpha": alpha, "horizonDays": h, "var": v, "es": e})
    # textbook values
    assert abs(out["normal"][0]["var"] - 2.326348) < 5e-7 and abs(out["normal"][0]["es"] - 2.665214) < 5e-7

    out["studentT"] = []
    for nu, loc, scale, alpha, h in [(5, 0, 1, 0.99, 1), (3, 0.0005, 0.02, 0.99, 1), (4.5, 0.001, 0.025, 0.975, 10),
                                     (30, 0, 0.01, 0.95, 1), (2.5, 0, 0.02, 0.99, 1), (8, -0.0002, 0.015, 0.995, 3)]:
        v, e, en = t_var_es(nu, loc, scale, alpha, h)
        out["studentT"].append({"nu": nu, "loc": loc, "scale": scale, "alpha": alpha, "horizonDays": h,
                                "var": v, "es": e, "esNumericalIntegration": en})

    out["cornishFisher"] = []
    for mu, sigma, S, K, alpha, h in [(0, 1, 0, 0, 0.99, 1), (0.0005, 0.03, -0.5, 3, 0.99, 1),
                                      (0.001, 0.04, 0.3, 1.5, 0.95, 1), (0.0005, 0.03, -0.8, 6, 0.975, 10),
                                      (0, 0.02, -0.2, 0.5, 0.99, 1)]:
        v, e = cf_var_es(mu, sigma, S, K, alpha, h)
        out["cornishFisher"].append({"mu": mu, "sigma": sigma, "skew": S, "exKurt": K, "alpha": alpha,
                                     "horizonDays": h, "var": v, "es": e})

    # ---- historical: hand example. r_t = (t - 50)/1000, t = 1..100, shuffled.
    # losses are (50 - t)/1000: the largest are 0.049, 0.048, 0.047, 0.046, 0.045, ...
    # alpha 0.95 -> m = 5: VaR = 0.045, ES = 0.047; alpha 0.99 -> m = 1: VaR = ES = 0.049;
    # alpha 0.975 -> m = ceil(2.5) = 3: VaR = 0.047, ES = 0.048.  h = 10 multiplies by sqrt(10).
    rng = np.random.default_rng(20240621)
    rh = (np.arange(1, 101) - 50) / 1000
    rh = rh[rng.permutation(100)]
    hand = []
    for alpha, h, ev, ee in [(0.95, 1, 0.045, 0.047), (0.99, 1, 0.049, 0.049), (0.975, 1, 0.047, 0.048),
                             (0.95, 10, 0.045 * math.sqrt(10), 0.047 * math.sqrt(10))]:
        v, e, m = hist_var_es(rh, alpha, h)
        assert abs(v - ev) < 1e-15 and abs(e - ee) < 1e-15, (alpha, v, e)
        hand.append({"alpha": alpha, "horizonDays": h, "m": m, "var": v, "es": e})
    out["historicalHand"] = {"returns": tolist(rh), "cases": hand}

    rng = np.random.default_rng(20240622)
    r1000 = rounded(0.0004 + 0.018 * rng.standard_t(4, 1000))
    cases = []
    for n, alpha, h in [(1000, 0.99, 1), (1000, 0.95, 1), (1000, 0.975, 10), (250, 0.99, 1), (250, 0.975, 1)]:
        v, e, m = hist_var_es(r1000[:n], alpha, h)
        cases.append({"n": n, "alpha": alpha, "horizonDays": h, "m": m, "var": v, "es": e})
    assert cases[0]["m"] == 10 and cases[3]["m"] == 3 and cases[4]["m"] == 7
    out["historical"] = {"returns": tolist(r1000), "note": "each case uses returns[0:n]", "cases": cases}

    # ---- contributions
    rng = np.random.default_rng(20240623)
    T, N = 250, 6
    load = rng.uniform(0.4, 0.85, N)  # one-factor correlation: rho_ij = load_i load_j
    corr = np.outer(load, load)
    np.fill_diagonal(corr, 1.0)
    corr_chol = np.linalg.cholesky(corr)
    vols = np.array([0.03, 0.025, 0.04, 0.05, 0.02, 0.035])
    X = rounded(0.0005 + (rng.standard_t(5, (T, N)) * np.sqrt(3 / 5)) @ corr_chol.T * vols)
    S = np.cov(X, rowvar=False)
    w = np.array([0.3, 0.25, 0.2, 0.15, 0.2, -0.1])
    vol = math.sqrt(w @ S @ w)
    marginal = S @ w / vol
    component = w * marginal
    assert abs(component.sum() - vol) < 1e-15
    out["volContrib"] = {"cov": tolist(S), "w": tolist(w), "vol": vol, "marginal": tolist(marginal),
                         "component": tolist(component)}

    es_cases = []
    r = X @ w
    for alpha in [0.95, 0.99]:
        m = n_tail(T, alpha)
        order = np.argsort(r)  # most negative return = largest loss first
        tail = order[:m]
        assert r[order[m]] > r[order[m - 1]]  # no tie at the tail boundary
        comp = -(X[tail] * w).mean(0)
        _, es_h, _ = hist_var_es(r, alpha)
        assert abs(comp.sum() - es_h) < 1e-15
        es_cases.append({"alpha": alpha, "m": m, "es": float(comp.sum()), "component": tolist(comp),
                         "tailIndices": sorted(int(i) for i in tail)})
    out["esContrib"] = {"X": tolist(X), "w": tolist(w), "cases": es_cases}

    write_fixture("var.json", out, "gen_var.py")


if __name__ == "__main__":
    main()
