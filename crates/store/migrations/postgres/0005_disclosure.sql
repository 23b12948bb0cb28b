-- The public information centre: disclosure catalogues per fiscal year, their
-- items, and per item and period the owner override, publications (with
-- history), "not applicable" marks and the last link check. Kept in step with
-- ../sqlite/0005_disclosure.sql. Same rules as 0001 (organization_id first
-- in every key, timestamps TIMESTAMPTZ). 0004 is left to another module.
--
-- User ids (updated_by, published_by, marked_by) are plain text on purpose,
-- as in 0003: history must outlive an account.

-- One catalogue per organisation and fiscal year (BE).
CREATE TABLE disclosure_catalogues (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    fiscal_year     BIGINT NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 3000),
    title           TEXT    NOT NULL,
    description     TEXT,
    updated_by      TEXT,                                 -- user id; NULL: the system
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year)
);

-- The items of a catalogue, in catalogue order (item_position).
CREATE TABLE disclosure_items (
    organization_id  TEXT    NOT NULL,
    fiscal_year      BIGINT NOT NULL,
    code             TEXT    NOT NULL,                    -- "O1", "2.1.1-1"
    item_position    BIGINT NOT NULL CHECK (item_position >= 1),
    title            TEXT    NOT NULL,
    topic            TEXT    NOT NULL CHECK (topic IN ('basic_information', 'administration',
        'budget', 'human_resources', 'transparency', 'corruption_prevention', 'internal_measures')),
    subheading       TEXT,
    contents         TEXT    NOT NULL,
    cadence          TEXT    NOT NULL
        CHECK (cadence IN ('once', 'monthly', 'quarterly', 'six_monthly', 'yearly')),
    due_rule         TEXT    NOT NULL,                    -- "end+15", "fixed:31/12", …
    owner_unit       TEXT,                                -- unit name
    reconstructed    BOOLEAN NOT NULL,
    note             TEXT,
    generated_source TEXT,                                -- "plan", "monitoring_6m", …
    PRIMARY KEY (organization_id, fiscal_year, code),
    FOREIGN KEY (organization_id, fiscal_year)
        REFERENCES disclosure_catalogues (organization_id, fiscal_year) ON DELETE CASCADE
);

-- The unit responsible for one period instead of the item's default.
CREATE TABLE disclosure_owner_overrides (
    organization_id TEXT    NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    code            TEXT    NOT NULL,
    period          TEXT    NOT NULL,                     -- "once", "year", "h1", "q2", "m10"
    owner_unit      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year, code, period),
    FOREIGN KEY (organization_id, fiscal_year, code)
        REFERENCES disclosure_items (organization_id, fiscal_year, code) ON DELETE CASCADE
);

-- A period with nothing to publish, and why.
CREATE TABLE disclosure_not_applicable (
    organization_id TEXT    NOT NULL,
    fiscal_year     BIGINT NOT NULL,
    code            TEXT    NOT NULL,
    period          TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    marked_by       TEXT    NOT NULL,
    marked_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year, code, period),
    FOREIGN KEY (organization_id, fiscal_year, code)
        REFERENCES disclosure_items (organization_id, fiscal_year, code) ON DELETE CASCADE
);

-- Every publication of a period; a newer version supersedes, none is deleted.
-- No cascade from the item: the store refuses to remove an item that has
-- publications.
CREATE TABLE disclosure_publications (
    organization_id  TEXT    NOT NULL,
    publication_id   TEXT    NOT NULL,                    -- UUID v4
    fiscal_year      BIGINT NOT NULL,
    code             TEXT    NOT NULL,
    period           TEXT    NOT NULL,
    version          BIGINT NOT NULL CHECK (version >= 1),
    evidence_kind    TEXT    NOT NULL CHECK (evidence_kind IN ('file', 'link', 'generated')),
    file_sha256      TEXT    CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
    file_name        TEXT,
    media_type       TEXT,
    size_bytes       BIGINT CHECK (size_bytes IS NULL OR size_bytes > 0),
    link_url         TEXT,
    generated_source TEXT,
    note             TEXT,
    published_by     TEXT    NOT NULL,
    published_at     TIMESTAMPTZ NOT NULL,
    superseded_at    TIMESTAMPTZ,
    PRIMARY KEY (organization_id, publication_id),
    UNIQUE (organization_id, fiscal_year, code, period, version),
    CHECK ((evidence_kind = 'file') = (file_sha256 IS NOT NULL AND file_name IS NOT NULL
        AND media_type IS NOT NULL AND size_bytes IS NOT NULL)),
    CHECK ((evidence_kind = 'link') = (link_url IS NOT NULL)),
    CHECK ((evidence_kind = 'generated') = (generated_source IS NOT NULL)),
    FOREIGN KEY (organization_id, fiscal_year, code)
        REFERENCES disclosure_items (organization_id, fiscal_year, code)
);

CREATE INDEX disclosure_publications_by_period
    ON disclosure_publications (organization_id, fiscal_year, code, period, version);

-- The last check of a published link.
CREATE TABLE disclosure_link_checks (
    organization_id TEXT    NOT NULL,
    publication_id  TEXT    NOT NULL,
    checked_at      TIMESTAMPTZ NOT NULL,
    ok              BOOLEAN NOT NULL,
    http_status     BIGINT,                              -- NULL: no HTTP answer
    error_text      TEXT,
    PRIMARY KEY (organization_id, publication_id),
    FOREIGN KEY (organization_id, publication_id)
        REFERENCES disclosure_publications (organization_id, publication_id)
);
