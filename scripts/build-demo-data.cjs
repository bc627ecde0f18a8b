#!/usr/bin/env node
// Builds resources/demo/ from ../shared/data/crypto-daily (Yahoo Finance daily quotes collected
// by budydeveloper/crypto-dataset). Run once by a developer; the output is committed because CI
// and users have no ../shared. Deterministic: same input files, same output bytes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SRC = process.argv[2] ?? path.resolve(__dirname, '../../shared/data/crypto-daily');
const OUT = path.resolve(__dirname, '../resources/demo');
const FROM = '2019-01-01';
const AS_OF = '2025-02-11';

const instruments = [
  {
    symbol: 'BTC',
    name: 'Bitcoin',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Bitcoin',
    role: 'store of value',
  },
  {
    symbol: 'ETH',
    name: 'Ether',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Ethereum',
    role: 'utility',
  },
  {
    symbol: 'SOL',
    name: 'Solana',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Solana',
    role: 'utility',
  },
  {
    symbol: 'BNB',
    name: 'BNB',
    kind: 'spot',
    assetClass: 'exchange token',
    chain: 'BNB Chain',
    role: 'utility',
  },
  {
    symbol: 'XRP',
    name: 'XRP',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'XRP Ledger',
    role: 'utility',
  },
  {
    symbol: 'ADA',
    name: 'Cardano',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Cardano',
    role: 'utility',
  },
  {
    symbol: 'AVAX',
    name: 'Avalanche',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Avalanche',
    role: 'utility',
  },
  {
    symbol: 'DOT',
    name: 'Polkadot',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Polkadot',
    role: 'governance',
  },
  {
    symbol: 'LTC',
    name: 'Litecoin',
    kind: 'spot',
    assetClass: 'L1',
    chain: 'Litecoin',
    role: 'store of value',
  },
  {
    symbol: 'DOGE',
    name: 'Dogecoin',
    kind: 'spot',
    assetClass: 'meme',
    chain: 'Dogecoin',
    role: 'utility',
  },
  {
    symbol: 'LINK',
    name: 'Chainlink',
    kind: 'spot',
    assetClass: 'DeFi',
    chain: 'Ethereum',
    role: 'utility',
  },
  {
    symbol: 'MATIC',
    name: 'Polygon',
    kind: 'spot',
    assetClass: 'L2',
    chain: 'Polygon',
    role: 'governance',
  },
  {
    symbol: 'USDT',
    name: 'Tether USD',
    kind: 'stablecoin',
    assetClass: 'stablecoin',
    chain: 'Ethereum',
    role: 'collateral',
    peg: 'USD',
  },
  {
    symbol: 'USDC',
    name: 'USD Coin',
    kind: 'stablecoin',
    assetClass: 'stablecoin',
    chain: 'Ethereum',
    role: 'collateral',
    peg: 'USD',
    // Aave v3 (Ethereum) reserve parameters, approximately as listed in early 2025 (from memory,
    // not a snapshot): LTV (collateralFactor), liquidation threshold and bonus.
    collateralFactor: 0.75,
    liquidationThreshold: 0.78,
    liquidationBonus: 0.045,
  },
  {
    symbol: 'WSTETH',
    name: 'Wrapped staked ETH (modelled)',
    kind: 'staked',
    assetClass: 'liquid staking',
    chain: 'Ethereum',
    role: 'collateral',
    underlying: 'ETH',
    stakingYield: 0.04,
    modelled: true,
    // Aave v3 (Ethereum), approximate (see USDC): LTV 78.5 %, LT 81 %, bonus 6 %
    collateralFactor: 0.785,
    liquidationThreshold: 0.81,
    liquidationBonus: 0.06,
  },
];

