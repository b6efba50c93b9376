-- Saved replays of the change log: a cache the store can drop at any time, not history (see
-- src/snapshot.rs). One row per encoding and date; `log_seq` is the last change record the
-- replay had seen, so a record appended later with an effective date on or before
-- `through_date` makes the row stale.
CREATE TABLE replay_snapshot (
    format       TEXT   NOT NULL,
    through_date BIGINT NOT NULL,
    log_seq      BIGINT NOT NULL,
    records      BIGINT NOT NULL,
    data         BLOB   NOT NULL,
    PRIMARY KEY (format, through_date)
);
