-- The change log: every change to the imvo data, append-only (who, when, what, source).
-- Same SQL for SQLite and PostgreSQL: BIGINT/TEXT only, dates and times as integers
-- (see src/time.rs). seq is assigned by the store (last + 1 inside a write transaction that
-- serialises appends), so seq order is commit order on both backends.
CREATE TABLE change_log (
    seq         BIGINT PRIMARY KEY,
    effective   BIGINT NOT NULL,  -- the date the change takes effect, yyyymmdd
    recorded_at BIGINT NOT NULL,  -- when it was stored, microseconds since 1970-01-01 UTC
    kind        TEXT   NOT NULL,  -- what kind of change (the domain's vocabulary)
    source      TEXT   NOT NULL,  -- where the fact comes from (document, paragraph, URL)
    actor       TEXT   NOT NULL,  -- who recorded it (account username, dataset loader …)
    payload     TEXT   NOT NULL   -- the change itself, JSON
);
CREATE INDEX change_log_by_effective ON change_log (effective, seq);
CREATE INDEX change_log_by_recorded ON change_log (recorded_at, seq);
