-- Search (issue 13). Kept in step with ../sqlite/0015_search.sql (see there):
-- the same segmented text, as a 'simple' tsvector (no stemming, no stop
-- words: the words are Sujarit's segmenter's) with a GIN index.
CREATE TABLE search_documents (
    organization_id TEXT     NOT NULL REFERENCES organizations (organization_id),
    kind            TEXT     NOT NULL
        CHECK (kind IN ('plan_item', 'disclosure', 'progress', 'complaint')),
    doc_key         TEXT     NOT NULL,
    title           TEXT     NOT NULL,
    excerpt         TEXT     NOT NULL,
    public          BOOLEAN  NOT NULL,
    words           TSVECTOR NOT NULL,
    PRIMARY KEY (organization_id, kind, doc_key)
);

CREATE INDEX search_documents_words ON search_documents USING GIN (words);

CREATE TABLE search_state (
    organization_id TEXT        NOT NULL REFERENCES organizations (organization_id),
    kind            TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    indexed_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, kind)
);
