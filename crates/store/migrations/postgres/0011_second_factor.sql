-- The second factor (issue 11, item 9). Kept in step with
-- ../sqlite/0011_second_factor.sql; see that file for why the secret is kept
-- as plain bytes.
CREATE TABLE totp_factors (
    organization_id TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    secret          BYTEA       NOT NULL CHECK (length(secret) >= 16),
    enrolled_at     TIMESTAMPTZ NOT NULL,
    last_step       BIGINT      NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);

ALTER TABLE sessions ADD COLUMN reauthenticated_at TIMESTAMPTZ;
