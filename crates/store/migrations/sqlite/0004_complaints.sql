-- Complaints (general channel) and corruption reports (corruption channel):
-- cases, their history, attachments, satisfaction answers and per-organisation
-- settings. Kept in step with ../postgres/0004_complaints.sql. Same rules as
-- 0001 (organization_id first in every key, timestamps RFC 3339 UTC, dates
-- ISO CE).
--
-- Privacy: columns named sealed_* hold XChaCha20-Poly1305 envelopes made
-- before the data reached the store (sujarit_core::sealed); the key is not in
-- the database. A corruption report keeps subject, details and place only in
-- sealed_content, so its plain columns are NULL (enforced below).

-- Deadline per channel; a channel without a row uses the default (15 days).
CREATE TABLE complaint_settings (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    channel         TEXT    NOT NULL CHECK (channel IN ('general', 'corruption')),
    deadline_days   INTEGER NOT NULL CHECK (deadline_days BETWEEN 1 AND 365),
    updated_by      TEXT    NOT NULL,                     -- user id
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (organization_id, channel)
) STRICT;

-- An organisation's categories. No rows for a channel: the defaults of
-- sujarit_core::complaint::default_categories apply; the first change copies
-- them here.
CREATE TABLE complaint_categories (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    channel         TEXT    NOT NULL CHECK (channel IN ('general', 'corruption')),
    code            TEXT    NOT NULL,
    thai            TEXT    NOT NULL,
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    position        INTEGER NOT NULL,
    PRIMARY KEY (organization_id, channel, code)
) STRICT;

CREATE TABLE complaints (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    complaint_id    TEXT    NOT NULL,                     -- UUID v4
    tracking_code   TEXT    NOT NULL CHECK (length(tracking_code) = 16),
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
    PRIMARY KEY (organization_id, complaint_id),
    UNIQUE (organization_id, tracking_code),
    CHECK (channel = 'corruption' OR (subject IS NOT NULL AND details IS NOT NULL
        AND sealed_content IS NULL)),
    CHECK (channel = 'general' OR (subject IS NULL AND details IS NULL AND place IS NULL
        AND sealed_content IS NOT NULL))
) STRICT;

CREATE INDEX complaints_by_state ON complaints (organization_id, channel, state);
CREATE INDEX complaints_by_received_on ON complaints (organization_id, received_on);

-- Every step of a case, in order. actor NULL: the complainant or the system.
CREATE TABLE complaint_events (
    organization_id TEXT    NOT NULL,
    complaint_id    TEXT    NOT NULL,
    event_position  INTEGER NOT NULL CHECK (event_position >= 1),
    kind            TEXT    NOT NULL,
    from_state      TEXT,                                 -- NULL for "filed"
    to_state        TEXT    NOT NULL,
    public_message  TEXT,
    internal_note   TEXT,
    sealed_note     BLOB,                                 -- information a reporter added
    unit_id         TEXT,
    officer_id      TEXT,
    action_kind     TEXT,
    actor           TEXT,
    at              TEXT    NOT NULL,
    PRIMARY KEY (organization_id, complaint_id, event_position),
    FOREIGN KEY (organization_id, complaint_id)
        REFERENCES complaints (organization_id, complaint_id) ON DELETE CASCADE
) STRICT;

-- Files attached to a case; the bytes live in the file store under sha256.
CREATE TABLE complaint_attachments (
    organization_id  TEXT    NOT NULL,
    attachment_id    TEXT    NOT NULL,                    -- UUID v4
    complaint_id     TEXT    NOT NULL,
    sha256           TEXT    NOT NULL CHECK (length(sha256) = 64),
    media_type       TEXT    NOT NULL,
    size_bytes       INTEGER NOT NULL CHECK (size_bytes > 0),
    file_name        TEXT,                                -- general only
    sealed_file_name BLOB,                                -- corruption only
    uploaded_by      TEXT,                                -- NULL: the complainant
    uploaded_at      TEXT    NOT NULL,
    PRIMARY KEY (organization_id, attachment_id),
    CHECK (file_name IS NULL OR sealed_file_name IS NULL),
    FOREIGN KEY (organization_id, complaint_id)
        REFERENCES complaints (organization_id, complaint_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX complaint_attachments_by_case ON complaint_attachments (organization_id, complaint_id);

-- One satisfaction answer per closed case.
CREATE TABLE complaint_surveys (
    organization_id TEXT    NOT NULL,
    complaint_id    TEXT    NOT NULL,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT,
    answered_at     TEXT    NOT NULL,
    PRIMARY KEY (organization_id, complaint_id),
    FOREIGN KEY (organization_id, complaint_id)
        REFERENCES complaints (organization_id, complaint_id) ON DELETE CASCADE
) STRICT;