const accounts = [
  { name: 'Binance', kind: 'exchange', custodian: 'Binance', chain: null, protocol: null },
  { name: 'Kraken', kind: 'exchange', custodian: 'Kraken', chain: null, protocol: null },
  {
    name: 'Ledger cold storage',
    kind: 'wallet',
    custodian: 'self',
    chain: 'Bitcoin, Ethereum',
    protocol: null,
  },
  { name: 'Phantom (Solana)', kind: 'wallet', custodian: 'self', chain: 'Solana', protocol: null },
  {
    name: 'Core wallet (Avalanche)',
    kind: 'wallet',
    custodian: 'self',
    chain: 'Avalanche',
    protocol: null,
  },
  {
    name: 'Aave v3 (Ethereum)',
    kind: 'defi',
    custodian: 'self',
    chain: 'Ethereum',
    protocol: 'Aave v3',
  },
  { name: 'Deribit', kind: 'exchange', custodian: 'Deribit', chain: null, protocol: null },
];

// [date, account, symbol, quantity]: opening deposits of the demo book, built up over time.
const deposits = [
  ['2021-06-01', 'Ledger cold storage', 'BTC', '4.5'],
  ['2021-06-01', 'Ledger cold storage', 'ETH', '60'],
  ['2021-06-01', 'Ledger cold storage', 'LINK', '3000'],
  ['2021-06-01', 'Ledger cold storage', 'MATIC', '40000'],
  ['2021-06-01', 'Binance', 'USDT', '150000'],
  ['2021-06-01', 'Binance', 'XRP', '30000'],
  ['2021-06-01', 'Binance', 'BNB', '150'],
  ['2021-06-01', 'Kraken', 'ADA', '60000'],
  ['2021-06-01', 'Kraken', 'DOT', '8000'],
  ['2021-06-01', 'Kraken', 'LTC', '400'],
  ['2021-06-01', 'Kraken', 'DOGE', '200000'],
  ['2022-01-03', 'Binance', 'BTC', '3.2'],
  ['2022-01-03', 'Binance', 'ETH', '40'],
  ['2022-01-03', 'Core wallet (Avalanche)', 'AVAX', '2000'],
  ['2022-07-01', 'Aave v3 (Ethereum)', 'WSTETH', '80.412935771203884512'],
  ['2023-01-09', 'Binance', 'SOL', '600'],
  ['2023-01-09', 'Phantom (Solana)', 'SOL', '900'],
  ['2023-03-13', 'Aave v3 (Ethereum)', 'USDC', '200000'],
];

function readQuotes(symbol) {
  const file = path.join(SRC, `${symbol}-USD_1d.csv`);
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  if (lines[0] !== 'Date,Close,High,Low,Open,Volume')
    throw new Error(`${file}: unexpected header ${lines[0]}`);
  const rows = new Map();
  for (let i = 1; i < lines.length; i++) {
    const [date, close, , , , volume] = lines[i].split(',');
    const c = Number(close);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !(c > 0)) throw new Error(`${file}:${i + 1}: bad row`);
    if (date >= FROM && date <= AS_OF) rows.set(date, { close: c, volume: Number(volume) || 0 });
  }
  return rows;
}

// Small seeded generator (mulberry32) for the modelled token's peg noise.
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const day = (d) => Date.parse(`${d}T00:00:00Z`) / 86400000;
// Piecewise-linear discount of stETH to ETH: calm ~0.3 %, the June 2022 break (about 6 % at the
// worst, 3AC/Celsius), recovery, then ~0.05 % after withdrawals opened (Shanghai, April 2023).
const pegKnots = [
  ['2020-12-19', 0.003],
  ['2022-05-08', 0.004],
  ['2022-05-12', 0.03],
  ['2022-06-10', 0.035],
  ['2022-06-18', 0.06],
  ['2022-07-10', 0.03],
  ['2022-08-20', 0.012],
  ['2022-10-01', 0.006],
  ['2023-04-12', 0.004],
  ['2023-05-15', 0.0005],
  ['2025-12-31', 0.0005],
];
function pegDiscount(date) {
  const t = day(date);
  for (let i = 1; i < pegKnots.length; i++) {
    const [d0, v0] = pegKnots[i - 1];
    const [d1, v1] = pegKnots[i];
    if (t <= day(d1)) return v0 + ((v1 - v0) * (t - day(d0))) / (day(d1) - day(d0));
  }
  return pegKnots[pegKnots.length - 1][1];
}

