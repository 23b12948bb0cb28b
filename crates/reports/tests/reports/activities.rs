//! Issue 10's documents read back: the sign-in sheet and the survey poster
//! (text with poppler, the QR code rasterised by pdftoppm and decoded with
//! rqrr), the survey report (PDF and XLSX), the answers (CSV and XLSX) and the
//! activity summary (PDF and XLSX).

use crate::support::{TRICKY_NARRATIVE, TempFile, pdf_pages, pdf_text, squeeze};
use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::process::Command;
use sujarit_core::ItemRef;
use sujarit_core::activity::{
    Activity, ActivityInput, ActivityKind, GroupCount, PublicityEntry, Session, TargetGroup,
};
use sujarit_core::survey::{
    DEFAULT_MIN_PUBLIC, Phase, Question, QuestionKind, Response, Results, SurveyInput, SurveyKind,
    Tallies, Template, check_answers, tally_keys,
};
use sujarit_reports::activities::{
    self, ActivitySummary, KpiRow, Printable, SigninSheet, SurveyPoster, SurveyReport,
    session_lines,
};
use time::macros::{date, time};
use time::{Date, Duration};

const ORGANIZATION: &str = "เทศบาลเมืองทดสอบ";
const CHECKIN_URL: &str =
    "https://sujarit.example.go.th/o/thesaban-thotsop/checkin/Zq8x3Lr0VbN2kWc7Tg5Ya1Hd";
const SURVEY_URL: &str = "https://sujarit.example.go.th/o/thesaban-thotsop/s/service-2569";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Keeps a copy when SUJARIT_REPORT_DIR is set, to look at by eye.
fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("SUJARIT_REPORT_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn assert_contains(text: &str, expected: &[&str]) {
    let squeezed = squeeze(text);
    for e in expected {
        assert!(squeezed.contains(&squeeze(e)), "{e} in\n{text}");
    }
}

/// The QR codes on one page of a PDF, as a phone would read them: the page
/// rasterised by pdftoppm at 150 dpi in grey (a PGM), decoded by rqrr.
fn qr_codes(pdf: &[u8], page: u32) -> Vec<String> {
    let file = TempFile::with(pdf, "pdf");
    let prefix = file.0.with_extension("page");
    let page = page.to_string();
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "150",
            "-gray",
            "-singlefile",
            "-f",
            &page,
            "-l",
            &page,
        ])
        .arg(&file.0)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(status.success());
    let image = TempFile(prefix.with_extension("page.pgm"));
    let bytes = std::fs::read(&image.0).expect("pdftoppm wrote a PGM");
    // "P5 <width> <height> <max>" and one whitespace, then a byte per pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5");
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    let pixels = &bytes[at + 1..];
    assert_eq!(pixels.len(), width * height);
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    prepared
        .detect_grids()
        .iter()
        .map(|grid| grid.decode().expect("the code decodes").1)
        .collect()
}

// ---------------------------------------------------------------- sign-in sheet

fn sheet(rows: usize) -> SigninSheet {
    SigninSheet {
        organization: ORGANIZATION.into(),
        title: "อบรมเสริมสร้างคุณธรรมจริยธรรมและการป้องกันผลประโยชน์ทับซ้อน".into(),
        item: "1.1".into(),
        item_name: "โครงการเสริมสร้างคุณธรรม จริยธรรม และธรรมาภิบาลในองค์กร".into(),
        kind: ActivityKind::Training.thai().into(),
        sessions: session_lines(&[
            Session {
                date: date!(2026 - 01 - 16),
                starts: time!(9:00),
                ends: time!(12:00),
            },
            Session {
                date: date!(2026 - 01 - 15),
                starts: time!(9:00),
                ends: time!(16:00),
            },
        ]),
        venue: "ห้องประชุมสภาเทศบาล ชั้น 3".into(),
        checkin_url: CHECKIN_URL.into(),
        rows,
    }
}

/// The numbers in the ลำดับ column, page by page.
fn line_numbers(pdf: &[u8]) -> Vec<Vec<u32>> {
    let file = TempFile::with(pdf, "pdf");
    (1..=pdf_pages(pdf))
        .map(|page| {
            let page = page.to_string();
            let out = Command::new("pdftotext")
                .args(["-raw", "-enc", "UTF-8", "-f", &page, "-l", &page])
                .arg(&file.0)
                .arg("-")
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            // The table follows its header; the footer "หน้า n จาก N" ends the page.
            let table = text.split("ลายมือชื่อ").last().unwrap();
            table
                .lines()
                .take_while(|l| !l.contains("หน้า"))
                .filter_map(|l| l.trim().parse().ok())
                .collect()
        })
        .collect()
}

