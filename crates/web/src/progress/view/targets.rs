//! The targets page's view model: each Part 1 indicator with a row per
//! year (and its baseline year), the saved actuals and a refused row as typed.

use askama::Template;
use sujarit_core::Plan;
use sujarit_core::progress::TargetActual;
use sujarit_core::scores::TargetKind;

use crate::ui::{FormErrors, StaffBar, staff_layout};

pub struct YearRow {
    pub year: u16,
    /// "ปีฐาน" for the baseline year of a reduction target.
    pub label: String,
    pub target: String,
    pub value: String,
    pub note: String,
    pub updated: String,
    pub has_value: bool,
    /// Field errors of this row, when it is the one just posted.
    pub errors: FormErrors,
}

pub struct IndicatorBlock {
    pub index: usize,
    pub indicator: String,
    pub how: String,
    pub rows: Vec<YearRow>,
}

#[derive(Template)]
#[template(path = "progress/targets.html")]
pub struct TargetsPage {
    pub layout: crate::ui::Layout,
    pub bar: StaffBar,
    pub indicators: Vec<IndicatorBlock>,
    pub can_edit: bool,
    pub notice: Option<String>,
    pub empty: Option<String>,
}

/// A row as the coordinator typed it, shown again with its errors.
pub struct Posted {
    pub index: usize,
    pub year: u16,
    pub value: String,
    pub note: String,
    pub errors: FormErrors,
}

/// What the targets page is built from.
pub struct TargetsInput<'a> {
    pub bar: StaffBar,
    pub can_edit: bool,
    pub notice: Option<String>,
    /// The plan in use, if any.
    pub plan: Option<&'a Plan>,
    /// The saved actuals (loaded only when the plan has targets).
    pub actuals: &'a [TargetActual],
    pub posted: Option<Posted>,
}

/// The targets page: the plan's indicators, or why there are none.
pub fn build(input: TargetsInput<'_>) -> TargetsPage {
    let TargetsInput {
        bar,
        can_edit,
        notice,
        plan,
        actuals,
        mut posted,
    } = input;
    let mut page = TargetsPage {
        layout: staff_layout("ผลตามค่าเป้าหมายของแผน", vec![]),
        bar,
        indicators: Vec::new(),
        can_edit,
        notice,
        empty: None,
    };
    let Some(plan) = plan else {
        page.empty = Some("ยังไม่มีแผนปฏิบัติการ ผู้ประสานแผนต้องนำเข้าแผนก่อน".into());
        return page;
    };
    if plan.targets.is_empty() {
        page.empty = Some("แผนที่ใช้อยู่ไม่มีตารางค่าเป้าหมาย".into());
        return page;
    }
    for (index, row) in plan.targets.iter().enumerate() {
        let kind = TargetKind::of(&row.indicator, plan.period);
        let mut years: Vec<(u16, String)> =
            plan.period.years().map(|y| (y, format!("ปี {y}"))).collect();
        let how = match kind {
            TargetKind::AtLeast => "บันทึกค่าที่ได้จริงของแต่ละปี ผลต้องไม่น้อยกว่าค่าเป้าหมาย".to_string(),
            TargetKind::ReductionFrom { baseline_year } => {
                if !years.iter().any(|(y, _)| *y == baseline_year) {
                    years.insert(0, (baseline_year, format!("ปีฐาน {baseline_year}")));
                }
                format!(
                    "บันทึกจำนวนที่เกิดขึ้นจริงของแต่ละปีและของปีฐาน {baseline_year} \
                     ระบบคำนวณร้อยละที่ลดลงเทียบกับปีฐานเอง"
                )
            }
        };
        let rows = years
            .into_iter()
            .map(|(year, label)| {
                let saved = actuals
                    .iter()
                    .find(|a| a.indicator == row.indicator && a.fiscal_year == year);
                let mut view = YearRow {
                    year,
                    label,
                    target: row
                        .values
                        .get(&year)
                        .map(|v| v.text.clone())
                        .unwrap_or_else(|| "-".into()),
                    value: saved.map(|a| a.value.clone()).unwrap_or_default(),
                    note: saved.and_then(|a| a.note.clone()).unwrap_or_default(),
                    updated: saved
                        .and_then(|a| a.updated_at)
                        .map(|at| sujarit_core::fiscal::thai_date(at.date()))
                        .unwrap_or_default(),
                    has_value: saved.is_some(),
                    errors: FormErrors::default(),
                };
                if let Some(p) = posted.take_if(|p| p.index == index && p.year == year) {
                    view.value = p.value;
                    view.note = p.note;
                    view.errors = p.errors;
                }
                view
            })
            .collect();
        page.indicators.push(IndicatorBlock {
            index,
            indicator: row.indicator.clone(),
            how,
            rows,
        });
    }
    page
}
