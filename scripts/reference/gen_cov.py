"""Reference values for src/main/engine/cov/estimators.ts  ->  test/reference/cov.json

Run: python3 scripts/reference/gen_cov.py   (numpy 2, scipy 1.17; no sklearn needed)

What produced each expected value
- sample            numpy.cov(X, rowvar=False)  (ddof = 1)
- ewma              zero-mean RiskMetrics: S = sum_t w_t r_t r_t^T,
                    w_t = (1-lam) lam^(T-1-t) / (1-lam^T), t = 0..T-1 (weights sum to 1, newest heaviest)
- semicov           PyPortfolioOpt's semicovariance without the frequency factor:
                    D = min(X - b, 0) elementwise, S = D^T D / T
- lwIdentity        a line-for-line numpy re-implementation of sklearn.covariance.ledoit_wolf
                    (sklearn/covariance/_shrunk_covariance.py: ledoit_wolf_shrinkage + _ledoit_wolf,
                    assume_centered=False, single block). Cross-checked below against the numbers printed
                    in sklearn's own LedoitWolf docstring example (np.random.seed(0), 50 x 2 sample:
                    covariance_ = [[0.4406..., 0.1616...], [0.1616..., 0.8022...]]), stored as `sklearnDoc`.
- lwConstCorr       a line-for-line numpy port of Ledoit & Wolf's covCor.m (version 04/2014), "Honey, I shrunk
                    the sample covariance matrix" (J. Portfolio Mgmt 2004) / "Improved estimation of the
                    covariance matrix of stock returns ..." (J. Empirical Finance 2003): shrinkage towards the
                    constant-correlation target, denominators T (not T-1).
- pairwise          pairwise-complete covariance, a plain double loop: cov(i,j) over the days where both i and
                    j are present, each series demeaned over that overlap, ddof 1; var(i) over all days i has.
- covToCorr         corr = S_ij / (v_i v_j), v = sqrt(diag S).
- nearestCorr       Higham (2002) "Computing the nearest correlation matrix - a problem from finance",
                    IMA J. Numer. Anal. 22, Algorithm 3.3 (alternating projections with Dykstra's correction,
                    W = I), run to tol 1e-12, and cross-checked against an independent solver: the Qi & Sun (2006)
                    dual  min_y 0.5||P_S(A + diag y)||_F^2 - sum(y)  solved with scipy.optimize.minimize(BFGS),
                    X* = P_S(A + diag y*). Also Higham's 3x3 example (section 4) with the paper's 4-d.p. answer.
- cluster           a 10 x 10 correlation matrix with three clear blocks, shuffled; scipy.cluster.hierarchy
                    average linkage on d = sqrt((1 - rho)/2) is stored for information only (tests check properties).
"""

import numpy as np
import scipy.optimize
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from _common import rounded, tolist, write_fixture


# ----------------------------------------------------------------------------- estimators
def sample_cov(X):
    return np.cov(X, rowvar=False)


def ewma_cov(X, lam=0.94):
    T = X.shape[0]
    t = np.arange(T)
    w = (1 - lam) * lam ** (T - 1 - t) / (1 - lam**T)
    assert abs(w.sum() - 1) < 1e-12
    return (X * w[:, None]).T @ X


def semicov(X, b=0.0):
    D = np.minimum(X - b, 0.0)
    return D.T @ D / X.shape[0]


def ledoit_wolf_sklearn(X):
    """sklearn.covariance.ledoit_wolf(X) with assume_centered=False, block_size >= n_features."""
    X = np.asarray(X, dtype=float)
    n_samples, n_features = X.shape
    X = X - X.mean(0)
    # --- ledoit_wolf_shrinkage
    X2 = X**2
    emp_cov_trace = np.sum(X2, axis=0) / n_samples
    mu = np.sum(emp_cov_trace) / n_features
    beta_ = np.sum(np.dot(X2.T, X2))
    delta_ = np.sum(np.dot(X.T, X) ** 2)
    delta_ /= n_samples**2
    beta = 1.0 / (n_features * n_samples) * (beta_ / n_samples - delta_)
    delta = delta_ - 2.0 * mu * emp_cov_trace.sum() + n_features * mu**2
    delta /= n_features
    beta = min(beta, delta)
    shrinkage = 0 if beta == 0 else beta / delta
    # --- _ledoit_wolf
    emp_cov = X.T @ X / n_samples  # empirical_covariance(X, assume_centered=True) on centred X
    mu = np.sum(np.trace(emp_cov)) / n_features
    shrunk = (1.0 - shrinkage) * emp_cov
    shrunk.flat[:: n_features + 1] += shrinkage * mu
    return shrunk, float(shrinkage)


