-- Defence in depth: the database itself refuses to change or remove a change record.
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the imvo change log is append-only');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the imvo change log is append-only');
END;
