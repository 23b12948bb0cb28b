//! Sample files for upload tests.

/// The smallest well-formed PDF the tests upload: a catalogue and an empty
/// page tree. Detected as `application/pdf` and readable by lopdf.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// [`PDF`], owned.
pub fn pdf() -> Vec<u8> {
    PDF.to_vec()
}
