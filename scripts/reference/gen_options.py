"""Reference values for src/main/engine/derivatives/{pricing,greeks,inverse,implied-vol,smile}.ts
->  test/reference/options.json

Run: python3 scripts/reference/gen_options.py   (numpy 2, scipy 1.17, mpmath 1.3; ~10 s)

What produced each expected value
- hull, haug        Textbook worked examples recomputed to full precision with scipy.stats.norm
                    (the books print 2-4 digits; the tests check both the book figure, to its
                    printed precision, and these values):
                    Hull, Options, Futures, and Other Derivatives, 9th ed. (Pearson 2014; the
                    10th keeps the numbering): Example 15.6 (S=42, K=40, r=0.1, sigma=0.2,
                    T=0.5: c=4.76, p=0.81) and the worked examples of ch. 19 "The Greek Letters"
                    on S=49, K=50, r=0.05, sigma=0.2, T=20/52 (delta 0.522, theta -4.31/yr,
                    gamma 0.066, vega 12.1, rho 8.91). Page numbers not checked.
                    Haug, The Complete Guide to Option Pricing Formulas, 2nd ed. (McGraw-Hill
                    2007), ch. 1, the Black-76 (options on futures) example: F=19, K=19, T=0.75,
                    r=0.1, sigma=0.28: c = p = 1.7011.
- grid              Random Black-76 and Black-Scholes-Merton cases (seeded). Prices evaluated in
                    mpmath at 40 digits; EVERY Greek is mpmath.diff of that price function (numerical
                    differentiation at high precision), so no closed-form Greek is reused here.
                    Inverse (coin-settled) premiums V/F (Black-76) and V/S (BSM) and their Greeks
                    likewise by mpmath.diff of the coin premium.
- normal            Standard normal CDF at 60 digits (mpmath.ncdf) on x in [-38, 9], for the
                    pricing module's own erfc-based N(x).
- tails             Deep out-of-the-money prices (relative accuracy check) in mpmath at 60 digits.
- iv                Implied vols solved in mpmath (findroot, 50 digits) for quotes from 1 hour to
                    5 years, moneyness ln(K/F) in [-3, 3]; the quote is the mpmath price rounded
                    to a double.
- svi               Raw SVI (Gatheral 2004): w(k) = a + b(rho(k-m) + sqrt((k-m)^2 + sigma^2)).
                    * exact: quotes from known parameters; the fit must recover them.
                    * noisy: the same vols times (1 + 0.3 % N(0,1)) (seeded); reference fit by
                      scipy.optimize.least_squares (bounded, 40 seeded starts), its weighted SSE
                      in total variance is the bar our fit must reach.
                    * vogt: Gatheral & Jacquier, Arbitrage-free SVI volatility surfaces,
                      Quantitative Finance 14(1) 2014, Example 3.1 (Axel Vogt's parameters
                      a=-0.0410, b=0.1331, m=0.3586, rho=0.3060, sigma=0.4153, T=1), which has
                      butterfly arbitrage: g(k) evaluated here from w, w', w'' in closed form
                      (numpy) on a k grid; the negative region is what the check must report.
                    * clean: a set with g > 0 everywhere (checked here on a grid).
"""

import math

import mpmath as mp
import numpy as np
import scipy.optimize as so
import scipy.stats as st

from _common import write_fixture

# ---------------------------------------------------------------- textbook examples (scipy)


