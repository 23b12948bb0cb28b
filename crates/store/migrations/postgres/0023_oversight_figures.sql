-- Each LAO's figures per fiscal year for the overseers and the public
-- comparison pages (issue 15), computed from its own records by
-- sujarit_service::oversight and replaced whole on each refresh. The
-- figures are sujarit_core::oversight::Figures as JSON: every field is a
-- count, so roll-ups add them up exactly. Kept in step with the other
-- database's 0023_oversight_figures.sql.
CREATE TABLE organization_figures (
    organization_id TEXT   NOT NULL REFERENCES organizations (organization_id),
    fiscal_year     BIGINT NOT NULL,
    figures_json    TEXT   NOT NULL,
    -- What the figures were computed from (a hash of the LAO's change
    -- markers), so a refresh can skip an LAO whose records did not move.
    source_mark     TEXT   NOT NULL,
    computed_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, fiscal_year)
);
