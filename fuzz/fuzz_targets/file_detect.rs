#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sujarit_store::files::fuzz_detect(data);
});
