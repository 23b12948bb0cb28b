//! The key file: the keys that seal complainants' contacts and corruption
//! reports, kept outside the database (a stolen database alone opens
//! nothing; a lost key file makes those fields unreadable for good).
//!
//! One key per line, `NAME HEX` (64 hex digits = 32 bytes); `#` starts a
//! comment. The **last** key is the current one: it seals; the others still
//! open what they sealed. The file is created on first use with owner-only
//! permissions (0600 on Unix), written to a temporary file, synced and
//! renamed, so a crash never leaves half a key.
//!
//! Back it up with the database backups, but store it apart from them.
//! Rotate with [`rotate`] (`sujarit keys rotate`): it appends a new key,
//! which seals from the next start on; keep the old lines.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use sujarit_core::sealed::{Keyring, SealingKey};

/// The default place, next to the default SQLite database.
pub const DEFAULT_PATH: &str = "./sujarit-keys.txt";

/// Why the key file cannot be used. `Display` is English for the log;
/// `sujarit_service::wording::key_file` words it in Thai for the operator.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read or write the key file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("key file {path}, line {line}: {problem:?}")]
    Malformed {
        path: PathBuf,
        line: usize,
        problem: LineProblem,
    },
    #[error("key file {path} holds no key")]
    Empty { path: PathBuf },
    #[error("key file {path} can be read by others (mode {mode:o}); chmod 600 it")]
    TooOpen { path: PathBuf, mode: u32 },
}

/// What is wrong with a line of the key file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineProblem {
    /// Not "name hex-key".
    NotTwoParts,
    /// The key is not 64 hexadecimal digits.
    NotAKey,
    /// The name was used on an earlier line.
    DuplicateName,
    /// The keys do not make a keyring (core's words; line 0).
    Keyring(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyFileError + '_ {
    move |source| KeyFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the key file, creating it with one fresh key when it does not exist.
/// The second value says whether it was created now.
pub fn load_or_create(path: &Path) -> Result<(Keyring, bool), KeyFileError> {
    if !path.exists() {
        write_atomically(
            path,
            &key_line(&fresh_name(&[]), &SealingKey::generate_bytes()),
        )?;
        return Ok((load(path)?, true));
    }
    Ok((load(path)?, false))
}

/// Reads an existing key file.
pub fn load(path: &Path) -> Result<Keyring, KeyFileError> {
    check_permissions(path)?;
    let text = fs::read_to_string(path).map_err(io(path))?;
    let keys = parse(path, &text)?;
    let Some(((current_name, current), older)) = keys.split_last() else {
        return Err(KeyFileError::Empty {
            path: path.to_path_buf(),
        });
    };
    let malformed = |why: String| KeyFileError::Malformed {
        path: path.to_path_buf(),
        line: 0,
        problem: LineProblem::Keyring(why),
    };
    let mut ring = Keyring::new(current_name, SealingKey::from_bytes(*current))
        .map_err(|e| malformed(e.to_string()))?;
    for (name, bytes) in older {
        ring = ring
            .with_old_key(name, SealingKey::from_bytes(*bytes))
            .map_err(|e| malformed(e.to_string()))?;
    }
    Ok(ring)
}

/// Appends a new current key and returns its name. Existing keys stay, so
/// everything sealed so far still opens.
pub fn rotate(path: &Path) -> Result<String, KeyFileError> {
    check_permissions(path)?;
    let text = fs::read_to_string(path).map_err(io(path))?;
    let names: Vec<String> = parse(path, &text)?.into_iter().map(|(n, _)| n).collect();
    let name = fresh_name(&names);
    let mut content = text;
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    content.push_str(&key_line(&name, &SealingKey::generate_bytes()));
    write_atomically(path, &content)?;
    Ok(name)
}

fn parse(path: &Path, text: &str) -> Result<Vec<(String, [u8; 32])>, KeyFileError> {
    let mut keys: Vec<(String, [u8; 32])> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let bad = |problem| KeyFileError::Malformed {
            path: path.to_path_buf(),
            line: index + 1,
            problem,
        };
        let mut parts = line.split_whitespace();
        let (Some(name), Some(hex_key), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad(LineProblem::NotTwoParts));
        };
        let bytes = hex::decode(hex_key)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad(LineProblem::NotAKey))?;
        if keys.iter().any(|(n, _)| n == name) {
            return Err(bad(LineProblem::DuplicateName));
        }
        keys.push((name.to_string(), bytes));
    }
    Ok(keys)
}

fn key_line(name: &str, bytes: &[u8; 32]) -> String {
    format!("{name} {}\n", hex::encode(bytes))
}

/// `k1`, `k2`, …: the first number no key uses.
fn fresh_name(taken: &[String]) -> String {
    (1..)
        .map(|n| format!("k{n}"))
        .find(|name| !taken.contains(name))
        .expect("an unused name")
}

#[cfg(unix)]
fn check_permissions(path: &Path) -> Result<(), KeyFileError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).map_err(io(path))?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::TooOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_: &Path) -> Result<(), KeyFileError> {
    Ok(())
}

/// Temp file (owner-only from the start), fsync, rename, fsync the folder.
fn write_atomically(path: &Path, content: &str) -> Result<(), KeyFileError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(folder).map_err(io(folder))?;
    let temp = folder.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map_or("keys".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let _ = fs::remove_file(&temp);
    let mut file = options.open(&temp).map_err(io(&temp))?;
    file.write_all(content.as_bytes()).map_err(io(&temp))?;
    file.sync_all().map_err(io(&temp))?;
    fs::rename(&temp, path).map_err(io(path))?;
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "sujarit-keyfile-{name}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir.join("keys.txt")
    }

    #[test]
    fn created_once_owner_only_and_rotation_keeps_old_keys_opening() {
        let path = temp_path("rotate");
        let (ring, created) = load_or_create(&path).unwrap();
        assert!(created);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let sealed = ring.seal(b"0812345678");
        let (again, created) = load_or_create(&path).unwrap();
        assert!(!created, "an existing file is never replaced");
        assert_eq!(again.open(&sealed).unwrap(), b"0812345678");

        assert_eq!(rotate(&path).unwrap(), "k2");
        let rotated = load(&path).unwrap();
        assert_eq!(rotated.current_key_name(), "k2");
        assert_eq!(rotated.open(&sealed).unwrap(), b"0812345678");
        let _ = fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn bad_files_are_refused_with_the_line() {
        let path = temp_path("bad");
        write_atomically(&path, "# keys\nk1 abcd\n").unwrap();
        let error = load(&path).unwrap_err();
        assert!(
            matches!(
                error,
                KeyFileError::Malformed {
                    line: 2,
                    problem: LineProblem::NotAKey,
                    ..
                }
            ),
            "{error}"
        );
        write_atomically(&path, "# nothing\n").unwrap();
        assert!(matches!(load(&path), Err(KeyFileError::Empty { .. })));
        let _ = fs::remove_dir_all(path.parent().unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let path = temp_path("open");
        load_or_create(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(load(&path), Err(KeyFileError::TooOpen { .. })));
        let _ = fs::remove_dir_all(path.parent().unwrap());
    }
}
