-- Quarterly progress, its review history, evidence files and the yearly
-- actuals of the plan's Part 1 targets. Kept in step with
-- ../postgres/0003_progress.sql. Same rules as 0001 (organization_id first in
-- every key, money in INTEGER satang, timestamps RFC 3339 UTC).
--
-- User ids (updated_by, actor, uploaded_by) are plain text on purpose: the
-- account tables belong to another migration, and history must outlive an
-- account.

-- One unit's report on one item of a plan version for one quarter.
CREATE TABLE quarter_reports (
    organization_id         TEXT    NOT NULL,
    plan_id                 TEXT    NOT NULL,
    dimension_no            INTEGER NOT NULL,
    item_no                 INTEGER NOT NULL,
    fiscal_year             INTEGER NOT NULL,             -- BE
    quarter                 INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    status                  TEXT    NOT NULL
        CHECK (status IN ('not_started', 'in_progress', 'completed', 'not_done')),
    not_done_reason         TEXT
        CHECK (not_done_reason IN ('no_budget', 'policy_changed', 'not_enough_staff', 'other')),
    not_done_text           TEXT,                         -- the text of "other"
    budget_planned_satang   INTEGER CHECK (budget_planned_satang >= 0),
    budget_adopted_satang   INTEGER CHECK (budget_adopted_satang >= 0),
    budget_disbursed_satang INTEGER CHECK (budget_disbursed_satang >= 0),
    overspend_reason        TEXT,
    narrative               TEXT    NOT NULL,
    kpi_actuals_json        TEXT    NOT NULL,             -- JSON array of {kpi, value, note}
    review_state            TEXT    NOT NULL
        CHECK (review_state IN ('draft', 'submitted', 'returned', 'approved', 'published')),
    review_comment          TEXT,                         -- of the latest review move
    revision                INTEGER NOT NULL CHECK (revision >= 1),
    updated_by              TEXT    NOT NULL,             -- user id
    updated_at              TEXT    NOT NULL,
    PRIMARY KEY (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter),
    CHECK ((status = 'not_done') = (not_done_reason IS NOT NULL)),
    CHECK (not_done_text IS NULL OR not_done_reason = 'other'),
    FOREIGN KEY (organization_id, plan_id, dimension_no, item_no)
        REFERENCES items (organization_id, plan_id, dimension_no, item_no) ON DELETE CASCADE
) STRICT;

CREATE INDEX quarter_reports_by_year
    ON quarter_reports (organization_id, plan_id, fiscal_year, review_state);
CREATE INDEX quarter_reports_by_state ON quarter_reports (organization_id, review_state);

-- Every move of a report through the workflow, in order.
CREATE TABLE quarter_report_reviews (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    dimension_no    INTEGER NOT NULL,
    item_no         INTEGER NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    quarter         INTEGER NOT NULL,
    review_position INTEGER NOT NULL CHECK (review_position >= 1),
    action          TEXT    NOT NULL CHECK (action IN ('submit', 'return', 'approve', 'publish')),
    from_state      TEXT    NOT NULL,
    to_state        TEXT    NOT NULL,
    comment         TEXT,
    actor           TEXT    NOT NULL,                     -- user id
    acted_at        TEXT    NOT NULL,
    PRIMARY KEY (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter, review_position),
    FOREIGN KEY (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter)
        REFERENCES quarter_reports (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter)
        ON DELETE CASCADE
) STRICT;

-- Evidence attached to a report. The bytes live in the content-addressed file
-- store under their SHA-256; the same file may be attached more than once.
CREATE TABLE evidence_files (
    organization_id TEXT    NOT NULL,
    evidence_id     TEXT    NOT NULL,                     -- UUID v4
    plan_id         TEXT    NOT NULL,
    dimension_no    INTEGER NOT NULL,
    item_no         INTEGER NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    quarter         INTEGER NOT NULL,
    file_name       TEXT    NOT NULL,                     -- as uploaded, path removed
    media_type      TEXT    NOT NULL,                     -- detected from the content
    size_bytes      INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256          TEXT    NOT NULL CHECK (length(sha256) = 64),
    uploaded_by     TEXT    NOT NULL,                     -- user id
    uploaded_at     TEXT    NOT NULL,
    PRIMARY KEY (organization_id, evidence_id),
    FOREIGN KEY (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter)
        REFERENCES quarter_reports (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter)
        ON DELETE CASCADE
) STRICT;

CREATE INDEX evidence_files_by_report
    ON evidence_files (organization_id, plan_id, dimension_no, item_no, fiscal_year, quarter);

-- The actual of a Part 1 target in a fiscal year, keyed by the indicator as
-- the plan writes it, so it survives a re-import of the same plan.
CREATE TABLE target_actuals (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    indicator       TEXT    NOT NULL,
    fiscal_year     INTEGER NOT NULL,                     -- BE
    value_text      TEXT    NOT NULL,                     -- a plain decimal: "85.47"
    note            TEXT,
    updated_by      TEXT    NOT NULL,                     -- user id
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (organization_id, indicator, fiscal_year)
) STRICT;
