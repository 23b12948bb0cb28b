//! Public report files (PDF, XLSX, CSV of the plan's reports) are built once
//! per version of the data they show and kept in a small bounded cache, and
//! no more of them are built at once than the machine has cores. Without
//! this, anyone could keep every core typesetting the same PDF by asking for
//! it over and over (with a new query string each time, past the page
//! cache).
//!
//! Hand-written over the `lru` crate: the need is a map with a size bound
//! plus a semaphore; the key carries the data version, so nothing is ever
//! invalidated by hand.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use lru::LruCache;
use sha2::{Digest, Sha256};
use tokio::sync::{OnceCell, Semaphore};

use crate::error::WebError;

/// The report files of a server.
#[derive(Clone)]
pub struct Renders {
    inner: Arc<Inner>,
}

struct Inner {
    slots: Semaphore,
    /// One cell per file: requests for a file being built wait on its cell
    /// instead of building it again.
    built: Mutex<LruCache<String, Arc<OnceCell<Bytes>>>>,
    builds: AtomicUsize,
}

impl Default for Renders {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Renders::new(cores, 64)
    }
}

impl std::fmt::Debug for Renders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renders")
            .field("builds", &self.builds())
            .finish_non_exhaustive()
    }
}

impl Renders {
    /// At most `at_once` builds at a time; `kept` files remembered.
    pub fn new(at_once: usize, kept: usize) -> Renders {
        Renders {
            inner: Arc::new(Inner {
                slots: Semaphore::new(at_once.max(1)),
                built: Mutex::new(LruCache::new(
                    NonZeroUsize::new(kept).unwrap_or(NonZeroUsize::MIN),
                )),
                builds: AtomicUsize::new(0),
            }),
        }
    }

    /// How many files were built (not served from the cache) so far.
    pub fn builds(&self) -> usize {
        self.inner.builds.load(Ordering::Relaxed)
    }

    fn cell(&self, key: String) -> Result<Arc<OnceCell<Bytes>>, WebError> {
        let mut built = self
            .inner
            .built
            .lock()
            .map_err(|_| WebError::Internal("report cache poisoned".into()))?;
        Ok(built.get_or_insert(key, Default::default).clone())
    }

    /// The file under `key` (which must name the data's version, see
    /// [`data_version`]): kept, or built by `build` on the blocking pool in
    /// one of the slots. Requests for the same file while it is being built
    /// wait for that build.
    pub async fn get_or_build<E: std::fmt::Display + Send + 'static>(
        &self,
        key: String,
        build: impl FnOnce() -> Result<Vec<u8>, E> + Send + 'static,
    ) -> Result<Bytes, WebError> {
        let cell = self.cell(key)?;
        let bytes = cell
            .get_or_try_init(|| async {
                let _slot = self
                    .inner
                    .slots
                    .acquire()
                    .await
                    .map_err(|e| WebError::Internal(e.to_string()))?;
                self.inner.builds.fetch_add(1, Ordering::Relaxed);
                let bytes = tokio::task::spawn_blocking(build)
                    .await
                    .map_err(|e| WebError::Internal(format!("report task: {e}")))?
                    .map_err(|e| WebError::Internal(format!("report: {e}")))?;
                Ok::<_, WebError>(Bytes::from(bytes))
            })
            .await?;
        Ok(bytes.clone())
    }
}

/// A short fingerprint of everything a file shows (serialised), for its key.
pub fn data_version(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    sujarit_service::passwords::hex(&hasher.finalize()[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_file_is_built_once_per_version_however_many_ask() {
        let renders = Renders::new(2, 8);
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let asks: Vec<_> = (0..40)
            .map(|i| {
                let renders = renders.clone();
                let (running, peak) = (running.clone(), peak.clone());
                // Two versions of the data, asked for 20 times each.
                let key = format!("org/monitoring.pdf/{}", i % 2);
                tokio::spawn(async move {
                    renders
                        .get_or_build(key, move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            peak.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            running.fetch_sub(1, Ordering::SeqCst);
                            Ok::<_, String>(vec![(i % 2) as u8])
                        })
                        .await
                        .unwrap()
                })
            })
            .collect();
        for (i, ask) in asks.into_iter().enumerate() {
            assert_eq!(ask.await.unwrap().as_ref(), [(i % 2) as u8]);
        }
        assert_eq!(renders.builds(), 2, "one build per version");
        assert!(peak.load(Ordering::SeqCst) <= 2);
    }

    #[tokio::test]
    async fn the_cache_is_bounded() {
        let renders = Renders::new(1, 2);
        for key in ["a", "b", "c", "a"] {
            renders
                .get_or_build(key.to_owned(), || Ok::<_, String>(vec![0]))
                .await
                .unwrap();
        }
        assert_eq!(renders.builds(), 4, "a was dropped when c came");
    }

    #[test]
    fn versions_differ_with_their_data() {
        assert_eq!(data_version(&[b"a", b"b"]), data_version(&[b"a", b"b"]));
        assert_ne!(data_version(&[b"ab", b""]), data_version(&[b"a", b"b"]));
    }
}
