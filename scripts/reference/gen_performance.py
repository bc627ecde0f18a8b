"""Reference values for src/main/engine/risk/{performance,concentration}.ts  ->  test/reference/performance.json

Run: python3 scripts/reference/gen_performance.py   (numpy 2)

What produced each expected value (plain numpy transcriptions of the definitions)
- drawdowns         W_t = prod_{s<=t} (1 + r_s), W_{-1} = 1; dd_t = W_t / max(1, max_{s<=t} W_s) - 1;
                    maxDrawdown = -min(dd); troughIndex = argmin(dd) (first occurrence);
                    peakIndex = the index s in {-1, 0, ..., trough} where W (with W_{-1} = 1) is largest,
                    i.e. -1 when the peak is the starting wealth (decision documented in test/risk).
- performanceStats  annualReturn = W_T^(ppy/T) - 1; annualVol = std(r, ddof=1) sqrt(ppy);
                    sharpe = (mean(r) ppy - rf) / annualVol;
                    sortino = (mean(r) ppy - rf) / (sqrt(mean(min(r - rf/ppy, 0)^2)) sqrt(ppy));
                    calmar = annualReturn / maxDrawdown.
- beta              numpy.cov(r, b, ddof=1)[0,1] / numpy.var(b, ddof=1).
- concentration     hhi = sum w^2, effectiveAssets = 1/hhi, effectiveBets = Meucci (2009) "Managing
                    Diversification", Risk 22(5): Sigma = E Lambda E^T (numpy.linalg.eigh), b = E^T w,
                    p_k = b_k^2 lambda_k / sum_j b_j^2 lambda_j, effectiveBets = exp(-sum p_k ln p_k), 0 ln 0 = 0.
                    The covariance matrices used have distinct eigenvalues, so the result does not depend on
                    the eigenvector basis.
"""

import math

import numpy as np

from _common import rounded, tolist, write_fixture


def drawdowns(r):
    r = np.asarray(r, dtype=float)
    W = np.cumprod(1 + r)
    peak = np.maximum(1.0, np.maximum.accumulate(W))
    dd = W / peak - 1
    trough = int(np.argmin(dd))
    Wext = np.concatenate([[1.0], W])
    peak_idx = int(np.argmax(Wext[: trough + 2])) - 1
    return {"drawdown": tolist(dd), "maxDrawdown": float(-dd.min()), "peakIndex": peak_idx, "troughIndex": trough}


def perf(r, ppy, rf=0.0):
    r = np.asarray(r, dtype=float)
    T = r.size
    WT = float(np.prod(1 + r))
    ann_ret = WT ** (ppy / T) - 1
    ann_vol = float(np.std(r, ddof=1)) * math.sqrt(ppy)
    excess = float(np.mean(r)) * ppy - rf
    down = np.minimum(r - rf / ppy, 0.0)
    sortino = excess / (math.sqrt(float(np.mean(down**2))) * math.sqrt(ppy))
    mdd = drawdowns(r)["maxDrawdown"]
    return {"annualReturn": ann_ret, "annualVol": ann_vol, "sharpe": excess / ann_vol, "sortino": sortino,
            "calmar": ann_ret / mdd}


def beta(r, b):
    return float(np.cov(r, b, ddof=1)[0, 1] / np.var(b, ddof=1))


def concentration(w, S):
    w = np.asarray(w, dtype=float)
    hhi = float(np.sum(w * w))
    lam, E = np.linalg.eigh(S)
    bvec = E.T @ w
    contrib = bvec**2 * lam
    p = contrib / contrib.sum()
    nz = p[p > 0]
    enb = math.exp(-float(np.sum(nz * np.log(nz))))
    return {"hhi": hhi, "effectiveAssets": 1 / hhi, "effectiveBets": enb}


