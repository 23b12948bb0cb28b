//! The public pages in real headless Chromium (Debian's `chromium`), served by
//! the real binary with the demo plan.

use crate::support::*;
use std::process::Command;

/// Chromium, or None outside CI when it is not installed.
fn chromium() -> Option<&'static str> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests: install chromium"
        );
        eprintln!("หมายเหตุ: ไม่พบ chromium จึงข้ามการทดสอบในเบราว์เซอร์");
    }
    found
}

/// Runs headless Chromium with the flags this machine needs and a fresh profile.
fn run_chromium(binary: &str, args: &[&str]) -> String {
    let profile = std::env::temp_dir().join(format!("sujarit-chromium-{}", uuid::Uuid::new_v4()));
    let out = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_dir_all(profile);
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 DOM")
}

fn dom(binary: &str, url: &str) -> String {
    run_chromium(binary, &["--dump-dom", url])
}

#[test]
fn demo_plan_pages_render_in_chromium() {
    let Some(binary) = chromium() else { return };
    let (url, path) = temp_sqlite();
    let server = Server::start(&url, &["--demo"]);
    let base = &server.base;

    let home = dom(binary, &format!("{base}/"));
    assert!(
        home.contains("/o/demo"),
        "the home page links the demo organisation"
    );

    let overview = dom(binary, &format!("{base}/o/demo"));
    assert!(overview.contains("lang=\"th\""));
    assert!(overview.contains("เทศบาลนครนครศรีธรรมราช"));
    for text in [
        "การสร้างวัฒนธรรมสุจริต",
        "โครงการโรงเรียนคุณธรรม",
        "100,000",
        "750,000",
        "2570",
    ] {
        assert!(overview.contains(text), "overview shows {text}");
    }
    assert!(
        overview.contains("/o/demo/items/2.19"),
        "items link to their forms"
    );
    assert!(
        overview.contains("/o/demo/schedule/2566"),
        "the page links each year's schedule"
    );
    // Nothing is loaded from another host.
    for attr in ["src=\"http", "href=\"http"] {
        for (pos, _) in overview.match_indices(attr) {
            let rest = &overview[pos..];
            assert!(
                rest.contains(base.as_str()) && rest[attr.len() - 4..].starts_with(&base[..]),
                "external resource near {}",
                &rest[..rest.len().min(80)]
            );
        }
    }

    let schedule = dom(binary, &format!("{base}/o/demo/schedule/2569"));
    assert!(
        schedule.contains("750,100"),
        "2569's stated total is shown as written"
    );
    assert!(schedule.contains("โครงการประชุมสภาสัญจร"));

    let item = dom(binary, &format!("{base}/o/demo/items/1.1"));
    for text in [
        "หลักการและเหตุผล",
        "วัตถุประสงค์",
        "กลุ่มเป้าหมาย",
        "จำนวน 100 คน",
        "งบประมาณปีละ 100,000 บาท",
        "กองการเจ้าหน้าที่",
    ] {
        assert!(item.contains(text), "item page shows {text}");
    }

    let findings = dom(binary, &format!("{base}/o/demo/findings"));
    assert!(findings.contains("เทศบาลนครนครราชสีมา"));
    assert!(findings.contains("schedule_budget_mismatch"));

    // A phone-width screenshot renders (the file tool can show it to a person).
    let shot = std::env::temp_dir().join(format!("sujarit-demo-{}.png", uuid::Uuid::new_v4()));
    run_chromium(
        binary,
        &[
            "--window-size=390,1600",
            &format!("--screenshot={}", shot.display()),
            &format!("{base}/o/demo"),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    let _ = std::fs::remove_file(shot);
    drop(server);
    let _ = std::fs::remove_file(path);
}