const series = {};
for (const ins of instruments) if (!ins.modelled) series[ins.symbol] = readQuotes(ins.symbol);
// wstETH = ETH x (1 + accrued staking yield) x (1 - peg discount): a wrapped token accrues the
// staking reward in its price rather than in its quantity.
{
  const rnd = mulberry32(20201219);
  const start = day('2020-12-19');
  const w = new Map();
  for (const [date, eth] of series.ETH) {
    if (date < '2020-12-19') continue;
    const years = (day(date) - start) / 365;
    const noise = (rnd() - 0.5) * 0.002;
    const discount = Math.max(0, pegDiscount(date) + noise);
    w.set(date, {
      close: eth.close * Math.pow(1.04, years) * (1 - discount),
      volume: eth.volume * 0.02,
    });
  }
  series.WSTETH = w;
}

const sig = (x) => Number(x.toPrecision(10));

// ---- Derivatives (modelled) ------------------------------------------------------------------
// Deribit BTC/ETH options and Binance USDT-margined perpetuals, as of AS_OF. Nothing here is
// market data: option marks come from Black-76 on the forward F = S·e^{BASIS·T} (no discounting,
// as Deribit marks) with the SVI smile below; the perpetuals' marks are the spot closes (their
// basis to the index is not modelled). Times are in years of 365 days from the end of the close's
// day (the next 00:00 UTC) to expiry at 08:00 UTC.
const YEAR_MS = 365 * 86400000;
const BASIS = 0.08;
/**
 * Raw SVI total variance per expiry: w(k) = a + b (rho k + sqrt(k^2 + s^2)), k = ln(K/F), with
 * b = beta·v·sqrt(T), s = s0·sqrt(T) (so the smile keeps its shape in k/sqrt(T)) and a chosen so
 * that w(0) = v^2 T, v the ATM vol, rising slightly with expiry: v = atm·(1 + 0.1 (1 - e^{-T/0.3})).
 * rho < 0 gives the downside skew.
 */
const SMILE = {
  BTC: { atm: 0.55, rho: -0.25, beta: 0.5, s0: 0.3 },
  ETH: { atm: 0.7, rho: -0.3, beta: 0.5, s0: 0.3 },
};
function sviVol(underlying, k, T) {
  const { atm, rho, beta, s0 } = SMILE[underlying];
  const v = atm * (1 + 0.1 * (1 - Math.exp(-T / 0.3)));
  const b = beta * v * Math.sqrt(T);
  const s = s0 * Math.sqrt(T);
  const a = v * v * T - b * s;
  return Math.sqrt((a + b * (rho * k + Math.sqrt(k * k + s * s))) / T);
}
// Standard normal CDF, Hart (1968) double-precision algorithm as given by West, "Better
// approximations to cumulative normal functions" (Wilmott, 2005): |error| < 1e-14.
function normCdf(x) {
  const z = Math.abs(x);
  let c = 0;
  if (z <= 37) {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      c = (e * n) / d;
    } else {
      let f = z + 0.65;
      f = z + 4 / f;
      f = z + 3 / f;
      f = z + 2 / f;
      f = z + 1 / f;
      c = e / f / 2.506628274631;
    }
  }
  return x <= 0 ? c : 1 - c;
}
/** Undiscounted Black-76 value in USD. */
function black76(F, K, T, vol, right) {
  const sd = vol * Math.sqrt(T);
  const d1 = (Math.log(F / K) + (sd * sd) / 2) / sd;
  const d2 = d1 - sd;
  return right === 'call' ? F * normCdf(d1) - K * normCdf(d2) : K * normCdf(-d2) - F * normCdf(-d1);
}
const years = (date, expiry) =>
  (Date.parse(`${expiry}T08:00:00Z`) - Date.parse(`${date}T00:00:00Z`) - 86400000) / YEAR_MS;
