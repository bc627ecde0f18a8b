"""Reference for the stored history: daily value per instrument in a base currency, and weights.

A small random book (three coins, a base coin KBT that is also held, USD cash) over 60 days
with ragged prices (missing days, one long gap), deposits, withdrawals, buys and sells against
USD and transfers between two venues. Computed here from the definitions, with numpy and
exact decimals for the quantities, independently of Keel:

  quantity(d, s)  = sum over venues of what the transactions dated on or before d leave
                    (buy: +q of s, -q*price USD; sell: the reverse; transfer: nets to zero)
  close(d, s)     = the latest close of s on or before d, if at most 3 days old (USD: 1)
  value_usd(d, s) = quantity(d, s) * close(d, s)
  value(d, s)     = value_usd(d, s) / close(d, KBT)                (the base currency)
  weight(d, s)    = value(d, s) / sum over s of value(d, s)        (when that sum is > 0)

A day is left out when a held instrument (quantity != 0) has no close within 3 days (gaps bit
1) or the base has none (bit 2). The history runs from the first transaction to the last close
of an instrument of the book.
"""

from decimal import Decimal

import numpy as np

from _common import write_fixture

SEED = 20250211
STALE = 3
rng = np.random.default_rng(SEED)

symbols = ["AAA", "BBB", "CCC", "KBT"]
n_days = 60
start = np.datetime64("2024-03-01")
dates = [str(start + np.timedelta64(i, "D")) for i in range(n_days)]

# Prices: geometric random walks rounded to 6 decimals, about 15 % of days missing, and a
# 6-day hole in CCC so that some days exceed the staleness limit.
prices = {}
for k, s in enumerate(symbols):
    level = [40.0, 2.5, 900.0, 60000.0][k]
    walk = level * np.exp(np.cumsum(rng.normal(0, 0.03, n_days)))
    closes = np.round(walk, 6)
    missing = rng.random(n_days) < 0.15
    if s == "CCC":
        missing[30:36] = True
    if s == "AAA":
        missing[0] = True  # valued on day 0 by the close of the day before (below)
    if s == "KBT":
        missing[0:2] = True  # the base starts quoting on day 2
        missing[45:50] = True  # and misses five days
    prices[s] = [(dates[i], float(closes[i])) for i in range(n_days) if not missing[i]]
# a close the day before the first transaction values day 0 (latest close on or before it)
prices["AAA"].insert(0, (str(start - np.timedelta64(1, "D")), 39.5))

venues = ["Exchange", "Wallet"]
txs = []
held = {(v, s): Decimal(0) for v in venues for s in symbols}


def dec(x, places):
    return Decimal(str(round(float(x), places)))


for i in range(0, n_days - 5):
    if i > 0 and rng.random() > 0.35:
        continue
    s = symbols[rng.integers(0, len(symbols))] if i > 0 else "AAA"
    v = venues[rng.integers(0, 2)]
    q = dec(rng.uniform(0.5, 20) if s != "KBT" else rng.uniform(0.01, 0.3), 4)
    px = dec(rng.uniform(1, 1000), 2)
    kind = ["deposit", "buy", "sell", "withdrawal", "transfer"][rng.integers(0, 5)] if i > 0 else "deposit"
    if kind in ("sell", "withdrawal", "transfer"):
        q = min(q, held[(v, s)])
        if q <= 0:
            kind, q = "deposit", dec(rng.uniform(0.5, 5), 4)
    tx = {"date": dates[i], "kind": kind, "account": v, "instrument": s, "quantity": str(q)}
    if kind in ("deposit", "buy", "sell"):
        tx["price"] = str(px)
    if kind in ("buy", "sell"):
        tx["quote"] = "USD"
    if kind == "transfer":
        tx["toAccount"] = venues[1 - venues.index(v)]
    txs.append(tx)
    sign = -1 if kind in ("sell", "withdrawal", "transfer") else 1
    held[(v, s)] += sign * q
    if kind == "transfer":
        held[(tx["toAccount"], s)] += q

# Quantities per day and instrument (USD cash included), exactly.
book = ["USD"] + symbols
qty = {s: [Decimal(0)] * n_days for s in book}
running = {s: Decimal(0) for s in book}
first = txs[0]["date"]
for i, d in enumerate(dates):
    for t in txs:
        if t["date"] != d:
            continue
        q = Decimal(t["quantity"])
        s = t["instrument"]
        if t["kind"] in ("deposit", "buy"):
            running[s] += q
        elif t["kind"] in ("sell", "withdrawal"):
            running[s] -= q
        if t["kind"] == "buy":
            running["USD"] -= q * Decimal(t["price"])
        if t["kind"] == "sell":
            running["USD"] += q * Decimal(t["price"])
    for s in book:
        qty[s][i] = running[s]

last = max(d for s in symbols for d, _ in prices[s])


def close_on(s, i):
    """Latest close on or before dates[i] within STALE days, else NaN."""
    if s == "USD":
        return 1.0
    day = np.datetime64(dates[i])
    best = None
    for d, c in prices[s]:
        if np.datetime64(d) <= day:
            best = (np.datetime64(d), c)
    if best is None or (day - best[0]).astype(int) > STALE:
        return float("nan")
    return best[1]


days = []
for i, d in enumerate(dates):
    if d < first or d > last:
        continue
    base = close_on("KBT", i)
    gaps = 0
    values = {}
    for s in book:
        q = qty[s][i]
        if q == 0:
            continue
        c = close_on(s, i)
        if np.isnan(c):
            gaps |= 1
            values[s] = None
        else:
            values[s] = float(q) * c
    if np.isnan(base):
        gaps |= 2
    total_usd = sum(v for v in values.values() if v is not None)
    value = None if gaps else sum(v / base for v in values.values())
    positions = []
    for s in book:
        q = qty[s][i]
        if q == 0:
            continue
        v = None if values[s] is None or np.isnan(base) else values[s] / base
        w = v / value if (value is not None and value > 0) else None
        positions.append({"symbol": s, "quantity": format(q.normalize(), "f"), "value": v, "weight": w})
    days.append(
        {
            "date": d,
            "gaps": gaps,
            "value": value,
            "valueUsd": None if gaps & 1 else total_usd,
            "positions": positions,
        }
    )

write_fixture(
    "history.json",
    {
        "stale": STALE,
        "base": "KBT",
        "instruments": symbols,
        "prices": [{"symbol": s, "date": d, "close": c} for s in symbols for d, c in prices[s]],
        "transactions": txs,
        "days": days,
    },
    "gen_history.py",
)
