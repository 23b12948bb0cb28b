-- The internal audit of each fiscal year (issue 14, measure 4.1). Kept in
-- step with ../sqlite/0018_internal_audit.sql.
--
-- One row per organisation and fiscal year (BE): the audit plan, its
-- engagements, their findings and the follow-up rounds as one JSON value
-- (core::integrity::audit::AuditYear), checked by core before every write.
-- published: the year's public version is published (also in the JSON;
-- kept as a column so the information centre's facts read one flag).
CREATE TABLE internal_audits (
    organization_id TEXT        NOT NULL REFERENCES organizations (organization_id),
    fiscal_year     BIGINT      NOT NULL,
    document        TEXT        NOT NULL,
    published       BOOLEAN     NOT NULL,
    revision        BIGINT      NOT NULL CHECK (revision >= 1),
    updated_by      TEXT,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year)
);
