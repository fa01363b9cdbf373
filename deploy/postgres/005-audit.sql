-- OfficeMesh's audit log (审计日志): sign-ins, changes, refused accesses and reads of secret items.
--
-- Append-only: the API only inserts and selects, and the triggers below refuse UPDATE, DELETE and
-- TRUNCATE from anyone, so an entry cannot be altered or removed through the application's own account.
-- Entries are read newest first, by time alone or by actor; sequence orders entries of the same instant.

CREATE TABLE IF NOT EXISTS officemesh_audit_log
(
    sequence bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL,
    actor    text        NULL,
    action   text        NOT NULL,
    target   text        NULL,
    outcome  text        NOT NULL,
    status   integer     NOT NULL,
    address  text        NULL
);

CREATE INDEX IF NOT EXISTS officemesh_audit_log_by_time ON officemesh_audit_log (at, sequence);
CREATE INDEX IF NOT EXISTS officemesh_audit_log_by_actor ON officemesh_audit_log (actor, at, sequence);

CREATE OR REPLACE FUNCTION officemesh_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'officemesh_audit_log is append-only: % refused', TG_OP;
END
$$;

CREATE OR REPLACE TRIGGER officemesh_audit_log_no_change
    BEFORE UPDATE OR DELETE ON officemesh_audit_log
    FOR EACH ROW EXECUTE FUNCTION officemesh_audit_log_append_only();

CREATE OR REPLACE TRIGGER officemesh_audit_log_no_truncate
    BEFORE TRUNCATE ON officemesh_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION officemesh_audit_log_append_only();
