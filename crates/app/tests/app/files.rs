//! `sujarit files sweep`: an old file no record names is removed, a young one
//! kept, and the counts are printed in Thai.

use crate::support::sujarit;
use sujarit_testkit::{TempDir, temp_sqlite};

#[test]
fn the_sweep_removes_an_old_unreferenced_file_and_keeps_a_young_one() {
    let (url, _) = temp_sqlite();
    let dir = TempDir::new("files-sweep");
    let old = dir.path().join("ab").join(format!("ab{}", "0".repeat(62)));
    let young = dir.path().join("cd").join(format!("cd{}", "1".repeat(62)));
    for path in [&old, &young] {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"left behind").unwrap();
    }
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 3600))
        .unwrap();

    let out = sujarit(&[
        "--database",
        &url,
        "files",
        "sweep",
        "--files",
        dir.path().to_str().unwrap(),
        "--grace-hours",
        "2",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ลบไฟล์ที่ไม่มีระเบียนใดอ้างถึง 1 ไฟล์"), "{stdout}");
    assert!(
        stdout.contains("เก็บไฟล์ที่ยังใหม่กว่า 2 ชั่วโมงไว้ 1 ไฟล์"),
        "{stdout}"
    );
    assert!(!old.exists());
    assert!(young.exists());
}
