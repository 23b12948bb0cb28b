#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sujarit_web::fuzz::fuzz_read_form(data);
    sujarit_web::fuzz::fuzz_answers(data);
});
