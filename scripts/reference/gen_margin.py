"""Reference values for src/main/engine/derivatives/{liquidation,lending,leverage-limits,tail-hedge}.ts
->  test/reference/margin.json

Run: python3 scripts/reference/gen_margin.py   (numpy 2, scipy 1.17)

Nothing here uses the closed forms the TypeScript code implements: every level is found by root
finding (scipy.optimize.brentq, xtol 1e-13 relative) on the DEFINITION of the event, and the
tail-hedge figures by brute force on a dense grid.

What produced each expected value
- perps          liquidation price: the root in P of  equity(P) − requirement(P), where
                   equity      = collateral + others' P&L + side·q·(P − EP)            (linear, USD)
                               = collateral + others' P&L + side·Q·(1/EP − 1/P)        (inverse, coins)
                   requirement = others' maintenance + n(P)·(rate + fee) − amount,  n(P) = q·P or Q/P,
                                 rate and amount those of the bracket holding n(P) (lookup, no algebra).
                 Brackets: Binance USDⓈ-M BTCUSDT (floors 0 / 50k / 250k / 1M / 10M / 20M / 50M / 100M /
                 200M / 300M USDT, rates 0.4 … 50 %, maintenance amounts 0 / 50 / 1,300 / 16,300 / … as
                 published on Binance's "Leverage & Margin" page and liquidation-price FAQ: "500,000 USDT
                 -> maintenance amount 1,300 = 250,000 × (1 % − 0.5 %) + 50"), and a COIN-M BTCUSD table in
                 BTC (rates 0.4 … 50 %, amounts by the same continuity formula; its 200-400 BTC bracket is
                 12.5 % / 11.605 BTC, the FAQ's "300 BTC -> 12.5 %, 11.605 BTC").
                 'never' / 'always' when equity − requirement keeps one sign over (0, ∞).
- lending        HF straight from Σ c·p·LT / Σ d·p; liquidation price of an asset, peg ratio at a given
                 underlying price and underlying price at a given peg: brentq on HF − 1.
- leverage       max leverage: brentq in L on  LP(L) − stressed price, LP(L) itself by brentq as above, for
                 an isolated position with margin N0/L − fee·N0 and close fee `fee`.
- tailHedge      for each structure of a small chain: cost = Σ ask·n (long) − Σ bid·n (short); worst
                 loss = −min of the hedged P&L over a 2,000,001-point grid of the range (plus the strikes,
                 where the minimum of a piecewise-linear function sits); breakevens by brentq between
                 sign changes on the dense grid.
"""

import math

import numpy as np
from scipy.optimize import brentq

from _common import write_fixture

XTOL = 1e-300
RTOL = 4 * np.finfo(float).eps


def root(f, a, b):
    return brentq(f, a, b, xtol=XTOL, rtol=RTOL, maxiter=500)


# ---------------------------------------------------------------------------------------------
# Brackets

def tiers_from(floors, rates, amounts, max_lev):
    out = []
    for i, f in enumerate(floors):
        out.append({
            "floor": f,
            "cap": floors[i + 1] if i + 1 < len(floors) else None,  # None = Infinity (JSON)
            "maintenanceRate": rates[i],
            "maintenanceAmount": amounts[i],
            "maxLeverage": max_lev[i],
        })
    return out


USDM_FLOORS = [0, 50_000, 250_000, 1_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000, 200_000_000, 300_000_000]
USDM_RATES = [0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5]
USDM_AMOUNTS = [0, 50, 1_300, 16_300, 266_300, 1_266_300, 2_516_300, 5_016_300, 25_016_300, 100_016_300]
USDM_MAXLEV = [125, 100, 50, 20, 10, 5, 4, 3, 2, 1]

COINM_FLOORS = [0, 5, 10, 20, 50, 100, 200, 400, 1000, 1500]
COINM_RATES = [0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5]
COINM_MAXLEV = [125, 100, 50, 20, 10, 5, 4, 3, 2, 1]


def continuity_amounts(floors, rates):
    am = [0.0]
    for i in range(1, len(floors)):
        am.append(am[-1] + floors[i] * (rates[i] - rates[i - 1]))
    return am


