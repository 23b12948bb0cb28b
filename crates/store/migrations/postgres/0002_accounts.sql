-- Staff accounts, units, sessions, login throttling and the audit log
-- (PostgreSQL). Kept in step with ../sqlite/0002_accounts.sql: same tables,
-- columns, keys; only the column types differ. See that file for the why of
-- each table.

CREATE TABLE units (
    organization_id TEXT NOT NULL REFERENCES organizations (organization_id),
    unit_id         TEXT NOT NULL,
    name            TEXT NOT NULL,
    plan_name       TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, unit_id),
    UNIQUE (organization_id, name),
    UNIQUE (organization_id, plan_name)
);

CREATE TABLE item_unit_assignments (
    organization_id TEXT   NOT NULL,
    dimension_no    BIGINT NOT NULL,
    item_no         BIGINT NOT NULL,
    unit_id         TEXT   NOT NULL,
    PRIMARY KEY (organization_id, dimension_no, item_no, unit_id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id)
);

CREATE INDEX item_unit_assignments_by_unit ON item_unit_assignments (organization_id, unit_id);

CREATE TABLE users (
    organization_id      TEXT    NOT NULL REFERENCES organizations (organization_id),
    user_id              TEXT    NOT NULL,
    email                TEXT    NOT NULL,
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('administrator', 'plan_coordinator',
                                       'unit_officer', 'executive', 'auditor')),
    unit_id              TEXT,
    password_hash        TEXT    NOT NULL,
    active               BOOLEAN NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    UNIQUE (organization_id, email),
    CHECK ((role = 'unit_officer') = (unit_id IS NOT NULL)),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id)
);

CREATE TABLE sessions (
    organization_id TEXT NOT NULL,
    session_hash    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, session_hash),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);

CREATE INDEX sessions_by_hash ON sessions (session_hash);
CREATE INDEX sessions_by_user ON sessions (organization_id, user_id);

CREATE TABLE login_attempts (
    organization_id TEXT NOT NULL,
    attempt_id      TEXT NOT NULL,
    email           TEXT NOT NULL,
    client_ip       TEXT NOT NULL,
    attempted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, attempt_id)
);

CREATE INDEX login_attempts_by_key ON login_attempts (organization_id, email, client_ip, attempted_at);

CREATE TABLE audit_log (
    organization_id TEXT   NOT NULL,
    audit_id        BIGINT NOT NULL CHECK (audit_id >= 1),
    at              TIMESTAMPTZ NOT NULL,
    actor_user_id   TEXT,
    action          TEXT   NOT NULL,
    target          TEXT   NOT NULL,
    before_json     TEXT,
    after_json      TEXT,
    PRIMARY KEY (organization_id, audit_id)
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
