-- What the officers of a channel write into the report to executives for a
-- fiscal year's round (6m or 12m): problems, obstacles and solutions. One row
-- per organisation, year, round and channel; saved with a revision so two
-- officers editing at once cannot overwrite each other unseen.
CREATE TABLE complaint_report_notes (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    fiscal_year     BIGINT  NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
    round           TEXT    NOT NULL CHECK (round IN ('6m', '12m')),
    channel         TEXT    NOT NULL CHECK (channel IN ('general', 'corruption')),
    problems        TEXT    NOT NULL,
    obstacles       TEXT    NOT NULL,
    solutions       TEXT    NOT NULL,
    revision        BIGINT  NOT NULL CHECK (revision >= 1),
    updated_by      TEXT    NOT NULL,                     -- user id
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year, round, channel)
);
