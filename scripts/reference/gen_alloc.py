"""Reference values for the allocation engine (expected returns, Black-Litterman, HRP, HERC,
risk budgeting, baselines)  ->  test/reference/alloc.json

Run: python3 scripts/reference/gen_alloc.py   (numpy 2, scipy 1.17; pandas is NOT needed: the
pandas behaviours PyPortfolioOpt relies on are re-implemented below from pandas' own source and
documentation, each named where it is used)

What produced each expected value
- returns.*          PyPortfolioOpt 1.5 expected_returns / risk_models on a ragged price panel:
                     returns_from_prices = prices.pct_change(fill_method=None).dropna(how="all")
                     (pct_change: p_t / p_{t-1} - 1, NaN when either price is missing; dropna drops
                     rows where no asset has a return);
                     mean_historical_return: compounding (1 + r).prod() ** (freq / r.count()) - 1,
                     arithmetic r.mean() * freq (pandas skips NaN in prod/count/mean);
                     ema_historical_return: r.ewm(span).mean().iloc[-1], ported from pandas'
                     _libs/window/aggregations.pyx `ewm` (adjust=True, ignore_na=False: the running
                     weight decays on missing rows too), then (1 + ema) ** freq - 1 or ema * freq;
                     capm_return: market = row mean of the asset returns (skipna) or a benchmark's
                     returns joined on the same rows; betas from DataFrame.cov (pairwise complete,
                     ported from pandas _libs/algos.pyx `nancorr(cov=True)`: Welford per pair,
                     divisor nobs - 1); market return compounded like mean_historical_return;
                     sample_cov: DataFrame.cov * freq (pairwise, same port);
                     market_implied_risk_aversion: (mean * freq - rf) / (var(ddof 1) * freq).
- bl.idzorek         Idzorek (2005) "A step-by-step guide to the Black-Litterman model": Table 5
                     (covariance of excess returns), Table 2 (market weights), lambda = 3.07,
                     Table 1 (implied equilibrium returns, %), section 2.2 views with the P of
                     formula 7, tau = 0.025, Table 4 (view variances), page 15 (Omega), Table 6
                     (new combined return vector and new weight vector). Published values are
                     stored as printed; our posterior is also computed here (PyPortfolioOpt's
                     bl_returns / bl_cov formulas) for a tight check.
- bl.heLitterman     He & Litterman (1999) "The intuition behind Black-Litterman model
                     portfolios": Table 1 (vols, weights, equilibrium returns), Table 2
                     (correlations), delta = 2.5 (footnote 3); Table 4 (posterior returns with
                     the view "Germany outperforms France/UK by 5 %", tau 0.05); computed values
                     stored alongside.
- bl.random          6 assets, 3 views (absolute, relative, basket): posterior mean by
                     PyPortfolioOpt's form  pi + tau S P' (P tau S P' + Omega)^-1 (Q - P pi)  AND by
                     the original master formula [(tau S)^-1 + P' Omega^-1 P]^-1 [(tau S)^-1 pi +
                     P' Omega^-1 Q] (asserted equal); posterior covariance S + M (He & Litterman
                     2002); Omega by He-Litterman (diag tau P S P') and by Idzorek's confidences
                     through Walters' closed form tau (1-c)/c p S p' (PyPortfolioOpt idzorek_method).
- hrp                López de Prado (2016) "Building diversified portfolios that outperform out of
                     sample", code listing: correlDist, getQuasiDiag, getRecBipart, getIVP,
                     getClusterVar, ported to plain numpy lists. `paper` clusters the Euclidean
                     distance between columns of the distance matrix (the paper's d-tilde, what
                     sch.linkage(dist, 'single') does when handed the square matrix); `direct`
                     clusters d itself (PyPortfolioOpt HRPOpt / Riskfolio-Lib). scipy.cluster
                     .hierarchy.linkage gives the trees. `bounded`: Riskfolio-Lib HCPortfolio
                     ._recursive_bisection with w_min / w_max (the two-step clip of alpha).
- linkage            scipy.cluster.hierarchy.linkage (single, complete, average, ward) on a
                     40-asset correlation distance, leaves_list, cut_tree.
- herc               Raffinot (2017) HERC as Riskfolio-Lib's HCPortfolio
                     ._hierarchical_recursive_bisection: the top k-1 merges of the tree, each
                     splitting its weight by alpha = 1 - R_left / (R_left + R_right) where R_side
                     is the sum of the risks of the final clusters under that side, each cluster's
                     risk being its naive-risk-parity portfolio's variance (or volatility); then
                     naive risk parity within each cluster. k from the elbow of the within-cluster
                     dispersion W_k = sum over clusters of the mean pairwise distance (clusters of
                     one asset add 0): k* = argmax_{2 <= k < kmax} W_{k-1} + W_{k+1} - 2 W_k,
                     kmax = min(maxK, floor(sqrt n)) (see src/main/engine/optimize/herc.ts).
- riskBudget         scipy.optimize.root (hybr) on x * (S x) = b, x > 0, then w = x / sum x
                     (Spinu 2013's first-order condition), cross-checked by scipy.optimize.minimize
                     (L-BFGS-B) on Spinu's objective 0.5 x'Sx - b' log x.
- baselines          water-filling by the classic iterative capping loop (cap the assets above
                     their bound, share the rest in proportion among the others, repeat).
"""

