"""Reference values for src/main/engine/stats/{moments,distributions}.ts  ->  test/reference/stats.json

Run: python3 scripts/reference/gen_stats.py   (numpy 2, scipy 1.17)

What produced each expected value
- mean / stdev      numpy.mean, numpy.std(ddof=1)
- skewness          scipy.stats.skew(x)                      (bias=True: m3 / m2^1.5, population moments)
- excessKurtosis    scipy.stats.kurtosis(x)                  (fisher=True, bias=True: m4 / m2^2 - 3)
- fitStudentT       scipy.stats.t.fit(x) (generic MLE, scipy's default fmin optimiser) -> `scipyFit`, then
                    polished by scipy.optimize.minimize(Nelder-Mead, xatol=fatol=1e-13) on the exact negative
                    log-likelihood -sum(scipy.stats.t.logpdf(x, nu, loc, scale)) from several starts -> `mle`.
                    scipy's fmin stops at xtol=1e-4 ABSOLUTE on (nu, loc, scale), which is coarse for a scale of
                    ~0.02, so the polished optimum (whose log-likelihood is >= scipy's) is the reference; both are
                    stored. The sample is a seeded t(5) sample of 2,000 in daily-return units:
                    x = 0.0008 + 0.02 * t_5, rounded to 1e-6.
"""

import numpy as np
import scipy.optimize
import scipy.stats as st

from _common import rounded, tolist, write_fixture


def moments(x):
    x = np.asarray(x, dtype=float)
    return {
        "mean": float(np.mean(x)),
        "stdev": float(np.std(x, ddof=1)),
        "skewness": float(st.skew(x)),
        "excessKurtosis": float(st.kurtosis(x)),
    }


def negll(p, x):
    nu, loc, scale = p
    if nu <= 0 or scale <= 0:
        return np.inf
    return -float(np.sum(st.t.logpdf(x, nu, loc, scale)))


def main():
    out = {}

    # hand example: x = [1,2,3,4,10]; mean 4; deviations -3,-2,-1,0,6
    # m2 = 50/5 = 10, m3 = 180/5 = 36, m4 = 1394/5 = 278.8
    # stdev = sqrt(50/4) = 3.5355339..., skew = 36/10^1.5 = 1.13841995766..., exKurt = 278.8/100 - 3 = -0.212
    hand = [1.0, 2.0, 3.0, 4.0, 10.0]
    mh = moments(hand)
    assert abs(mh["skewness"] - 36 / 10**1.5) < 1e-14 and abs(mh["excessKurtosis"] + 0.212) < 1e-14
    out["momentsHand"] = {"x": hand, **mh}

    rng = np.random.default_rng(20240611)
    xt = rounded(0.0008 + 0.02 * rng.standard_t(5, 2000))
    out["momentsT"] = moments(xt)  # x is studentT.x below

    rng = np.random.default_rng(20240612)
    xs = rounded(np.exp(0.04 * rng.standard_normal(300) + 0.0005) - 1 + 0.02 * (rng.random(300) < 0.03))
    out["momentsSkewed"] = {"x": tolist(xs), **moments(xs)}

    # ---- Student t MLE
    df0, loc0, scale0 = st.t.fit(xt)
    ll_scipy = -negll((df0, loc0, scale0), xt)
    best = None
    starts = [(df0, loc0, scale0), (4.0, float(np.median(xt)), 0.8 * float(np.std(xt))),
              (10.0, float(np.mean(xt)), float(np.std(xt)))]
    for s in starts:
        r = scipy.optimize.minimize(negll, np.array(s), args=(xt,), method="Nelder-Mead",
                                    options={"xatol": 1e-13, "fatol": 1e-13, "maxiter": 40000, "maxfev": 80000})
        # second pass from the result (Nelder-Mead restarts help it settle)
        r = scipy.optimize.minimize(negll, r.x, args=(xt,), method="Nelder-Mead",
                                    options={"xatol": 1e-13, "fatol": 1e-13, "maxiter": 40000, "maxfev": 80000})
        if best is None or r.fun < best.fun:
            best = r
    nu, loc, scale = best.x
    ll = -best.fun
    assert ll >= ll_scipy - 1e-9, (ll, ll_scipy)
    # gradient (central differences, relative steps) should vanish at the optimum
    g = []
    for i, h in enumerate([1e-4 * nu, 1e-4 * scale, 1e-4 * scale]):
        e = np.zeros(3)
        e[i] = h
        g.append((negll(best.x + e, xt) - negll(best.x - e, xt)) / (2 * h) * h)  # change in LL per relative step
    assert max(abs(v) for v in g) < 1e-6, g
    print(f"t fit: scipy (nu {df0:.5f}, loc {loc0:.7f}, scale {scale0:.7f}, LL {ll_scipy:.8f}); "
          f"polished (nu {nu:.5f}, loc {loc:.7f}, scale {scale:.7f}, LL {ll:.8f})")
    out["studentT"] = {
        "x": tolist(xt),
        "trueParams": {"nu": 5.0, "loc": 0.0008, "scale": 0.02},
        "scipyFit": {"nu": float(df0), "loc": float(loc0), "scale": float(scale0), "logLikelihood": float(ll_scipy)},
        "mle": {"nu": float(nu), "loc": float(loc), "scale": float(scale), "logLikelihood": float(ll)},
    }

    write_fixture("stats.json", out, "gen_stats.py")


if __name__ == "__main__":
    main()