const round = (x, places) => Math.round(x * 10 ** places) / 10 ** places;
/** Plain decimal text with at most `places` places (no exponent, no trailing zeros). */
function fixed(x, places) {
  const t = x.toFixed(places);
  return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
}
/**
 * The modelled mark of an option at a day's close: forward (rounded to the cent, as written in
 * the chain), IV in percent rounded to 2 places (as Deribit shows it; the mark is computed from
 * the rounded IV so the chain is consistent), USD value and coin value (USD / forward).
 */
function optionMark(o, date) {
  const S = series[o.underlying].get(date).close;
  const T = years(date, o.expiry);
  const F = round(S * Math.exp(BASIS * T), 2);
  const ivPct = round(100 * sviVol(o.underlying, Math.log(o.strike / F), T), 2);
  const usd = black76(F, o.strike, T, ivPct / 100, o.right);
  return { S, T, F, ivPct, usd, coin: usd / F };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Deribit's name for an option: BTC-28MAR25-90000-P. */
const deribitName = (underlying, expiry, strike, right) => {
  const [y, m, d] = expiry.split('-');
  return `${underlying}-${Number(d)}${MONTHS[Number(m) - 1]}${y.slice(2)}-${strike}-${right === 'call' ? 'C' : 'P'}`;
};
const option = (underlying, expiry, strike, right, role, what) => ({
  symbol: deribitName(underlying, expiry, strike, right),
  name: `${underlying} ${expiry} ${strike} ${right} (Deribit, modelled)`,
  kind: 'option',
  assetClass: 'derivative',
  chain: null,
  role,
  underlying,
  expiry,
  strike,
  right,
  // Deribit BTC/ETH options are inverse (premium and settlement in the coin); the demo books
  // their premiums in USDC at the USD value of the modelled mark, for simplicity.
  settlement: 'coin',
  contractType: 'inverse',
  contractSize: 1,
  modelled: true,
  what,
});
const optionInstruments = [
  option('BTC', '2025-03-28', 90000, 'put', 'protection', 'protective puts'),
  option('ETH', '2025-03-28', 3200, 'call', 'income', 'covered calls'),
  option('BTC', '2025-06-27', 120000, 'call', 'upside', 'upside calls'),
];
const perpetual = (underlying) => ({
  symbol: `${underlying}USDT-PERP`,
  name: `${underlying}/USDT perpetual (Binance, mark modelled)`,
  kind: 'perpetual',
  assetClass: 'derivative',
  chain: null,
  role: 'hedge',
  underlying,
  contractType: 'linear',
  contractSize: 1,
  fundingIntervalHours: 8,
  modelled: true,
});
const perpInstruments = [perpetual('BTC'), perpetual('ETH')];

// [date, account, symbol, signed quantity]: the option and perpetual trades.
const FUNDING_PER_DAY = 0.0003; // 0.01 % per 8 h, Binance's baseline rate: longs pay shorts
const optionTrades = [
  ['2025-01-06', 'Deribit', 'BTC-28MAR25-90000-P', '5'],
  ['2025-01-09', 'Deribit', 'ETH-28MAR25-3200-C', '-25'],
  ['2025-01-10', 'Deribit', 'BTC-27JUN25-120000-C', '2'],
  ['2025-01-13', 'Deribit', 'ETH-28MAR25-3200-C', '-15'],
];
const perpTrades = [
  ['2025-01-08', 'Binance', 'BTCUSDT-PERP', '-1.5'],
  ['2025-01-20', 'Binance', 'ETHUSDT-PERP', '25'],
  ['2025-02-05', 'Binance', 'ETHUSDT-PERP', '-10'],
];

// Option marks from the option's listing to AS_OF (the model is the same before the demo trades
// it, and the risk service measures every held asset over one common window: a series starting
// at the trade would leave it a month of history); perpetual marks over the spot's history.
// Deribit lists a quarterly expiry about a year ahead: taken here as 52 weeks before it.
const listing = (expiry) =>
  new Date(Date.parse(`${expiry}T00:00:00Z`) - 364 * 86400000).toISOString().slice(0, 10);
for (const o of optionInstruments) {
  const first = listing(o.expiry);
  const m = new Map();
  for (const date of series[o.underlying].keys()) {
    if (date < first) continue;
    const mark = optionMark(o, date);
    // modelled volume: a few hundred (BTC) or thousand (ETH) contracts a day, in USD
    m.set(date, { close: mark.usd, volume: mark.usd * (o.underlying === 'BTC' ? 300 : 3000) });
  }
  series[o.symbol] = m;
}
for (const p of perpInstruments) {
  const m = new Map();
  for (const [date, q] of series[p.underlying])
    m.set(date, { close: q.close, volume: 2 * q.volume });
  series[p.symbol] = m;
}
// `what` only words the trade notes
instruments.push(
  ...optionInstruments.map((o) => {
    const copy = { ...o };
    delete copy.what;
    return copy;
  }),
  ...perpInstruments,
);

const derivativeTxs = [
  {
    date: '2025-01-06',
    account: 'Aave v3 (Ethereum)',
    symbol: 'USDC',
    kind: 'borrow',
    quantity: '260000',
    price: '1',
    note: 'variable-rate borrow against the wstETH and USDC supplied',
  },
  {
    date: '2025-01-06',
    account: 'Aave v3 (Ethereum)',
    symbol: 'USDC',
    kind: 'transfer',
    quantity: '260000',
    price: null,
    toAccount: 'Deribit',
    note: 'borrowed USDC to Deribit as margin',
  },
];
for (const [date, account, symbol, quantity] of optionTrades) {
  const o = optionInstruments.find((x) => x.symbol === symbol);
  const mark = optionMark(o, date);
  const premium = round(mark.usd, 2);
  // Deribit's option fee: 0.03 % of the underlying per contract, at most 12.5 % of the premium
  const fee = round(Math.abs(Number(quantity)) * Math.min(0.0003 * mark.S, 0.125 * premium), 2);
  derivativeTxs.push({
    date,
    account,
    symbol,
    kind: 'option_trade',
    quantity,
    price: fixed(premium, 2),
    quote: 'USDC',
    fee: fixed(fee, 2),
    note: `${o.what}: modelled premium (IV ${mark.ivPct} %, forward ${mark.F})`,
  });
}
for (const [date, account, symbol, quantity] of perpTrades) {
  const p = perpInstruments.find((x) => x.symbol === symbol);
  // Binance's price steps: 0.1 USDT for BTC, 0.01 for ETH
  const places = p.underlying === 'BTC' ? 1 : 2;
  const price = round(series[p.underlying].get(date).close, places);
  // taker fee 0.05 % of the notional, in USDT
  const fee = round(Math.abs(Number(quantity)) * price * 0.0005, 8);
  derivativeTxs.push({
    date,
    account,
    symbol,
    kind: 'futures_trade',
    quantity,
    price: fixed(price, places),
    quote: 'USDT',
    fee: fixed(fee, 8),
    note: 'perpetual at the day close (modelled)',
  });
}
// Funding, booked weekly on Sundays: each day a position is held from the start of the day pays
// (long) or receives (short) FUNDING_PER_DAY of its notional at that day's mark.
for (const p of perpInstruments) {
  const trades = perpTrades.filter((t) => t[2] === p.symbol);
  let held = 0;
  let owed = 0;
  let k = 0;
  for (const [date, q] of series[p.symbol]) {
    if (date < trades[0][0]) continue;
    owed -= held * q.close * FUNDING_PER_DAY;
    while (k < trades.length && trades[k][0] === date) held += Number(trades[k++][3]);
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === 0 && round(owed, 2) !== 0) {
      derivativeTxs.push({
        date,
        account: trades[0][1],
        symbol: 'USDT',
        kind: 'funding',
        quantity: fixed(round(owed, 2), 2),
        price: '1',
        note: `funding ${p.symbol}, week to ${date} (modelled rate 0.01 % per 8 h)`,
      });
      owed = 0;
    }
  }
}
derivativeTxs.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

