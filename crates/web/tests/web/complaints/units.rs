//! Work that reaches the assigned unit (issue 13): the picker offers only
//! people who may act, a unit officer sees and works on their unit's cases
//! only (never another unit's, never a corruption report: 404 by id),
//! proposes the answer, and the complaint officer answers and closes; a
//! repeated step is refused; cases entered by staff; the list's filters and
//! pages.

use super::*;
use sujarit_core::account::Email;
use sujarit_store::NewUser;

/// The link (unescaped) whose `href` comes just before `marker`.
fn link_before(body: &str, marker: &str) -> String {
    let at = body.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let start = body[..at].rfind("href=\"").expect("a link") + "href=\"".len();
    let end = body[start..].find('"').unwrap() + start;
    body[start..end].replace("&#38;", "&").replace("&amp;", "&")
}

/// The officer select of a case page.
fn officer_select(body: &str) -> &str {
    let start = body
        .find("<select id=\"officer_id\"")
        .expect("an officer picker");
    let end = body[start..].find("</select>").expect("closed") + start;
    &body[start..end]
}

/// A unit other than the unit officer's, with an officer who does not log in.
async fn other_unit(app: &App) -> (String, String) {
    let officer = app
        .store
        .user_by_email(&app.org, &Email::parse("officer@nakhon.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let unit = app
        .store
        .units(&app.org)
        .await
        .unwrap()
        .into_iter()
        .find(|u| Some(&u.id) != officer.unit_id.as_ref())
        .expect("another unit in the plan");
    let other = app
        .store
        .create_user(
            &app.org,
            &NewUser {
                email: Email::parse("works@nakhon.test").unwrap(),
                display_name: "คุณช่างโยธา".into(),
                role: Role::UnitOfficer,
                unit_id: Some(unit.id.clone()),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$x".into(),
                must_change_password: false,
            },
            None,
        )
        .await
        .unwrap();
    (unit.id, other.id)
}

/// Records a step and returns the reply (not asserted).
async fn try_step(app: &App, cookie: &str, href: &str, fields: &[(&str, &str)]) -> Reply {
    let page = get(app, href, Some(cookie)).await;
    let revision = revision_in(&page.body);
    let mut pairs = vec![("revision", revision.as_str())];
    pairs.extend_from_slice(fields);
    post(app, &format!("{href}/events"), Some(cookie), &pairs).await
}

#[tokio::test]
async fn the_assigned_unit_works_on_its_case_and_the_centre_answers() {
    let app = app().await;
    let ours = file_general(&app, "ไฟฟ้าส่องสว่างดับหน้าตลาด").await;
    let theirs = file_general(&app, "ท่อระบายน้ำอุดตัน").await;
    let report = file_corruption(&app).await;
    let centre = session_of(&app, "complaints@nakhon.test").await;
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let officer = app
        .store
        .user_by_email(&app.org, &Email::parse("officer@nakhon.test").unwrap())
        .await
        .unwrap()
        .unwrap();
    let unit = officer.unit_id.clone().unwrap();
    let complaint_officer =
        officer_id(app.store.as_ref(), &app.org, "complaints@nakhon.test").await;
    let executive = officer_id(app.store.as_ref(), &app.org, "executive@nakhon.test").await;
    let integrity_id = officer_id(app.store.as_ref(), &app.org, "integrity@nakhon.test").await;
    let (other_unit, other_officer) = other_unit(&app).await;

    let (ours_href, _) = case_of(&app, &centre, "general", &ours).await;
    let (theirs_href, _) = case_of(&app, &centre, "general", &theirs).await;
    let (report_href, _) = case_of(&app, &integrity, "corruption", &report).await;
    step(&app, &centre, "general", &ours, &[("kind", "accept")]).await;
    step(&app, &centre, "general", &theirs, &[("kind", "accept")]).await;

    // The picker: each unit's own officers, grouped by unit; nobody else.
    let page = get(&app, &ours_href, Some(&centre)).await;
    let picker = officer_select(&page.body);
    assert!(
        picker.contains(&officer.id) && picker.contains(&other_officer),
        "{picker}"
    );
    assert!(picker.contains("<optgroup label="), "{picker}");
    for id in [&complaint_officer, &executive, &integrity_id] {
        assert!(!picker.contains(id.as_str()), "{id} offered: {picker}");
    }
    // The server refuses another unit's officer and someone who may not act.
    for (who, unit) in [(&other_officer, &unit), (&complaint_officer, &unit)] {
        let refused = try_step(
            &app,
            &centre,
            &ours_href,
            &[("kind", "assign"), ("unit_id", unit), ("officer_id", who)],
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused.body.contains("ไม่ใช่เจ้าหน้าที่ของหน่วยงานที่เลือก"),
            "{}",
            refused.body
        );
    }
    let assign = [
        ("kind", "assign"),
        ("unit_id", unit.as_str()),
        ("officer_id", officer.id.as_str()),
    ];
    step(&app, &centre, "general", &ours, &assign).await;
    // The same assignment again: refused, nothing written.
    let before = app
        .store
        .complaint(&app.org, ours_href.rsplit('/').next().unwrap())
        .await;
    let again = try_step(&app, &centre, &ours_href, &assign).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains("ไม่บันทึกซ้ำ"), "{}", again.body);
    let after = app
        .store
        .complaint(&app.org, ours_href.rsplit('/').next().unwrap())
        .await;
    assert_eq!(before.unwrap(), after.unwrap(), "nothing written");
    step(
        &app,
        &centre,
        "general",
        &theirs,
        &[
            ("kind", "assign"),
            ("unit_id", &other_unit),
            ("officer_id", &other_officer),
        ],
    )
    .await;

    // The corruption form offers integrity officers only, and warns.
    step(
        &app,
        &integrity,
        "corruption",
        &report,
        &[("kind", "accept")],
    )
    .await;
    let page = get(&app, &report_href, Some(&integrity)).await;
    let picker = officer_select(&page.body);
    assert!(picker.contains(&integrity_id), "{picker}");
    assert!(!picker.contains(&officer.id) && !picker.contains(&complaint_officer));
    assert!(page.body.contains("id=\"assign-warning\""));

    // The unit officer: a menu entry, their unit's queue, nothing else.
    let mine = session_of(&app, "officer@nakhon.test").await;
    let home = get(&app, "/staff/", Some(&mine)).await;
    assert!(
        home.body.contains("เรื่องร้องเรียนที่มอบหมายให้หน่วยงาน"),
        "{}",
        home.body
    );
    let queue = get(&app, "/staff/complaints", Some(&mine)).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(queue.body.contains(&ours_href), "their case listed");
    assert!(!queue.body.contains(&theirs_href), "not another unit's");
    // Asking for another unit's list still shows their own.
    let sneaky = get(
        &app,
        &format!("/staff/complaints?channel=general&view=all&unit={other_unit}"),
        Some(&mine),
    )
    .await;
    assert!(!sneaky.body.contains(&theirs_href) && sneaky.body.contains(&ours_href));
    assert_eq!(
        get(&app, "/staff/complaints?channel=corruption", Some(&mine))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let unknown = get(
        &app,
        "/staff/complaints/00000000-0000-4000-8000-000000000000",
        Some(&mine),
    )
    .await;
    for href in [&theirs_href, &report_href] {
        let page = get(&app, href, Some(&mine)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{href}");
        assert_eq!(page.body, unknown.body, "{href} looks unknown");
        let event = post(
            &app,
            &format!("{href}/events"),
            Some(&mine),
            &[("kind", "note"), ("internal_note", "x"), ("revision", "1")],
        )
        .await;
        assert_eq!(event.status, StatusCode::NOT_FOUND, "{href}");
        assert!(!page.body.contains(CORRUPTION_SUBJECT));
    }
    // Their case: readable without the contact, which stays with the centre.
    let case = get(&app, &ours_href, Some(&mine)).await;
    assert_eq!(case.status, StatusCode::OK);
    assert!(case.body.contains("ไฟฟ้าส่องสว่างดับหน้าตลาด"));
    assert!(!case.body.contains("/reveal\""), "no reveal form");
    assert!(case.body.contains("id=\"contact-with-centre\""));
    assert!(!case.body.contains("มานี มีนา"));
    let reveal = post(
        &app,
        &format!("{ours_href}/reveal"),
        Some(&mine),
        &[("reason", "ต้องโทรนัดผู้ร้อง")],
    )
    .await;
    assert_eq!(reveal.status, StatusCode::FORBIDDEN);
    // The centre's steps are not theirs.
    let resolve = try_step(
        &app,
        &mine,
        &ours_href,
        &[("kind", "resolve"), ("public_message", "ซ่อมแล้ว")],
    )
    .await;
    assert_eq!(resolve.status, StatusCode::FORBIDDEN, "{}", resolve.body);
    assert!(resolve.body.contains("ศูนย์รับเรื่องร้องเรียน"));
    // They work, tell of progress, attach a file and propose the answer.
    let work = |fields: &'static [(&'static str, &'static str)]| {
        let (app, mine, href) = (&app, &mine, &ours_href);
        async move {
            let reply = try_step(app, mine, href, fields).await;
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{fields:?}: {}",
                reply.body
            );
        }
    };
    work(&[("kind", "start_work")]).await;
    work(&[
        ("kind", "progress_update"),
        ("public_message", "สั่งซื้อหลอดไฟแล้ว จะติดตั้งภายในสัปดาห์นี้"),
    ])
    .await;
    let upload = staff_upload(
        &app,
        &ours_href,
        &mine,
        "ก่อนซ่อม.pdf",
        sujarit_testkit::sample::PDF,
    )
    .await;
    assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
    work(&[
        ("kind", "propose_answer"),
        ("internal_note", "เปลี่ยนหลอดไฟครบทั้ง 6 ดวงแล้ว"),
    ])
    .await;

    // The centre sees the proposal, answers and closes.
    let page = get(&app, &ours_href, Some(&centre)).await;
    assert!(page.body.contains("id=\"proposal\""), "{}", page.body);
    assert!(page.body.contains("เปลี่ยนหลอดไฟครบทั้ง 6 ดวงแล้ว"));
    step(
        &app,
        &centre,
        "general",
        &ours,
        &[
            ("kind", "resolve"),
            ("public_message", "เปลี่ยนหลอดไฟครบทั้ง 6 ดวงแล้ว"),
        ],
    )
    .await;
    step(&app, &centre, "general", &ours, &[("kind", "close")]).await;
    let tracked = track(&app, &ours).await;
    assert!(
        tracked.body.contains("สั่งซื้อหลอดไฟแล้ว"),
        "public progress shown"
    );
    assert!(
        !tracked.body.contains("เสนอคำตอบ"),
        "the proposal is internal"
    );
}

#[tokio::test]
async fn staff_enter_complaints_received_elsewhere_and_the_list_filters_and_pages() {
    let app = app().await;
    let centre = session_of(&app, "complaints@nakhon.test").await;
    let integrity = session_of(&app, "integrity@nakhon.test").await;
    let mine = session_of(&app, "officer@nakhon.test").await;
    let today = today();

    // Only the handlers of a channel enter its cases.
    assert_eq!(
        get(&app, "/staff/complaints/new", Some(&centre))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/staff/complaints/new", Some(&mine)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(
            &app,
            "/staff/complaints/new?channel=corruption",
            Some(&centre)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let form = |via: &'static str, on: String, subject: String| {
        vec![
            ("channel", "general".to_string()),
            ("received_via", via.to_string()),
            ("received_on", on),
            ("category", "roads".to_string()),
            ("subject", subject),
            ("details", "ถนนเป็นหลุมลึก รถจักรยานยนต์ล้มไปแล้วสองคัน".to_string()),
            ("name", "ประยุทธ ทดสอบ".to_string()),
            ("phone", "081 000 1111".to_string()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>, cookie: String| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(app, "/staff/complaints/new", Some(&cookie), &pairs).await
        }
    };
    // Bad input: Thai at the field, nothing filed.
    let before = app
        .store
        .complaints(&app.org, &Default::default())
        .await
        .unwrap()
        .len();
    let bad = send(form("", String::new(), "ถนนพัง".into()), centre.clone()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("โปรดเลือกช่องทางที่รับเรื่อง"), "{}", bad.body);
    let future = (today + time::Duration::days(3)).to_string();
    let bad = send(form("letter", future, "ถนนพัง".into()), centre.clone()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ต้องไม่เป็นวันในอนาคต"), "{}", bad.body);
    let bad = send(
        form("phone", "31/12/2568".into(), "ถนนพัง".into()),
        centre.clone(),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("วันที่รับเรื่อง"), "{}", bad.body);
    let bad = send(form("phone", String::new(), String::new()), centre.clone()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("aria-describedby=\"subject-error\""),
        "{}",
        bad.body
    );
    assert_eq!(
        app.store
            .complaints(&app.org, &Default::default())
            .await
            .unwrap()
            .len(),
        before
    );
    // A letter of two days ago: received then, the code shown once.
    let two_days = (today - time::Duration::days(2)).to_string();
    let letter = send(
        form("letter", two_days, "ถนนพังหน้าโรงเรียน".into()),
        centre.clone(),
    )
    .await;
    assert_eq!(letter.status, StatusCode::CREATED, "{}", letter.body);
    assert_eq!(
        letter.headers.get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
    let code = letter.by_id("tracking-code");
    let tracked = track(&app, &code).await;
    assert_eq!(tracked.status, StatusCode::OK, "the complainant tracks it");
    // The complainant reads the code out: staff open the case with it (from
    // the form, never a URL); a unit officer only their unit's case.
    let found = post(
        &app,
        "/staff/complaints/lookup",
        Some(&centre),
        &[("code", &code)],
    )
    .await;
    assert_eq!(found.status, StatusCode::SEE_OTHER, "{}", found.body);
    assert!(found.location().starts_with("/staff/complaints/"));
    let not_theirs = post(
        &app,
        "/staff/complaints/lookup",
        Some(&mine),
        &[("code", &code)],
    )
    .await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    let garbled = post(
        &app,
        "/staff/complaints/lookup",
        Some(&centre),
        &[("code", "abc")],
    )
    .await;
    assert_eq!(garbled.status, StatusCode::BAD_REQUEST);
    assert!(garbled.body.contains("รหัสติดตามเรื่อง"), "{}", garbled.body);
    // 51 phone calls: two pages.
    for i in 0..51 {
        let reply = send(
            form("phone", String::new(), format!("ถนนพัง จุดที่ {i}")),
            centre.clone(),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let page1 = get(
        &app,
        "/staff/complaints?channel=general&view=all",
        Some(&centre),
    )
    .await;
    assert!(
        page1.body.contains("หน้า 1 จาก 2"),
        "{}",
        page1.by_id("case-count")
    );
    assert_eq!(
        page1.body.matches("<tr>").count(),
        1 + 50,
        "a header and 50 rows"
    );
    let next = link_before(&page1.body, "rel=\"next\"");
    assert_eq!(next, "/staff/complaints?channel=general&view=all&page=2");
    let page2 = get(&app, &next, Some(&centre)).await;
    assert!(page2.body.contains("หน้า 2 จาก 2"));
    assert_eq!(page2.body.matches("<tr>").count(), 1 + 2);
    // Filters: by way of receipt, dates, state, category, reference.
    let letters = get(
        &app,
        "/staff/complaints?channel=general&view=all&via=letter",
        Some(&centre),
    )
    .await;
    assert!(
        letters.body.contains("พบ 1 เรื่อง"),
        "{}",
        letters.by_id("case-count")
    );
    let since = format!("/staff/complaints?channel=general&view=all&from={today}");
    let recent = get(&app, &since, Some(&centre)).await;
    assert!(
        recent.body.contains("พบ 51 เรื่อง"),
        "{}",
        recent.by_id("case-count")
    );
    let none = get(
        &app,
        "/staff/complaints?channel=general&view=all&category=waste",
        Some(&centre),
    )
    .await;
    assert!(none.body.contains("พบ 0 เรื่อง"));
    let accepted = get(
        &app,
        "/staff/complaints?channel=general&view=all&state=accepted",
        Some(&centre),
    )
    .await;
    assert!(accepted.body.contains("พบ 0 เรื่อง"));
    let case = app
        .store
        .complaints(&app.org, &Default::default())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.subject.as_deref() == Some("ถนนพังหน้าโรงเรียน"))
        .unwrap();
    assert_eq!(
        case.received_via,
        sujarit_core::complaint::ReceivedVia::Letter
    );
    let by_ref = get(
        &app,
        &format!(
            "/staff/complaints?channel=general&view=all&ref={}",
            case.reference.to_lowercase()
        ),
        Some(&centre),
    )
    .await;
    assert!(by_ref.body.contains("พบ 1 เรื่อง") && by_ref.body.contains(&case.complaint_id));
    // Counts per view, with the filters kept in their links.
    let open = link_before(&letters.body, ">ยังไม่แล้วเสร็จ (1)");
    assert_eq!(
        open,
        "/staff/complaints?channel=general&view=open&via=letter"
    );
    for bad in [
        "state=nowhere",
        "from=2568-13-01",
        "page=0",
        "ref=%3Cscript%3E",
        "via=fax",
    ] {
        let reply = get(&app, &format!("/staff/complaints?{bad}"), Some(&centre)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // Counted by way of receipt on the public statistics.
    let stats = get(&app, "/o/nakhon/complaints/stats?channel=general", None).await;
    let start = stats
        .body
        .find("id=\"general-ways\"")
        .expect("a table by way of receipt");
    let ways = &stats.body[start..start + stats.body[start..].find("</table>").unwrap()];
    // One letter beside 51 calls: the letter is "fewer than 3", and the
    // calls are hidden too, or the total (52, published) would give it away.
    let row = |way: &str| {
        let at = ways
            .find(&format!(">{way}</th>"))
            .unwrap_or_else(|| panic!("{way}: {ways}"));
        let cell = &ways[at..];
        let start = cell.find("<td class=\"num\">").unwrap() + "<td class=\"num\">".len();
        cell[start..start + cell[start..].find('<').unwrap()].to_string()
    };
    assert_eq!(row("หนังสือ/จดหมาย"), "น้อยกว่า 3", "{ways}");
    assert_eq!(row("โทรศัพท์"), "ไม่แสดง", "{ways}");
    assert_eq!(row("LINE"), "0", "{ways}");

    // The integrity officer opens a case detected by audit.
    let page = get(
        &app,
        "/staff/complaints/new?channel=corruption",
        Some(&integrity),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let detected = post(
        &app,
        "/staff/complaints/new",
        Some(&integrity),
        &[
            ("channel", "corruption"),
            ("origin", "audit"),
            ("category", "bribery"),
            ("subject", "ตรวจพบการจ่ายเงินซ้ำในโครงการจ้างเหมา"),
            ("details", "งานตรวจสอบภายในพบใบสำคัญจ่ายซ้ำสองฉบับ"),
        ],
    )
    .await;
    assert_eq!(detected.status, StatusCode::CREATED, "{}", detected.body);
    let report = app
        .store
        .complaints(
            &app.org,
            &sujarit_store::ComplaintFilter {
                channel: Some(sujarit_core::complaint::Channel::Corruption),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(report.len(), 1);
    assert_eq!(report[0].origin, sujarit_core::complaint::Origin::Audit);
    assert!(report[0].subject.is_none(), "sealed like every report");
    let case = get(
        &app,
        &format!("/staff/complaints/{}", report[0].complaint_id),
        Some(&integrity),
    )
    .await;
    assert!(
        case.body.contains("ตรวจพบการจ่ายเงินซ้ำในโครงการจ้างเหมา"),
        "opens for the officer"
    );
}
