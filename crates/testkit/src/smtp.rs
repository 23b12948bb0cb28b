//! A real SMTP server for the tests that send e-mail: aiosmtpd (Debian's
//! python3-aiosmtpd) writing what it receives to a Maildir, and the decoded
//! body of a message as lettre encodes Thai text.

/// A real SMTP server (aiosmtpd, Debian's python3-aiosmtpd) writing what it
/// receives to a Maildir; None (a note) when it is not installed, except in CI.
pub struct SmtpServer {
    child: std::process::Child,
    pub port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpServer {
    pub fn start(dir: &std::path::Path) -> Option<SmtpServer> {
        let python = "/usr/bin/python3";
        let available = std::process::Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must test e-mail: apt-get install python3-aiosmtpd"
            );
            eprintln!("หมายเหตุ: ไม่มี python3-aiosmtpd จึงข้ามการทดสอบอีเมล");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = dir.join("maildir");
        let mut child = std::process::Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
                maildir.to_str().unwrap(),
            ])
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(SmtpServer {
                    child,
                    port,
                    maildir,
                });
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start");
    }

    /// Every message received so far, as text.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for folder in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(folder)) {
                for entry in entries.flatten() {
                    out.push(
                        String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned(),
                    );
                }
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The decoded body of a message (lettre encodes Thai text).
pub fn decoded(message: &str) -> String {
    use base64::Engine;
    let (head, body) = message
        .split_once("\r\n\r\n")
        .or_else(|| message.split_once("\n\n"))
        .unwrap();
    if head.contains("Content-Transfer-Encoding: base64") {
        let cleaned: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(cleaned)
            .unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    } else if head.contains("quoted-printable") {
        let bytes = quoted_printable::decode(body, quoted_printable::ParseMode::Robust).unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        body.to_string()
    }
}
