-- E-mail notices to complainants, written in the transaction of the public
-- step they announce (an outbox): a crash between the step and the e-mail
-- loses nothing, and the sender retries until it gets through.
CREATE TABLE complaint_notices (
    organization_id TEXT        NOT NULL,
    notice_id       TEXT        NOT NULL,
    complaint_id    TEXT        NOT NULL,
    event_kind      TEXT        NOT NULL,
    public_message  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    attempts        BIGINT      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      TEXT,
    PRIMARY KEY (organization_id, notice_id),
    FOREIGN KEY (organization_id, complaint_id)
        REFERENCES complaints (organization_id, complaint_id) ON DELETE CASCADE
);

CREATE INDEX complaint_notices_pending ON complaint_notices (sent_at, created_at);
