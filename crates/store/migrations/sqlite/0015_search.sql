-- Search (issue 13): an index of what may be searched, rebuilt from the
-- records it comes from (plan items, the information centre, published
-- progress, general complaints), never from a corruption report or a
-- complainant's contact. Its text is word-segmented by
-- sujarit_core::search::segment before it is written (Thai has no spaces
-- between words), so FTS5's unicode61 tokenizer only splits at the spaces
-- put there. Derived data: backups leave the search_ tables out, and the
-- server rebuilds what is missing or stale (search_state).

-- One document per record, keyed by organisation first; doc_id is the
-- row of search_fts holding its words.
CREATE TABLE search_documents (
    organization_id TEXT    NOT NULL REFERENCES organizations (organization_id),
    kind            TEXT    NOT NULL
        CHECK (kind IN ('plan_item', 'disclosure', 'progress', 'complaint')),
    doc_key         TEXT    NOT NULL,                     -- "2.19", "2568/O1", …
    doc_id          INTEGER NOT NULL UNIQUE,
    title           TEXT    NOT NULL,                     -- as written, for the results
    excerpt         TEXT    NOT NULL,                     -- the start of the text, as written
    public          INTEGER NOT NULL CHECK (public IN (0, 1)),
    PRIMARY KEY (organization_id, kind, doc_key)
) STRICT;

-- The segmented words; rowid = search_documents.doc_id. Marks (M*) are
-- word characters, so a Thai word is never split at its vowels.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title,
    body,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

-- What each kind of document was last built from (a fingerprint of its
-- records: counts and latest change times), so a search rebuilds only the
-- kinds whose records changed since.
CREATE TABLE search_state (
    organization_id TEXT NOT NULL REFERENCES organizations (organization_id),
    kind            TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    indexed_at      TEXT NOT NULL,
    PRIMARY KEY (organization_id, kind)
) STRICT;