def cov_cor(x):
    """Ledoit & Wolf covCor.m (04/2014), with shrink unspecified. Returns (sigma, shrinkage, diagnostics)."""
    x = np.asarray(x, dtype=float)
    t, n = x.shape
    x = x - x.mean(0)
    sample = (1.0 / t) * (x.T @ x)
    var = np.diag(sample).copy()
    sqrtvar = np.sqrt(var)
    rBar = (np.sum(sample / np.outer(sqrtvar, sqrtvar)) - n) / (n * (n - 1))
    prior = rBar * np.outer(sqrtvar, sqrtvar)
    np.fill_diagonal(prior, var)
    # pi-hat
    y = x**2
    phiMat = y.T @ y / t - 2 * (x.T @ x) * sample / t + sample**2
    phi = np.sum(phiMat)
    # rho-hat
    term1 = (x**3).T @ x / t
    help_ = x.T @ x / t
    helpDiag = np.diag(help_)
    term2 = helpDiag[:, None] * sample
    term3 = help_ * var[:, None]
    term4 = var[:, None] * sample
    thetaMat = term1 - term2 - term3 + term4
    np.fill_diagonal(thetaMat, 0.0)
    rho = np.sum(np.diag(phiMat)) + rBar * np.sum(np.outer(1.0 / sqrtvar, sqrtvar) * thetaMat)
    # gamma-hat
    gamma = np.linalg.norm(sample - prior, "fro") ** 2
    kappa = (phi - rho) / gamma
    shrinkage = max(0.0, min(1.0, kappa / t))
    sigma = shrinkage * prior + (1 - shrinkage) * sample
    diag = {"rBar": float(rBar), "phi": float(phi), "rho": float(rho), "gamma": float(gamma), "kappa": float(kappa)}
    return sigma, float(shrinkage), diag


def pairwise_cov(X):
    T, N = X.shape
    S = np.full((N, N), np.nan)
    for i in range(N):
        xi = X[:, i]
        oi = ~np.isnan(xi)
        S[i, i] = np.var(xi[oi], ddof=1)
        for j in range(i + 1, N):
            both = oi & ~np.isnan(X[:, j])
            a, b = xi[both], X[both, j]
            S[i, j] = S[j, i] = np.sum((a - a.mean()) * (b - b.mean())) / (both.sum() - 1)
    return S


def cov_to_corr(S):
    v = np.sqrt(np.diag(S))
    C = S / np.outer(v, v)
    return C, v


# ----------------------------------------------------------------------------- Higham
def proj_psd(R):
    R = (R + R.T) / 2
    w, V = np.linalg.eigh(R)
    X = (V * np.maximum(w, 0.0)) @ V.T
    return (X + X.T) / 2


def higham_nearcorr(A, tol=1e-12, maxit=200000):
    """Higham 2002, Algorithm 3.3 with W = I (Dykstra's correction applied to the PSD projection only)."""
    A = np.asarray(A, dtype=float)
    Y = A.copy()
    X = A.copy()
    dS = np.zeros_like(A)
    for k in range(1, maxit + 1):
        R = Y - dS
        Xn = proj_psd(R)
        dS = Xn - R
        Yn = Xn.copy()
        np.fill_diagonal(Yn, 1.0)
        crit = max(
            np.linalg.norm(Xn - X, "fro") / np.linalg.norm(Xn, "fro"),
            np.linalg.norm(Yn - Y, "fro") / np.linalg.norm(Yn, "fro"),
            np.linalg.norm(Yn - Xn, "fro") / np.linalg.norm(Yn, "fro"),
        )
        X, Y = Xn, Yn
        if crit <= tol:
            return Y, k
    raise RuntimeError("Higham did not converge")


def dual_nearcorr(A):
    """Independent check: Qi & Sun (2006) dual of the nearest-correlation problem, solved by BFGS."""
    n = A.shape[0]

    def f(y):
        P = proj_psd(A + np.diag(y))
        return 0.5 * np.sum(P * P) - y.sum(), np.diag(P) - 1.0

    res = scipy.optimize.minimize(f, np.zeros(n), jac=True, method="BFGS", options={"gtol": 1e-14, "maxiter": 10000})
    P = proj_psd(A + np.diag(res.x))
    return P, float(np.max(np.abs(np.diag(P) - 1.0)))


