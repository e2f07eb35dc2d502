//! Reading speed and memory of `corshar analyze` on large HARs, against the `har` crate and
//! against `cat` (how fast the file can be read at all), measured in one run, alternating, best of
//! N, as whole processes (wall time and peak RSS from wait4).
//!
//!   cargo bench --bench har_speed              # 200 MB with bodies; 100k and 1M small entries
//!   cargo bench --bench har_speed -- --quick   # 50 MB; 10k and 100k entries
//!   cargo bench --bench har_speed -- generate 200 FILE.har            # just write a test file
//!   cargo bench --bench har_speed -- generate-small 100000 FILE.har   # or one of small entries
//!
//! The files are generated deterministically under target/bench-data (see generate.rs).

mod generate;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use generate::Shape;

const CORSHAR: &str = env!("CARGO_BIN_EXE_corshar");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.first().map(String::as_str) {
        // Child process: the `har` crate reading the file, nothing else.
        Some("__har_crate") => {
            let har = har::from_path(&args[1]).expect("the har crate reads the generated file");
            std::hint::black_box(har);
        }
        Some(kind @ ("generate" | "generate-small")) => {
            let n: u64 = args
                .get(1)
                .and_then(|s| s.parse().ok())
                .expect("generate SIZE_MB FILE | generate-small ENTRIES FILE");
            let path = args
                .get(2)
                .expect("generate SIZE_MB FILE | generate-small ENTRIES FILE");
            let shape = if kind == "generate" {
                Shape::WithBodies { bytes: n << 20 }
            } else {
                Shape::SmallEntries { count: n }
            };
            let entries = generate::write_har(shape, File::create(path).expect("writable")).expect("written");
            eprintln!("{path}: {entries} entries");
        }
        _ => run(args.iter().any(|a| a == "--quick")),
    }
}

struct Sample {
    seconds: f64,
    peak_rss_bytes: u64,
    /// CPU time in the program itself, and in the kernel on its behalf (page faults, zeroing).
    user: f64,
    system: f64,
}

/// Runs a command to completion with stdout discarded; wall time and peak RSS of the child.
// The child is reaped by wait4 (for its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn measure(program: &str, args: &[&str]) -> Sample {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for the child we just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet reaped; the out-pointers are valid for writes.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    assert!(pid > 0, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "{program} {args:?} failed: status {status}"
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Sample {
        seconds,
        peak_rss_bytes: usage.ru_maxrss as u64 * 1024,
        user: secs(usage.ru_utime),
        system: secs(usage.ru_stime),
    }
}

fn ensure(path: &Path, shape: Shape) -> u64 {
    if !path.exists() {
        let tmp = path.with_extension("tmp");
        generate::write_har(shape, File::create(&tmp).expect("writable")).expect("generated");
        std::fs::rename(&tmp, path).expect("renamed");
    }
    std::fs::metadata(path).expect("exists").len()
}

fn run(quick: bool) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let me = std::env::current_exe().expect("bench binary");
    let me = me.to_str().expect("utf-8 path");

    let mb = if quick { 50 } else { 200 };
    let big = dir.join(format!("bodies-{mb}mb.har"));
    let size = ensure(&big, Shape::WithBodies { bytes: mb << 20 });
    let big = big.to_str().expect("utf-8 path");
    println!(
        "\n## {} ({:.0} MB, base64 bodies): best of 5, alternating\n",
        big,
        size as f64 / 1e6
    );
    let (mut ours, mut crate_, mut cat) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        ours.push(measure(CORSHAR, &["analyze", big, "--format", "json"]));
        crate_.push(measure(me, &["__har_crate", big]));
        cat.push(measure("cat", &[big]));
    }
    let best = |v: &[Sample]| v.iter().map(|s| s.seconds).fold(f64::INFINITY, f64::min);
    let peak = |v: &[Sample]| v.iter().map(|s| s.peak_rss_bytes).max().unwrap_or(0);
    let (o, h, c) = (best(&ours), best(&crate_), best(&cat));
    println!("| command | best wall time | peak RSS | RSS / file size |");
    println!("|---|---|---|---|");
    for (name, t, rss) in [
        ("corshar analyze --format json", o, peak(&ours)),
        ("har::from_path (the har crate)", h, peak(&crate_)),
        ("cat FILE > /dev/null", c, peak(&cat)),
    ] {
        println!(
            "| {name} | {t:.3} s | {:.0} MB | {:.2} |",
            rss as f64 / 1e6,
            rss as f64 / size as f64
        );
    }
    println!(
        "\ncorshar is {:.1}x faster than the har crate and takes {:.1}x the time of cat.",
        h / o,
        o / c
    );

    let (small, large) = if quick { (10_000, 100_000) } else { (100_000, 1_000_000) };
    println!("\n## Small entries (no bodies): best of 3\n");
    println!("| entries | file size | best wall time | user CPU | system CPU | peak RSS | wall time per entry |");
    println!("|---|---|---|---|---|---|---|");
    let (mut per_entry, mut user_per_entry) = (Vec::new(), Vec::new());
    for n in [small, large] {
        let path = dir.join(format!("small-{n}.har"));
        let size = ensure(&path, Shape::SmallEntries { count: n });
        let path = path.to_str().expect("utf-8 path");
        let runs: Vec<Sample> = (0..3)
            .map(|_| measure(CORSHAR, &["analyze", path, "--format", "json"]))
            .collect();
        let fastest = runs
            .iter()
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
            .expect("three runs");
        per_entry.push(fastest.seconds / n as f64);
        user_per_entry.push(fastest.user / n as f64);
        println!(
            "| {n} | {:.0} MB | {:.3} s | {:.3} s | {:.3} s | {:.0} MB | {:.2} µs |",
            size as f64 / 1e6,
            fastest.seconds,
            fastest.user,
            fastest.system,
            peak(&runs) as f64 / 1e6,
            fastest.seconds / n as f64 * 1e6
        );
    }
    println!(
        "\nPer entry at {large} entries: wall time {:.2}x, user CPU time {:.2}x that at {small} (1.00 = linear).",
        per_entry[1] / per_entry[0],
        user_per_entry[1] / user_per_entry[0]
    );
}
