//! Scenarios of the directory (`DirectoryStore`, issue 15): a directory
//! file imported in one transaction (added, updated, first administrators),
//! refusals that write nothing, official codes unique across the
//! installation, overseers only in an office of their level, and the
//! organisation search of the home page.

use sujarit_core::account::{Email, Role};
use sujarit_core::directory::OrganizationKind;
use sujarit_core::directory::file::parse;
use sujarit_core::refusal::Clash;
use sujarit_store::{DirectoryImportRow, NewUser, Store, StoreError, UserChange};

use crate::harness::Raw;

contract! {
    an_import_adds_then_updates_and_makes_first_administrators,
    a_refused_row_leaves_the_database_unchanged,
    official_codes_may_move_between_organisations_of_one_file,
    overseers_only_in_an_office_of_their_level,
    organisations_are_found_by_part_of_their_name,
}

const HEADER: &str =
    "slug,name,kind,province,district,sub_district,official_code,admin_email,admin_name\n";

fn rows(body: &str) -> Vec<DirectoryImportRow> {
    parse(format!("{HEADER}{body}").as_bytes())
        .expect("the file parses")
        .into_iter()
        .map(|row| DirectoryImportRow {
            admin_password_hash: row.admin.as_ref().map(|_| "$argon2id$test".to_string()),
            row,
        })
        .collect()
}

fn new_user(email: &str, role: Role) -> NewUser {
    NewUser {
        email: Email::parse(email).unwrap(),
        display_name: "ทดสอบ".into(),
        role,
        unit_id: None,
        password_hash: "$argon2id$test".into(),
        must_change_password: false,
    }
}

async fn an_import_adds_then_updates_and_makes_first_administrators(store: &dyn Store, _: &Raw) {
    let file = "pao-80,อบจ.นครศรีธรรมราช,อบจ.,80,,,6800101,Admin@pao80.go.th,สมชาย ใจดี\n\
                tha-ngio,อบต.ท่างิ้ว,อบต.,นครศรีธรรมราช,ร่อนพิบูลย์,,6801201,,\n\
                office-80,สถจ.นครศรีธรรมราช,provincial_office,80,,,,,\n";
    let done = store.import_directory(&rows(file)).await.expect("import");
    assert_eq!(done.added, ["pao-80", "tha-ngio", "office-80"]);
    assert!(done.updated.is_empty());
    assert_eq!(
        done.admins,
        [("pao-80".to_string(), "admin@pao80.go.th".to_string())]
    );
    let pao = store.organization_by_slug("pao-80").await.unwrap().unwrap();
    let entry = store.directory_entry(&pao.id).await.unwrap().unwrap();
    assert_eq!(entry.kind, OrganizationKind::Pao);
    assert_eq!(entry.official_code.as_deref(), Some("6800101"));
    let admin = store
        .user_by_email(&pao.id, &Email::parse("admin@pao80.go.th").unwrap())
        .await
        .unwrap()
        .expect("the first administrator");
    assert_eq!(admin.role, Role::Administrator);
    assert!(admin.must_change_password);
    assert_eq!(admin.display_name, "สมชาย ใจดี");
    let log = store.audit_log(&pao.id, None, 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"organization.directory_set"),
        "{actions:?}"
    );
    assert!(actions.contains(&"user.created"), "{actions:?}");
    let laos = store
        .directory_laos(&sujarit_core::directory::OversightScope::Province(
            "80".into(),
        ))
        .await
        .unwrap();
    let slugs: Vec<&str> = laos.iter().map(|l| l.organization.slug.as_str()).collect();
    assert_eq!(slugs.len(), 2, "the office is not an LAO: {slugs:?}");

    // Again, renamed and with another administrator: updated, no new account.
    let again = "pao-80,องค์การบริหารส่วนจังหวัดนครศรีธรรมราช,อบจ.,80,,,6800101,other@pao80.go.th,\n";
    let done = store
        .import_directory(&rows(again))
        .await
        .expect("re-import");
    assert!(done.added.is_empty());
    assert_eq!(done.updated, ["pao-80"]);
    assert!(done.admins.is_empty());
    let pao = store.organization_by_slug("pao-80").await.unwrap().unwrap();
    assert_eq!(pao.name, "องค์การบริหารส่วนจังหวัดนครศรีธรรมราช");
    assert_eq!(store.users(&pao.id).await.unwrap().len(), 1);
    assert_eq!(store.organizations().await.unwrap().len(), 3);
}

async fn a_refused_row_leaves_the_database_unchanged(store: &dyn Store, raw: &Raw) {
    store
        .import_directory(&rows("holder,อบต.ก,sao,80,,,6800101,,\n"))
        .await
        .expect("first import");
    let before = raw.row_counts().await;
    // A new organisation with an administrator, then a row whose code
    // belongs to an organisation outside the file.
    let file = "fresh,อบต.ใหม่,sao,80,,,6800999,a@fresh.go.th,\n\
                clash,อบต.ชน,sao,80,,,6800101,,\n";
    let refused = store.import_directory(&rows(file)).await.unwrap_err();
    match &refused {
        StoreError::Conflict(Clash::OfficialCode { line, code, holder }) => {
            assert_eq!(
                (*line, code.as_str(), holder.as_str()),
                (3, "6800101", "holder")
            );
        }
        other => panic!("expected the official code's clash, got {other:?}"),
    }
    assert!(
        sujarit_service_free_wording(&refused).contains("บรรทัด 3"),
        "{refused:?}"
    );
    assert_eq!(raw.row_counts().await, before);
    assert!(store.organization_by_slug("fresh").await.unwrap().is_none());
}