def main():
    out = {}

    # ---- hand example 1 (also worked in test/risk/performance.test.ts)
    # r = [0.1, -0.2, 0.05, 0.1, -0.1]
    # W = 1.1, 0.88, 0.924, 1.0164, 0.91476; running peak = 1.1 throughout
    # dd = 0, -0.2, -0.16, -0.076, -0.1684; maxDrawdown 0.2 (peak 0, trough 1)
    r1 = [0.1, -0.2, 0.05, 0.1, -0.1]
    d1 = drawdowns(r1)
    assert abs(d1["maxDrawdown"] - 0.2) < 1e-15 and d1["peakIndex"] == 0 and d1["troughIndex"] == 1
    # with ppy = 5 (= T): annualReturn = 0.91476 - 1 = -0.08524; mean = -0.01; stdev = sqrt(0.072/4);
    # annualVol = sqrt(0.018 * 5) = 0.3; sharpe = -0.05/0.3; downside mean square = (0.04+0.01)/5 = 0.01,
    # sortino = -0.05/(0.1 sqrt 5) = -0.2236068; calmar = -0.08524/0.2 = -0.4262
    p1 = perf(r1, 5)
    assert abs(p1["annualVol"] - 0.3) < 1e-15 and abs(p1["calmar"] + 0.4262) < 1e-14
    out["hand1"] = {"r": r1, **d1, "stats": {"periodsPerYear": 5, "riskFree": 0, **p1}}

    # ---- hand example 2: the first day loses, so the peak is the starting wealth (peakIndex = -1)
    # r = [-0.1, 0.05, -0.1, 0.2]; W = 0.9, 0.945, 0.8505, 1.0206; peak = 1, 1, 1, 1.0206
    # dd = -0.1, -0.055, -0.1495, 0; maxDrawdown 0.1495 at trough 2, peak -1
    r2 = [-0.1, 0.05, -0.1, 0.2]
    d2 = drawdowns(r2)
    assert abs(d2["maxDrawdown"] - 0.1495) < 1e-15 and d2["peakIndex"] == -1 and d2["troughIndex"] == 2
    out["hand2"] = {"r": r2, **d2}

    # ---- seeded crypto-like daily returns
    rng = np.random.default_rng(20240631)
    r = rounded(0.0012 + 0.035 * rng.standard_t(4, 500) * math.sqrt(0.5))
    d = drawdowns(r)
    dd = np.array(d["drawdown"])
    assert np.sum(dd == dd.min()) == 1 and d["peakIndex"] >= 0
    out["series"] = {
        "r": tolist(r),
        **d,
        "stats": [
            {"periodsPerYear": 365, "riskFree": 0.0, **perf(r, 365)},
            {"periodsPerYear": 252, "riskFree": 0.03, **perf(r, 252, 0.03)},
        ],
    }

    # ---- beta
    rng = np.random.default_rng(20240632)
    b = rounded(0.0005 + 0.02 * rng.standard_normal(300))
    rb = rounded(0.0002 + 1.3 * b + 0.01 * rng.standard_normal(300))
    out["beta"] = {"r": tolist(rb), "benchmark": tolist(b), "beta": beta(rb, b)}

    # ---- concentration
    conc = []
    S1 = np.diag([1.0, 4.0])
    c1 = concentration([2 / 3, 1 / 3], S1)  # risk contributions 4/9, 4/9 -> 2 equal bets
    assert abs(c1["effectiveBets"] - 2) < 1e-12 and abs(c1["hhi"] - 5 / 9) < 1e-15
    conc.append({"name": "diag equal risk", "w": [2 / 3, 1 / 3], "cov": tolist(S1), **c1})
    S2 = np.diag([1.0, 4.0, 9.0])
    c2 = concentration([1.0, 0.0, 0.0], S2)  # a single bet: p = (1, 0, 0) -> 1
    conc.append({"name": "single bet", "w": [1.0, 0.0, 0.0], "cov": tolist(S2), **c2})
    rng = np.random.default_rng(20240633)
    Z = rng.standard_normal((400, 6)) @ rng.uniform(-0.5, 1.0, (6, 6)) * 0.02
    S3 = np.cov(Z, rowvar=False)
    lam = np.linalg.eigvalsh(S3)
    assert np.min(np.diff(lam)) > 1e-3 * lam[-1]  # well-separated eigenvalues
    for name, w in [("long only", [0.3, 0.2, 0.15, 0.15, 0.1, 0.1]),
                    ("long short", [0.6, 0.4, -0.3, 0.2, 0.25, -0.15])]:
        conc.append({"name": name, "w": w, "cov": tolist(S3), **concentration(w, S3)})
    out["concentration"] = conc

    write_fixture("performance.json", out, "gen_performance.py")


if __name__ == "__main__":
    main()