import numpy as np
import scipy.optimize
from scipy.cluster.hierarchy import cut_tree, leaves_list, linkage, to_tree
from scipy.spatial.distance import pdist, squareform

from _common import rounded, tolist, write_fixture

FREQ = 365


# ============================================================== pandas behaviours (ported)
def pct_change_none(prices):
    """DataFrame.pct_change(fill_method=None): NaN unless both closes exist."""
    r = np.full_like(prices, np.nan)
    r[1:] = prices[1:] / prices[:-1] - 1.0
    return r


def dropna_all(r):
    keep = ~np.all(np.isnan(r), axis=1)
    return r[keep]


def returns_from_prices(prices):
    return dropna_all(pct_change_none(prices))


def ewm_mean_last(col, span):
    """pandas aggregations.pyx ewm(): adjust=True, ignore_na=False, min_periods 0; last value."""
    com = (span - 1) / 2.0
    alpha = 1.0 / (1.0 + com)
    old_wt_factor = 1.0 - alpha
    new_wt = 1.0
    weighted = col[0]
    old_wt = 1.0
    for i in range(1, len(col)):
        cur = col[i]
        is_obs = cur == cur
        if weighted == weighted:
            # ignore_na=False: decay on every row, observed or not
            old_wt *= old_wt_factor
            if is_obs:
                if weighted != cur:
                    weighted = (old_wt * weighted + new_wt * cur) / (old_wt + new_wt)
                old_wt += new_wt
        elif is_obs:
            weighted = cur
    return weighted


def nancov(mat):
    """pandas _libs/algos.pyx nancorr(mat, cov=True, minp=1): pairwise complete, Welford."""
    N, K = mat.shape
    mask = np.isfinite(mat)
    out = np.empty((K, K))
    for xi in range(K):
        for yi in range(xi + 1):
            nobs = 0
            meanx = meany = ssqdmx = ssqdmy = covxy = 0.0
            for i in range(N):
                if mask[i, xi] and mask[i, yi]:
                    vx = mat[i, xi]
                    vy = mat[i, yi]
                    nobs += 1
                    dx = vx - meanx
                    dy = vy - meany
                    meanx += 1.0 / nobs * dx
                    meany += 1.0 / nobs * dy
                    ssqdmx += (vx - meanx) * dx
                    ssqdmy += (vy - meany) * dy
                    covxy += (vx - meanx) * dy
            out[xi, yi] = out[yi, xi] = covxy / (nobs - 1) if nobs >= 2 else np.nan
    return out


# ============================================================== expected returns (PyPortfolioOpt)
def mean_historical_return(r, compounding):
    if compounding:
        return np.nanprod(1 + r, axis=0) ** (FREQ / np.sum(~np.isnan(r), axis=0)) - 1
    return np.nanmean(r, axis=0) * FREQ


def ema_historical_return(r, span, compounding):
    ema = np.array([ewm_mean_last(r[:, j], span) for j in range(r.shape[1])])
    return (1 + ema) ** FREQ - 1 if compounding else ema * FREQ


