-- Defence in depth: the database itself refuses to change or remove a change record.
CREATE FUNCTION imvo_change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the imvo change log is append-only';
END
$$;
CREATE TRIGGER change_log_no_update BEFORE UPDATE OR DELETE ON change_log
    FOR EACH ROW EXECUTE FUNCTION imvo_change_log_append_only();
CREATE TRIGGER change_log_no_truncate BEFORE TRUNCATE ON change_log
    FOR EACH STATEMENT EXECUTE FUNCTION imvo_change_log_append_only();