COINM_AMOUNTS = [round(a, 12) for a in continuity_amounts(COINM_FLOORS, COINM_RATES)]
assert abs(COINM_AMOUNTS[6] - 11.605) < 1e-12  # Binance FAQ: 300 BTC -> 12.5 %, 11.605 BTC
assert continuity_amounts(USDM_FLOORS, USDM_RATES) == USDM_AMOUNTS or np.allclose(
    continuity_amounts(USDM_FLOORS, USDM_RATES), USDM_AMOUNTS, rtol=0, atol=1e-6)

USDM = tiers_from(USDM_FLOORS, USDM_RATES, USDM_AMOUNTS, USDM_MAXLEV)
COINM = tiers_from(COINM_FLOORS, COINM_RATES, COINM_AMOUNTS, COINM_MAXLEV)


def bracket(tiers, n):
    k = 0
    for i, t in enumerate(tiers):
        if n >= t["floor"]:
            k = i
    return tiers[k]


# ---------------------------------------------------------------------------------------------
# Perpetual liquidation by root finding

def excess(case, P):
    pos = case["position"]
    size = abs(pos["quantity"]) * pos.get("contractSize", 1)
    side = 1 if pos["quantity"] > 0 else -1
    EP = pos["entryPrice"]
    others = case.get("others") or {"unrealisedPnl": 0.0, "maintenanceMargin": 0.0}
    fee = case.get("closeFeeRate", 0.0)
    tiers = USDM if case["tiers"] == "usdm" else COINM
    if pos["settlement"] == "linear":
        pnl = side * size * (P - EP)
        n = size * P
    else:
        pnl = side * size * (1 / EP - 1 / P)
        n = size / P
    t = bracket(tiers, n)
    equity = case["collateral"] + others["unrealisedPnl"] + pnl
    req = others["maintenanceMargin"] + n * (t["maintenanceRate"] + fee) - t["maintenanceAmount"]
    return equity - req


def liq_price(case):
    EP = case["position"]["entryPrice"]
    lo, hi = EP * 1e-9, EP * 1e9
    f_lo, f_hi = excess(case, lo), excess(case, hi)
    if f_lo * f_hi > 0:
        # one sign over the whole range: never (healthy everywhere) or always
        return ("never" if f_lo > 0 else "always"), None
    return "price", root(lambda P: excess(case, P), lo, hi)