// The option chain on AS_OF (Deribit's columns, as the chain import reads them): every strike of
// five expiries, calls and puts, marks in coin, mark_iv in percent, bid/ask around the mark on
// Deribit's ticks, modelled open interest.
const chainExpiries = ['2025-02-14', '2025-02-28', '2025-03-28', '2025-06-27', '2025-09-26'];
const chainStrikes = {
  BTC: Array.from({ length: 21 }, (_, i) => 60000 + 5000 * i),
  ETH: Array.from({ length: 15 }, (_, i) => 1800 + 200 * i),
};
const chain = ['instrument,underlying_price,mark_price,mark_iv,bid,ask,open_interest,date'];
for (const underlying of ['BTC', 'ETH']) {
  for (const expiry of chainExpiries) {
    for (const strike of chainStrikes[underlying]) {
      for (const right of ['call', 'put']) {
        const o = { underlying, expiry, strike, right };
        const m = optionMark(o, AS_OF);
        const mark = round(m.coin, 8);
        const tick = mark < 0.005 ? 0.0001 : 0.0005;
        const half = Math.max(tick, 0.02 * mark);
        const bid = Math.floor(round((mark - half) / tick, 6)) * tick;
        const ask = Math.ceil(round((mark + half) / tick, 6)) * tick;
        const k = Math.log(strike / m.F);
        const oi = (underlying === 'BTC' ? 1500 : 15000) * Math.exp((-k * k) / 0.08) * (1 + m.T);
        chain.push(
          [
            deribitName(underlying, expiry, strike, right),
            fixed(m.F, 2),
            fixed(mark, 8),
            fixed(m.ivPct, 2),
            bid > 0 ? fixed(bid, 4) : '',
            fixed(ask, 4),
            fixed(oi, 1),
            AS_OF,
          ].join(','),
        );
      }
    }
  }
}
const out = ['date,symbol,close,volume'];
const dates = new Set();
for (const ins of instruments) for (const d of series[ins.symbol].keys()) dates.add(d);
for (const date of [...dates].sort()) {
  for (const ins of instruments) {
    const q = series[ins.symbol].get(date);
    if (q) out.push(`${date},${ins.symbol},${sig(q.close)},${Math.round(q.volume)}`);
  }
}
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'prices.csv'), out.join('\n') + '\n');

