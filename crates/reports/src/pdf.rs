//! PDF through typst, used as a library. The templates and the Sarabun fonts are
//! compiled into the binary, so a report looks the same on every machine and the
//! typesetter can read nothing else: no files, no packages, no network.

use crate::ReportError;
use crate::model::Report;
use std::sync::LazyLock;
use time::OffsetDateTime;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The templates, by the path they import each other with.
const TEMPLATES: &[(&str, &str)] = &[
    ("common.typ", include_str!("../templates/common.typ")),
    ("schedule.typ", include_str!("../templates/schedule.typ")),
    ("summary.typ", include_str!("../templates/summary.typ")),
    (
        "monitoring.typ",
        include_str!("../templates/monitoring.typ"),
    ),
    (
        "complaints.typ",
        include_str!("../templates/complaints.typ"),
    ),
    ("signin.typ", include_str!("../templates/signin.typ")),
    ("poster.typ", include_str!("../templates/poster.typ")),
    ("survey.typ", include_str!("../templates/survey.typ")),
    (
        "activity_summary.typ",
        include_str!("../templates/activity_summary.typ"),
    ),
    (
        "internal_audit.typ",
        include_str!("../templates/internal_audit.typ"),
    ),
    ("control.typ", include_str!("../templates/control.typ")),
];

/// Sarabun (SIL Open Font License 1.1, see fonts/OFL.txt).
const FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/Sarabun-Regular.ttf"),
    include_bytes!("../fonts/Sarabun-Bold.ttf"),
];

struct Assets {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
    sources: Vec<Source>,
}

/// Parsed once per process: fonts and sources are cheap to clone (shared buffers).
static ASSETS: LazyLock<Assets> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let book = LazyHash::new(FontBook::from_fonts(&fonts));
    let sources = TEMPLATES
        .iter()
        .map(|(path, text)| Source::new(file_id(path), (*text).to_string()))
        .collect();
    Assets {
        fonts,
        book,
        sources,
    }
});

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("template paths are plain relative paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation: the templates, the fonts, and the report's data as
/// `sys.inputs.data` (JSON text, the same thing `typst compile --input data=…` passes).
struct ReportWorld {
    library: LazyHash<Library>,
    main: FileId,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &ASSETS.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        ASSETS
            .sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        ASSETS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Typesets a report. `generated_at` is what typst's `datetime.today()` gives the
/// templates, so the same input always makes the same PDF.
pub fn render(report: &Report, generated_at: OffsetDateTime) -> Result<Vec<u8>, ReportError> {
    typeset(report, generated_at).0
}

/// The PDF and typst's warnings (e.g. a character missing from the fonts).
pub fn typeset(
    report: &Report,
    generated_at: OffsetDateTime,
) -> (Result<Vec<u8>, ReportError>, Vec<String>) {
    let template = match report {
        Report::Schedule(_) => "schedule.typ",
        Report::Summary(_) => "summary.typ",
        Report::Monitoring(_) => "monitoring.typ",
    };
    typeset_data(template, report, generated_at)
}

/// Typesets `data` with one of the templates.
pub fn typeset_data(
    template: &str,
    data: &impl serde::Serialize,
    generated_at: OffsetDateTime,
) -> (Result<Vec<u8>, ReportError>, Vec<String>) {
    let json = match serde_json::to_string(data) {
        Ok(json) => json,
        Err(e) => return (Err(ReportError::Pdf(e.to_string())), vec![]),
    };
    let mut inputs = Dict::new();
    inputs.insert("data".into(), json.into_value());
    let today = generated_at.to_offset(sujarit_core::thai::BANGKOK);
    let world = ReportWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: file_id(template),
        today: Datetime::from_ymd(today.year(), today.month() as u8, today.day()),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let warnings = describe(&world, &compiled.warnings);
    let pdf = compiled
        .output
        .and_then(|doc| typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()));
    // typst memoises layout work across compilations; a long-running server
    // would keep every report's intermediate results forever without this.
    typst::comemo::evict(0);
    let pdf = pdf.map_err(|errors| ReportError::Pdf(describe(&world, &errors).join("; ")));
    (pdf, warnings)
}

/// typst's diagnostics, with the template line each points at.
fn describe(world: &ReportWorld, errors: &[SourceDiagnostic]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let place = e
                .span
                .id()
                .and_then(|id| {
                    let source = world.source(id).ok()?;
                    let range = typst::WorldExt::range(world, e.span)?;
                    let line = source.lines().byte_to_line(range.start)? + 1;
                    Some(format!("{}:{line}: ", id.get().vpath().get_without_slash()))
                })
                .unwrap_or_default();
            format!("{place}{}", e.message)
        })
        .collect()
}
