-- Allocation policies: universe, estimators, objective and constraints, saved per portfolio and
-- versioned (a save that changes the policy adds a version; old versions stay for old runs).
CREATE TABLE allocation_policies (
  id INTEGER PRIMARY KEY,
  portfolio_id INTEGER NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  policy TEXT NOT NULL CHECK (json_valid(policy)),
  UNIQUE (portfolio_id, name, version)
);
