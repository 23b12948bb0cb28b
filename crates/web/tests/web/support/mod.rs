//! What the test modules share: the in-process HTTP client, the hand-built
//! plan and a seeded store with staff accounts.

pub mod client;
pub mod fixture;
pub mod seeded;
