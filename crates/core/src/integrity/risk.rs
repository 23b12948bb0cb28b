//! See the module's parent (`integrity`).
