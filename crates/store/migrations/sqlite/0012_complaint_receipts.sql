-- Filing once (issue 13): a filing form carries a one-time key; the filing
-- keeps the key's hash and the tracking code sealed under a key derived from
-- it, in the same transaction as the complaint. A second POST with the same
-- key finds the first filing and gets its receipt; the receipt page opens the
-- code again with the key the browser holds (the server at rest cannot).
-- Kept in step with ../postgres/0012_complaint_receipts.sql.
--
-- No foreign key to `complaints`: the row is written first (its primary key
-- is what makes two concurrent filings with one key file once). Rows older
-- than a day are swept by the next filing of the organisation.
CREATE TABLE complaint_submissions (
    organization_id TEXT NOT NULL REFERENCES organizations (organization_id),
    key_hash        TEXT NOT NULL CHECK (length(key_hash) = 64),
    complaint_id    TEXT NOT NULL,
    sealed_code     BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (organization_id, key_hash)
) STRICT;

CREATE INDEX complaint_submissions_age ON complaint_submissions (organization_id, created_at);

-- Where a general complaint is (issue 13): WGS 84 coordinates in whole
-- microdegrees (integers, exact), both or neither; never for a corruption
-- report (its place is sealed with its content).
ALTER TABLE complaints ADD COLUMN latitude_micro INTEGER
    CHECK (latitude_micro BETWEEN -90000000 AND 90000000);
ALTER TABLE complaints ADD COLUMN longitude_micro INTEGER
    CHECK (longitude_micro BETWEEN -180000000 AND 180000000);
