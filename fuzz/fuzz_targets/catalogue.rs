#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sujarit_service::disclosure::fuzz_catalogue(data);
});
