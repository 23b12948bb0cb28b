-- Sujarit schema for PostgreSQL. Kept in step with ../sqlite/0001_plans.sql:
-- same tables, same columns, same keys; only the column types differ.
--
-- Rules for every table:
-- * organization_id is the first column of the primary key, so the database
--   can be distributed by organisation with Citus (create_distributed_table on
--   organization_id; organizations itself, with its installation-wide unique
--   slug, becomes a reference table);
-- * money is BIGINT satang, never a float;
-- * every integer is BIGINT so both backends bind the same Rust type (i64);
-- * lists keep the document's order in an explicit *_position column (1-based);
-- * *_line is the line in the source document, NULL when unknown;
-- * dates are DATE in CE, timestamps TIMESTAMPTZ.

CREATE TABLE organizations (
    organization_id TEXT NOT NULL,          -- UUID v4
    slug            TEXT NOT NULL UNIQUE,   -- URL-safe, unique per installation
    name            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id)
);

-- One row per imported version of an organisation's plan.
CREATE TABLE plans (
    organization_id            TEXT    NOT NULL REFERENCES organizations (organization_id),
    plan_id                    TEXT    NOT NULL,          -- UUID v4
    version                    BIGINT NOT NULL CHECK (version >= 1),
    is_current                 BOOLEAN NOT NULL,
    document_organization_name TEXT    NOT NULL,          -- the organisation as the document names it
    title                      TEXT    NOT NULL,
    first_fiscal_year          BIGINT NOT NULL,          -- BE
    last_fiscal_year           BIGINT NOT NULL,          -- BE
    source_file_name           TEXT    NOT NULL,
    source_sha256              TEXT    NOT NULL,          -- hex SHA-256 of the imported document
    imported_at                TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, plan_id),
    UNIQUE (organization_id, source_sha256),
    UNIQUE (organization_id, version)
);

-- At most one current version per organisation.
CREATE UNIQUE INDEX plans_one_current_per_organization ON plans (organization_id) WHERE is_current;

CREATE TABLE dimensions (
    organization_id   TEXT    NOT NULL,
    plan_id           TEXT    NOT NULL,
    dimension_no      BIGINT NOT NULL,
    position          BIGINT NOT NULL,
    name              TEXT    NOT NULL,
    stated_item_count BIGINT,                            -- "รวม จำนวน 13 โครงการ", when stated
    PRIMARY KEY (organization_id, plan_id, dimension_no),
    UNIQUE (organization_id, plan_id, position),
    FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, plan_id) ON DELETE CASCADE
);

-- The subtotal row of Part 2 per fiscal year, as the document states it.
CREATE TABLE dimension_stated_budgets (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    dimension_no    BIGINT NOT NULL,
    fiscal_year     BIGINT NOT NULL,                     -- BE
    amount_satang   BIGINT NOT NULL,
    PRIMARY KEY (organization_id, plan_id, dimension_no, fiscal_year),
    FOREIGN KEY (organization_id, plan_id, dimension_no)
        REFERENCES dimensions (organization_id, plan_id, dimension_no) ON DELETE CASCADE
);

CREATE TABLE missions (
    organization_id  TEXT    NOT NULL,
    plan_id          TEXT    NOT NULL,
    dimension_no     BIGINT NOT NULL,
    mission_position BIGINT NOT NULL,                    -- order within the dimension
    code             TEXT    NOT NULL,                    -- "1.1", "2.3", …
    name             TEXT    NOT NULL,
    PRIMARY KEY (organization_id, plan_id, dimension_no, mission_position),
    FOREIGN KEY (organization_id, plan_id, dimension_no)
        REFERENCES dimensions (organization_id, plan_id, dimension_no) ON DELETE CASCADE
);

