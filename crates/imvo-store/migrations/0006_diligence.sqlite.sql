-- The covenants' due-diligence logs and the assessment frameworks they are scored under (see
-- src/diligence.rs). One log for all covenants, append-only like the change log: it is the audit
-- history of every step of the cycle, with its actor. Payloads are JSON text. A company's
-- entries are confidential; the store keeps them, the use-case layer decides who reads them.
CREATE TABLE diligence_log (
    seq         BIGINT PRIMARY KEY,
    covenant_id TEXT   NOT NULL,
    effective   BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    actor       TEXT   NOT NULL,
    action      TEXT   NOT NULL,
    company_id  TEXT,
    year        BIGINT,
    payload     TEXT   NOT NULL
);
CREATE INDEX diligence_log_by_covenant ON diligence_log (covenant_id, seq);
CREATE INDEX diligence_log_by_company ON diligence_log (company_id, seq);
CREATE TRIGGER diligence_log_no_update BEFORE UPDATE ON diligence_log
BEGIN
    SELECT RAISE(ABORT, 'the imvo due-diligence log is append-only');
END;
CREATE TRIGGER diligence_log_no_delete BEFORE DELETE ON diligence_log
BEGIN
    SELECT RAISE(ABORT, 'the imvo due-diligence log is append-only');
END;

-- Every framework version as loaded, with its text: a year is re-scored under exactly the
-- version it names, years later. A version, once loaded, never changes.
CREATE TABLE diligence_frameworks (
    framework_id TEXT   NOT NULL,
    version      BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    text         TEXT   NOT NULL,
    loaded_at    BIGINT NOT NULL,
    loaded_by    TEXT   NOT NULL,
    PRIMARY KEY (framework_id, version)
);
CREATE TRIGGER diligence_frameworks_no_update BEFORE UPDATE ON diligence_frameworks
BEGIN
    SELECT RAISE(ABORT, 'a loaded framework version never changes');
END;
CREATE TRIGGER diligence_frameworks_no_delete BEFORE DELETE ON diligence_frameworks
BEGIN
    SELECT RAISE(ABORT, 'a loaded framework version never changes');
END;
