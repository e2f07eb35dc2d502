use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let t = Instant::now();
    let cap = corshar::capture::read(&bytes).unwrap();
    let read = t.elapsed();
    if std::env::var_os("READ_ONLY").is_some() { eprintln!("read {read:?} {}", cap.entries.len()); return; }
    let t = Instant::now();
    let pairs = corshar::pair::pair(&cap);
    let pair = t.elapsed();
    let t = Instant::now();
    let ex = corshar::diagnose::exchange::exchanges(&cap, &pairs);
    let exch = t.elapsed();
    let t = Instant::now();
    let views: Vec<_> = ex.iter().map(|e| corshar::diagnose::browser::judge(e, true)).collect();
    let judge = t.elapsed();
    drop(views);
    drop(ex);
    drop(pairs);
    drop(cap);
    let t = Instant::now();
    let report = corshar::analyze(&bytes, &Default::default()).unwrap();
    let all = t.elapsed();
    eprintln!("read {read:?} pair {pair:?} exchanges {exch:?} judge {judge:?} analyze(all) {all:?} findings {}", report.findings.len());
}