# ----------------------------------------------------------------------------- data
def base_returns():
    """250 x 6 daily returns, mean ~5e-4, vols 2%..5%, two-factor correlation (heterogeneous)."""
    rng = np.random.default_rng(20240601)
    T, N = 250, 6
    load1 = np.array([0.8, 0.7, 0.75, 0.5, 0.3, 0.6])
    load2 = np.array([0.2, -0.3, 0.4, 0.6, -0.5, 0.1])
    F = rng.standard_normal((T, 2))
    idio = np.sqrt(np.clip(1 - load1**2 - load2**2, 0.05, None))
    Z = F[:, [0]] * load1 + F[:, [1]] * load2 + rng.standard_normal((T, N)) * idio
    Z = Z / Z.std(0)  # unit-ish vol
    vols = np.array([0.03, 0.025, 0.04, 0.05, 0.02, 0.035])
    return rounded(0.0005 + Z * vols)


def wide_returns():
    """40 x 60 (N > T): one market factor + two sector factors, vols 1.5%..6%."""
    rng = np.random.default_rng(20240602)
    T, N = 40, 60
    mkt = rng.standard_normal((T, 1))
    sec = rng.standard_normal((T, 2))
    beta = rng.uniform(0.3, 0.8, N)
    secld = np.zeros((N, 2))
    secld[: N // 2, 0] = rng.uniform(0.1, 0.5, N // 2)
    secld[N // 2 :, 1] = rng.uniform(0.1, 0.5, N - N // 2)
    idio = rng.standard_normal((T, N))
    Z = mkt * beta + sec @ secld.T + idio * 0.7
    vols = rng.uniform(0.015, 0.06, N)
    return rounded(0.0003 + Z / Z.std(0) * vols)


def matrix_summary(S, rows=3):
    w = np.linalg.eigvalsh(S)
    return {
        "firstRows": tolist(S[:rows]),
        "diag": tolist(np.diag(S)),
        "trace": float(np.trace(S)),
        "frobenius": float(np.linalg.norm(S, "fro")),
        "sum": float(S.sum()),
        "minEigenvalue": float(w[0]),
        "maxEigenvalue": float(w[-1]),
    }


def main():
    out = {}

    # --- 250 x 6 base case
    X = base_returns()
    S = sample_cov(X)
    lw_i, s_i = ledoit_wolf_sklearn(X)
    lw_c, s_c, diag_c = cov_cor(X)
    assert 0 < s_i < 1 and 0 < s_c < 1, (s_i, s_c)
    C, v = cov_to_corr(S)
    out["base"] = {
        "X": tolist(X),
        "sample": tolist(S),
        "ewma094": tolist(ewma_cov(X, 0.94)),
        "ewma097": tolist(ewma_cov(X, 0.97)),
        "semicov0": tolist(semicov(X, 0.0)),
        "semicovBench": {"benchmark": 0.0002, "cov": tolist(semicov(X, 0.0002))},
        "lwIdentity": {"cov": tolist(lw_i), "shrinkage": s_i},
        "lwConstCorr": {"cov": tolist(lw_c), "shrinkage": s_c, "diagnostics": diag_c},
        "corr": tolist(C),
        "vols": tolist(v),
    }
    print(f"base: LW identity shrinkage {s_i:.4f}, constant-correlation shrinkage {s_c:.4f}")

    # --- sklearn docstring example (independent check of the sklearn re-implementation)
    np.random.seed(0)
    Xd = np.random.multivariate_normal(mean=[0, 0], cov=[[0.4, 0.2], [0.2, 0.8]], size=50)
    lw_d, s_d = ledoit_wolf_sklearn(Xd)
    doc = np.array([[0.4406, 0.1616], [0.1616, 0.8022]])  # the docstring prints these 4 digits then '...'
    assert np.all((lw_d >= doc) & (lw_d < doc + 1e-4)), lw_d
    out["sklearnDoc"] = {
        "X": tolist(Xd),
        "docCovTruncated4dp": tolist(doc),
        "cov": tolist(lw_d),
        "shrinkage": s_d,
    }

    # --- 40 x 60 (N > T)
    W = wide_returns()
    Sw = sample_cov(W)
    lw_wi, s_wi = ledoit_wolf_sklearn(W)
    lw_wc, s_wc, diag_wc = cov_cor(W)
    assert 0 < s_wi < 1 and 0 < s_wc < 1, (s_wi, s_wc)
    assert np.linalg.eigvalsh(lw_wi)[0] > 0 and np.linalg.eigvalsh(lw_wc)[0] > 0
    print(f"wide: LW identity shrinkage {s_wi:.4f}, constant-correlation shrinkage {s_wc:.4f}, "
          f"sample min eig {np.linalg.eigvalsh(Sw)[0]:.3e}")
    out["wide"] = {
        "X": tolist(W),
        "note": "N > T: sample covariance is singular (rank <= T-1); only summaries of the 60x60 outputs are stored",
        "sample": matrix_summary(Sw),
        "lwIdentity": {"shrinkage": s_wi, **matrix_summary(lw_wi)},
        "lwConstCorr": {"shrinkage": s_wc, "diagnostics": diag_wc, **matrix_summary(lw_wc)},
    }

    # --- pairwise with missing values: 60 x 5
    rng = np.random.default_rng(20240603)
    P = rounded(0.0005 + rng.multivariate_normal(
        np.zeros(5), 0.0004 * (0.5 * np.eye(5) + 0.5), size=60))
    P[:20, 1] = np.nan  # listed late
    P[rng.choice(60, 10, replace=False), 2] = np.nan  # scattered gaps
    P[45:, 3] = np.nan  # delisted
    P[:10, 4] = np.nan
    P[[25, 33, 50], 4] = np.nan
    out["pairwise"] = {"X": tolist(P), "cov": tolist(pairwise_cov(P))}

    # --- nearest correlation
    A3 = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    rng = np.random.default_rng(20240604)
    C6, _ = cov_to_corr(sample_cov(base_returns()))
    E = rng.uniform(-0.9, 0.9, (6, 6))
    A6 = np.clip(C6 + (E + E.T) / 2, -1, 1)
    np.fill_diagonal(A6, 1.0)
    A6 = np.round(A6, 4)
    assert np.linalg.eigvalsh(A6)[0] < -0.05, np.linalg.eigvalsh(A6)
    cases = {}
    for name, A in [("higham3", A3), ("random6", A6)]:
        Y, iters = higham_nearcorr(A)
        Yd, dual_diag_err = dual_nearcorr(A)
        agree = float(np.max(np.abs(Y - Yd)))
        assert agree < 1e-8 and dual_diag_err < 1e-9, (name, agree, dual_diag_err)
        cases[name] = {
            "A": tolist(A),
            "nearest": tolist(Y),
            "minEigenvalueA": float(np.linalg.eigvalsh(A)[0]),
            "distance": float(np.linalg.norm(Y - A, "fro")),
            "highamIterations": iters,
            "maxAbsDiffHighamVsDual": agree,
        }
        print(f"nearcorr {name}: {iters} iterations, Higham vs dual {agree:.2e}")
    paper = np.array([[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]])
    assert np.max(np.abs(np.array(cases["higham3"]["nearest"]) - paper)) < 5e-5
    cases["higham3"]["paper4dp"] = tolist(paper)
    cases["validCorr"] = {"A": tolist(C6), "note": "already a correlation matrix (PD): returned unchanged"}
    out["nearestCorr"] = cases

    # --- clusters: 3 blocks (4, 3, 3) shuffled
    rng = np.random.default_rng(20240605)
    sizes = [4, 3, 3]
    labels = np.repeat(np.arange(3), sizes)
    T = 500
    mkt = rng.standard_normal((T, 1))
    fac = rng.standard_normal((T, 3))
    R = 0.3 * mkt + 0.85 * fac[:, labels] + 0.4 * rng.standard_normal((T, labels.size))
    Cb, _ = cov_to_corr(np.cov(R, rowvar=False))
    perm = rng.permutation(labels.size)
    Cs = np.round(Cb[np.ix_(perm, perm)], 6)
    np.fill_diagonal(Cs, 1.0)
    Ls = labels[perm]
    D = np.sqrt(np.clip((1 - Cs) / 2, 0, None))
    np.fill_diagonal(D, 0)
    order = leaves_list(linkage(squareform(D, checks=False), method="average")).tolist()
    out["cluster"] = {"corr": tolist(Cs), "labels": Ls.tolist(), "scipyAverageLinkageOrder": order}

    write_fixture("cov.json", out, "gen_cov.py")


if __name__ == "__main__":
    main()
