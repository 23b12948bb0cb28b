#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sujarit_import::fuzz::fuzz_import(data);
});
