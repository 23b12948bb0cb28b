//! `sujarit clean-file <media type>` (hidden): the server's cleaning child
//! process (`sujarit_service::complaints::cleaning::Cleaner::ChildProcess`).
//! Reads a complainant's file on standard input, writes it cleaned on
//! standard output (exit 0), or writes why it cannot be cleaned, in Thai, on
//! standard error (exit 2). The parent has set its memory and processor
//! limits; a parser that crashes or runs away ends only this process.

use std::io::{Read, Write};
use std::process::ExitCode;

use sujarit_core::files::Uncleanable;
use sujarit_service::complaints::cleaning;

pub fn run(media_type: &str) -> ExitCode {
    test_hog();
    let mut bytes = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut bytes).is_err() {
        return refuse(Uncleanable::Failed);
    }
    match cleaning::clean(media_type, &bytes) {
        Ok(cleaned) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(&cleaned).and_then(|()| out.flush()).is_err() {
                return refuse(Uncleanable::Failed);
            }
            ExitCode::SUCCESS
        }
        Err(why) => refuse(why),
    }
}

fn refuse(why: Uncleanable) -> ExitCode {
    eprintln!("{why}");
    ExitCode::from(2)
}

/// The test-only switch (`cleaning::TEST_HOG_ENV`), read here and nowhere
/// else: `memory` asks for more than the child's address-space limit (the
/// allocation fails and the process aborts). Tests use it to show that a
/// runaway child is stopped and its file refused.
fn test_hog() {
    if std::env::var(cleaning::TEST_HOG_ENV).as_deref() == Ok("memory") {
        let size = (cleaning::MEMORY_BYTES + (256 << 20)) as usize;
        let mut hog = vec![0u8; size];
        // Touch it, so that not even a lazy allocator lets it pass.
        for page in hog.chunks_mut(4096) {
            page[0] = 1;
        }
        std::hint::black_box(&hog);
    }
}