def capm_return(r, market_r, rf, compounding):
    mkt = np.nanmean(r, axis=1) if market_r is None else market_r
    full = np.column_stack([r, mkt])
    cov = nancov(full)
    betas = cov[:-1, -1] / cov[-1, -1]
    if compounding:
        m = mkt[~np.isnan(mkt)]
        mkt_ret = np.prod(1 + m) ** (FREQ / len(m)) - 1
    else:
        mkt_ret = np.nanmean(mkt) * FREQ
    return rf + betas * (mkt_ret - rf), betas, mkt_ret


def returns_section():
    rng = np.random.default_rng(20250105)
    T, N = 90, 4
    steps = rng.normal(0.001, 0.035, (T - 1, N))
    prices = rounded(100 * np.exp(np.vstack([np.zeros(N), np.cumsum(steps, axis=0)])), 4)
    bench = rounded(1000 * np.exp(np.concatenate([[0], np.cumsum(
        0.6 * steps.mean(axis=1) + rng.normal(0.0005, 0.01, T - 1))])), 4)
    prices[:12, 2] = np.nan  # listed late
    prices[30:32, 3] = np.nan  # a two-day gap
    prices[61, 3] = np.nan  # a one-day gap
    prices[82:, 0] = np.nan  # no closes after day 81
    prices[47, :] = np.nan  # a day nobody has a close (its row and the next drop out)
    bench_gap = bench.copy()
    bench_gap[20] = np.nan

    r = returns_from_prices(prices)
    assert r.shape[0] == T - 1 - 2, r.shape  # first row and the all-missing day's two rows
    mret = returns_from_prices(bench_gap[:, None])
    # left join on the asset returns' rows: align by original day index
    days = np.arange(T)[~np.all(np.isnan(pct_change_none(prices)), axis=1)]
    bench_r = pct_change_none(bench_gap[:, None])[days, 0]
    assert np.sum(~np.isnan(bench_r)) <= mret.shape[0]

    capm_eq, betas_eq, mkt_eq = capm_return(r, None, 0.02, True)
    capm_b, betas_b, mkt_b = capm_return(r, bench_r, 0.02, True)
    capm_b_arith, _, mkt_b_arith = capm_return(r, bench_r, 0.0, False)

    rb = pct_change_none(bench[:, None])[1:, 0]
    delta = (rb.mean() * FREQ - 0.03) / (rb.var(ddof=1) * FREQ)

    return {
        "prices": tolist(prices),
        "benchmark": tolist(bench),
        "benchmarkWithGap": tolist(bench_gap),
        "periodsPerYear": FREQ,
        "returns": tolist(r),
        "meanArithmetic": tolist(mean_historical_return(r, False)),
        "meanCompounded": tolist(mean_historical_return(r, True)),
        "counts": tolist(np.sum(~np.isnan(r), axis=0)),
        "ema500Compounded": tolist(ema_historical_return(r, 500, True)),
        "ema500Arithmetic": tolist(ema_historical_return(r, 500, False)),
        "ema10Compounded": tolist(ema_historical_return(r, 10, True)),
        "ema10Arithmetic": tolist(ema_historical_return(r, 10, False)),
        "capmEqualWeighted": {"riskFree": 0.02, "returns": tolist(capm_eq),
                              "betas": tolist(betas_eq), "marketReturn": mkt_eq},
        "capmBenchmark": {"riskFree": 0.02, "returns": tolist(capm_b),
                          "betas": tolist(betas_b), "marketReturn": mkt_b},
        "capmBenchmarkArithmetic": {"riskFree": 0.0, "returns": tolist(capm_b_arith),
                                    "marketReturn": mkt_b_arith},
        "sampleCov": tolist(nancov(r) * FREQ),
        "riskAversion": {"riskFree": 0.03, "delta": delta},
    }


# ============================================================== Black-Litterman
def bl_posterior(S, pi, P, Q, omega, tau):
    """PyPortfolioOpt BlackLittermanModel.bl_returns / bl_cov."""
    tsp = tau * S @ P.T
    A = P @ tsp + omega
    mu = pi + tsp @ np.linalg.solve(A, Q - P @ pi)
    M = tau * S - tsp @ np.linalg.solve(A, tsp.T)
    return mu, S + M


def bl_master(S, pi, P, Q, omega, tau):
    """The original Black-Litterman master formula (needs Omega invertible)."""
    ts_inv = np.linalg.inv(tau * S)
    om_inv = np.linalg.inv(omega)
    H = ts_inv + P.T @ om_inv @ P
    return np.linalg.solve(H, ts_inv @ pi + P.T @ om_inv @ Q), S + np.linalg.inv(H)


