-- Issue 11: per-recipient keys of the corruption channel, tracking codes kept
-- only as keyed hashes, sealed notes and messages (see the SQLite twin).
ALTER TABLE complaints ALTER COLUMN tracking_code DROP NOT NULL;
ALTER TABLE complaints ADD COLUMN tracking_hash TEXT
    CHECK (tracking_hash IS NULL OR length(tracking_hash) = 64);
ALTER TABLE complaints ADD CONSTRAINT complaints_tracking_hash_unique
    UNIQUE (organization_id, tracking_hash);
ALTER TABLE complaints ADD CONSTRAINT complaints_code_or_hash
    CHECK (tracking_code IS NOT NULL OR tracking_hash IS NOT NULL);
ALTER TABLE complaints ADD COLUMN seal_version INTEGER NOT NULL DEFAULT 1
    CHECK (seal_version IN (1, 2));
ALTER TABLE complaints ALTER COLUMN seal_version SET DEFAULT 2;
ALTER TABLE complaints ADD COLUMN reporter_key BYTEA;
ALTER TABLE complaints ADD COLUMN legacy_sealed_code BYTEA;

ALTER TABLE complaint_events ADD COLUMN sealed_public_message BYTEA;
ALTER TABLE complaint_events ADD COLUMN sealed_internal_note BYTEA;

CREATE TABLE officer_keys (
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    public_key      BYTEA NOT NULL CHECK (length(public_key) = 32),
    by_password     BYTEA,
    by_recovery     BYTEA NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);

CREATE TABLE complaint_key_grants (
    organization_id TEXT NOT NULL,
    complaint_id    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    wrapped_key     BYTEA NOT NULL,
    granted_by      TEXT,
    granted_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, complaint_id, user_id),
    FOREIGN KEY (organization_id, complaint_id)
        REFERENCES complaints (organization_id, complaint_id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, user_id) REFERENCES officer_keys (organization_id, user_id)
        ON DELETE CASCADE
);
CREATE INDEX complaint_key_grants_by_user ON complaint_key_grants (organization_id, user_id);
