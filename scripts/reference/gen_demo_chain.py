"""Reference values for the modelled derivatives of the demo (scripts/build-demo-data.cjs)
->  test/reference/demo_chain.json

Run: python3 scripts/reference/gen_demo_chain.py   (numpy 2, scipy 1.17; < 1 s)

The demo's option marks are a model, not market data; this script recomputes that model from
its written specification (the header of the derivatives section of build-demo-data.cjs) with
independent code, so the test can check the JavaScript that wrote the files:
- spot S: the BTC and ETH closes of resources/demo/prices.csv (Yahoo Finance market data);
- time T in years of 365 days from the end of the close's day (next 00:00 UTC) to the expiry
  at 08:00 UTC;
- forward F = S e^(0.08 T), rounded to the cent;
- raw SVI (Gatheral 2004) total variance w(k) = a + b (rho k + sqrt(k^2 + s^2)), k = ln(K/F),
  b = beta v sqrt(T), s = s0 sqrt(T), a = v^2 T - b s, v = atm (1 + 0.1 (1 - e^(-T/0.3)));
  BTC: atm 0.55, rho -0.25, beta 0.5, s0 0.3; ETH: atm 0.70, rho -0.30, beta 0.5, s0 0.3;
  IV in percent rounded to 2 places;
- undiscounted Black-76 (Black 1976) with scipy.stats.norm.cdf; coin mark = USD value / F.
Outputs: for every row of resources/demo/option-chain.csv its forward, IV and coin mark; for
every held option's daily close in prices.csv its USD mark.
"""

import csv
import json
import math
import os
from datetime import datetime, timezone

from scipy.stats import norm

from _common import ROOT, write_fixture

DEMO = os.path.join(ROOT, "resources", "demo")
SMILE = {
    "BTC": dict(atm=0.55, rho=-0.25, beta=0.5, s0=0.3),
    "ETH": dict(atm=0.70, rho=-0.30, beta=0.5, s0=0.3),
}
BASIS = 0.08
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def years(day, expiry):
    end_of_day = datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp() + 86400
    at = datetime.fromisoformat(expiry).replace(hour=8, tzinfo=timezone.utc).timestamp()
    return (at - end_of_day) / (365 * 86400)


def svi_vol(u, k, t):
    p = SMILE[u]
    v = p["atm"] * (1 + 0.1 * (1 - math.exp(-t / 0.3)))
    b = p["beta"] * v * math.sqrt(t)
    s = p["s0"] * math.sqrt(t)
    a = v * v * t - b * s
    return math.sqrt((a + b * (p["rho"] * k + math.sqrt(k * k + s * s))) / t)


def black76(f, k, t, vol, right):
    sd = vol * math.sqrt(t)
    d1 = (math.log(f / k) + sd * sd / 2) / sd
    d2 = d1 - sd
    if right == "C":
        return f * norm.cdf(d1) - k * norm.cdf(d2)
    return k * norm.cdf(-d2) - f * norm.cdf(-d1)


def mark(u, expiry, strike, right, day, spot):
    t = years(day, expiry)
    f = round(spot * math.exp(BASIS * t), 2)
    iv = round(100 * svi_vol(u, math.log(strike / f), t), 2)
    usd = black76(f, strike, t, iv / 100, right)
    return f, iv, usd


def parse_name(name):
    u, exp, strike, right = name.split("-")
    d, m, y = int(exp[:-5]), MONTHS.index(exp[-5:-2]) + 1, 2000 + int(exp[-2:])
    return u, f"{y:04d}-{m:02d}-{d:02d}", float(strike), right


def main():
    closes = {}
    with open(os.path.join(DEMO, "prices.csv")) as fh:
        for row in csv.DictReader(fh):
            closes.setdefault(row["symbol"], {})[row["date"]] = float(row["close"])

    chain = []
    with open(os.path.join(DEMO, "option-chain.csv")) as fh:
        for row in csv.DictReader(fh):
            u, expiry, strike, right = parse_name(row["instrument"])
            f, iv, usd = mark(u, expiry, strike, right, row["date"], closes[u][row["date"]])
            chain.append(dict(instrument=row["instrument"], forward=f, iv=iv, mark=usd / f))

    with open(os.path.join(DEMO, "portfolio.json")) as fh:
        book = json.load(fh)
    held = [i for i in book["instruments"] if i["kind"] == "option"]
    marks = []
    for ins in held:
        u, expiry, strike, right = parse_name(ins["symbol"])
        for day in sorted(closes[ins["symbol"]]):
            _, _, usd = mark(u, expiry, strike, right, day, closes[u][day])
            marks.append(dict(symbol=ins["symbol"], date=day, usd=usd))

    write_fixture("demo_chain.json", {"chain": chain, "marks": marks}, "gen_demo_chain.py")


if __name__ == "__main__":
    main()
