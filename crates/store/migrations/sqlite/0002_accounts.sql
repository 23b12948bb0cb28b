-- Staff accounts, units, sessions, login throttling and the audit log (SQLite).
-- Kept in step with ../postgres/0002_accounts.sql: same tables, columns, keys.
--
-- Timestamps that SQL compares (sessions.expires_at, login_attempts.attempted_at)
-- are written in whole seconds, so their RFC 3339 text ("…T08:15:00Z") has one
-- width and sorts in time order; the others may carry microseconds.

-- The organisation's real units (กอง/สำนัก/ฝ่าย). Created from the current
-- plan's responsible units and editable: plan_name keeps the name as the plan
-- writes it, so a renamed unit is still recognised the next time units are
-- taken from the plan; it is NULL for a unit added by hand.
CREATE TABLE units (
    organization_id TEXT NOT NULL REFERENCES organizations (organization_id),
    unit_id         TEXT NOT NULL,                        -- UUID v4
    name            TEXT NOT NULL,
    plan_name       TEXT,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (organization_id, unit_id),
    UNIQUE (organization_id, name),
    UNIQUE (organization_id, plan_name)
) STRICT;

-- Which unit owns which plan item ("1.3"), editable by the coordinator and
-- defaulting from the plan's item_units. Keyed by the item's number rather
-- than a plan version, so the assignment outlives a re-import of the plan.
CREATE TABLE item_unit_assignments (
    organization_id TEXT    NOT NULL,
    dimension_no    INTEGER NOT NULL,
    item_no         INTEGER NOT NULL,
    unit_id         TEXT    NOT NULL,
    PRIMARY KEY (organization_id, dimension_no, item_no, unit_id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id)
) STRICT;

CREATE INDEX item_unit_assignments_by_unit ON item_unit_assignments (organization_id, unit_id);

CREATE TABLE users (
    organization_id      TEXT    NOT NULL REFERENCES organizations (organization_id),
    user_id              TEXT    NOT NULL,                -- UUID v4
    email                TEXT    NOT NULL,                -- trimmed, lower case: the login name
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('administrator', 'plan_coordinator',
                                       'unit_officer', 'executive', 'auditor')),
    unit_id              TEXT,                            -- unit officers only
    password_hash        TEXT    NOT NULL,                -- argon2id PHC string
    active               INTEGER NOT NULL CHECK (active IN (0, 1)),
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    created_at           TEXT    NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    UNIQUE (organization_id, email),
    CHECK ((role = 'unit_officer') = (unit_id IS NOT NULL)),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id)
) STRICT;

-- Server-side sessions. The cookie carries a random 256-bit token; only its
-- SHA-256 (hex) is stored, so a copy of the database does not sign anyone in.
CREATE TABLE sessions (
    organization_id TEXT NOT NULL,
    session_hash    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,                        -- whole seconds
    last_seen_at    TEXT NOT NULL,
    PRIMARY KEY (organization_id, session_hash),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
) STRICT;

-- The cookie names the session, not its organisation.
CREATE INDEX sessions_by_hash ON sessions (session_hash);
CREATE INDEX sessions_by_user ON sessions (organization_id, user_id);

-- Failed logins, per email and client address, for rate limiting. Pruned as
-- they age out of the window; cleared by a successful login.
CREATE TABLE login_attempts (
    organization_id TEXT NOT NULL,
    attempt_id      TEXT NOT NULL,                        -- UUID v4
    email           TEXT NOT NULL,
    client_ip       TEXT NOT NULL,
    attempted_at    TEXT NOT NULL,                        -- whole seconds
    PRIMARY KEY (organization_id, attempt_id)
) STRICT;

CREATE INDEX login_attempts_by_key ON login_attempts (organization_id, email, client_ip, attempted_at);

-- Every staff change, written in the transaction of the change itself.
-- audit_id counts up per organisation. Append-only: the triggers below refuse
-- any UPDATE or DELETE, whoever asks.
CREATE TABLE audit_log (
    organization_id TEXT    NOT NULL,
    audit_id        INTEGER NOT NULL CHECK (audit_id >= 1),
    at              TEXT    NOT NULL,
    actor_user_id   TEXT,                                 -- NULL: the system or the command line
    action          TEXT    NOT NULL,                     -- "user.created", "unit.renamed", …
    target          TEXT    NOT NULL,                     -- what changed, e.g. the user's email
    before_json     TEXT,                                 -- JSON object, NULL for a creation
    after_json      TEXT,
    PRIMARY KEY (organization_id, audit_id)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
