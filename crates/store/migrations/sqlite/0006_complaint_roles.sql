-- The complaint officer and the integrity officer (issue 4) join the roles.
-- SQLite cannot change a CHECK constraint in place, so `users` is rebuilt:
-- `sessions` (its only child) is set aside and restored around it, all in
-- this migration's transaction with foreign keys enforced.

CREATE TABLE users_new (
    organization_id      TEXT    NOT NULL REFERENCES organizations (organization_id),
    user_id              TEXT    NOT NULL,
    email                TEXT    NOT NULL,
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('administrator', 'plan_coordinator',
                                       'unit_officer', 'executive', 'auditor',
                                       'complaint_officer', 'integrity_officer')),
    unit_id              TEXT,
    password_hash        TEXT    NOT NULL,
    active               INTEGER NOT NULL CHECK (active IN (0, 1)),
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    created_at           TEXT    NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    UNIQUE (organization_id, email),
    CHECK ((role = 'unit_officer') = (unit_id IS NOT NULL)),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id)
) STRICT;

INSERT INTO users_new SELECT organization_id, user_id, email, display_name, role, unit_id,
    password_hash, active, must_change_password, created_at FROM users;

CREATE TABLE sessions_kept AS SELECT * FROM sessions;
DROP TABLE sessions;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE sessions (
    organization_id TEXT NOT NULL,
    session_hash    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    PRIMARY KEY (organization_id, session_hash),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
) STRICT;
INSERT INTO sessions SELECT organization_id, session_hash, user_id, created_at, expires_at,
    last_seen_at FROM sessions_kept;
DROP TABLE sessions_kept;

CREATE INDEX sessions_by_hash ON sessions (session_hash);
CREATE INDEX sessions_by_user ON sessions (organization_id, user_id);
