//! `sujarit serve` refuses bad settings in Thai before it touches the
//! database.

use crate::support::sujarit;

#[test]
fn bad_serve_settings_stop_the_server_before_the_database() {
    let dir = sujarit_testkit::TempDir::new("sujarit-serve-settings");
    let database = format!("sqlite://{}", dir.path().join("never.db").display());
    let key_file = dir.path().join("keys.txt");
    let cases: [(&[&str], &str); 3] = [
        (&["--trusted-proxy", "10.0.0.0/33"], "--trusted-proxy"),
        (
            &["--public-url", "ftp://sujarit.example.go.th"],
            "--public-url",
        ),
        (
            &["--smtp-url", "smtp://mail.example.go.th:587"],
            "tls=required",
        ),
    ];
    for (settings, named) in cases {
        let mut args = vec![
            "--database",
            &database,
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--key-file",
            key_file.to_str().unwrap(),
        ];
        args.extend_from_slice(settings);
        let out = sujarit(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{settings:?}: {stderr}");
        assert!(stderr.contains("ข้อผิดพลาด"), "{stderr}");
        assert!(stderr.contains(named), "{stderr}");
        assert!(!dir.path().join("never.db").exists(), "{settings:?}");
    }
}
