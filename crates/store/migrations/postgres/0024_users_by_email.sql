-- A login that names no organisation finds the e-mail's one organisation
-- (issue 15). Also a correction to 0022's note: under Citus,
-- organization_directory (small, read across organisations by province) is
-- a reference table like organizations, not a distributed one (see
-- ARCHITECTURE.md, "Distributing by organisation").
CREATE INDEX users_by_email ON users (email);
