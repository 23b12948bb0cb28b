-- Staff notifications by e-mail (issue 13). Each user's choices (a kind with
-- no row is on), the outbox (one row per user and event: the key makes a
-- second scan, a restart or two servers enqueue nothing twice) and how far
-- each organisation's happenings were scanned. Messages hold no personal
-- data of complainants: a reference and a category at most.
CREATE TABLE staff_notice_choices (
    organization_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    enabled         BOOLEAN NOT NULL,
    PRIMARY KEY (organization_id, user_id, kind),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);

CREATE TABLE staff_notices (
    organization_id TEXT        NOT NULL,
    user_id         TEXT        NOT NULL,
    event_key       TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    subject         TEXT        NOT NULL,
    body            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    attempts        BIGINT      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      TEXT,
    PRIMARY KEY (organization_id, user_id, event_key),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);

CREATE INDEX staff_notices_pending ON staff_notices (sent_at, created_at);

CREATE TABLE staff_notice_scans (
    organization_id TEXT        NOT NULL REFERENCES organizations (organization_id),
    scanned_until   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id)
);
