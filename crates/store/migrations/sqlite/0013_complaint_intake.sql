-- How a case came in (issue 13, item 6). Kept in step with the other
-- database's 0013_complaint_intake.sql.
--
-- received_via: a general complaint's way of receipt. Citizens' filings on
-- the web form and the API are 'web' (every case filed before this
-- migration was); the complaint officer enters the others for a complainant
-- who phoned, came to the counter, wrote, called a call centre or sent a
-- LINE message. Counted in the statistics by way of receipt.
--
-- origin: a corruption case's origin. Reports filed by someone are
-- 'reported'; the integrity officer opens a case the municipality knows of
-- itself ('known') or detected by its own audit ('audit'). Counted apart.
ALTER TABLE complaints ADD COLUMN received_via TEXT NOT NULL DEFAULT 'web'
    CHECK (received_via IN ('web', 'phone', 'walk_in', 'letter', 'call_centre', 'line'));
ALTER TABLE complaints ADD COLUMN origin TEXT NOT NULL DEFAULT 'reported'
    CHECK (origin IN ('reported', 'known', 'audit'));
