//! Search (issue 13): the [`SearchStore`] contract, implemented once for both
//! databases (`imp.rs`, SQL in `sql.rs`).
//!
//! The index is derived data, built by the store from the records it comes
//! from: the items of the current plan (name and project form), the
//! information centre (each item's contents and its current publications'
//! notes), published quarterly reports (their narrative), all public; and
//! general complaints (reference, subject and details), for staff only.
//! Never a corruption report (its content is sealed anyway), never a
//! complainant's contact or place. Every text is word-segmented by
//! [`sujarit_core::search::segment`] before it is written, and a query's
//! words come from the same segmenter ([`sujarit_core::search::Query`]).
//!
//! Keeping it current: each kind of document keeps a fingerprint of its
//! records (counts and latest change times, `search_state`);
//! [`SearchStore::refresh_search_index`] compares them and rebuilds, in one
//! transaction, only the kinds whose records changed since. The server calls
//! it at start and before each search; `sujarit search reindex` rebuilds
//! everything ([`SearchStore::rebuild_search_index`]). So no write path of
//! another feature has to remember the index.

mod imp;
mod sql;

use crate::Result;
use async_trait::async_trait;
use sujarit_core::search::{Query, SearchKind, SearchScope, excerpt, segment};

/// The characters of a result's excerpt.
pub const EXCERPT_CHARS: usize = 240;

/// One document of the index, its text already segmented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchDocument {
    pub kind: SearchKind,
    /// What the kind's page is found by: "2.19", "2568/O1", "2568/2/2.19",
    /// a complaint's id.
    pub key: String,
    /// As written, for the list of results.
    pub title: String,
    /// The start of the text, as written.
    pub excerpt: String,
    pub title_words: String,
    pub body_words: String,
    /// Whether the public may find it.
    pub public: bool,
}

impl SearchDocument {
    /// A document of `title` and `body`, segmented here.
    pub fn new(kind: SearchKind, key: String, title: String, body: &str) -> SearchDocument {
        SearchDocument {
            kind,
            title_words: segment(&title),
            body_words: segment(body),
            excerpt: excerpt(body, EXCERPT_CHARS),
            title,
            key,
            public: kind.public(),
        }
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub key: String,
    pub title: String,
    pub excerpt: String,
}

/// One page of results, best first, and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: u64,
}

#[async_trait]
pub trait SearchStore: Send + Sync + 'static {
    /// Adds or replaces one document (by organisation, kind and key).
    async fn index_document(&self, organization_id: &str, document: &SearchDocument) -> Result<()>;

    /// The documents of `scope` with all of the query's words, best first
    /// (FTS5's bm25 on SQLite, `ts_rank` on PostgreSQL; a word in the title
    /// weighs more), `limit` from `offset`.
    async fn search(
        &self,
        organization_id: &str,
        query: &Query,
        scope: SearchScope,
        limit: u32,
        offset: u32,
    ) -> Result<SearchResults>;

    /// Rebuilds the kinds whose records changed since they were indexed;
    /// the number of documents written (0: the index was current).
    async fn refresh_search_index(&self, organization_id: &str) -> Result<usize>;

    /// Rebuilds every kind of the organisation's index; the number of
    /// documents written.
    async fn rebuild_search_index(&self, organization_id: &str) -> Result<usize>;
}
