-- One publication for two catalogue items (issue 13, item 9). Kept in step
-- with ../postgres/0016_disclosure_same_as.sql.
--
-- same_as: the code of another item of the same catalogue (same organisation
-- and fiscal year) whose publications stand for this one, period by period
-- (the OIT's "O1" and the plan's "2.1.1-1" ask for the same document). Core
-- checks the rules (the item exists, not itself, the same cadence, one step
-- and never a chain) before the store writes; NULL: the item's own.
ALTER TABLE disclosure_items ADD COLUMN same_as TEXT;
