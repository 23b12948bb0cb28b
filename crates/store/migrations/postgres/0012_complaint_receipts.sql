-- Filing once (issue 13). Kept in step with ../sqlite/0012_complaint_receipts.sql;
-- see that file for what the table is for.
CREATE TABLE complaint_submissions (
    organization_id TEXT        NOT NULL REFERENCES organizations (organization_id),
    key_hash        TEXT        NOT NULL CHECK (length(key_hash) = 64),
    complaint_id    TEXT        NOT NULL,
    sealed_code     BYTEA       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, key_hash)
);

CREATE INDEX complaint_submissions_age ON complaint_submissions (organization_id, created_at);
