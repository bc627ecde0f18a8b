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
const portfolio = {
  name: 'Demo',
  baseCurrency: 'USD',
  asOf: AS_OF,
  source:
    'Daily closes from Yahoo Finance, collected by github.com/budydeveloper/crypto-dataset (commit 7791d62); ' +
    'WSTETH is modelled from ETH (4 % staking yield, stETH peg spread incl. the June 2022 break).',
  instruments,
  accounts,
  transactions,
};
fs.writeFileSync(path.join(OUT, 'portfolio.json'), JSON.stringify(portfolio, null, 2) + '\n');
console.log(
  `wrote ${out.length - 1} price rows for ${instruments.length} instruments, ${transactions.length} transactions`,
);
