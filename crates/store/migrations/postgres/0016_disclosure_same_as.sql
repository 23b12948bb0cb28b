-- One publication for two catalogue items (issue 13, item 9). Kept in step
-- with ../sqlite/0016_disclosure_same_as.sql, which says what the column means.
ALTER TABLE disclosure_items ADD COLUMN same_as TEXT;
