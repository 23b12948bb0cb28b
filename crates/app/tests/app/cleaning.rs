//! Complainants' files cleaned in a child process (`sujarit clean-file`):
//! the cleaned file comes back, a refusal comes back in Thai, and a child
//! that goes past its memory limit is stopped while the parent (the
//! server) carries on and refuses the file.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sujarit_core::files::{FileRefusal, Uncleanable};
use sujarit_service::activities::store_activity_file;
use sujarit_service::complaints::cleaning::{self, Cleaner};
use sujarit_store::files::{FileError, FileStore};
use sujarit_testkit::temp_sqlite;

use crate::support::Server;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A tiny JPEG with an EXIF segment naming a place and its owner.
fn jpeg_with_exif() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let exif = b"Exif\0\0GPS 8.43N 99.96E Somchai";
    bytes.extend([0xFF, 0xE1, 0x00, (exif.len() + 2) as u8]);
    bytes.extend(exif);
    bytes.extend([0xFF, 0xD9]);
    bytes
}

const OLD_WORD: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 Author Somchai";

fn child() -> Cleaner {
    Cleaner::ChildProcess {
        program: PathBuf::from(env!("CARGO_BIN_EXE_sujarit")),
        args_prefix: vec!["clean-file".into()],
    }
}

/// The child started through env(1) with the test-only switch set, so that
/// nothing else in this test binary sees it.
fn hog_child() -> Cleaner {
    Cleaner::ChildProcess {
        program: PathBuf::from("/usr/bin/env"),
        args_prefix: vec![
            format!("{}=memory", cleaning::TEST_HOG_ENV),
            env!("CARGO_BIN_EXE_sujarit").into(),
            "clean-file".into(),
        ],
    }
}

fn why(result: Result<Vec<u8>, FileError>) -> (Uncleanable, String) {
    match result {
        Err(FileError::Refused(refusal @ FileRefusal::NotCleanable { why, .. })) => {
            (why, refusal.to_string())
        }
        other => panic!("expected a refusal, got {:?}", other.map(|b| b.len())),
    }
}

#[tokio::test]
async fn the_child_process_cleans_a_file_and_words_its_refusals() {
    let cleaned = child()
        .clean("หลุม.jpg", "image/jpeg", jpeg_with_exif())
        .await
        .expect("cleaned");
    assert!(cleaned.starts_with(&[0xFF, 0xD8]) && contains(&cleaned, b"JFIF"));
    assert!(!contains(&cleaned, b"Somchai"), "EXIF gone");

    let (why, message) = why(child()
        .clean("งบ.doc", "application/msword", OLD_WORD.to_vec())
        .await);
    assert_eq!(
        why,
        Uncleanable::OldOffice,
        "read back from the child's stderr"
    );
    assert!(message.contains("\"งบ.doc\" ทำความสะอาดไม่ได้"), "{message}");
}

#[tokio::test]
async fn a_child_past_its_memory_limit_is_stopped_and_the_file_refused() {
    let started = Instant::now();
    let (why, message) = why(hog_child()
        .clean("หลุม.jpg", "image/jpeg", jpeg_with_exif())
        .await);
    assert_eq!(why, Uncleanable::Failed);
    assert!(message.contains("\"หลุม.jpg\" ทำความสะอาดไม่ได้"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(cleaning::WALL_SECONDS),
        "stopped by the memory limit, not the timeout: {:?}",
        started.elapsed()
    );
    // The parent carries on: the next file is cleaned.
    assert!(
        child()
            .clean("a.jpg", "image/jpeg", jpeg_with_exif())
            .await
            .is_ok()
    );
}

/// Staff uploads (activity photos and materials) are cleaned by the same
/// child (security review L8: a hostile PDF a member of staff uploads must
/// not end the server either). A child that dies on a file, here past its
/// memory limit, refuses that file in Thai and stores nothing; a healthy
/// child cleans the next one.
#[tokio::test]
async fn a_staff_upload_is_cleaned_in_the_child_and_refused_when_the_child_dies() {
    let dir = sujarit_testkit::TempDir::new("staff-upload");
    let files = FileStore::new(dir.path());
    let upload = |cleaner: Cleaner, name: &'static str| {
        let files = files.clone();
        async move {
            // As the upload handler does: spooled to disk as it arrives.
            let mut spool = files.spool(name).await.expect("a spool");
            spool.write(&jpeg_with_exif()).await.expect("spooled");
            store_activity_file(&files, &cleaner, spool, "staff").await
        }
    };
    match upload(hog_child(), "หลุม.jpg").await {
        Err(FileError::Refused(
            refusal @ FileRefusal::NotCleanable {
                why: Uncleanable::Failed,
                ..
            },
        )) => assert!(
            refusal.to_string().contains("\"หลุม.jpg\" ทำความสะอาดไม่ได้"),
            "{refusal}"
        ),
        other => panic!("expected a refusal, got {:?}", other.map(|f| f.file_name)),
    }
    let stored_files = || walk(dir.path()).into_iter().filter(|p| p.is_file()).count();
    assert_eq!(stored_files(), 0, "nothing stored of a refused file");

    let stored = upload(child(), "a.jpg").await.expect("stored");
    let bytes = files.read(&stored.sha256).await.unwrap().expect("the file");
    assert!(
        bytes.starts_with(&[0xFF, 0xD8]) && !contains(&bytes, b"Somchai"),
        "EXIF gone"
    );
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}

/// A multipart filing of a general complaint with one attachment.
fn file_with_attachment(server: &Server, file_name: &str, bytes: &[u8]) -> (u16, String) {
    let boundary = "sujarit-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in [
        ("category", "waste"),
        ("subject", "ขยะไม่ได้จัดเก็บ"),
        ("details", "รถเก็บขยะไม่มาสามวันแล้ว"),
    ] {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .unwrap();
    body.extend(bytes);
    write!(body, "\r\n--{boundary}--\r\n").unwrap();
    let authority = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "POST /o/demo/complaints/new/general HTTP/1.1\r\nHost: {authority}\r\nOrigin: {}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        server.base,
        body.len()
    )
    .unwrap();
    stream.write_all(&body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response)
}

/// The server cleans in `sujarit clean-file` children: with the test switch
/// in its environment every child runs out of memory, and the server
/// refuses the file with the Thai message and keeps serving.
#[test]
fn the_server_cleans_in_a_child_and_survives_one_that_runs_away() {
    let (url, path) = temp_sqlite();
    let server = Server::start_with_env(&url, &["--demo"], &[(cleaning::TEST_HOG_ENV, "memory")]);
    let (status, page) = file_with_attachment(&server, "หลุม.jpg", &jpeg_with_exif());
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("ทำความสะอาดไม่ได้"), "{page}");
    assert!(page.contains(&Uncleanable::Failed.to_string()), "{page}");
    assert_eq!(server.get("/healthz").0, 200, "the server is still there");
    drop(server);
    sujarit_testkit::remove_sqlite(&path);

    // Without the switch the same file is filed.
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let (status, page) = file_with_attachment(&server, "หลุม.jpg", &jpeg_with_exif());
    assert!(matches!(status, 200 | 201 | 303), "{status}: {page}");
    assert!(!page.contains("ทำความสะอาดไม่ได้"), "{page}");
    drop(server);
    sujarit_testkit::remove_sqlite(&path);
}
