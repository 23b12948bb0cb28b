-- Search (issue 14): the risk register's entries and the internal measures
-- become searchable kinds (see ../sqlite/0021_search_registers.sql).
ALTER TABLE search_documents DROP CONSTRAINT search_documents_kind_check;
ALTER TABLE search_documents ADD CONSTRAINT search_documents_kind_check
    CHECK (kind IN ('plan_item', 'disclosure', 'progress', 'complaint', 'risk', 'measure'));
