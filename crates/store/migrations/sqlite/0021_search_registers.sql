-- Search (issue 14): the risk register's entries and the internal measures
-- become searchable kinds. SQLite cannot widen a CHECK in place; the search
-- tables hold derived data only (see 0015), so they are made again empty
-- and the server rebuilds them on the next search (no stored fingerprint).
DROP TABLE search_fts;
DROP TABLE search_documents;
DROP TABLE search_state;

CREATE TABLE search_documents (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    kind            TEXT    NOT NULL
        CHECK (kind IN ('plan_item', 'disclosure', 'progress', 'complaint', 'risk', 'measure')),
    doc_key         TEXT    NOT NULL,
    doc_id          INTEGER NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    excerpt         TEXT    NOT NULL,
    public          INTEGER NOT NULL CHECK (public IN (0, 1)),
    PRIMARY KEY (organization_id, kind, doc_key)
) STRICT;

CREATE VIRTUAL TABLE search_fts USING fts5(
    title,
    body,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

CREATE TABLE search_state (
    organization_id TEXT NOT NULL REFERENCES organizations (organization_id),
    kind            TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    indexed_at      TEXT NOT NULL,
    PRIMARY KEY (organization_id, kind)
) STRICT;