def bsm_scipy(S, K, T, sigma, r, q=0.0):
    d1 = (math.log(S / K) + (r - q + sigma * sigma / 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    N, n = st.norm.cdf, st.norm.pdf
    call = S * math.exp(-q * T) * N(d1) - K * math.exp(-r * T) * N(d2)
    put = K * math.exp(-r * T) * N(-d2) - S * math.exp(-q * T) * N(-d1)
    greeks = {
        "delta": math.exp(-q * T) * N(d1),
        "gamma": math.exp(-q * T) * n(d1) / (S * sigma * math.sqrt(T)),
        "vega": S * math.exp(-q * T) * n(d1) * math.sqrt(T),
        # Hull's call theta (ch. 19) generalised to a yield
        "theta": -S * math.exp(-q * T) * n(d1) * sigma / (2 * math.sqrt(T))
        - r * K * math.exp(-r * T) * N(d2)
        + q * S * math.exp(-q * T) * N(d1),
        "rho": K * T * math.exp(-r * T) * N(d2),
    }
    return float(call), float(put), {k: float(v) for k, v in greeks.items()}


def black76_scipy(F, K, T, sigma, r):
    s = sigma * math.sqrt(T)
    d1 = math.log(F / K) / s + s / 2
    d2 = d1 - s
    D = math.exp(-r * T)
    call = D * (F * st.norm.cdf(d1) - K * st.norm.cdf(d2))
    put = D * (K * st.norm.cdf(-d2) - F * st.norm.cdf(-d1))
    return float(call), float(put)


def textbook():
    c, p, _ = bsm_scipy(42, 40, 0.5, 0.2, 0.1)
    _, _, g = bsm_scipy(49, 50, 20 / 52, 0.2, 0.05)
    b_c, b_p = black76_scipy(19, 19, 0.75, 0.28, 0.1)
    return {
        "hull156": {"S": 42, "K": 40, "T": 0.5, "sigma": 0.2, "r": 0.1, "call": c, "put": p,
                    "book": {"call": 4.76, "put": 0.81}},
        "hullGreeks": {"S": 49, "K": 50, "T": 20 / 52, "sigma": 0.2, "r": 0.05, **g,
                       "book": {"delta": 0.522, "gamma": 0.066, "vega": 12.1, "theta": -4.31,
                                "rho": 8.91}},
        "haugBlack76": {"F": 19, "K": 19, "T": 0.75, "sigma": 0.28, "r": 0.1, "call": b_c,
                        "put": b_p, "book": {"call": 1.7011, "put": 1.7011}},
    }


# ---------------------------------------------------------------- mpmath grid (prices + Greeks)

mp.mp.dps = 40


def mp_black(is_call, F, K, T, sigma, r):
    F, K, T, sigma, r = map(mp.mpf, (F, K, T, sigma, r))
    s = sigma * mp.sqrt(T)
    d1 = mp.log(F / K) / s + s / 2
    d2 = d1 - s
    D = mp.e ** (-r * T)
    if is_call:
        return D * (F * mp.ncdf(d1) - K * mp.ncdf(d2))
    return D * (K * mp.ncdf(-d2) - F * mp.ncdf(-d1))


def mp_bsm(is_call, S, K, T, sigma, r, q):
    F = mp.mpf(S) * mp.e ** ((mp.mpf(r) - q) * T)
    return mp_black(is_call, F, K, T, sigma, r)


def d(f, x):
    return float(mp.diff(f, mp.mpf(x)))


def d2(f, x):
    return float(mp.diff(f, mp.mpf(x), 2))


def grid_cases(rng, n):
    out = []
    for i in range(n):
        is_call = bool(i % 2 == 0)
        S = float(np.round(rng.uniform(20, 80000), 4))
        k = float(rng.uniform(-1.2, 1.2))
        K = float(np.round(S * math.exp(k), 4))
        T = float(np.round(math.exp(rng.uniform(math.log(1 / 365), math.log(3))), 8))
        sigma = float(np.round(rng.uniform(0.1, 1.6), 6))
        r = float(np.round(rng.uniform(-0.01, 0.08), 6))
        b = float(np.round(rng.uniform(-0.05, 0.2), 6))  # carry: F = S e^{bT}, q = r - b
        F = float(np.round(S * math.exp(b * T), 8))  # Black-76 uses this rounded F directly

        # Black-76 against F (F held fixed by theta and rho)
        b76 = lambda F_=F, K_=K, T_=T, s_=sigma, r_=r: mp_black(is_call, F_, K_, T_, s_, r_)
        black76 = {
            "price": float(b76()),
            "delta": d(lambda x: mp_black(is_call, x, K, T, sigma, r), F),
            "gamma": d2(lambda x: mp_black(is_call, x, K, T, sigma, r), F),
            "vega": d(lambda x: mp_black(is_call, F, K, T, x, r), sigma),
            "theta": -d(lambda x: mp_black(is_call, F, K, x, sigma, r), T),
            "rho": d(lambda x: mp_black(is_call, F, K, T, sigma, x), r),
        }
        # coin premium of the inverse Black-76 option: V/F
        inv76 = lambda x: mp_black(is_call, x, K, T, sigma, r) / x
        black76Inverse = {
            "price": float(inv76(mp.mpf(F))),
            "delta": d(inv76, F),
            "gamma": d2(inv76, F),
            "vega": d(lambda x: mp_black(is_call, F, K, T, x, r) / F, sigma),
            "theta": -d(lambda x: mp_black(is_call, F, K, x, sigma, r) / F, T),
            "rho": d(lambda x: mp_black(is_call, F, K, T, sigma, x) / F, r),
        }
        # BSM against S with yield q fixed
        q = r - b
        bsm = {
            "price": float(mp_bsm(is_call, S, K, T, sigma, r, q)),
            "delta": d(lambda x: mp_bsm(is_call, x, K, T, sigma, r, q), S),
            "gamma": d2(lambda x: mp_bsm(is_call, x, K, T, sigma, r, q), S),
            "vega": d(lambda x: mp_bsm(is_call, S, K, T, x, r, q), sigma),
            "theta": -d(lambda x: mp_bsm(is_call, S, K, x, sigma, r, q), T),
            "rho": d(lambda x: mp_bsm(is_call, S, K, T, sigma, x, q), r),
            "psi": d(lambda x: mp_bsm(is_call, S, K, T, sigma, r, x), q),
        }
        invb = lambda x: mp_bsm(is_call, x, K, T, sigma, r, q) / x
        bsmInverse = {
            "price": float(invb(mp.mpf(S))),
            "delta": d(invb, S),
            "gamma": d2(invb, S),
            "vega": d(lambda x: mp_bsm(is_call, S, K, T, x, r, q) / S, sigma),
            "theta": -d(lambda x: mp_bsm(is_call, S, K, x, sigma, r, q) / S, T),
            "rho": d(lambda x: mp_bsm(is_call, S, K, T, sigma, x, q) / S, r),
        }
        out.append({"call": is_call, "S": S, "F": F, "K": K, "T": T, "sigma": sigma, "r": r,
                    "q": q, "carry": b, "black76": black76, "black76Inverse": black76Inverse,
                    "bsm": bsm, "bsmInverse": bsmInverse})
    return out


def tails():
    mp.mp.dps = 60
    cases = []
    for (x, T, sigma) in [(-3.0, 1 / 365, 2.0), (-1.0, 1 / 8760, 1.5), (-0.2, 1 / 8760, 0.5),
                          (-3.0, 5.0, 0.05), (-0.05, 1 / 8760, 0.05), (3.0, 1 / 365, 2.0),
                          (-2.0, 0.05, 0.5), (1.5, 0.1, 0.6)]:
        F = 100.0
        K = float(F * math.exp(-x))  # x = ln(F/K)
        for is_call in (True, False):
            cases.append({"call": is_call, "F": F, "K": K, "T": T, "sigma": sigma, "r": 0.0,
                          "price": float(mp_black(is_call, F, K, T, sigma, 0))})
    mp.mp.dps = 40
    return cases


def normal_cdf_cases():
    mp.mp.dps = 60
    xs = sorted(set([float(np.round(v, 6)) for v in np.linspace(-38, 9, 471)]
                    + [-27.5, -6.0, -2.857142, -1.25, -0.84375, -0.25, -1e-9, 0.0, 1e-9, 0.25,
                       0.84375, 1.25, 2.857142, 6.0]))
    out = {"x": xs, "cdf": [float(mp.ncdf(mp.mpf(x))) for x in xs]}
    mp.mp.dps = 40
    return out


# ---------------------------------------------------------------- implied vols (mpmath)


def iv_cases():
    mp.mp.dps = 50
    out = []
    hours = 1 / 8760
    for T in (hours, 6 * hours, 1 / 365, 7 / 365, 0.25, 1.0, 5.0):
        for lk in (-3.0, -1.0, -0.2, 0.0, 0.3, 1.5, 3.0):  # ln(K/F)
            for sigma in (0.05, 0.3, 0.8, 2.0, 5.0):
                F = 30000.0
                K = float(np.round(F * math.exp(lk), 6))
                is_call = lk >= 0  # quote the OTM option
                r = 0.03
                p = mp_black(is_call, F, K, T, sigma, r)
                price = float(p)
                if not price > 1e-250:  # not representable as a usable double quote
                    continue
                f = lambda v: mp_black(is_call, F, K, T, v, r) - mp.mpf(price)
                vol = mp.findroot(f, mp.mpf(sigma), tol=mp.mpf(10) ** -40)
                out.append({"call": is_call, "F": F, "K": K, "T": T, "r": r, "price": price,
                            "vol": float(vol)})
    mp.mp.dps = 40
    return out


# ---------------------------------------------------------------- SVI


def svi_w(p, k):
    a, b, rho, m, sig = p
    return a + b * (rho * (k - m) + np.sqrt((k - m) ** 2 + sig ** 2))


def svi_g(p, k):
    """Gatheral & Jacquier (2014) eq. (2.1): density factor g(k) in closed form."""
    a, b, rho, m, sig = p
    w = svi_w(p, k)
    r = np.sqrt((k - m) ** 2 + sig ** 2)
    w1 = b * (rho + (k - m) / r)
    w2 = b * sig ** 2 / r ** 3
    return (1 - k * w1 / (2 * w)) ** 2 - w1 ** 2 / 4 * (1 / w + 0.25) + w2 / 2


def svi_sets(rng):
    T = 0.25
    truth = [0.01, 0.08, -0.35, 0.02, 0.15]  # a, b, rho, m, sigma (total variance)
    ks = np.round(np.linspace(-0.6, 0.5, 25), 6)
    w = svi_w(truth, ks)
    vols = np.sqrt(w / T)
    noisy = np.round(vols * (1 + 0.003 * rng.standard_normal(len(ks))), 8)
    wn = noisy ** 2 * T

    # reference fit of the noisy set: bounded least squares in total variance, equal weights,
    # many starts; the constraint a + b sigma sqrt(1-rho^2) >= 0 is checked afterwards.
    def resid(p):
        return svi_w(p, ks) - wn

    lo = [-1.0, 0.0, -0.999, -1.0, 1e-4]
    hi = [1.0, 5.0, 0.999, 1.0, 2.0]
    best = None
    for _ in range(40):
        x0 = [rng.uniform(0, 0.05), rng.uniform(0.01, 0.5), rng.uniform(-0.9, 0.9),
              rng.uniform(-0.3, 0.3), rng.uniform(0.02, 0.5)]
        res = so.least_squares(resid, x0, bounds=(lo, hi), xtol=1e-15, ftol=1e-15, gtol=1e-15,
                               max_nfev=20000)
        if best is None or res.cost < best.cost:
            best = res
    pa = best.x
    assert pa[0] + pa[1] * pa[4] * math.sqrt(1 - pa[2] ** 2) >= 0
    sse = float(2 * best.cost)

    vogt = [-0.0410, 0.1331, 0.3060, 0.3586, 0.4153]
    kg = np.round(np.linspace(-1.5, 1.5, 301), 6)
    gv = svi_g(vogt, kg)
    clean = [0.02, 0.1, -0.4, 0.05, 0.3]
    gc = svi_g(clean, kg)
    assert (gc > 0).all() and (gv < 0).any()
    return {
        "T": T,
        "truth": truth,
        "k": ks.tolist(),
        "exactVols": vols.tolist(),
        "noisyVols": noisy.tolist(),
        "noisyFit": {"params": pa.tolist(), "sse": sse},
        "vogt": {"params": vogt, "k": kg.tolist(), "g": gv.tolist(),
                 "negativeFrom": float(kg[gv < 0].min()), "negativeTo": float(kg[gv < 0].max())},
        "clean": {"params": clean, "k": kg.tolist(), "g": gc.tolist()},
    }


def main():
    rng = np.random.default_rng(20260601)
    payload = {
        "textbook": textbook(),
        "grid": grid_cases(rng, 120),
        "tails": tails(),
        "normal": normal_cdf_cases(),
        "iv": iv_cases(),
        "svi": svi_sets(rng),
    }
    write_fixture("options.json", payload, "gen_options.py")


if __name__ == "__main__":
    main()