def perp_cases():
    rng = np.random.default_rng(20261127)
    cases = [
        # hand-picked: small isolated longs/shorts at round leverage (bracket 1)
        {"position": {"quantity": 1, "entryPrice": 30_000, "settlement": "linear"}, "mode": "isolated",
         "collateral": 3_000, "tiers": "usdm"},
        {"position": {"quantity": -1, "entryPrice": 30_000, "settlement": "linear"}, "mode": "isolated",
         "collateral": 3_000, "tiers": "usdm"},
        # 100 BTC long at 10x: 3M notional, bracket 4 at entry; the liquidation notional decides
        {"position": {"quantity": 100, "entryPrice": 30_000, "settlement": "linear"}, "mode": "isolated",
         "collateral": 300_000, "tiers": "usdm"},
        {"position": {"quantity": -100, "entryPrice": 30_000, "settlement": "linear"}, "mode": "isolated",
         "collateral": 300_000, "tiers": "usdm", "closeFeeRate": 0.0005},
        # cross: other positions' P&L and maintenance held fixed
        {"position": {"quantity": 5, "entryPrice": 42_000, "settlement": "linear"}, "mode": "cross",
         "collateral": 50_000, "others": {"unrealisedPnl": -4_000, "maintenanceMargin": 2_500}, "tiers": "usdm"},
        {"position": {"quantity": -12.5, "entryPrice": 42_000, "settlement": "linear"}, "mode": "cross",
         "collateral": 120_000, "others": {"unrealisedPnl": 7_500, "maintenanceMargin": 9_000}, "tiers": "usdm"},
        # fully collateralised long: never liquidated
        {"position": {"quantity": 2, "entryPrice": 25_000, "settlement": "linear"}, "mode": "isolated",
         "collateral": 50_000, "tiers": "usdm"},
        # inverse (COIN-M BTCUSD, 100 USD contracts)
        {"position": {"quantity": 100, "contractSize": 100, "entryPrice": 25_000, "settlement": "inverse"},
         "mode": "isolated", "collateral": 0.04, "tiers": "coinm"},
        {"position": {"quantity": -100, "contractSize": 100, "entryPrice": 25_000, "settlement": "inverse"},
         "mode": "isolated", "collateral": 0.04, "tiers": "coinm"},
        # the dev.binance.vision thread: WB 101 BTC, long 100,000 contracts (10M USD) at 45,000, cross
        {"position": {"quantity": 100_000, "contractSize": 100, "entryPrice": 45_000, "settlement": "inverse"},
         "mode": "cross", "collateral": 101, "tiers": "coinm"},
        # 1x short inverse: synthetic dollar, never liquidated
        {"position": {"quantity": -1000, "contractSize": 10, "entryPrice": 20_000, "settlement": "inverse"},
         "mode": "isolated", "collateral": 0.5, "tiers": "coinm"},
        {"position": {"quantity": -3_000, "contractSize": 100, "entryPrice": 60_000, "settlement": "inverse"},
         "mode": "cross", "collateral": 2.0, "others": {"unrealisedPnl": 0.3, "maintenanceMargin": 0.05},
         "tiers": "coinm", "closeFeeRate": 0.0004},
    ]
    # random ones across brackets, sides, settlements
    for i in range(24):
        linear = i % 2 == 0
        side = 1 if (i // 2) % 2 == 0 else -1
        EP = float(np.round(rng.uniform(1_000, 80_000), 2))
        lev = float(np.round(rng.uniform(1.5, 40), 2))
        cross = i % 3 == 0
        if linear:
            q = float(np.round(10 ** rng.uniform(-1, 4), 3))
            notional = q * EP
            pos = {"quantity": side * q, "entryPrice": EP, "settlement": "linear"}
        else:
            contracts = float(np.round(10 ** rng.uniform(1, 5)))
            pos = {"quantity": side * contracts, "contractSize": 100, "entryPrice": EP, "settlement": "inverse"}
            notional = contracts * 100 / EP
        case = {"position": pos, "mode": "cross" if cross else "isolated",
                "collateral": float(np.round(notional / lev, 8)), "tiers": "usdm" if linear else "coinm"}
        if cross:
            case["others"] = {"unrealisedPnl": float(np.round(rng.normal(0, 0.05) * notional, 8)),
                              "maintenanceMargin": float(np.round(abs(rng.normal(0, 0.01)) * notional, 8))}
        if i % 4 == 1:
            case["closeFeeRate"] = 0.0005
        cases.append(case)
    for c in cases:
        status, price = liq_price(c)
        c["expected"] = {"status": status, "price": price}
    return cases


# ---------------------------------------------------------------------------------------------
# Lending

def hf(acct, prices=None):
    prices = prices or {}
    coll = sum(c["amount"] * prices.get(c["asset"], c["price"]) * c["liquidationThreshold"] for c in acct["collateral"])
    debt = sum(d["amount"] * prices.get(d["asset"], d["price"]) for d in acct["debt"])
    return coll / debt if debt > 0 else math.inf


def level_root(g, x0):
    """Root of g over (0, ∞) where g changes sign; ('never'|'always', None) otherwise."""
    lo, hi = x0 * 1e-9, x0 * 1e9
    a, b = g(lo), g(hi)
    if a * b > 0:
        return ("never" if a > 0 else "always"), None
    return "price", root(g, lo, hi)


def lending_cases():
    accounts = [
        # ETH collateral, USDC debt (Aave v3 mainnet-like parameters)
        {"collateral": [{"asset": "ETH", "amount": 10, "price": 2_000, "liquidationThreshold": 0.83, "ltv": 0.805,
                         "liquidationBonus": 0.05}],
         "debt": [{"asset": "USDC", "amount": 12_000, "price": 1}]},
        # two collaterals, two debts
        {"collateral": [{"asset": "ETH", "amount": 4, "price": 3_100, "liquidationThreshold": 0.83, "ltv": 0.805,
                         "liquidationBonus": 0.05},
                        {"asset": "WBTC", "amount": 0.5, "price": 60_000, "liquidationThreshold": 0.78, "ltv": 0.73,
                         "liquidationBonus": 0.05}],
         "debt": [{"asset": "USDC", "amount": 20_000, "price": 1}, {"asset": "ETH", "amount": 2.5, "price": 3_100}]},
        # wstETH loop against ETH debt, plus some USDC collateral
        {"collateral": [{"asset": "wstETH", "amount": 30, "price": 3_000 * 1.17, "liquidationThreshold": 0.81,
                         "ltv": 0.785, "liquidationBonus": 0.06},
                        {"asset": "USDC", "amount": 5_000, "price": 1, "liquidationThreshold": 0.78, "ltv": 0.75,
                         "liquidationBonus": 0.045}],
         "debt": [{"asset": "ETH", "amount": 28, "price": 3_000}]},
        # wstETH collateral, USDC debt (peg and underlying both matter)
        {"collateral": [{"asset": "wstETH", "amount": 5, "price": 3_000 * 1.17, "liquidationThreshold": 0.81,
                         "ltv": 0.785, "liquidationBonus": 0.06}],
         "debt": [{"asset": "USDC", "amount": 9_000, "price": 1}]},
    ]
    out = []
    for a in accounts:
        row = {"account": a, "healthFactor": hf(a), "liquidationPrice": {}}
        assets = {c["asset"] for c in a["collateral"]} | {d["asset"] for d in a["debt"]}
        for asset in sorted(assets):
            p0 = next((x["price"] for x in a["collateral"] + a["debt"] if x["asset"] == asset))
            status, x = level_root(lambda p: hf(a, {asset: p}) - 1, p0)
            row["liquidationPrice"][asset] = {"status": status, "level": x}
        out.append(row)
    # peg cases on accounts 2 and 3: staked wstETH priced U * rho, underlying ETH at U
    peg = []
    for idx in (2, 3):
        a = out[idx]["account"]
        for U in (3_000.0, 2_400.0):
            status, rho = level_root(lambda r: hf(a, {"ETH": U, "wstETH": U * r}) - 1, 1.17)
            peg.append({"account": idx, "underlyingPrice": U, "status": status, "pegRatio": rho})
        for rho in (1.17, 1.1, 0.95):
            status, U = level_root(lambda u: hf(a, {"ETH": u, "wstETH": u * rho}) - 1, 3_000.0)
            peg.append({"account": idx, "pegRatioGiven": rho, "status": status, "underlyingPrice": U})
    return out, peg


# ---------------------------------------------------------------------------------------------
# Leverage limits: nested root finding

def lp_isolated(settlement, side, S, size, margin, fee, tiers):
    pos = {"quantity": side * size, "entryPrice": S, "settlement": settlement}
    case = {"position": pos, "collateral": margin, "tiers": tiers, "closeFeeRate": fee}
    return liq_price(case)


def max_lev(settlement, side, S, m, notional_usd, fee, tiers):
    Pm = S * (1 - side * m)
    size = notional_usd / S if settlement == "linear" else notional_usd
    n0 = notional_usd if settlement == "linear" else notional_usd / S

    def g(L):
        status, lp = lp_isolated(settlement, side, S, size, n0 / L - fee * n0, fee, tiers)
        if status == "never":
            return -1.0 if side == 1 else 1.0  # safe: "LP" at 0 (long) or infinity (short)
        if status == "always":
            return S if side == 1 else -S
        return lp - Pm

    # long: LP rises with L and must stay <= Pm; short: LP falls with L and must stay >= Pm
    lo, hi = 1.0 + 1e-12, 1e4
    if (g(lo) > 0) == (side == 1):
        return None  # not even 1x survives
    return root(g, lo, hi)


def leverage_cases():
    out = []
    for settlement, tiers in (("linear", "usdm"), ("inverse", "coinm")):
        for side in (1, -1):
            for m, notional, fee in ((0.1, 10_000.0, 0.0), (0.25, 2_000_000.0, 0.0005), (0.4, 40_000_000.0, 0.0004),
                                     (0.05, 200_000.0, 0.0)):
                L = max_lev(settlement, side, 50_000.0, m, notional, fee, tiers)
                out.append({"settlement": settlement, "side": "long" if side == 1 else "short", "price": 50_000.0,
                            "stressedMove": m, "notionalUsd": notional, "feeRate": fee, "tiers": tiers,
                            "maxLeverage": L})
    return out


# ---------------------------------------------------------------------------------------------
# Tail hedge: brute force

def tail_hedge_case():
    S = 100.0
    chain = []
    for T, date in ((0.25, "2026-03-27"), (0.5, "2026-06-26")):
        for K in (60.0, 70.0, 80.0, 90.0, 100.0, 110.0, 120.0):
            # illustrative quotes (not model prices): intrinsic + time value that grows with T
            tv = 6.0 * math.sqrt(T / 0.25) * math.exp(-((K - S) / 25.0) ** 2)
            put_mid = max(K - S, 0) + tv
            call_mid = max(S - K, 0) + tv
            for right, mid in (("put", put_mid), ("call", call_mid)):
                chain.append({"expiry": T, "expiryDate": date, "strike": K, "right": right,
                              "bid": round(mid * 0.95, 4), "ask": round(mid * 1.05, 4), "mark": round(mid, 4)})
    # exposure: 10 coins of spot plus a short 85-put on 4 coins sold for 2 (piecewise linear), sampled
    xs = np.array([20.0, 85.0, 100.0, 200.0])

    def expo(x):
        return 10 * (x - S) - 4 * np.maximum(85.0 - x, 0) + 8.0

    samples = {"prices": xs.tolist(), "pnl": [float(expo(x)) for x in xs]}
    downside, upside, units = 0.5, 0.5, 10.0
    low, high = S * (1 - downside), S * (1 + upside)
    dense = np.linspace(low, high, 2_000_001)
    strikes = sorted({c["strike"] for c in chain})
    extra = np.array([k for k in strikes if low <= k <= high] + [85.0, S])
    rng_pts = np.unique(np.concatenate([dense[dense <= S], extra[extra <= S]]))
    all_pts = np.unique(np.concatenate([dense, extra]))

    def payoff(leg, x):
        pay = np.maximum(leg["strike"] - x, 0) if leg["right"] == "put" else np.maximum(x - leg["strike"], 0)
        return (1 if leg["position"] == "long" else -1) * units * pay

    structures = []
    for T in (0.25, 0.5):
        puts = [c for c in chain if c["expiry"] == T and c["right"] == "put"]
        calls = [c for c in chain if c["expiry"] == T and c["right"] == "call"]
        cands = [("put", [dict(p, position="long")]) for p in puts]
        cands += [("put-spread", [dict(p, position="long"), dict(s, position="short")])
                  for p in puts for s in puts if s["strike"] < p["strike"]]
        cands += [("collar", [dict(p, position="long"), dict(c, position="short")])
                  for p in puts for c in calls if c["strike"] > p["strike"]]
        for kind, legs in cands:
            cost = sum((l["ask"] if l["position"] == "long" else -l["bid"]) * units for l in legs)

            def hedged(x, legs=legs, cost=cost):
                return expo(x) + sum(payoff(l, x) for l in legs) - cost

            yr = hedged(rng_pts)
            i = int(np.argmin(yr))
            ya = hedged(all_pts)
            be = []
            sgn = np.sign(ya)
            for j in np.nonzero(sgn[:-1] * sgn[1:] < 0)[0]:
                be.append(root(hedged, all_pts[j], all_pts[j + 1]))
            for j in np.nonzero(ya == 0)[0]:
                be.append(float(all_pts[j]))
            structures.append({
                "kind": kind, "expiry": T, "strikes": [l["strike"] for l in legs],
                "cost": cost, "worstLoss": float(-yr[i]), "worstLossAt": float(rng_pts[i]),
                "breakevens": sorted(be), "upsidePnl": float(hedged(np.array([high]))[0]),
            })
    unhedged = expo(rng_pts)
    return {
        "spot": S, "chain": chain, "exposure": samples, "units": units, "downside": downside, "upside": upside,
        "unhedgedWorstLoss": float(-unhedged.min()), "structures": structures,
    }


def main():
    lending, peg = lending_cases()
    payload = {
        "tiers": {"usdm": USDM, "coinm": COINM},
        "perps": perp_cases(),
        "lending": lending,
        "peg": peg,
        "leverage": leverage_cases(),
        "tailHedge": tail_hedge_case(),
    }
    write_fixture("margin.json", payload, "gen_margin.py")


if __name__ == "__main__":
    main()
