-- The directory of LAOs and the overseers (issue 15). Kept in step with
-- ../postgres/0022_directory.sql; see that file for the why.
CREATE TABLE organization_directory (
    organization_id   TEXT NOT NULL REFERENCES organizations (organization_id),
    kind              TEXT NOT NULL CHECK (kind IN ('pao', 'city_municipality',
                          'town_municipality', 'subdistrict_municipality', 'sao', 'special',
                          'provincial_office', 'national_office')),
    province_code     TEXT,
    district_code     TEXT,
    sub_district_code TEXT,
    official_code     TEXT,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (organization_id),
    CHECK ((kind = 'national_office') = (province_code IS NULL))
) STRICT;

CREATE INDEX organization_directory_by_province
    ON organization_directory (province_code, district_code);
CREATE UNIQUE INDEX organization_directory_official_code
    ON organization_directory (official_code) WHERE official_code IS NOT NULL;

-- The overseers join the roles. SQLite changes a CHECK only by rebuilding
-- the table; foreign keys are off while migrations run (store::db::dialect),
-- so the tables naming users keep their rows and point at the new one.
CREATE TABLE users_new (
    organization_id      TEXT    NOT NULL REFERENCES organizations (organization_id),
    user_id              TEXT    NOT NULL,
    email                TEXT    NOT NULL,
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL CHECK (role IN ('administrator', 'plan_coordinator',
                                       'unit_officer', 'executive', 'auditor',
                                       'complaint_officer', 'integrity_officer',
                                       'provincial_overseer', 'national_overseer')),
    unit_id              TEXT,
    password_hash        TEXT    NOT NULL,
    active               INTEGER NOT NULL CHECK (active IN (0, 1)),
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    created_at           TEXT    NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    UNIQUE (organization_id, email),
    CHECK ((role = 'unit_officer') = (unit_id IS NOT NULL)),
    FOREIGN KEY (organization_id, unit_id) REFERENCES units (organization_id, unit_id)
) STRICT;

INSERT INTO users_new SELECT organization_id, user_id, email, display_name, role, unit_id,
    password_hash, active, must_change_password, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
