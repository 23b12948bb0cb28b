#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sujarit_service::complaints::cleaning::fuzz::fuzz_clean_pdf(data);
});
