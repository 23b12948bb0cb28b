//! `sujarit organizations import|list` and `user add --role …_overseer`,
//! through the real binary on SQLite and PostgreSQL: a good file adds its
//! organisations and first administrators, a second import updates, and
//! every bad file exits 2 naming its line with nothing imported.

use sujarit_core::account::{Email, Role};
use sujarit_store::Store;
use sujarit_testkit::postgres::{TempPostgres, postgres_url};
use sujarit_testkit::{remove_sqlite, temp_sqlite};

use crate::support::{run_with_stdin as run, temp_file};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/directory-sample.csv");
const HEADER: &str =
    "slug,name,kind,province,district,sub_district,official_code,admin_email,admin_name\n";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn open(database: &str) -> std::sync::Arc<dyn Store> {
    let store = sujarit_store::connect(database).await.unwrap();
    store.migrate().await.unwrap();
    store
}

async fn count(database: &str) -> usize {
    open(database).await.organizations().await.unwrap().len()
}

async fn the_directory_cycle(url: &str) {
    // The shipped sample: seven organisations of Nakhon Si Thammarat.
    let out = run(url, &["organizations", "import", SAMPLE], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("เพิ่มใหม่ 7 องค์กร ปรับปรุง 0 องค์กร"), "{stdout}");
    // Each new administrator with a one-time password, on a line of its own.
    let line = stdout
        .lines()
        .find(|l| l.starts_with("pao-nakhonsi\tadmin@pao-nakhonsi.example.go.th\t"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let printed = line.rsplit('\t').next().unwrap();
    assert!(printed.len() >= 12, "{line}");
    let store = open(url).await;
    let pao = store
        .organization_by_slug("pao-nakhonsi")
        .await
        .unwrap()
        .unwrap();
    let credentials = store
        .credentials(
            &pao.id,
            &Email::parse("admin@pao-nakhonsi.example.go.th").unwrap(),
        )
        .await
        .unwrap()
        .expect("the first administrator");
    assert!(credentials.user.must_change_password);
    assert_eq!(credentials.user.role, Role::Administrator);
    assert!(sujarit_service::passwords::verify_blocking(
        printed,
        &credentials.password_hash
    ));

    // The list, tab-separated, by province.
    let out = run(url, &["organizations", "list", "--province", "80"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert_eq!(listed.lines().count(), 7, "{listed}");
    assert!(
        listed
            .lines()
            .any(|l| l == "pak-phanang\ttown_municipality\t80\t8012\t"),
        "{listed}"
    );
    let out = run(url, &["organizations", "list", "--province", "10"], None);
    assert_eq!(text(&out.stdout), "");

    // Again with one name changed: updated, and no new account.
    let renamed = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("เทศบาลเมืองปากพนัง,", "เทศบาลเมืองปากพนัง (ชื่อใหม่),");
    let file = temp_file("renamed.csv", renamed.as_bytes());
    let out = run(
        url,
        &["organizations", "import", file.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("เพิ่มใหม่ 0 องค์กร ปรับปรุง 7 องค์กร"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        !text(&out.stdout).contains("admin@"),
        "{}",
        text(&out.stdout)
    );
    let renamed = store
        .organization_by_slug("pak-phanang")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renamed.name, "เทศบาลเมืองปากพนัง (ชื่อใหม่)");
    assert_eq!(store.users(&pao.id).await.unwrap().len(), 1);

    // Every bad file: exit 2, its line named, nothing imported.
    let before = count(url).await;
    let mut tis620 = HEADER.as_bytes().to_vec();
    tis620.extend_from_slice(b"new-a,ok,sao,80,,,,,\n");
    tis620.extend_from_slice(b"new-b,\xcd\xba\xb5.\xb7\xe8\xd2\xa7\xd4\xe9\xc7,sao,80,,,,,\n");
    let cases: [(&str, Vec<u8>, &str); 6] = [
        (
            "unknown province",
            format!("{HEADER}new-a,อบต.ก,sao,80,,,,,\nnew-b,อบต.ข,sao,แอตแลนติส,,,,,\n")
                .into_bytes(),
            "บรรทัด 3 คอลัมน์ province",
        ),
        (
            "unknown district",
            format!("{HEADER}new-a,อบต.ก,sao,80,อำเภอไม่มีจริง,,,,\n").into_bytes(),
            "บรรทัด 2 คอลัมน์ district",
        ),
        (
            "duplicate code",
            format!("{HEADER}new-a,อบต.ก,sao,80,,,6800999,,\nnew-b,อบต.ข,sao,80,,,6800999,,\n")
                .into_bytes(),
            "บรรทัด 3 คอลัมน์ official_code",
        ),
        (
            "duplicate slug",
            format!("{HEADER}new-a,อบต.ก,sao,80,,,,,\nnew-a,อบต.ข,sao,80,,,,,\n").into_bytes(),
            "บรรทัด 3 คอลัมน์ slug",
        ),
        (
            "unknown type",
            format!("{HEADER}new-a,อบต.ก,municipality,80,,,,,\n").into_bytes(),
            "บรรทัด 2 คอลัมน์ kind",
        ),
        ("bad encoding", tis620, "บรรทัด 3: ไฟล์ไม่ใช่ UTF-8"),
    ];
    for (what, bytes, expected) in &cases {
        let file = temp_file("bad.csv", bytes);
        let out = run(
            url,
            &["organizations", "import", file.to_str().unwrap()],
            None,
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains(expected), "{what}: {stderr}");
        assert!(stderr.contains("ไม่ได้นำเข้าองค์กรใด"), "{what}: {stderr}");
        assert_eq!(count(url).await, before, "{what}: nothing imported");
    }
    // An official code an organisation outside the file already has.
    let holder = format!("{HEADER}holder,อบต.เจ้าของรหัส,sao,80,,,6800777,,\n");
    let file = temp_file("holder.csv", holder.as_bytes());
    assert!(
        run(
            url,
            &["organizations", "import", file.to_str().unwrap()],
            None
        )
        .status
        .success()
    );
    let before = count(url).await;
    let clash = format!("{HEADER}new-a,อบต.ก,sao,80,,,,,\nnew-b,อบต.ข,sao,80,,,6800777,,\n");
    let file = temp_file("clash.csv", clash.as_bytes());
    let out = run(
        url,
        &["organizations", "import", file.to_str().unwrap()],
        None,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("บรรทัด 3 คอลัมน์ official_code"), "{stderr}");
    assert!(stderr.contains("holder"), "{stderr}");
    assert_eq!(count(url).await, before);

    // Overseers: only in an office of their level, from the command line.
    let out = run(
        url,
        &[
            "user",
            "add",
            "overseer@example.go.th",
            "--role",
            "provincial_overseer",
            "--organization",
            "tha-khanan",
        ],
        None,
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ผู้กำกับดูแลต้องอยู่ในหน่วยกำกับดูแล"), "{stderr}");
    let tha_khanan = store
        .organization_by_slug("tha-khanan")
        .await
        .unwrap()
        .unwrap();
    assert!(store.users(&tha_khanan.id).await.unwrap().is_empty());
    let out = run(
        url,
        &[
            "user",
            "add",
            "overseer@example.go.th",
            "--role",
            "provincial_overseer",
            "--organization",
            "office-nakhonsi",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let office = store
        .organization_by_slug("office-nakhonsi")
        .await
        .unwrap()
        .unwrap();
    let users = store.users(&office.id).await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].role, Role::ProvincialOverseer);
}

#[tokio::test]
async fn organizations_import_on_sqlite() {
    let (url, path) = temp_sqlite();
    the_directory_cycle(&url).await;
    remove_sqlite(&path);
}

#[tokio::test]
async fn organizations_import_on_postgres() {
    let Some(admin) = postgres_url() else { return };
    let database = TempPostgres::create(&admin).await;
    the_directory_cycle(&database.url).await;
    database.drop_database().await;
}
