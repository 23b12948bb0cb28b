-- The corruption risk register and the internal measures (issue 14).

-- An organisation's risk matrices, one row per version (1, 2, …); version 0
-- is the built-in default 5×5 and is not stored. The highest is current;
-- entries keep the version they were scored with.
CREATE TABLE risk_matrices (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    version         BIGINT NOT NULL CHECK (version > 0),
    definition      TEXT    NOT NULL,                     -- JSON: core::integrity::risk::RiskMatrix
    created_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, version)
);

CREATE TABLE risk_entries (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    entry_id        TEXT    NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    position        BIGINT NOT NULL,
    matrix_version  BIGINT NOT NULL CHECK (matrix_version >= 0),
    definition      TEXT    NOT NULL,                     -- JSON: core::integrity::risk::RiskEntryInput
    from_plan       BIGINT NOT NULL CHECK (from_plan IN (0, 1)),
    created_at      TIMESTAMPTZ    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, entry_id)
);

CREATE INDEX risk_entries_by_year ON risk_entries (organization_id, fiscal_year, position);

CREATE TABLE integrity_measures (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    measure_id      TEXT    NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    definition      TEXT    NOT NULL,                     -- JSON: core::integrity::risk::MeasureInput
    created_at      TIMESTAMPTZ    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, measure_id)
);

CREATE INDEX integrity_measures_by_year ON integrity_measures (organization_id, fiscal_year);
