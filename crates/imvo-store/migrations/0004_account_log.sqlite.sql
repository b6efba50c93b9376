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
CREATE TRIGGER account_log_no_update BEFORE UPDATE ON account_log
BEGIN
    SELECT RAISE(ABORT, 'the imvo account log is append-only');
END;
CREATE TRIGGER account_log_no_delete BEFORE DELETE ON account_log
BEGIN
    SELECT RAISE(ABORT, 'the imvo account log is append-only');
END;
