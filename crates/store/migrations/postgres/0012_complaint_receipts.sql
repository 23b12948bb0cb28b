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

-- Where a general complaint is (issue 13), in microdegrees; see the SQLite file.
ALTER TABLE complaints ADD COLUMN latitude_micro INTEGER
    CHECK (latitude_micro BETWEEN -90000000 AND 90000000);
ALTER TABLE complaints ADD COLUMN longitude_micro INTEGER
    CHECK (longitude_micro BETWEEN -180000000 AND 180000000);