-- Part 2 items (projects, activities, measures). An item is identified by its
-- own (dimension_no, item_no), the way the document refers to it ("2.19");
-- mission_dimension_no/mission_position say under which mission it is listed
-- (normally mission_dimension_no = dimension_no).
CREATE TABLE items (
    organization_id      TEXT    NOT NULL,
    plan_id              TEXT    NOT NULL,
    dimension_no         BIGINT NOT NULL,
    item_no              BIGINT NOT NULL,
    mission_dimension_no BIGINT NOT NULL,
    mission_position     BIGINT NOT NULL,
    position_in_mission  BIGINT NOT NULL,
    kind                 TEXT CHECK (kind IN ('project', 'activity', 'measure')),
    name                 TEXT    NOT NULL,
    source_line          BIGINT,
    PRIMARY KEY (organization_id, plan_id, dimension_no, item_no),
    UNIQUE (organization_id, plan_id, mission_dimension_no, mission_position, position_in_mission),
    FOREIGN KEY (organization_id, plan_id, mission_dimension_no, mission_position)
        REFERENCES missions (organization_id, plan_id, dimension_no, mission_position) ON DELETE CASCADE
);

CREATE TABLE item_budgets (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    dimension_no    BIGINT NOT NULL,
    item_no         BIGINT NOT NULL,
    fiscal_year     BIGINT NOT NULL,                     -- BE
    amount_satang   BIGINT NOT NULL,
    PRIMARY KEY (organization_id, plan_id, dimension_no, item_no, fiscal_year),
    FOREIGN KEY (organization_id, plan_id, dimension_no, item_no)
        REFERENCES items (organization_id, plan_id, dimension_no, item_no) ON DELETE CASCADE
);

-- Responsible units of an item, in the document's order.
CREATE TABLE item_units (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    dimension_no    BIGINT NOT NULL,
    item_no         BIGINT NOT NULL,
    unit_position   BIGINT NOT NULL,
    unit_name       TEXT    NOT NULL,
    PRIMARY KEY (organization_id, plan_id, dimension_no, item_no, unit_position),
    FOREIGN KEY (organization_id, plan_id, dimension_no, item_no)
        REFERENCES items (organization_id, plan_id, dimension_no, item_no) ON DELETE CASCADE
);

-- Part 3: the project form of an item. The *_json columns hold JSON arrays of
-- strings, in the document's order.
CREATE TABLE item_forms (
    organization_id  TEXT    NOT NULL,
    plan_id          TEXT    NOT NULL,
    dimension_no     BIGINT NOT NULL,
    item_no          BIGINT NOT NULL,
    form_name        TEXT    NOT NULL,                    -- field 1 as written in the form
    rationale        TEXT    NOT NULL,
    objectives_json  TEXT    NOT NULL,
    target_group     TEXT    NOT NULL,
    steps_json       TEXT    NOT NULL,
    duration         TEXT    NOT NULL,
    budget_text      TEXT    NOT NULL,
    responsible_text TEXT    NOT NULL,
    outputs_json     TEXT    NOT NULL,
    outcomes_json    TEXT    NOT NULL,
    source_line      BIGINT,
    match_confidence DOUBLE PRECISION    NOT NULL,                    -- 0–1, how sure the match to the Part 2 item is
    PRIMARY KEY (organization_id, plan_id, dimension_no, item_no),
    FOREIGN KEY (organization_id, plan_id, dimension_no, item_no)
        REFERENCES items (organization_id, plan_id, dimension_no, item_no) ON DELETE CASCADE
);

-- Part 1: the corruption-risk table.
CREATE TABLE risks (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    risk_position   BIGINT NOT NULL,
    risk_order      BIGINT NOT NULL,                     -- the row number as the document writes it
    process_step    TEXT    NOT NULL,
    risk_issues     TEXT    NOT NULL,
    risk_level      TEXT    NOT NULL,
    controls        TEXT    NOT NULL,
    source_line     BIGINT,
    PRIMARY KEY (organization_id, plan_id, risk_position),
    FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, plan_id) ON DELETE CASCADE
);

-- Part 1: the target table, one row per indicator ...
CREATE TABLE targets (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    target_position BIGINT NOT NULL,
    indicator       TEXT    NOT NULL,
    source_line     BIGINT,
    PRIMARY KEY (organization_id, plan_id, target_position),
    FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, plan_id) ON DELETE CASCADE
);

-- ... and its value per fiscal year.
CREATE TABLE target_values (
    organization_id TEXT    NOT NULL,
    plan_id         TEXT    NOT NULL,
    target_position BIGINT NOT NULL,
    fiscal_year     BIGINT NOT NULL,                     -- BE
    value_text      TEXT    NOT NULL,                     -- as written: "ร้อยละ 10"
    value_number    BIGINT,                              -- the number in it, when there is one
    PRIMARY KEY (organization_id, plan_id, target_position, fiscal_year),
    FOREIGN KEY (organization_id, plan_id, target_position)
        REFERENCES targets (organization_id, plan_id, target_position) ON DELETE CASCADE
);

