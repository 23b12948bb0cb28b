//! What the test modules share beyond `sujarit-testkit` (the hand-built plan,
//! temporary folders, sample files): the in-process HTTP client and a seeded
//! store with staff accounts.

pub mod client;
pub mod seeded;
