-- What items actually did (issue 10): activities with check-ins and files,
-- the publicity log and its channels, rosters, surveys with answers and
-- tallies, and the measurement source of each KPI. Kept in step with
-- ../sqlite/0009_activities.sql. Lists (sessions, topics, groups…) are JSON
-- text: they are read and written with their activity, never queried apart.

CREATE TABLE activities (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    activity_id     TEXT    NOT NULL,                     -- UUID v4
    item_dimension  BIGINT NOT NULL,
    item_no         BIGINT NOT NULL,
    fiscal_year     BIGINT NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 3000),
    kind            TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    first_day       DATE    NOT NULL,                     -- the first session's date
    venue           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    details         TEXT    NOT NULL,                     -- JSON: sessions, topics, speakers, groups, roster entries
    published       BOOLEAN NOT NULL,
    checkin_token   TEXT    NOT NULL,
    revision        BIGINT NOT NULL CHECK (revision >= 1),
    updated_by      TEXT    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, activity_id),
    UNIQUE (organization_id, checkin_token)
);
CREATE INDEX activities_by_year ON activities (organization_id, fiscal_year, first_day);

-- One check-in per device (a hash of its token). The name is personal data.
CREATE TABLE activity_checkins (
    organization_id TEXT    NOT NULL,
    activity_id     TEXT    NOT NULL,
    device          TEXT    NOT NULL,
    target_group    TEXT    NOT NULL,
    name            TEXT,
    checked_in_at   TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, activity_id, device),
    FOREIGN KEY (organization_id, activity_id) REFERENCES activities (organization_id, activity_id)
);

CREATE TABLE activity_files (
    organization_id TEXT    NOT NULL,
    activity_id     TEXT    NOT NULL,
    file_id         TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    media_type      TEXT    NOT NULL,
    size_bytes      BIGINT NOT NULL,
    sha256          TEXT    NOT NULL,
    added_by        TEXT    NOT NULL,
    added_at        TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, activity_id, file_id),
    FOREIGN KEY (organization_id, activity_id) REFERENCES activities (organization_id, activity_id)
);

-- The organisation's channels, as a JSON list; no row: the defaults.
CREATE TABLE publicity_channels (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    channels        TEXT    NOT NULL,
    PRIMARY KEY (organization_id)
);

CREATE TABLE publicity_log (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    entry_id        TEXT    NOT NULL,
    item_dimension  BIGINT,
    item_no         BIGINT,
    fiscal_year     BIGINT NOT NULL,
    channel         TEXT    NOT NULL,
    posted_on       DATE    NOT NULL,
    topic           TEXT    NOT NULL,
    added_by        TEXT    NOT NULL,
    PRIMARY KEY (organization_id, entry_id)
);
CREATE INDEX publicity_by_year ON publicity_log (organization_id, fiscal_year, posted_on);

CREATE TABLE rosters (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    roster_id       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    entries         TEXT    NOT NULL,                     -- JSON list of names
    PRIMARY KEY (organization_id, roster_id)
);

-- A survey with its running totals (updated with each answer).
CREATE TABLE surveys (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    survey_id       TEXT    NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    title           TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('satisfaction', 'test')),
    definition      TEXT    NOT NULL,                     -- JSON: core::survey::SurveyInput
    opens           DATE    NOT NULL,
    closes          DATE    NOT NULL,
    responses       BIGINT NOT NULL CHECK (responses >= 0),
    passed          BIGINT NOT NULL CHECK (passed >= 0),
    score_sum       BIGINT NOT NULL CHECK (score_sum >= 0),
    created_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, survey_id)
);

-- Anonymous answers: no name, no address; the device only as a hash.
CREATE TABLE survey_responses (
    organization_id TEXT    NOT NULL,
    survey_id       TEXT    NOT NULL,
    response_id     TEXT    NOT NULL,
    device          TEXT,
    answers         TEXT    NOT NULL,                     -- JSON: core::survey::Response
    answered_on     DATE    NOT NULL,                     -- the Thai date only
    PRIMARY KEY (organization_id, survey_id, response_id),
    FOREIGN KEY (organization_id, survey_id) REFERENCES surveys (organization_id, survey_id)
);
CREATE UNIQUE INDEX survey_responses_one_per_device
    ON survey_responses (organization_id, survey_id, device) WHERE device IS NOT NULL;

-- Counts per question and value (core::survey::tally_keys).
CREATE TABLE survey_tallies (
    organization_id TEXT    NOT NULL,
    survey_id       TEXT    NOT NULL,
    question_id     TEXT    NOT NULL,
    value_key       TEXT    NOT NULL,
    count           BIGINT NOT NULL,
    PRIMARY KEY (organization_id, survey_id, question_id, value_key)
);

CREATE TABLE kpi_sources (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    item_dimension  BIGINT NOT NULL,
    item_no         BIGINT NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    kpi             TEXT    NOT NULL,
    source          TEXT    NOT NULL,                     -- JSON: core::kpi::KpiSource
    updated_by      TEXT    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, item_dimension, item_no, fiscal_year, kpi)
);