#[test]
fn the_signin_sheet_prints_the_activity_its_qr_code_and_fills_its_pages() {
    let data = sheet(10);
    let warnings = activities::pdf_warnings(Printable::SigninSheet(&data)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = activities::signin_sheet_pdf(&data).expect("renders");
    assert!(bytes.starts_with(b"%PDF-"));
    keep("signin.pdf", &bytes);
    assert_eq!(pdf_pages(&bytes), 1, "ten lines fit on the first page");
    let text = pdf_text(&bytes);
    assert_contains(
        &text,
        &[
            ORGANIZATION,
            "ใบลงชื่อเข้าร่วมกิจกรรม",
            "อบรมเสริมสร้างคุณธรรมจริยธรรมและการป้องกันผลประโยชน์ทับซ้อน",
            "1.1 โครงการเสริมสร้างคุณธรรม จริยธรรม และธรรมาภิบาลในองค์กร",
            "อบรม/สัมมนา",
            // Sorted, in BE, with the weekday.
            "วันพฤหัสบดีที่ 15 มกราคม 2569 เวลา 09:00–16:00 น. วันศุกร์ที่ 16 มกราคม 2569 เวลา 09:00–12:00 น.",
            "ห้องประชุมสภาเทศบาล ชั้น 3",
            "สแกนเพื่อลงชื่อเข้าร่วมกิจกรรม",
            CHECKIN_URL,
            "ลำดับ ชื่อ–สกุล กลุ่มเป้าหมาย ตำแหน่ง/หน่วยงาน ลายมือชื่อ",
            "บุคลากร/พนักงาน",
            "หน้า 1 จาก 1",
        ],
    );
    // The printed code is the check-in link.
    assert_eq!(qr_codes(&bytes, 1), [CHECKIN_URL]);
    // The lines run 1, 2, 3… past the ten asked for, to the foot of the page.
    let numbers = line_numbers(&bytes);
    let first_page = numbers[0].clone();
    assert_eq!(
        first_page,
        (1..=first_page.len() as u32).collect::<Vec<_>>()
    );
    assert!(first_page.len() > 15, "{first_page:?} fill the page");

    // One line more than the first page holds: a second page, full too.
    let longer = activities::signin_sheet_pdf(&sheet(first_page.len() + 1)).unwrap();
    keep("signin-2.pdf", &longer);
    let numbers = line_numbers(&longer);
    assert_eq!(numbers.len(), 2, "{numbers:?}");
    assert_eq!(numbers[0], first_page);
    let per_page = numbers[1].len();
    assert!(
        per_page > first_page.len(),
        "a page without the heading holds more"
    );
    assert_eq!(
        numbers[1],
        (first_page.len() as u32 + 1..=(first_page.len() + per_page) as u32).collect::<Vec<_>>()
    );
    assert_contains(&pdf_text(&longer), &["หน้า 2 จาก 2"]);
    // Two and a half pages' worth make three full pages.
    let three = activities::signin_sheet_pdf(&sheet(first_page.len() + per_page + 3)).unwrap();
    let numbers = line_numbers(&three);
    assert_eq!(
        numbers.iter().map(Vec::len).collect::<Vec<_>>(),
        [first_page.len(), per_page, per_page]
    );
}

#[test]
fn the_survey_poster_is_one_page_with_a_scannable_code() {
    let poster = SurveyPoster {
        organization: ORGANIZATION.into(),
        title: "แบบสำรวจความพึงพอใจต่อการให้บริการ".into(),
        url: SURVEY_URL.into(),
        opens: "1 ตุลาคม 2568".into(),
        closes: "30 กันยายน 2569".into(),
    };
    let warnings = activities::pdf_warnings(Printable::SurveyPoster(&poster)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = activities::survey_poster_pdf(&poster).unwrap();
    keep("poster.pdf", &bytes);
    assert_eq!(pdf_pages(&bytes), 1);
    assert_contains(
        &pdf_text(&bytes),
        &[
            ORGANIZATION,
            "แบบสำรวจความพึงพอใจต่อการให้บริการ",
            "โปรดสละเวลา 1 นาที ประเมินความพึงพอใจ",
            SURVEY_URL,
            "เปิดรับความคิดเห็นตั้งแต่ 1 ตุลาคม 2568 ถึง 30 กันยายน 2569",
        ],
    );
    assert_eq!(qr_codes(&bytes, 1), [SURVEY_URL]);
}

#[test]
fn a_link_too_long_for_a_qr_code_is_refused_in_thai() {
    let mut data = sheet(10);
    data.checkin_url = format!("https://example.go.th/{}", "x".repeat(3000));
    let error = activities::signin_sheet_pdf(&data).unwrap_err();
    assert!(error.to_string().contains("คิวอาร์โค้ด"), "{error}");
}

// ---------------------------------------------------------------- surveys

/// The service template with a multiple-choice and a number question added.
fn service_survey() -> SurveyInput {
    let t = Template::find("service").unwrap();
    let mut questions = t.questions();
    questions.push(Question {
        id: "q8".into(),
        kind: QuestionKind::Multiple,
        text: "ท่านทราบข่าวสารของเทศบาลจากช่องทางใด".into(),
        required: false,
        options: vec!["เว็บไซต์".into(), "เพจเฟซบุ๊ก".into(), "LINE".into()],
        correct: None,
    });
    questions.push(Question {
        id: "q9".into(),
        kind: QuestionKind::Number,
        text: "ระยะเวลารอรับบริการ (นาที)".into(),
        required: false,
        options: vec![],
        correct: None,
    });
    SurveyInput {
        title: t.title.into(),
        kind: t.kind,
        item: Some(ItemRef {
            dimension: 1,
            no: 1,
        }),
        fiscal_year: 2569,
        activity: None,
        phase: Phase::Single,
        opens: date!(2025 - 10 - 01),
        closes: date!(2026 - 09 - 30),
        pass_mark: t.pass_mark,
        min_public: DEFAULT_MIN_PUBLIC,
        questions,
    }
}

fn knowledge_test(phase: Phase) -> SurveyInput {
    let t = Template::find("knowledge").unwrap();
    SurveyInput {
        title: t.title.into(),
        kind: SurveyKind::Test,
        item: None,
        fiscal_year: 2569,
        activity: Some("a1".into()),
        phase,
        opens: date!(2026 - 01 - 15),
        closes: date!(2026 - 01 - 16),
        pass_mark: t.pass_mark,
        min_public: DEFAULT_MIN_PUBLIC,
        questions: t.questions(),
    }
}

/// Checks each answer set and adds it up as the store does.
fn answer(survey: &SurveyInput, sets: &[BTreeMap<String, Value>]) -> (Vec<Response>, Results) {
    let mut tallies = Tallies::default();
    let mut responses = Vec::new();
    for set in sets {
        let response = check_answers(survey, set).expect("valid answers");
        tallies.responses += 1;
        tallies.passed += u64::from(response.passed);
        tallies.score_sum += u64::from(response.score);
        for (q, key, n) in tally_keys(&response) {
            *tallies.counts.entry((q, key)).or_default() += n;
        }
        responses.push(response);
    }
    let results = tallies.results(survey);
    (responses, results)
}

/// Ten answers: ratings 5 5 5 5 4 4 4 4 3 2 on every scale question, so 8 of
/// 10 are 4–5 (80.00) and the mean is 4.10 ("มาก").
fn service_answers() -> Vec<BTreeMap<String, Value>> {
    let ratings = [5, 5, 5, 5, 4, 4, 4, 4, 3, 2];
    ratings
        .iter()
        .enumerate()
        .map(|(i, rating)| {
            let mut set: BTreeMap<String, Value> =
                (1..=5).map(|q| (format!("q{q}"), json!(rating))).collect();
            set.insert("q6".into(), json!(if i < 6 { 0 } else { 1 }));
            if i == 0 {
                set.insert("q7".into(), json!("ควรเพิ่มที่จอดรถ"));
                set.insert("q8".into(), json!([0, 2]));
                set.insert("q9".into(), json!(12.5));
            }
            if i == 1 {
                set.insert("q7".into(), json!("=HYPERLINK(\"http://x\")"));
                set.insert("q8".into(), json!([1]));
                set.insert("q9".into(), json!(5));
            }
            set
        })
        .collect()
}

/// Answers scoring `score` of the knowledge test's five (the first right).
fn test_answers(score: usize) -> BTreeMap<String, Value> {
    let correct = [1, 0, 0, 1, 0];
    correct
        .iter()
        .enumerate()
        .map(|(i, right)| {
            let value = if i < score { *right } else { 1 - right };
            (format!("q{}", i + 1), json!(value))
        })
        .collect()
}

fn service_report(withheld: bool) -> SurveyReport {
    let (_, results) = answer(&service_survey(), &service_answers());
    SurveyReport {
        organization: ORGANIZATION.into(),
        title: "แบบสำรวจความพึงพอใจต่อการให้บริการ".into(),
        kind_label: SurveyKind::Satisfaction.thai().into(),
        item: Some("1.1 โครงการเสริมสร้างคุณธรรม".into()),
        period: "1 ตุลาคม 2568 – 30 กันยายน 2569".into(),
        results,
        pre: None,
        withheld,
    }
}

/// A post-test (scores 4 5 5 5 3: 4 of 5 pass, 88 %) after a pre-test
/// (scores 2 3 4 5: 2 of 4 pass, 70 %).
fn test_report() -> SurveyReport {
    let post: Vec<_> = [4, 5, 5, 5, 3].into_iter().map(test_answers).collect();
    let pre: Vec<_> = [2, 3, 4, 5].into_iter().map(test_answers).collect();
    let (_, post) = answer(&knowledge_test(Phase::Post), &post);
    let (_, pre) = answer(&knowledge_test(Phase::Pre), &pre);
    SurveyReport {
        organization: ORGANIZATION.into(),
        title: "แบบทดสอบความรู้เรื่องการป้องกันการทุจริต".into(),
        kind_label: format!("{} {}", SurveyKind::Test.thai(), Phase::Post.thai()),
        item: None,
        period: "15 มกราคม 2569 – 16 มกราคม 2569".into(),
        results: post,
        pre: Some(pre),
        withheld: false,
    }
}

#[test]
fn the_satisfaction_report_shows_shares_means_and_each_questions_counts() {
    let report = service_report(false);
    let warnings = activities::pdf_warnings(Printable::SurveyReport(&report)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = activities::survey_report_pdf(&report).unwrap();
    keep("survey-satisfaction.pdf", &bytes);
    let text = pdf_text(&bytes);
    assert_contains(
        &text,
        &[
            ORGANIZATION,
            "แบบสำรวจความพึงพอใจต่อการให้บริการ",
            "โครงการ/กิจกรรม 1.1 โครงการเสริมสร้างคุณธรรม",
            "ระยะเวลา 1 ตุลาคม 2568 – 30 กันยายน 2569",
            "จำนวนผู้ตอบ (ราย) 10",
            "ร้อยละของคำตอบระดับมาก–มากที่สุด (4–5) 80.00",
            "ค่าเฉลี่ย (เต็ม 5) 4.10",
            "ระดับโดยรวม มาก",
            // Question 1: the distribution, its mean and share.
            "ข้อ 1. ความสะดวกและรวดเร็วในการให้บริการ",
            "มากที่สุด (5) 4 40.00",
            "มาก (4) 4 40.00",
            "ปานกลาง (3) 1 10.00",
            "น้อย (2) 1 10.00",
            "น้อยที่สุด (1) 0 0.00",
            "ค่าเฉลี่ย 4.10 (ระดับมาก)",
            "ระดับมาก–มากที่สุด ร้อยละ 80.00",
            // A choice, several choices (shares of those who answered), a number.
            "ทะเบียนราษฎร 6 60.00",
            "ภาษีและรายได้ 4 40.00",
            "ผู้ตอบข้อนี้ 2 ราย",
            "เว็บไซต์ 1 50.00",
            "ค่าเฉลี่ย 8.75",
            "เกณฑ์การแปลผลค่าเฉลี่ย",
        ],
    );
    assert!(
        !squeeze(&text).contains("ควรเพิ่มที่จอดรถ"),
        "no text answers in the report"
    );
}

#[test]
fn the_test_report_shows_passes_scores_and_the_change_since_the_pre_test() {
    let report = test_report();
    let warnings = activities::pdf_warnings(Printable::SurveyReport(&report)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = activities::survey_report_pdf(&report).unwrap();
    keep("survey-test.pdf", &bytes);
    assert_contains(
        &pdf_text(&bytes),
        &[
            "แบบทดสอบความรู้ หลังอบรม (post-test)",
            "จำนวนผู้ตอบ (ราย) 5",
            "ร้อยละของผู้ผ่านเกณฑ์ 80.00",
            "คะแนนเฉลี่ย (ร้อยละของคะแนนเต็ม) 88.00",
            "ผู้ทำแบบทดสอบก่อนอบรม (ราย) 4",
            "ร้อยละของผู้ผ่านเกณฑ์ก่อนอบรม 50.00",
            "คะแนนเฉลี่ยก่อนอบรม (ร้อยละของคะแนนเต็ม) 70.00",
            "คะแนนเฉลี่ยเพิ่มขึ้นจากก่อนอบรม (คะแนนร้อยละ) +18.00",
            // Question 5 is answered right by those scoring 5 only: 3 of 5 after, 1 of 4 before.
            "ตอบถูก ร้อยละ 60.00 (ก่อนอบรม ร้อยละ 25.00)",
        ],
    );
}

#[test]
fn withheld_results_show_the_count_only() {
    let report = service_report(true);
    let bytes = activities::survey_report_pdf(&report).unwrap();
    keep("survey-withheld.pdf", &bytes);
    let text = squeeze(&pdf_text(&bytes));
    assert!(text.contains(&squeeze("จำนวนผู้ตอบ (ราย) 10")), "{text}");
    assert!(text.contains(&squeeze(activities::WITHHELD_NOTE)), "{text}");
    for hidden in ["80.00", "ความสะดวกและรวดเร็ว", "ค่าเฉลี่ย", "ทะเบียนราษฎร"]
    {
        assert!(!text.contains(&squeeze(hidden)), "{hidden} is withheld");
    }
    let book = activities::survey_report_xlsx(&report).unwrap();
    let cells = all_cells(&book);
    assert!(cells.contains(activities::WITHHELD_NOTE));
    assert!(!cells.contains("ความสะดวกและรวดเร็ว"));
}

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx")
}

fn rows(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(sheet)
        .expect("sheet")
        .rows()
        .map(<[Data]>::to_vec)
        .collect()
}

fn all_cells(bytes: &[u8]) -> String {
    let mut book = workbook(bytes);
    let mut out = String::new();
    for name in book.sheet_names() {
        for row in rows(&mut book, &name) {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('|');
            }
        }
    }
    out
}

fn row_starting<'a>(rows: &'a [Vec<Data>], first: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| matches!(r.first(), Some(Data::String(s)) if s == first))
        .unwrap_or_else(|| panic!("no row {first}"))
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{other:?} is not a number"),
    }
}