const transactions = deposits.map(([date, account, symbol, quantity]) => {
  const q = series[symbol].get(date);
  if (!q) throw new Error(`no ${symbol} close on ${date}`);
  return { date, account, symbol, kind: 'deposit', quantity, price: String(sig(q.close)) };
});
transactions.push(...derivativeTxs);
const portfolio = {
  name: 'Demo',
  baseCurrency: 'USD',
  asOf: AS_OF,
  source:
    'Daily closes from Yahoo Finance, collected by github.com/budydeveloper/crypto-dataset (commit 7791d62); ' +
    'WSTETH is modelled from ETH (4 % staking yield, stETH peg spread incl. the June 2022 break). ' +
    'The derivatives are modelled too: option premiums, daily marks and the option chain of 2025-02-11 ' +
    'from Black-76 on the forward S·e^(0.08·T) with an SVI smile per expiry (ATM about 55 % for BTC, ' +
    '70 % for ETH, downside skew), perpetual marks at the spot close, funding at 0.01 % per 8 hours; ' +
    'Aave v3 parameters are approximate.',
  instruments,
  accounts,
  transactions,
};
fs.writeFileSync(path.join(OUT, 'portfolio.json'), JSON.stringify(portfolio, null, 2) + '\n');
fs.writeFileSync(path.join(OUT, 'option-chain.csv'), chain.join('\n') + '\n');
console.log(
  `wrote ${out.length - 1} price rows for ${instruments.length} instruments, ${transactions.length} transactions, ${chain.length - 1} option quotes`,
);
