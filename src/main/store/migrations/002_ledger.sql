-- Ledger and imports: venues get an address label; instruments get tags; transactions carry
-- every field of the canonical LedgerTx; imports are recorded as batches; column mappings can
-- be saved as named presets. Existing rows keep their meaning (deposits with a price).
ALTER TABLE accounts ADD COLUMN address_label TEXT;

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  dimension TEXT NOT NULL CHECK (dimension IN ('asset_class', 'role', 'chain', 'protocol', 'custom')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  UNIQUE (dimension, name)
);

CREATE TABLE instrument_tags (
  instrument_id INTEGER NOT NULL REFERENCES instruments(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (instrument_id, tag_id)
) WITHOUT ROWID;

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('trades', 'prices', 'chain')),
  source TEXT NOT NULL,
  preset TEXT,
  portfolio_id INTEGER REFERENCES portfolios(id) ON DELETE CASCADE,
  started_at TEXT NOT NULL,
  inserted INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_presets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('trades', 'prices', 'chain')),
  mapping TEXT NOT NULL CHECK (json_valid(mapping)),
  created_at TEXT NOT NULL
);

ALTER TABLE transactions ADD COLUMN time TEXT;
ALTER TABLE transactions ADD COLUMN quote TEXT;
ALTER TABLE transactions ADD COLUMN fee TEXT;
ALTER TABLE transactions ADD COLUMN fee_currency TEXT;
ALTER TABLE transactions ADD COLUMN to_account_id INTEGER REFERENCES accounts(id);
ALTER TABLE transactions ADD COLUMN counter_instrument TEXT;
ALTER TABLE transactions ADD COLUMN counter_quantity TEXT;
ALTER TABLE transactions ADD COLUMN lp_instrument TEXT;
ALTER TABLE transactions ADD COLUMN lp_quantity TEXT;
ALTER TABLE transactions ADD COLUMN fingerprint TEXT;
ALTER TABLE transactions ADD COLUMN import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX transactions_fingerprint ON transactions (account_id, fingerprint) WHERE fingerprint IS NOT NULL;

-- option chains as imported (mark, IV, quotes), per day
CREATE TABLE option_quotes (
  instrument TEXT NOT NULL,
  date TEXT NOT NULL,
  underlying TEXT NOT NULL,
  expiry TEXT NOT NULL,
  strike REAL NOT NULL CHECK (strike > 0),
  right TEXT NOT NULL CHECK (right IN ('call', 'put')),
  underlying_price REAL,
  mark_price REAL,
  mark_iv REAL,
  bid REAL,
  ask REAL,
  open_interest REAL,
  PRIMARY KEY (instrument, date)
) WITHOUT ROWID;
