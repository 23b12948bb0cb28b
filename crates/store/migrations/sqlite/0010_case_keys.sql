-- Issue 11: per-recipient keys of the corruption channel, tracking codes kept
-- only as keyed hashes, sealed notes and messages.
--
-- SQLite cannot make tracking_code nullable in place, so the table is rebuilt
-- (https://sqlite.org/lang_altertable.html, "other kinds of table schema
-- changes"). The store runs migrations with foreign keys off and checks them
-- afterwards (db/dialect.rs), so dropping the old table cascades nothing.

CREATE TABLE complaints_new (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    complaint_id    TEXT    NOT NULL,                     -- UUID v4
    -- Only until the server has hashed it at start-up (rows of version 1).
    tracking_code   TEXT    CHECK (tracking_code IS NULL OR length(tracking_code) = 16),
    -- HMAC-SHA256 of (organisation, code) under the key file's key: 64 hex.
    tracking_hash   TEXT    CHECK (tracking_hash IS NULL OR length(tracking_hash) = 64),
    channel         TEXT    NOT NULL CHECK (channel IN ('general', 'corruption')),
    category        TEXT    NOT NULL,
    subject         TEXT,                                 -- general only
    details         TEXT,                                 -- general only
    place           TEXT,                                 -- general only
    sealed_content  BLOB,                                 -- corruption only
    sealed_contact  BLOB,                                 -- NULL: anonymous
    state           TEXT    NOT NULL CHECK (state IN ('received', 'incomplete', 'forwarded',
        'accepted', 'assigned', 'in_progress', 'resolved', 'fact_finding', 'action', 'outcome',
        'closed')),
    received_at     TEXT    NOT NULL,
    received_on     TEXT    NOT NULL,                     -- the date in Thailand
    due_date        TEXT    NOT NULL,
    completed_on    TEXT,                                 -- first final answer (Thai date)
    delay_explained INTEGER NOT NULL CHECK (delay_explained IN (0, 1)),
    unit_id         TEXT,
    officer_id      TEXT,                                 -- user id
    action_kind     TEXT CHECK (action_kind IN ('disciplinary', 'legal', 'disciplinary_and_legal')),
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    updated_at      TEXT    NOT NULL,
    -- 1: sealed under the key file without record binding (before issue 11);
    -- 2: bound to organisation, record and field; corruption: per-recipient keys.
    seal_version    INTEGER NOT NULL DEFAULT 2 CHECK (seal_version IN (1, 2)),
    -- Corruption, version 2: the data key wrapped under the tracking code.
    reporter_key    BLOB,
    -- Corruption, version 1 only: the code sealed under the key file, kept
    -- until `sujarit complaints reseal` wraps the data key for the reporter.
    legacy_sealed_code BLOB,
    PRIMARY KEY (organization_id, complaint_id),
    UNIQUE (organization_id, tracking_code),
    UNIQUE (organization_id, tracking_hash),
    CHECK (tracking_code IS NOT NULL OR tracking_hash IS NOT NULL),
    CHECK (channel = 'corruption' OR (subject IS NOT NULL AND details IS NOT NULL
        AND sealed_content IS NULL)),
    CHECK (channel = 'general' OR (subject IS NULL AND details IS NULL AND place IS NULL
        AND sealed_content IS NOT NULL))
) STRICT;

INSERT INTO complaints_new (organization_id, complaint_id, tracking_code, tracking_hash, channel,
    category, subject, details, place, sealed_content, sealed_contact, state, received_at,
    received_on, due_date, completed_on, delay_explained, unit_id, officer_id, action_kind,
    revision, updated_at, seal_version, reporter_key, legacy_sealed_code)
SELECT organization_id, complaint_id, tracking_code, NULL, channel, category, subject, details,
    place, sealed_content, sealed_contact, state, received_at, received_on, due_date,
    completed_on, delay_explained, unit_id, officer_id, action_kind, revision, updated_at,
    1, NULL, NULL
FROM complaints;

DROP TABLE complaints;
ALTER TABLE complaints_new RENAME TO complaints;
CREATE INDEX complaints_by_state ON complaints (organization_id, channel, state);
CREATE INDEX complaints_by_received_on ON complaints (organization_id, received_on);

ALTER TABLE complaint_events ADD COLUMN sealed_public_message BLOB;
ALTER TABLE complaint_events ADD COLUMN sealed_internal_note BLOB;

-- An integrity officer's key pair: the private key only wrapped.
CREATE TABLE officer_keys (
    organization_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    public_key      BLOB NOT NULL CHECK (length(public_key) = 32),
    by_password     BLOB,                                 -- NULL: reset, restore with recovery
    by_recovery     BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
) STRICT;

-- A corruption report's data key wrapped for one officer's public key.
CREATE TABLE complaint_key_grants (
    organization_id TEXT NOT NULL,
    complaint_id    TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    wrapped_key     BLOB NOT NULL,
    granted_by      TEXT,                                 -- NULL: at filing
    granted_at      TEXT NOT NULL,
    PRIMARY KEY (organization_id, complaint_id, user_id),
    FOREIGN KEY (organization_id, complaint_id)
        REFERENCES complaints (organization_id, complaint_id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, user_id) REFERENCES officer_keys (organization_id, user_id)
        ON DELETE CASCADE
) STRICT;
CREATE INDEX complaint_key_grants_by_user ON complaint_key_grants (organization_id, user_id);