#[test]
fn the_survey_workbook_has_a_summary_and_a_row_per_choice() {
    let bytes = activities::survey_report_xlsx(&service_report(false)).unwrap();
    keep("survey-satisfaction.xlsx", &bytes);
    let mut book = workbook(&bytes);
    assert_eq!(book.sheet_names(), ["สรุป", "รายข้อ"]);
    let summary = rows(&mut book, "สรุป");
    assert_eq!(
        summary[0][0],
        Data::String("แบบสำรวจความพึงพอใจต่อการให้บริการ".into())
    );
    assert_eq!(number(&row_starting(&summary, "จำนวนผู้ตอบ (ราย)")[1]), 10.0);
    assert_eq!(
        number(&row_starting(&summary, "ร้อยละของคำตอบระดับมาก–มากที่สุด (4–5)")[1]),
        80.0
    );
    assert_eq!(number(&row_starting(&summary, "ค่าเฉลี่ย (เต็ม 5)")[1]), 4.1);
    let heads = row_starting(&summary, "ข้อ");
    assert_eq!(heads[4], Data::String("ค่าเฉลี่ย".into()));
    let q1 = summary
        .iter()
        .find(|r| r.get(1) == Some(&Data::String("ความสะดวกและรวดเร็วในการให้บริการ".into())))
        .expect("question 1's row");
    assert_eq!(
        (number(&q1[0]), number(&q1[3]), number(&q1[4])),
        (1.0, 10.0, 4.1)
    );
    assert_eq!(number(&q1[5]), 80.0);

    let per_question = rows(&mut book, "รายข้อ");
    let choices: Vec<(f64, String, f64, f64)> = per_question
        .iter()
        .filter(|r| matches!(r.first(), Some(Data::Float(_) | Data::Int(_))))
        .map(|r| {
            (
                number(&r[0]),
                r[2].to_string(),
                number(&r[3]),
                number(&r[4]),
            )
        })
        .collect();
    assert_eq!(choices[0], (1.0, "มากที่สุด (5)".into(), 4.0, 40.0));
    assert!(
        choices.contains(&(6.0, "ทะเบียนราษฎร".into(), 6.0, 60.0)),
        "{choices:?}"
    );
    assert!(
        choices.contains(&(8.0, "LINE".into(), 1.0, 50.0)),
        "{choices:?}"
    );
    // 5 scale questions × 5 levels + 5 jobs + 3 channels; none for text or number.
    assert_eq!(choices.len(), 25 + 5 + 3);

    let test = activities::survey_report_xlsx(&test_report()).unwrap();
    let mut book = workbook(&test);
    let summary = rows(&mut book, "สรุป");
    assert_eq!(
        number(&row_starting(&summary, "คะแนนเฉลี่ยเพิ่มขึ้นจากก่อนอบรม (คะแนนร้อยละ)")[1]),
        18.0
    );
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(bytes.starts_with(BOM), "UTF-8 with a BOM, for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let head = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

fn dated(responses: Vec<Response>) -> Vec<(Date, Response)> {
    responses
        .into_iter()
        .enumerate()
        .map(|(i, r)| (date!(2026 - 01 - 15) + Duration::days(i as i64), r))
        .collect()
}

#[test]
fn the_answers_are_one_row_per_response_in_csv_and_xlsx() {
    let survey = service_survey();
    let (responses, _) = answer(&survey, &service_answers());
    let answers = dated(responses);
    let bytes = activities::survey_answers_csv(&survey.questions, &answers);
    keep("answers.csv", &bytes);
    let (head, rows) = read_csv(&bytes);
    assert_eq!(head.len(), 1 + 9);
    assert_eq!(head[0], "วันที่");
    assert_eq!(head[1], "ข้อ 1. ความสะดวกและรวดเร็วในการให้บริการ");
    assert_eq!(head[9], "ข้อ 9. ระยะเวลารอรับบริการ (นาที)");
    assert_eq!(rows.len(), 10);
    assert_eq!(
        rows[0],
        [
            "15 มกราคม 2569",
            "5",
            "5",
            "5",
            "5",
            "5",
            "ทะเบียนราษฎร",
            "ควรเพิ่มที่จอดรถ",
            "เว็บไซต์, LINE",
            "12.5",
        ]
    );
    // A formula typed as an answer reaches the spreadsheet as text.
    assert_eq!(rows[1][7], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[1][9], "5");
    assert_eq!(rows[9][..3], ["24 มกราคม 2569", "2", "2"]);
    assert_eq!(rows[9][7..], ["", "", ""], "unanswered questions are empty");

    let book = activities::survey_answers_xlsx(&survey.questions, &answers).unwrap();
    let mut book = workbook(&book);
    assert_eq!(book.sheet_names(), ["คำตอบ"]);
    let sheet = rows_of(&mut book);
    assert_eq!(sheet[0][0], Data::String("วันที่".into()));
    assert_eq!(sheet[1][0], Data::String("15 มกราคม 2569".into()));
    assert_eq!(number(&sheet[1][1]), 5.0, "a scale answer is a number");
    assert_eq!(sheet[1][8], Data::String("เว็บไซต์, LINE".into()));
    assert_eq!(number(&sheet[1][9]), 12.5);
    assert_eq!(
        sheet[2][7],
        Data::String("=HYPERLINK(\"http://x\")".into()),
        "text, not a formula"
    );

    // A test adds its score and result.
    let test = knowledge_test(Phase::Post);
    let (responses, _) = answer(&test, &[test_answers(4), test_answers(2)]);
    let (head, rows) = read_csv(&activities::survey_answers_csv(
        &test.questions,
        &dated(responses),
    ));
    assert_eq!(head[6..], ["คะแนน (เต็ม 5)", "ผลการทดสอบ"]);
    assert_eq!(rows[0][1..], ["ผิด", "ถูก", "ถูก", "ผิด", "ผิด", "4", "ผ่าน"]);
    assert_eq!(rows[1][6..], ["2", "ไม่ผ่าน"]);
}

fn rows_of(book: &mut Xlsx<Cursor<Vec<u8>>>) -> Vec<Vec<Data>> {
    let name = book.sheet_names()[0].clone();
    rows(book, &name)
}

// ---------------------------------------------------------------- activity summary

fn activity(
    title: &str,
    kind: ActivityKind,
    sessions: Vec<Session>,
    venue: &str,
    groups: Vec<GroupCount>,
    checkins: Vec<(TargetGroup, u32)>,
) -> Activity {
    Activity {
        id: title.into(),
        input: ActivityInput {
            item: ItemRef {
                dimension: 1,
                no: 1,
            },
            fiscal_year: 2569,
            kind,
            title: title.into(),
            sessions,
            venue: venue.into(),
            topics: vec![],
            speakers: vec![],
            groups,
            roster_entries: vec![],
            summary: String::new(),
        },
        published: true,
        checkin_token: "token".into(),
        checkins,
        photos: vec![],
        revision: 1,
    }
}

fn day(date: Date) -> Session {
    Session {
        date,
        starts: time!(9:00),
        ends: time!(16:00),
    }
}

fn publicity(date: Date, channel: &str, topic: &str) -> PublicityEntry {
    PublicityEntry {
        id: format!("{date}-{channel}"),
        item: None,
        fiscal_year: 2569,
        channel: channel.into(),
        date,
        topic: topic.into(),
    }
}

/// Three activities (in no order): a training counted by staff (50 + 10
/// planned, 48 + 9 came), a campaign counted by check-ins (100 planned, 87),
/// a forum still to come (60 planned). 220 planned, 144 came.
fn summary() -> ActivitySummary {
    let group = |group, planned, actual| GroupCount {
        group,
        planned,
        actual,
    };
    ActivitySummary {
        organization: ORGANIZATION.into(),
        item: "1.1".into(),
        item_name: "โครงการเสริมสร้างคุณธรรม จริยธรรม และธรรมาภิบาลในองค์กร".into(),
        fiscal_year: 2569,
        activities: vec![
            activity(
                "เวทีประชาคมรับฟังความคิดเห็น",
                ActivityKind::Forum,
                vec![day(date!(2026 - 08 - 20))],
                "ศาลาประชาคม",
                vec![group(TargetGroup::Community, 60, None)],
                vec![],
            ),
            activity(
                "อบรมคุณธรรมจริยธรรม",
                ActivityKind::Training,
                vec![day(date!(2026 - 01 - 15))],
                "ห้องประชุมสภาเทศบาล",
                vec![
                    group(TargetGroup::Staff, 50, Some(48)),
                    group(TargetGroup::Executives, 10, Some(9)),
                ],
                vec![(TargetGroup::Staff, 30)],
            ),
            activity(
                "รณรงค์ต่อต้านการทุจริตในชุมชน",
                ActivityKind::Campaign,
                vec![day(date!(2026 - 02 - 10)), day(date!(2026 - 02 - 11))],
                "ชุมชนตลาดเก่า",
                vec![group(TargetGroup::Community, 100, None)],
                vec![(TargetGroup::Community, 87)],
            ),
        ],
        publicity: vec![
            publicity(date!(2026 - 01 - 20), "เพจเฟซบุ๊ก", "ภาพกิจกรรมอบรม"),
            publicity(date!(2026 - 01 - 05), "เว็บไซต์", "ประกาศรับสมัครผู้เข้าอบรม"),
            publicity(date!(2026 - 02 - 12), "หอกระจายข่าว", TRICKY_NARRATIVE),
            publicity(date!(2026 - 02 - 12), " เว็บไซต์ ", "ผลการรณรงค์"),
        ],
        kpis: vec![
            KpiRow {
                text: "ผู้เข้าร่วมโครงการไม่น้อยกว่า 100 คน".into(),
                target: "ไม่น้อยกว่า 100 คน".into(),
                actual: Some("144".into()),
                met: Some(true),
            },
            KpiRow {
                text: "ผู้เข้าร่วมมีความพึงพอใจไม่น้อยกว่าร้อยละ 80".into(),
                target: "ไม่น้อยกว่าร้อยละ 80".into(),
                actual: Some("78.5".into()),
                met: Some(false),
            },
            KpiRow {
                text: "ผู้เข้าร่วมผ่านการทดสอบความรู้ไม่น้อยกว่าร้อยละ 80".into(),
                target: "ไม่น้อยกว่าร้อยละ 80".into(),
                actual: None,
                met: None,
            },
        ],
    }
}

#[test]
fn the_activity_summary_pdf_lists_activities_totals_publicity_and_kpis() {
    let data = summary();
    let warnings = activities::pdf_warnings(Printable::ActivitySummary(&data)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let bytes = activities::activity_summary_pdf(&data).unwrap();
    assert_eq!(
        bytes,
        activities::activity_summary_pdf(&data).unwrap(),
        "reproducible"
    );
    keep("activity-summary.pdf", &bytes);
    let text = pdf_text(&bytes);
    assert_contains(
        &text,
        &[
            ORGANIZATION,
            "สรุปผลการจัดกิจกรรม",
            "โครงการ/กิจกรรม 1.1 โครงการเสริมสร้างคุณธรรม จริยธรรม และธรรมาภิบาลในองค์กร",
            "ปีงบประมาณ พ.ศ. 2569",
            // By date: the training, the campaign over two days, the forum.
            "1 15 มกราคม 2569 09:00–16:00 น. อบรม/สัมมนา อบรมคุณธรรมจริยธรรม ห้องประชุมสภาเทศบาล",
            "บุคลากร/พนักงาน 50 / 48 ผู้บริหาร 10 / 9 60 57",
            "2 10 กุมภาพันธ์ 2569 09:00–16:00 น. 11 กุมภาพันธ์ 2569 09:00–16:00 น. รณรงค์/ลงพื้นที่",
            "ประชาชน/ชุมชน 100 / 87 100 87",
            "3 20 สิงหาคม 2569",
            "ประชาชน/ชุมชน 60 / - 60 -",
            "รวม 3 กิจกรรม 220 144",
            // Per group.
            "ประชาชน/ชุมชน 160 87",
            // Publicity by date, distinct channels.
            "1 5 มกราคม 2569 เว็บไซต์ ประกาศรับสมัครผู้เข้าอบรม",
            "ประชาสัมพันธ์ทั้งหมด 4 ครั้ง ผ่าน 3 ช่องทาง: เว็บไซต์, เพจเฟซบุ๊ก, หอกระจายข่าว",
            // KPIs.
            "ผู้เข้าร่วมโครงการไม่น้อยกว่า 100 คน ไม่น้อยกว่า 100 คน 144 บรรลุ",
            "78.5 ไม่บรรลุ",
            "- ยังไม่มีข้อมูล",
        ],
    );
    let squeezed = squeeze(&text);
    // Typed text comes out as typed: markup characters are not markup.
    assert!(squeezed.contains(&squeeze(TRICKY_NARRATIVE)), "{text}");
    assert!(
        squeezed.find("อบรมคุณธรรมจริยธรรม") < squeezed.find("รณรงค์ต่อต้านการทุจริต"),
        "activities by date"
    );
}

#[test]
fn the_activity_summary_workbook_has_numbers_and_formula_totals() {
    let bytes = activities::activity_summary_xlsx(&summary()).unwrap();
    keep("activity-summary.xlsx", &bytes);
    let mut book = workbook(&bytes);
    assert_eq!(book.sheet_names(), ["กิจกรรม", "ประชาสัมพันธ์", "ตัวชี้วัด"]);
    let sheet = rows(&mut book, "กิจกรรม");
    let head = row_starting(&sheet, "ที่");
    let col = |name: &str| {
        head.iter()
            .position(|c| *c == Data::String(name.into()))
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let training = sheet
        .iter()
        .find(|r| r.get(3) == Some(&Data::String("อบรมคุณธรรมจริยธรรม".into())))
        .unwrap();
    assert_eq!(number(&training[col("บุคลากร/พนักงาน เป้าหมาย (คน)")]), 50.0);
    assert_eq!(number(&training[col("บุคลากร/พนักงาน เข้าร่วมจริง (คน)")]), 48.0);
    assert_eq!(number(&training[col("รวมเข้าร่วมจริง (คน)")]), 57.0);
    assert!(
        !head.iter().any(|c| c.to_string().starts_with("สมาชิกสภา")),
        "groups no activity names have no columns"
    );
    let forum = sheet
        .iter()
        .find(|r| r.get(3) == Some(&Data::String("เวทีประชาคมรับฟังความคิดเห็น".into())))
        .unwrap();
    assert_eq!(forum[col("รวมเข้าร่วมจริง (คน)")], Data::Empty, "not held yet");
    let total = row_starting(&sheet, "รวม");
    assert_eq!(number(&total[col("รวมเป้าหมาย (คน)")]), 220.0);
    assert_eq!(number(&total[col("รวมเข้าร่วมจริง (คน)")]), 144.0);
    assert_eq!(number(&total[col("ประชาชน/ชุมชน เข้าร่วมจริง (คน)")]), 87.0);
    let formulas = book.worksheet_formula("กิจกรรม").unwrap();
    assert!(
        formulas.rows().flatten().any(|f| f.starts_with("SUM(")),
        "totals are formulas"
    );

    let publicity = rows(&mut book, "ประชาสัมพันธ์");
    let by_label = |label: &str| {
        publicity
            .iter()
            .find(|r| r.get(1) == Some(&Data::String(label.into())))
            .unwrap_or_else(|| panic!("no row {label}"))
            .clone()
    };
    assert_eq!(number(&by_label("จำนวนครั้ง")[2]), 4.0);
    let channels = by_label("จำนวนช่องทาง");
    assert_eq!(number(&channels[2]), 3.0);
    assert_eq!(
        channels[3],
        Data::String("เว็บไซต์, เพจเฟซบุ๊ก, หอกระจายข่าว".into())
    );
    assert_eq!(
        publicity
            .iter()
            .filter(|r| matches!(r.first(), Some(Data::Float(_) | Data::Int(_))))
            .map(|r| r[1].to_string())
            .collect::<Vec<_>>(),
        [
            "5 มกราคม 2569",
            "20 มกราคม 2569",
            "12 กุมภาพันธ์ 2569",
            "12 กุมภาพันธ์ 2569"
        ]
    );

    let kpis = rows(&mut book, "ตัวชี้วัด");
    let kpi_rows: Vec<&Vec<Data>> = kpis
        .iter()
        .filter(|r| matches!(r.first(), Some(Data::Float(_) | Data::Int(_))))
        .collect();
    assert_eq!(kpi_rows.len(), 3);
    assert_eq!(number(&kpi_rows[0][3]), 144.0);
    assert_eq!(kpi_rows[0][4], Data::String("บรรลุ".into()));
    assert_eq!(number(&kpi_rows[1][3]), 78.5);
    assert_eq!(kpi_rows[1][4], Data::String("ไม่บรรลุ".into()));
    assert_eq!(kpi_rows[2][3], Data::String("-".into()));
    assert_eq!(kpi_rows[2][4], Data::String("ยังไม่มีข้อมูล".into()));
}