-- The proclamation adopting the plan (at most one per plan version).
CREATE TABLE proclamations (
    organization_id    TEXT NOT NULL,
    plan_id            TEXT NOT NULL,
    title              TEXT NOT NULL,
    date_text          TEXT NOT NULL,                     -- as written: "๒๗ กันยายน พ.ศ. ๒๕๖๕"
    proclaimed_on      DATE,                              -- CE, when the written date could be read
    signatory          TEXT NOT NULL,
    signatory_position TEXT NOT NULL,
    source_line        BIGINT,
    PRIMARY KEY (organization_id, plan_id),
    FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, plan_id) ON DELETE CASCADE
);

-- One fiscal year's E-PlanNACC table from the annex.
CREATE TABLE schedules (
    organization_id            TEXT    NOT NULL,
    plan_id                    TEXT    NOT NULL,
    schedule_position          BIGINT NOT NULL,
    fiscal_year                BIGINT NOT NULL,          -- BE
    stated_total_budget_satang BIGINT,
    -- Ticks per quarter in the total row, as stated: all four or none.
    stated_q1_count            BIGINT,
    stated_q2_count            BIGINT,
    stated_q3_count            BIGINT,
    stated_q4_count            BIGINT,
    data_date_text             TEXT,                      -- "ข้อมูล ณ วันที่ …", as written
    issuer                     TEXT,
    source_line                BIGINT,
    PRIMARY KEY (organization_id, plan_id, schedule_position),
    CHECK ((stated_q1_count IS NULL) = (stated_q2_count IS NULL)
       AND (stated_q1_count IS NULL) = (stated_q3_count IS NULL)
       AND (stated_q1_count IS NULL) = (stated_q4_count IS NULL)),
    FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, plan_id) ON DELETE CASCADE
);

CREATE TABLE schedule_rows (
    organization_id      TEXT    NOT NULL,
    plan_id              TEXT    NOT NULL,
    schedule_position    BIGINT NOT NULL,
    row_position         BIGINT NOT NULL,
    row_order            BIGINT NOT NULL,                -- the row number as the document writes it
    -- The Part 2 item the row was matched to; both NULL when unmatched.
    matched_dimension_no BIGINT,
    matched_item_no      BIGINT,
    name                 TEXT    NOT NULL,
    dimension_no         BIGINT,                         -- the dimension the row states, if any
    budget_satang        BIGINT NOT NULL,
    quarters_json        TEXT    NOT NULL,                -- JSON array of the quarters (1–4) ticked
    match_confidence     DOUBLE PRECISION    NOT NULL,
    source_line          BIGINT,
    PRIMARY KEY (organization_id, plan_id, schedule_position, row_position),
    CHECK ((matched_dimension_no IS NULL) = (matched_item_no IS NULL)),
    FOREIGN KEY (organization_id, plan_id, schedule_position)
        REFERENCES schedules (organization_id, plan_id, schedule_position) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, plan_id, matched_dimension_no, matched_item_no)
        REFERENCES items (organization_id, plan_id, dimension_no, item_no)
);

CREATE INDEX schedule_rows_by_matched_item
    ON schedule_rows (organization_id, plan_id, matched_dimension_no, matched_item_no);

-- Disagreements found while importing. The item reference is informative and
-- deliberately has no foreign key: a finding may name an item that is missing.
CREATE TABLE findings (
    organization_id   TEXT    NOT NULL,
    plan_id           TEXT    NOT NULL,
    finding_position  BIGINT NOT NULL,
    code              TEXT    NOT NULL,                   -- FindingCode::as_str
    severity          TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    fiscal_year       BIGINT,                            -- BE
    item_dimension_no BIGINT,
    item_no           BIGINT,
    source_line       BIGINT,
    message           TEXT    NOT NULL,
    expected          TEXT,
    found             TEXT,
    PRIMARY KEY (organization_id, plan_id, finding_position),
    CHECK ((item_dimension_no IS NULL) = (item_no IS NULL)),
    FOREIGN KEY (organization_id, plan_id) REFERENCES plans (organization_id, plan_id) ON DELETE CASCADE
);
