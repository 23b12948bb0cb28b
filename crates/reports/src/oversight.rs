//! The oversight comparison tables (issue 15) as files: CSV (UTF-8 with a
//! byte-order mark) and XLSX, one header row and one row per province or
//! LAO, numbers as numbers. The web layer decides the columns (the public
//! tables carry published figures only); this module only writes them.

use rust_xlsxwriter::{ColNum, RowNum, Workbook};

use crate::ReportError;
use crate::csv_file::write_rows;
use crate::xlsx::Styles;

/// One cell: text, a count, or a figure with decimals (a percent).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u32),
    Decimal(f64),
    /// Nothing to show (no plan, nothing due, a share withheld).
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Decimal(v) => format!("{v:.2}"),
            Cell::Empty => String::new(),
        }
    }
}

/// A table: its title (the sheet's first line), its header and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The sheet's name (at most 31 characters; cut if longer).
    pub sheet: String,
    pub title: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The header row then one row per line; no title, no totals (a CSV is for
/// machines). Text that starts like a formula gets an apostrophe.
pub fn csv(table: &Table) -> Result<Vec<u8>, ReportError> {
    let mut rows = vec![table.head.clone()];
    rows.extend(
        table
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect::<Vec<_>>()),
    );
    write_rows(rows)
}

/// One sheet: the title on the first row, the header on the third (frozen),
/// the rows below it.
pub fn xlsx(table: &Table) -> Result<Vec<u8>, ReportError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let name: String = table.sheet.chars().take(31).collect();
    sheet.set_name(name)?;
    sheet.write_string_with_format(0, 0, &table.title, &styles.title)?;
    const HEAD: RowNum = 2;
    for (col, name) in table.head.iter().enumerate() {
        sheet.write_string_with_format(HEAD, col as ColNum, name, &styles.head)?;
        sheet.set_column_width(col as ColNum, if col < 2 { 28.0 } else { 14.0 })?;
    }
    sheet.set_row_height(HEAD, 45)?;
    sheet.set_freeze_panes(HEAD + 1, 0)?;
    for (r, row) in table.rows.iter().enumerate() {
        let at = HEAD + 1 + r as RowNum;
        for (col, cell) in row.iter().enumerate() {
            let col = col as ColNum;
            match cell {
                Cell::Text(t) => sheet.write_string_with_format(at, col, t, &styles.text)?,
                Cell::Count(n) => {
                    sheet.write_number_with_format(at, col, f64::from(*n), &styles.integer)?
                }
                Cell::Decimal(v) => sheet.write_number_with_format(at, col, *v, &styles.score)?,
                Cell::Empty => sheet.write_blank(at, col, &styles.text)?,
            };
        }
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            sheet: "จังหวัด".into(),
            title: "ผลการดำเนินงาน ปีงบประมาณ 2569".into(),
            head: vec!["รหัส".into(), "ชื่อ".into(), "คะแนน".into(), "OIT".into()],
            rows: vec![
                vec![
                    Cell::Text("80".into()),
                    Cell::Text("=นครศรีธรรมราช".into()),
                    Cell::Decimal(83.5),
                    Cell::Empty,
                ],
                vec![
                    Cell::Text("10".into()),
                    Cell::Text("กรุงเทพมหานคร".into()),
                    Cell::Count(7),
                    Cell::Decimal(100.0),
                ],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_the_header_and_every_row_defused() {
        let bytes = csv(&table()).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "รหัส,ชื่อ,คะแนน,OIT");
        assert_eq!(lines[1], "80,'=นครศรีธรรมราช,83.50,");
        assert_eq!(lines[2], "10,กรุงเทพมหานคร,7,100.00");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn xlsx_holds_the_rows_as_numbers() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = xlsx(&table()).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("จังหวัด").unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String("ผลการดำเนินงาน ปีงบประมาณ 2569".into()))
        );
        assert_eq!(range.get_value((2, 1)), Some(&Data::String("ชื่อ".into())));
        assert_eq!(range.get_value((3, 2)), Some(&Data::Float(83.5)));
        assert_eq!(range.get_value((4, 2)), Some(&Data::Float(7.0)));
    }
}
