//! Times a template over a data file: `typeset TEMPLATE.typ DATA.json`, for trying layouts
//! of the board pack in a release build without rebuilding it.
#![allow(clippy::expect_used, clippy::print_stdout, reason = "a measuring tool")]

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let template = std::fs::read_to_string(&args[1]).expect("template");
    let data = std::fs::read(&args[2]).expect("data");
    let started = std::time::Instant::now();
    let (pdf, pages) = sprout_report::typeset(&template, data, "try".into()).expect("typeset");
    println!("{pages} pages, {} bytes, {:.2} s", pdf.len(), started.elapsed().as_secs_f64());
}
