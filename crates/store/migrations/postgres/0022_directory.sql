-- The directory of LAOs and the overseers (issue 15). Kept in step with
-- ../sqlite/0022_directory.sql.
--
-- One row per organisation in the directory (a one-LAO installation may have
-- none). The areas themselves (provinces, districts, sub-districts) are not
-- tables: they are shipped with the binary (sujarit_core::directory::areas),
-- so the codes here are checked by the code that writes them. Under Citus
-- this is a distributed table like every other (organization_id first).
CREATE TABLE organization_directory (
    organization_id   TEXT NOT NULL REFERENCES organizations (organization_id),
    kind              TEXT NOT NULL CHECK (kind IN ('pao', 'city_municipality',
                          'town_municipality', 'subdistrict_municipality', 'sao', 'special',
                          'provincial_office', 'national_office')),
    province_code     TEXT,
    district_code     TEXT,
    sub_district_code TEXT,
    official_code     TEXT,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id),
    CHECK ((kind = 'national_office') = (province_code IS NULL))
);

-- The roll-ups read one province's LAOs, and the official code is unique
-- across the installation.
CREATE INDEX organization_directory_by_province
    ON organization_directory (province_code, district_code);
CREATE UNIQUE INDEX organization_directory_official_code
    ON organization_directory (official_code) WHERE official_code IS NOT NULL;

-- The overseers join the roles.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('administrator',
    'plan_coordinator', 'unit_officer', 'executive', 'auditor', 'complaint_officer',
    'integrity_officer', 'provincial_overseer', 'national_overseer'));
