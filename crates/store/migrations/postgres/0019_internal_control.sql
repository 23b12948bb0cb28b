-- The internal control evaluation under the Ministry of Finance criteria of
-- 2561 (issue 14, measure 4.2). Kept in step with
-- ../sqlite/0019_internal_control.sql.
--
-- internal_control_forms: one row per organisation, fiscal year (BE) and form:
-- 'committee', 'pk4', 'pk6', 'pk1' or 'submission'; content is the form as
-- JSON (core's types, checked by core before the store writes).
-- internal_control_rows: the ปค.5 rows, each with its improvement's progress.
-- internal_control_settings: the report's deadline in days after the fiscal
-- year's end (no row: the criteria's 90 days, ข้อ 9).
CREATE TABLE internal_control_forms (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    fiscal_year     BIGINT NOT NULL,
    form            TEXT    NOT NULL CHECK (form IN ('committee', 'pk4', 'pk6', 'pk1', 'submission')),
    content         TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year, form)
);

CREATE TABLE internal_control_rows (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    row_id          TEXT    NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    position        BIGINT NOT NULL,
    content         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done')),
    done_on         DATE,
    evidence        TEXT    NOT NULL DEFAULT '',
    updated_by      TEXT    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, row_id)
);
CREATE INDEX internal_control_rows_by_year ON internal_control_rows (organization_id, fiscal_year, position);

CREATE TABLE internal_control_settings (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    deadline_days   BIGINT NOT NULL CHECK (deadline_days BETWEEN 1 AND 365),
    PRIMARY KEY (organization_id)
);