/// Core's wording of the clash (what `sujarit_service::wording` shows).
fn sujarit_service_free_wording(error: &StoreError) -> String {
    match error {
        StoreError::Conflict(clash) => clash.to_string(),
        other => format!("{other:?}"),
    }
}

async fn official_codes_may_move_between_organisations_of_one_file(store: &dyn Store, _: &Raw) {
    store
        .import_directory(&rows("a,อบต.ก,sao,80,,,111,,\nb,อบต.ข,sao,80,,,222,,\n"))
        .await
        .expect("first import");
    store
        .import_directory(&rows("a,อบต.ก,sao,80,,,222,,\nb,อบต.ข,sao,80,,,111,,\n"))
        .await
        .expect("the codes swap");
    let a = store.organization_by_slug("a").await.unwrap().unwrap();
    let entry = store.directory_entry(&a.id).await.unwrap().unwrap();
    assert_eq!(entry.official_code.as_deref(), Some("222"));
}

async fn overseers_only_in_an_office_of_their_level(store: &dyn Store, raw: &Raw) {
    store
        .import_directory(&rows(
            "lao,อบต.ก,sao,80,,,,,\noffice-80,สถจ.,provincial_office,80,,,,,\nnacc,ป.ป.ช.,national_office,,,,,,\n",
        ))
        .await
        .expect("import");
    let lao = store.organization_by_slug("lao").await.unwrap().unwrap();
    let office = store
        .organization_by_slug("office-80")
        .await
        .unwrap()
        .unwrap();
    let nacc = store.organization_by_slug("nacc").await.unwrap().unwrap();
    let before = raw.row_counts().await;
    for (org, role) in [
        (&lao.id, Role::ProvincialOverseer),
        (&lao.id, Role::NationalOverseer),
        (&office.id, Role::NationalOverseer),
        (&office.id, Role::Administrator),
        (&nacc.id, Role::ProvincialOverseer),
    ] {
        let refused = store
            .create_user(org, &new_user("x@example.go.th", role), None)
            .await
            .unwrap_err();
        assert!(
            matches!(&refused, StoreError::Invalid(fields) if fields[0].field == "role"),
            "{role:?}: {refused:?}"
        );
    }
    assert_eq!(raw.row_counts().await, before);
    store
        .create_user(
            &office.id,
            &new_user("p@example.go.th", Role::ProvincialOverseer),
            None,
        )
        .await
        .expect("a provincial overseer in the province's office");
    store
        .create_user(
            &nacc.id,
            &new_user("n@example.go.th", Role::NationalOverseer),
            None,
        )
        .await
        .expect("a national overseer in the national office");
    // A role change into an overseer in an LAO is refused too.
    let staff = store
        .create_user(&lao.id, &new_user("s@example.go.th", Role::Executive), None)
        .await
        .expect("LAO staff");
    let change = UserChange {
        display_name: staff.display_name.clone(),
        role: Role::ProvincialOverseer,
        unit_id: None,
        active: true,
    };
    let refused = store
        .update_user(&lao.id, &staff.id, &change, None)
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Invalid(_)), "{refused:?}");
    // An organisation outside the directory takes LAO staff but no overseer.
    let plain = store
        .ensure_organization("plain", "เทศบาลเดี่ยว")
        .await
        .unwrap();
    assert!(
        store
            .create_user(
                &plain.id,
                &new_user("o@example.go.th", Role::NationalOverseer),
                None
            )
            .await
            .is_err()
    );
    store
        .create_user(
            &plain.id,
            &new_user("a@example.go.th", Role::Administrator),
            None,
        )
        .await
        .expect("an administrator of a one-LAO installation");
}

async fn organisations_are_found_by_part_of_their_name(store: &dyn Store, _: &Raw) {
    for (slug, name) in [
        ("tha-ngio", "องค์การบริหารส่วนตำบลท่างิ้ว"),
        ("tha-sala", "เทศบาลตำบลท่าศาลา"),
        ("pak-phanang", "เทศบาลเมืองปากพนัง"),
        ("percent", "องค์กร 100% Test"),
    ] {
        store.ensure_organization(slug, name).await.unwrap();
    }
    let names = |found: Vec<sujarit_store::Organization>| -> Vec<String> {
        // Sorted here: the order of Thai names is the database's collation.
        let mut slugs: Vec<String> = found.into_iter().map(|o| o.slug).collect();
        slugs.sort();
        slugs
    };
    assert_eq!(
        names(store.find_organizations("ท่า", 50).await.unwrap()),
        ["tha-ngio", "tha-sala"]
    );
    assert_eq!(
        names(store.find_organizations("ท่า", 1).await.unwrap()).len(),
        1
    );
    assert_eq!(
        names(store.find_organizations("PAK", 50).await.unwrap()),
        ["pak-phanang"]
    );
    // % and _ are taken literally.
    assert_eq!(
        names(store.find_organizations("0%", 50).await.unwrap()),
        ["percent"]
    );
    assert!(store.find_organizations("_", 50).await.unwrap().is_empty());
    assert!(
        store
            .find_organizations("ไม่มี", 50)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.organization_count().await.unwrap(), 4);
}
