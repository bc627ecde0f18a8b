-- Foundation schema: portfolios, venues, instruments, daily prices, a ledger of transactions,
-- key/value metadata and stored runs. Quantities are exact decimals kept as TEXT.
CREATE TABLE portfolios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  base_currency TEXT NOT NULL DEFAULT 'USD',
  created_at TEXT NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('exchange', 'wallet', 'defi')),
  custodian TEXT,
  chain TEXT,
  protocol TEXT,
  UNIQUE (portfolio_id, name)
);

CREATE TABLE instruments (
  id INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  asset_class TEXT NOT NULL,
  chain TEXT,
  quote_currency TEXT NOT NULL DEFAULT 'USD',
  attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs))
);

CREATE TABLE prices (
  instrument_id INTEGER NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  close REAL NOT NULL CHECK (close > 0),
  volume REAL CHECK (volume IS NULL OR volume >= 0),
  PRIMARY KEY (instrument_id, date)
) WITHOUT ROWID;

CREATE TABLE transactions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  instrument_id INTEGER NOT NULL REFERENCES instruments(id),
  date TEXT NOT NULL,
  kind TEXT NOT NULL,
  quantity TEXT NOT NULL,
  price TEXT,
  note TEXT
);
CREATE INDEX transactions_by_account_date ON transactions (account_id, date);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  inputs TEXT NOT NULL CHECK (json_valid(inputs)),
  outputs TEXT NOT NULL CHECK (json_valid(outputs))
);
