//! Prints the JSON report of a plan document: `cargo run -p sujarit-import --example dump FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let bytes = std::fs::read(path).expect("read");
    match sujarit_import::import_plan(&bytes, &Default::default()) {
        Ok(report) => println!("{}", serde_json::to_string_pretty(&report).unwrap()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
