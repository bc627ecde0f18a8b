-- History of each portfolio, materialised: the daily value in the base currency and, per day
-- and instrument (summed over venues), the quantity, value and weight. Derived data: rebuilt
-- whole, in one transaction, whenever the inputs it was built from have changed.
--
-- Freshness: data_versions holds counters that triggers bump in the same transaction as every
-- write to the ledger (transactions) and to the instruments (a changed quote currency changes
-- conversions). Prices are not counted here (a per-row trigger would slow a million-row import
-- by a fifth): history_state keeps a fingerprint of the closes it read instead.
CREATE TABLE data_versions (
  key TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO data_versions (key, version) VALUES ('ledger', 0), ('instruments', 0);

CREATE TRIGGER transactions_insert_version AFTER INSERT ON transactions BEGIN
  UPDATE data_versions SET version = version + 1 WHERE key = 'ledger';
END;
CREATE TRIGGER transactions_update_version AFTER UPDATE ON transactions BEGIN
  UPDATE data_versions SET version = version + 1 WHERE key = 'ledger';
END;
CREATE TRIGGER transactions_delete_version AFTER DELETE ON transactions BEGIN
  UPDATE data_versions SET version = version + 1 WHERE key = 'ledger';
END;
CREATE TRIGGER instruments_insert_version AFTER INSERT ON instruments BEGIN
  UPDATE data_versions SET version = version + 1 WHERE key = 'instruments';
END;
CREATE TRIGGER instruments_update_version AFTER UPDATE ON instruments BEGIN
  UPDATE data_versions SET version = version + 1 WHERE key = 'instruments';
END;
CREATE TRIGGER instruments_delete_version AFTER DELETE ON instruments BEGIN
  UPDATE data_versions SET version = version + 1 WHERE key = 'instruments';
END;

-- One row per portfolio whose history is stored: what it was built from.
CREATE TABLE history_state (
  portfolio_id INTEGER PRIMARY KEY REFERENCES portfolios(id) ON DELETE CASCADE,
  -- ledger and instruments versions, base currency, code version (see store/history.ts)
  inputs_key TEXT NOT NULL,
  -- instrument ids whose closes were read, and count|last date|sum of those closes
  price_ids TEXT NOT NULL CHECK (json_valid(price_ids)),
  price_fingerprint TEXT NOT NULL,
  base_currency TEXT NOT NULL,
  warnings TEXT NOT NULL CHECK (json_valid(warnings)),
  built_at TEXT NOT NULL
);

-- Every day from the first transaction to the last close; value NULL on a day left out (an
-- asset or the base currency without a usable close), with the reason in gaps (bit 1: an
-- asset, bit 2: the base currency).
CREATE TABLE history_value (
  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  value REAL,
  value_usd REAL,
  gaps INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (portfolio_id, date)
) WITHOUT ROWID;

-- Per day and instrument held that day: quantity (exact decimal text, net of debts), value in
-- the base currency (a margined contract: its unrealised P&L) and weight (value / the day's
-- value, NULL when the day is left out or the book is worth nothing or less).
CREATE TABLE history_positions (
  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  symbol TEXT NOT NULL,
  quantity TEXT NOT NULL,
  value REAL,
  weight REAL,
  PRIMARY KEY (portfolio_id, date, symbol)
) WITHOUT ROWID;
