-- The gift register under the No Gift Policy (issue 14, measure 2.4). Kept in
-- step with ../sqlite/0020_gifts.sql. The giver's name, the description and
-- the declarant are personal data: only staff pages show them; the public
-- report and the audit log carry none of them.

-- Who heads a unit (the supervisor who decides their unit members' gifts):
-- set by the administrator on the units page. One head per unit.
CREATE TABLE unit_heads (
    organization_id TEXT NOT NULL,
    unit_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    PRIMARY KEY (organization_id, unit_id),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);

-- The value one may accept by custom, per person per occasion (no row: the
-- default of the NACC announcement, 3,000 baht).
CREATE TABLE gift_settings (
    organization_id        TEXT    NOT NULL REFERENCES organizations (organization_id),
    permitted_value_satang BIGINT  NOT NULL CHECK (permitted_value_satang > 0),
    updated_by             TEXT    NOT NULL,
    updated_at TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id)
);

CREATE TABLE gift_declarations (
    organization_id        TEXT    NOT NULL,
    declaration_id         TEXT    NOT NULL,                  -- UUID v4
    declarant_id           TEXT    NOT NULL,
    unit_id                TEXT,                              -- the declarant's unit then
    fiscal_year            BIGINT  NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 3000),
    giver                  TEXT    NOT NULL,
    pending_work           BOOLEAN NOT NULL,
    pending_note           TEXT    NOT NULL,
    description            TEXT    NOT NULL,
    kind                   TEXT    NOT NULL CHECK (kind IN ('property', 'benefit')),
    value_satang           BIGINT  NOT NULL CHECK (value_satang >= 0),
    received_on            DATE    NOT NULL,
    occasion               TEXT    NOT NULL,
    decision               TEXT    NOT NULL CHECK (decision IN ('refused', 'returned', 'handed_over', 'kept_within_limit')),
    permitted_value_satang BIGINT  NOT NULL,
    declared_at TIMESTAMPTZ    NOT NULL,
    verdict                TEXT CHECK (verdict IN ('agree', 'order_return', 'order_hand_over')),
    verdict_note           TEXT,
    decided_by             TEXT,
    decided_at TIMESTAMPTZ,
    PRIMARY KEY (organization_id, declaration_id),
    FOREIGN KEY (organization_id, declarant_id) REFERENCES users (organization_id, user_id)
);
CREATE INDEX gift_declarations_by_year ON gift_declarations (organization_id, fiscal_year, received_on);

-- "ไม่มีการรับ" for a round (1: October–March, 2: April–September).
CREATE TABLE gift_nil_returns (
    organization_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    fiscal_year     BIGINT  NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 3000),
    round           BIGINT  NOT NULL CHECK (round IN (1, 2)),
    declared_at TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (organization_id, user_id, fiscal_year, round),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, user_id)
);
