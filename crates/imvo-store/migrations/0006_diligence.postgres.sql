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
CREATE FUNCTION imvo_diligence_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the imvo due-diligence log is append-only';
END
$$;
CREATE TRIGGER diligence_log_no_update BEFORE UPDATE OR DELETE ON diligence_log
    FOR EACH ROW EXECUTE FUNCTION imvo_diligence_log_append_only();
CREATE TRIGGER diligence_log_no_truncate BEFORE TRUNCATE ON diligence_log
    FOR EACH STATEMENT EXECUTE FUNCTION imvo_diligence_log_append_only();

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
CREATE FUNCTION imvo_diligence_frameworks_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a loaded framework version never changes';
END
$$;
CREATE TRIGGER diligence_frameworks_no_update BEFORE UPDATE OR DELETE ON diligence_frameworks
    FOR EACH ROW EXECUTE FUNCTION imvo_diligence_frameworks_fixed();
CREATE TRIGGER diligence_frameworks_no_truncate BEFORE TRUNCATE ON diligence_frameworks
    FOR EACH STATEMENT EXECUTE FUNCTION imvo_diligence_frameworks_fixed();
