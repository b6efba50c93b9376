-- Who changed which account or API token, when: the audit trail of account administration, kept
-- beside the change log (which holds the portfolio's records) and append-only like it.
CREATE TABLE account_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT   NOT NULL,
    action     TEXT   NOT NULL,
    account_id BIGINT NOT NULL,
    detail     TEXT   NOT NULL
);
CREATE FUNCTION imvo_account_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the imvo account log is append-only';
END
$$;
CREATE TRIGGER account_log_no_update BEFORE UPDATE OR DELETE ON account_log
    FOR EACH ROW EXECUTE FUNCTION imvo_account_log_append_only();
CREATE TRIGGER account_log_no_truncate BEFORE TRUNCATE ON account_log
    FOR EACH STATEMENT EXECUTE FUNCTION imvo_account_log_append_only();