def he_litterman_omega(S, P, tau):
    return np.diag(np.diag(tau * P @ S @ P.T))


def idzorek_omega(S, P, tau, conf):
    return np.diag([tau * (1 - c) / c * (p @ S @ p) for p, c in zip(P, conf)])


def bl_section():
    out = {}
    # --- Idzorek (2005)
    S = np.array([
        [0.001005, 0.001328, -0.000579, -0.000675, 0.000121, 0.000128, -0.000445, -0.000437],
        [0.001328, 0.007277, -0.001307, -0.000610, -0.002237, -0.000989, 0.001442, -0.001535],
        [-0.000579, -0.001307, 0.059852, 0.027588, 0.063497, 0.023036, 0.032967, 0.048039],
        [-0.000675, -0.000610, 0.027588, 0.029609, 0.026572, 0.021465, 0.020697, 0.029854],
        [0.000121, -0.002237, 0.063497, 0.026572, 0.102488, 0.042744, 0.039943, 0.065994],
        [0.000128, -0.000989, 0.023036, 0.021465, 0.042744, 0.032056, 0.019881, 0.032235],
        [-0.000445, 0.001442, 0.032967, 0.020697, 0.039943, 0.019881, 0.028355, 0.035064],
        [-0.000437, -0.001535, 0.048039, 0.029854, 0.065994, 0.032235, 0.035064, 0.079958],
    ])
    w_mkt = np.array([0.1934, 0.2613, 0.1209, 0.1209, 0.0134, 0.0134, 0.2418, 0.0349])
    lam, tau = 3.07, 0.025
    table1_pi = np.array([0.08, 0.67, 6.41, 4.08, 7.43, 3.70, 4.80, 6.60]) / 100
    P = np.array([
        [0, 0, 0, 0, 0, 0, 1, 0],
        [-1, 1, 0, 0, 0, 0, 0, 0],
        [0, 0, 0.9, -0.9, 0.1, -0.1, 0, 0],
    ], dtype=float)
    Q = np.array([0.0525, 0.0025, 0.02])
    pi = lam * S @ w_mkt
    # lambda is printed as "approximately 3.07": Table 1 agrees with lambda S w to 0.03 points
    assert np.max(np.abs(pi - table1_pi)) < 3e-4, pi - table1_pi
    # Table 6 is computed from the printed Pi (Table 1) with Omega = diag(tau P S P')
    omega = he_litterman_omega(S, P, tau)
    mu, cov = bl_posterior(S, table1_pi, P, Q, omega, tau)
    table6_mu = np.array([0.07, 0.50, 6.50, 4.32, 7.59, 3.94, 4.93, 6.84]) / 100
    table6_w = np.array([29.88, 15.59, 9.35, 14.82, 1.04, 1.65, 27.81, 3.49]) / 100
    assert np.max(np.abs(mu - table6_mu)) < 1e-4, mu - table6_mu
    # Table 6's weights are (lambda S)^-1 E[R] from unrounded inputs, too ill-conditioned to
    # recompute from 4-digit figures; reverse optimisation of them gives E[R] back instead
    assert np.max(np.abs(lam * S @ table6_w - table6_mu)) < 3e-4, lam * S @ table6_w - table6_mu
    conf = np.array([0.25, 0.50, 0.65])
    om_idz = idzorek_omega(S, P, tau, conf)
    mu_idz, cov_idz = bl_posterior(S, table1_pi, P, Q, om_idz, tau)
    out["idzorek"] = {
        "cov": tolist(S), "marketWeights": tolist(w_mkt), "riskAversion": lam, "tau": tau,
        "P": tolist(P), "Q": tolist(Q), "confidences": tolist(conf),
        "published": {
            "table1ImpliedReturns": tolist(table1_pi),
            "table4ViewVariances": [0.02836, 0.00563, 0.03462],
            "page15OmegaDiag": [0.000709, 0.000141, 0.000866],
            "table6Returns": tolist(table6_mu),
            "table6Weights": tolist(table6_w),
        },
        "pi": tolist(pi),
        "posteriorHeLitterman": {"returns": tolist(mu), "cov": tolist(cov)},
        "posteriorIdzorek": {"omegaDiag": tolist(np.diag(om_idz)), "returns": tolist(mu_idz),
                             "cov": tolist(cov_idz)},
    }

    # --- He & Litterman (1999)
    corr = np.array([
        [1.000, 0.488, 0.478, 0.515, 0.439, 0.512, 0.491],
        [0.488, 1.000, 0.664, 0.655, 0.310, 0.608, 0.779],
        [0.478, 0.664, 1.000, 0.861, 0.355, 0.783, 0.668],
        [0.515, 0.655, 0.861, 1.000, 0.354, 0.777, 0.653],
        [0.439, 0.310, 0.355, 0.354, 1.000, 0.405, 0.306],
        [0.512, 0.608, 0.783, 0.777, 0.405, 1.000, 0.652],
        [0.491, 0.779, 0.668, 0.653, 0.306, 0.652, 1.000],
    ])
    vol = np.array([0.160, 0.203, 0.248, 0.271, 0.210, 0.200, 0.187])
    w_hl = np.array([0.016, 0.022, 0.052, 0.055, 0.116, 0.124, 0.615])
    table1 = np.array([3.9, 6.9, 8.4, 9.0, 4.3, 6.8, 7.6]) / 100
    S_hl = corr * np.outer(vol, vol)
    pi_hl = 2.5 * S_hl @ w_hl
    assert np.max(np.abs(pi_hl - table1)) < 5e-4 + 1e-12, pi_hl
    # Table 4: Germany outperforms the rest of Europe (France 29.5 %, UK 70.5 %) by 5 %,
    # tau = 0.05, Omega = tau p S p'
    P_hl = np.array([[0, 0, -0.295, 1, 0, -0.705, 0]])
    Q_hl = np.array([0.05])
    table4 = np.array([4.3, 7.6, 9.3, 11.0, 4.5, 7.0, 8.1]) / 100
    mu_hl, _ = bl_posterior(S_hl, pi_hl, P_hl, Q_hl, he_litterman_omega(S_hl, P_hl, 0.05), 0.05)
    assert np.max(np.abs(mu_hl - table4)) < 6e-4, mu_hl - table4
    out["heLitterman"] = {
        "corr": tolist(corr), "vols": tolist(vol), "weights": tolist(w_hl), "delta": 2.5,
        "table1EquilibriumReturns": tolist(table1), "pi": tolist(pi_hl),
        "P": tolist(P_hl), "Q": tolist(Q_hl), "tau": 0.05,
        "table4Returns": tolist(table4), "posterior": tolist(mu_hl),
    }

    # --- random 6-asset case, three kinds of view
    rng = np.random.default_rng(7)
    B = rng.normal(0, 0.15, (6, 2))
    S6 = rounded(B @ B.T + np.diag(rng.uniform(0.01, 0.05, 6)), 8)
    caps = rounded(rng.uniform(1, 10, 6), 4)
    delta = 2.5
    pi6 = delta * S6 @ (caps / caps.sum())
    P6 = np.array([
        [1, 0, 0, 0, 0, 0],
        [0, 0, 1, -1, 0, 0],
        [0, 0.5, 0, 0, 0.5, -1],
    ], dtype=float)
    Q6 = np.array([0.10, 0.02, -0.01])
    conf6 = np.array([0.3, 0.6, 0.9])
    tau6 = 0.05
    cases = {}
    for name, om in (("heLitterman", he_litterman_omega(S6, P6, tau6)),
                     ("idzorek", idzorek_omega(S6, P6, tau6, conf6))):
        mu_a, cov_a = bl_posterior(S6, pi6, P6, Q6, om, tau6)
        mu_b, cov_b = bl_master(S6, pi6, P6, Q6, om, tau6)
        assert np.allclose(mu_a, mu_b, rtol=1e-12, atol=1e-14)
        assert np.allclose(cov_a, cov_b, rtol=1e-11, atol=1e-14)
        w = np.linalg.solve(delta * S6, mu_a)  # PyPortfolioOpt bl_weights: (delta S)^-1 mu, normalised
        cases[name] = {"omegaDiag": tolist(np.diag(om)), "returns": tolist(mu_a),
                       "cov": tolist(cov_a), "weights": tolist(w / w.sum())}
    out["random"] = {"cov": tolist(S6), "caps": tolist(caps), "delta": delta, "pi": tolist(pi6),
                     "P": tolist(P6), "Q": tolist(Q6), "confidences": tolist(conf6), "tau": tau6,
                     **cases}
    return out


