//! Cleaning in a child process (`sujarit clean-file <media type>`), so that a
//! parser's crash, endless loop or runaway allocation on a hostile file ends
//! the child, not the server. The child gets the file on its standard input
//! and answers with the cleaned file on its standard output (exit 0), or
//! with an [`Uncleanable`]'s Thai sentence on its standard error (exit 2).
//! Anything else (a signal, another exit code, the wall-clock timeout, an
//! answer too large) is [`Uncleanable::Failed`].

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use sujarit_core::files::Uncleanable;
use sujarit_store::files::FileError;

/// The child's address space (`RLIMIT_AS`): the PDF and office budgets
/// (64 and 256 MiB inflated) with room for the parsed document and the copy
/// written out, and the binary itself.
pub const MEMORY_BYTES: u64 = 1024 * 1024 * 1024;
/// The child's processor time (`RLIMIT_CPU`); a clean of a 20 MB file takes
/// well under a second.
pub const CPU_SECONDS: u64 = 20;
/// How long the parent waits for the child before killing it (a child
/// blocked without using the processor is not stopped by `RLIMIT_CPU`).
pub const WALL_SECONDS: u64 = 30;
/// A test-only switch, honoured by the `clean-file` subcommand only (never
/// by the server): `memory` makes the child allocate past [`MEMORY_BYTES`],
/// so that tests can show the limit ends the child and the parent refuses
/// the file and carries on. It harms nothing but that one child.
pub const TEST_HOG_ENV: &str = "SUJARIT_CLEAN_FILE_TEST_HOG";

/// The cleaned file (or why not) from the child; `Err` only when the child
/// cannot be started at all (the server's fault, not the file's). Blocking:
/// runs on the blocking pool (std's process API, with threads for the pipes
/// and a polled deadline, so Tokio's `process` feature is not needed).
pub(super) fn clean_in_child(
    program: &Path,
    args_prefix: &[String],
    media_type: &str,
    bytes: Vec<u8>,
) -> Result<Result<Vec<u8>, Uncleanable>, FileError> {
    let mut command = Command::new(program);
    command
        .args(args_prefix)
        .arg(media_type)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit_child(&mut command);
    let mut child = command.spawn().map_err(FileError::Io)?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(FileError::Io(std::io::Error::other("child pipes missing")));
    };
    // A cleaned file is about as large as the original; much more is not a
    // cleaned file, and is not read into the server's memory.
    let most = bytes.len() as u64 * 2 + 1024 * 1024;
    let feed = thread::spawn(move || {
        // The child may stop reading (crashed, refused early): not an error here.
        let _ = stdin.write_all(&bytes);
    });
    let read_out = thread::spawn(move || read_at_most(stdout, most + 1));
    let read_err = thread::spawn(move || read_at_most(stderr, 64 * 1024));

    let deadline = Instant::now() + Duration::from_secs(WALL_SECONDS);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let _ = feed.join();
    let out = read_out.join().ok().flatten();
    let err = read_err.join().ok().flatten().unwrap_or_default();
    Ok(match (status, out) {
        (None, _) => {
            tracing::warn!("cleaning a file: the child process ran out of time and was killed");
            Err(Uncleanable::Failed)
        }
        (Some(status), Some(out)) if status.success() && out.len() as u64 <= most => Ok(out),
        (Some(status), _) if status.code() == Some(2) => {
            let said = String::from_utf8_lossy(&err);
            let said = said.trim();
            Err(Uncleanable::ALL
                .into_iter()
                .find(|why| why.to_string() == said)
                .unwrap_or(Uncleanable::Failed))
        }
        (Some(status), _) => {
            tracing::warn!(%status, "cleaning a file in the child process failed");
            Err(Uncleanable::Failed)
        }
    })
}

/// Up to `most` bytes of a pipe, read to its end (what is over is left
/// unread, and the child blocks or dies on it); None if reading failed.
fn read_at_most(pipe: impl Read, most: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    pipe.take(most).read_to_end(&mut out).ok()?;
    Some(out)
}

/// Limits set in the child between fork and exec: its memory, processor
/// time, and no core file (which would hold the complainant's file).
#[cfg(unix)]
fn limit_child(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // A macro, not a function: the resource's type differs between libcs.
    macro_rules! set_limit {
        ($resource:expr, $value:expr) => {{
            let limit = libc::rlimit {
                rlim_cur: $value as libc::rlim_t,
                rlim_max: $value as libc::rlim_t,
            };
            // SAFETY: a plain system call with a pointer to a local value.
            if unsafe { libc::setrlimit($resource, &limit) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }};
    }
    let limits = || {
        set_limit!(libc::RLIMIT_AS, MEMORY_BYTES);
        set_limit!(libc::RLIMIT_CPU, CPU_SECONDS);
        set_limit!(libc::RLIMIT_CORE, 0);
        Ok(())
    };
    // SAFETY: the closure runs in the forked child before exec and calls
    // only setrlimit, which is async-signal-safe; it allocates nothing.
    unsafe {
        command.pre_exec(limits);
    }
}

/// No rlimits elsewhere: the wall-clock timeout still applies.
#[cfg(not(unix))]
fn limit_child(_: &mut Command) {}
