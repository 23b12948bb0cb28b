-- The second factor (issue 11, item 9): a TOTP secret per account (RFC 6238)
-- and, per session, when its owner last re-entered their password (and code).
-- Kept in step with ../postgres/0011_second_factor.sql.
--
-- The secret is kept as plain bytes, on purpose: the server must read it to
-- check a code, and at login no key but the server's key file would be at
-- hand (it may be absent, and it protects nothing from whoever holds the host
-- anyway). A copy of the database therefore gives its holder the TOTP
-- secrets, but not a login: they still need each password, which is kept only
-- as an argon2id hash. Nothing of a corruption report depends on it.
--
-- A table of its own rather than columns of `users`, so reading and editing
-- accounts does not change, and a reset is a DELETE.
CREATE TABLE totp_factors (
    organization_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    secret          BLOB    NOT NULL CHECK (length(secret) >= 16),
    enrolled_at     TEXT    NOT NULL,
    -- The last time step (Unix time / 30) whose code was accepted: a code is
    -- accepted once, so only a later step passes (RFC 6238 §5.2).
    last_step       INTEGER NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
) STRICT;

-- NULL until the owner re-authenticates in this session (`/staff/reauth`).
ALTER TABLE sessions ADD COLUMN reauthenticated_at TEXT;