# ============================================================== HRP (López de Prado 2016 listing)
def get_ivp(cov):
    ivp = 1.0 / np.diag(cov)
    return ivp / ivp.sum()


def get_cluster_var(cov, items):
    c = cov[np.ix_(items, items)]
    w = get_ivp(c)
    return float(w @ c @ w)


def get_quasi_diag(link):
    """The paper's getQuasiDiag, with a plain list standing in for the pandas Series."""
    link = link.astype(int)
    num_items = link[-1, 3]
    sort_ix = [link[-1, 0], link[-1, 1]]
    while max(sort_ix) >= num_items:
        out = []
        for v in sort_ix:
            if v >= num_items:
                out.extend([link[v - num_items, 0], link[v - num_items, 1]])
            else:
                out.append(v)
        sort_ix = out
    return [int(v) for v in sort_ix]


def get_rec_bipart(cov, sort_ix, lower=None, upper=None):
    """The paper's getRecBipart; with bounds, Riskfolio-Lib's clip of alpha (w_min / w_max)."""
    w = {i: 1.0 for i in sort_ix}
    c_items = [sort_ix]
    while len(c_items) > 0:
        c_items = [i[j:k] for i in c_items
                   for j, k in ((0, len(i) // 2), (len(i) // 2, len(i))) if len(i) > 1]
        for i in range(0, len(c_items), 2):
            c0, c1 = c_items[i], c_items[i + 1]
            v0, v1 = get_cluster_var(cov, c0), get_cluster_var(cov, c1)
            alpha = 1 - v0 / (v0 + v1)
            if lower is not None:
                W = w[c0[0]]
                a1 = np.sum(upper[c0]) / W
                a2 = max(np.sum(lower[c0]) / W, alpha)
                alpha = min(a1, a2)
                a1 = np.sum(upper[c1]) / W
                a2 = max(np.sum(lower[c1]) / W, 1 - alpha)
                alpha = 1 - min(a1, a2)
            for k in c0:
                w[k] *= alpha
            for k in c1:
                w[k] *= 1 - alpha
    out = np.zeros(len(sort_ix))
    for k, v in w.items():
        out[k] = v
    return out


def corr_dist(corr):
    return np.sqrt(np.clip((1 - corr) / 2.0, 0.0, 1.0))


def cov_to_corr(S):
    v = np.sqrt(np.diag(S))
    C = np.clip(S / np.outer(v, v), -1, 1)
    # exactly 1, not 1 - 1e-16: d_ii = sqrt((1 - C_ii) / 2) would otherwise be ~1e-8 and leak into
    # the distance of distances
    np.fill_diagonal(C, 1.0)
    return C


def block_returns(rng, T, sizes, within, vols):
    n = sum(sizes)
    C = np.zeros((n, n))
    k = 0
    for s, r in zip(sizes, within):
        C[k:k + s, k:k + s] = r
        k += s
    C = 0.15 + 0.85 * C
    np.fill_diagonal(C, 1.0)
    L = np.linalg.cholesky(C)
    X = rng.normal(size=(T, n)) @ L.T * vols
    perm = rng.permutation(n)
    return X[:, perm]


def hrp_section():
    rng = np.random.default_rng(11)
    vols = rng.uniform(0.01, 0.05, 12)
    X = rounded(block_returns(rng, 400, [4, 5, 3], [0.7, 0.5, 0.8], vols))
    S = np.cov(X, rowvar=False)
    corr = cov_to_corr(S)
    d = corr_dist(corr)
    out = {"cov": tolist(S)}
    # the paper: Euclidean distance between the columns of d, then single linkage
    d_tilde = pdist(d, "euclidean")
    link_p = linkage(d_tilde, "single")
    order_p = get_quasi_diag(link_p)
    assert order_p == leaves_list(link_p).tolist()
    out["paper"] = {"linkage": tolist(link_p), "order": order_p,
                    "weights": tolist(get_rec_bipart(S, order_p))}
    # PyPortfolioOpt / Riskfolio: single linkage on d itself
    link_d = linkage(squareform(d, checks=False), "single")
    order_d = leaves_list(link_d).tolist()
    out["direct"] = {"linkage": tolist(link_d), "order": order_d,
                     "weights": tolist(get_rec_bipart(S, order_d))}
    for method in ("ward", "average", "complete"):
        z = linkage(squareform(d, checks=False), method)
        o = leaves_list(z).tolist()
        out["direct_" + method] = {"linkage": tolist(z), "order": o,
                                   "weights": tolist(get_rec_bipart(S, o))}
    # bounds (Riskfolio-Lib): a floor and caps that bind
    lower = np.full(12, 0.02)
    upper = np.full(12, 0.15)
    upper[order_d[0]] = 0.05
    wb = get_rec_bipart(S, order_d, lower, upper)
    assert np.all(wb >= lower - 1e-12) and np.all(wb <= upper + 1e-12), wb
    assert abs(wb.sum() - 1) < 1e-12
    out["bounded"] = {"lower": tolist(lower), "upper": tolist(upper), "weights": tolist(wb)}
    return out


def linkage_section():
    rng = np.random.default_rng(23)
    X = rounded(block_returns(rng, 300, [10, 12, 8, 10], [0.6, 0.4, 0.7, 0.3],
                              rng.uniform(0.01, 0.05, 40)))
    corr = cov_to_corr(np.cov(X, rowvar=False))
    corr = rounded(corr, 10)
    np.fill_diagonal(corr, 1.0)
    d = corr_dist(corr)
    out = {"corr": tolist(corr)}
    for method in ("single", "complete", "average", "ward"):
        z = linkage(squareform(d, checks=False), method)
        out[method] = {"linkage": tolist(z), "order": leaves_list(z).tolist(),
                       "cut4": cut_tree(z, n_clusters=4).flatten().tolist()}
    return out


# ============================================================== HERC (Raffinot 2017, Riskfolio-Lib)
def naive_weights(S, items, risk):
    c = S[np.ix_(items, items)]
    if risk == "equal":
        return np.full(len(items), 1 / len(items))
    inv = 1 / np.diag(c) if risk == "variance" else 1 / np.sqrt(np.diag(c))
    return inv / inv.sum()


def cluster_risk(S, items, risk):
    c = S[np.ix_(items, items)]
    w = naive_weights(S, items, risk)
    v = float(w @ c @ w)
    return v if risk == "variance" else np.sqrt(v)


def within_dispersion(d, labels):
    total = 0.0
    for c in np.unique(labels):
        idx = np.where(labels == c)[0]
        if len(idx) > 1:
            total += squareform(d[np.ix_(idx, idx)], checks=False).mean()
    return total


def elbow_k(d, z, max_k=10):
    n = d.shape[0]
    kmax = int(min(max_k, np.floor(np.sqrt(n))))
    W = {k: within_dispersion(d, cut_tree(z, n_clusters=k).flatten()) for k in range(1, kmax + 1)}
    if kmax < 3:
        return kmax, W
    gaps = {k: W[k - 1] + W[k + 1] - 2 * W[k] for k in range(2, kmax)}
    return max(gaps, key=lambda k: (gaps[k], -k)), W


def herc_weights(S, z, k, risk):
    n = S.shape[0]
    labels = cut_tree(z, n_clusters=k).flatten()
    clusters = [np.where(labels == c)[0].tolist() for c in range(k)]
    root, nodes = to_tree(z, rd=True)
    w = np.ones(n)
    # the last k-1 merges are the top of the tree (heights are monotone here)
    for node_id in range(2 * n - 2, 2 * n - 1 - k, -1):
        node = nodes[node_id]
        left = set(node.get_left().pre_order())
        right = set(node.get_right().pre_order())
        if risk == "equal":
            alpha = 0.5
        else:
            rl = sum(cluster_risk(S, c, risk) for c in clusters if set(c) <= left)
            rr = sum(cluster_risk(S, c, risk) for c in clusters if set(c) <= right)
            alpha = 1 - rl / (rl + rr)
        w[list(left)] *= alpha
        w[list(right)] *= 1 - alpha
    for c in clusters:
        w[c] *= naive_weights(S, c, risk)
    return w, labels


def herc_section():
    rng = np.random.default_rng(31)
    vols = rng.uniform(0.01, 0.05, 16)
    X = rounded(block_returns(rng, 500, [5, 4, 4, 3], [0.75, 0.6, 0.7, 0.8], vols))
    S = np.cov(X, rowvar=False)
    d = corr_dist(cov_to_corr(S))
    out = {"cov": tolist(S)}
    for method in ("ward", "single"):
        z = linkage(squareform(d, checks=False), method)
        k_auto, W = elbow_k(d, z)
        case = {"linkage": tolist(z), "kAuto": k_auto,
                "dispersion": [W[k] for k in sorted(W)]}
        for label, k, risk in (("auto", k_auto, "variance"), ("k3", 3, "variance"),
                               ("k3vol", 3, "volatility"), ("k3equal", 3, "equal"),
                               ("k1", 1, "variance"), ("kn", 16, "variance")):
            w, labels = herc_weights(S, z, k, risk)
            assert abs(w.sum() - 1) < 1e-12 and np.all(w > 0)
            case[label] = {"k": k, "risk": risk, "weights": tolist(w), "labels": labels.tolist()}
        out[method] = case
    print(f"herc: ward k* = {out['ward']['kAuto']}, single k* = {out['single']['kAuto']}")
    return out


# ============================================================== risk budgeting (Spinu 2013)
def risk_budget_scipy(S, b):
    n = len(b)
    x0 = 1 / np.sqrt(np.diag(S))
    # a generic minimiser on Spinu's objective first (its unique positive minimiser) ...
    f = lambda x: 0.5 * x @ S @ x - b @ np.log(x)
    g = lambda x: S @ x - b / x
    m = scipy.optimize.minimize(f, x0, jac=g, method="L-BFGS-B",
                                bounds=[(1e-12, None)] * n, options={"ftol": 1e-15, "gtol": 1e-12})
    assert np.all(m.x > 1e-9), m
    # ... then MINPACK's hybrid method on the first-order condition S x = b / x, from there
    sol = scipy.optimize.root(g, m.x, method="hybr", options={"xtol": 1e-14})
    # (MINPACK may report "no further progress" once the residual is at round-off: judge by it)
    assert np.max(np.abs(sol.fun)) < 1e-14 and np.all(sol.x > 0), sol
    assert np.allclose(m.x / m.x.sum(), sol.x / sol.x.sum(), atol=1e-6)
    w = sol.x / sol.x.sum()
    rc = w * (S @ w)
    assert np.allclose(rc / rc.sum(), b / b.sum(), atol=1e-12), rc / rc.sum() - b / b.sum()
    return w


def risk_budget_section():
    rng = np.random.default_rng(41)
    out = {}
    for n, name in ((8, "eight"), (5, "five")):
        B = rng.normal(0, 0.2, (n, 3))
        S = rounded(B @ B.T + np.diag(rng.uniform(0.005, 0.04, n)), 8)
        b = rounded(rng.uniform(0.5, 3, n), 4)
        b = b / b.sum()
        out[name] = {"cov": tolist(S), "budgets": tolist(b),
                     "weights": tolist(risk_budget_scipy(S, b)),
                     "erc": tolist(risk_budget_scipy(S, np.full(n, 1 / n)))}
    return out


# ============================================================== baselines
def water_fill_iterative(score, upper):
    """Classic loop: capped assets keep their cap, the rest share what is left pro rata."""
    n = len(score)
    capped = np.zeros(n, dtype=bool)
    for _ in range(n + 1):
        free = ~capped
        left = 1 - upper[capped].sum()
        w = np.where(capped, upper, 0.0)
        w[free] = left * score[free] / score[free].sum()
        over = free & (w > upper)
        if not over.any():
            return w
        capped |= over
    raise AssertionError("no convergence")


def baselines_section():
    rng = np.random.default_rng(53)
    vols = rounded(rng.uniform(0.2, 1.2, 9), 6)
    upper = np.full(9, 0.2)
    upper[1] = 0.05
    inv = 1 / vols
    return {
        "vols": tolist(vols),
        "upper": tolist(upper),
        "inverseVolCapped": tolist(water_fill_iterative(inv, upper)),
        "equalCapped": tolist(water_fill_iterative(np.ones(9), upper)),
    }


def main():
    payload = {
        "returns": returns_section(),
        "bl": bl_section(),
        "hrp": hrp_section(),
        "linkage": linkage_section(),
        "herc": herc_section(),
        "riskBudget": risk_budget_section(),
        "baselines": baselines_section(),
    }
    write_fixture("alloc.json", payload, "gen_alloc.py")


if __name__ == "__main__":
    main()
