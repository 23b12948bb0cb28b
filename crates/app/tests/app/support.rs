use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

pub fn sujarit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sujarit"))
        .args(args)
        .env_remove("SUJARIT_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

/// Runs the binary on `database` with `stdin` piped in (`None`: an empty,
/// closed stdin), as a script pipes a password.
pub fn run_with_stdin(database: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sujarit"))
        .arg("--database")
        .arg(database)
        .args(args)
        .env_remove("SUJARIT_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sujarit-app-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `sujarit serve` on a free port; killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    /// Everything the server printed on stdout after its address line.
    output: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// The server's own working directory, removed with it.
    _cwd: sujarit_testkit::TempDir,
}

impl Server {
    pub fn start(database: &str, extra: &[&str]) -> Server {
        Server::start_with_env(database, extra, &[])
    }

    /// As [`Server::start`], with these environment variables set.
    pub fn start_with_env(database: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        // Its own working directory: evidence files land there, not in the repo.
        let cwd = sujarit_testkit::TempDir::new("sujarit-server");
        let mut child = Command::new(env!("CARGO_BIN_EXE_sujarit"))
            .current_dir(cwd.path())
            .args(["--database", database, "serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().expect("server prints its address").unwrap();
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("an http:// address")
            .trim_end_matches('/')
            .to_string();
        // Keep draining stdout so the server never blocks on a full pipe,
        // and keep what it says (the demo accounts' passwords).
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = output.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Server {
            child,
            base,
            output,
            _cwd: cwd,
        }
    }

    /// The first printed line that `matches`, waiting up to 10 s for it.
    pub fn printed_line(&self, matches: impl Fn(&str) -> bool) -> Option<String> {
        for _ in 0..100 {
            if let Some(line) = self.output.lock().unwrap().iter().find(|l| matches(l)) {
                return Some(line.clone());
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        None
    }

    /// A plain HTTP/1.1 GET: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let authority = self.base.trim_start_matches("http://");
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
        ))
    }

    /// A JSON POST from the server's own origin: (status, body).
    pub fn post_json(&self, path: &str, body: &str) -> (u16, String) {
        let authority = self.base.trim_start_matches("http://");
        self.send(&format!(
            "POST {path} HTTP/1.1\r\nHost: {authority}\r\nOrigin: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.base,
            body.len()
        ))
    }

    /// Sends `request` as it is and reads the whole response: (status, body).
    fn send(&self, request: &str) -> (u16, String) {
        let authority = self.base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(authority).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The store at `url` and the id of its demo organisation.
pub async fn demo_store(url: &str) -> (std::sync::Arc<dyn sujarit_store::Store>, String) {
    let store = sujarit_store::connect(url).await.unwrap();
    let org = store
        .organization_by_slug("demo")
        .await
        .unwrap()
        .expect("the demo organisation")
        .id;
    (store, org)
}
