//! Running the `corshar` binary on hostile input: a watchdog that kills a child still running
//! after [`HANG`] and fails the test as a hang (not a timing assertion: the limit is far above any
//! honest run), the exit status or the signal that ended it, and its peak RSS from `wait4`.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far above any honest run, even of a debug build on a busy machine.
pub const HANG: Duration = Duration::from_secs(120);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    pub what: String,
    /// The exit code, or `None` when a signal ended it.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Peak resident set size of the child, in bytes (`ru_maxrss`).
    pub max_rss: u64,
    pub wall: Duration,
}

impl Outcome {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Neither a panic (101) nor killed by a signal (abort, stack overflow), and one of the
    /// documented exit codes; an error (2) says something on stderr, prefixed as every error is.
    pub fn assert_sane(&self) -> &Self {
        assert_eq!(
            self.signal,
            None,
            "{}: killed by signal {:?}; stderr: {}",
            self.what,
            self.signal,
            tail(&self.stderr())
        );
        let code = self.code.unwrap();
        assert_ne!(code, 101, "{}: panicked: {}", self.what, tail(&self.stderr()));
        assert!(
            [0, 1, 2].contains(&code),
            "{}: exit {code}; stderr: {}",
            self.what,
            tail(&self.stderr())
        );
        if code == 2 {
            assert!(
                self.stderr().starts_with("corshar: error: ") || self.stderr().starts_with("error: "),
                "{}: exit 2 without an error message: {}",
                self.what,
                tail(&self.stderr())
            );
        }
        self
    }

    /// An error (exit 2) whose message holds every one of `parts` (file, place, what was expected).
    pub fn assert_error(&self, parts: &[&str]) -> String {
        self.assert_sane();
        let err = self.stderr();
        assert_eq!(
            self.code,
            Some(2),
            "{}: expected an error, got exit {:?}; stdout: {}",
            self.what,
            self.code,
            tail(&self.stdout())
        );
        for p in parts {
            assert!(
                err.contains(p),
                "{}: the error does not say {p:?}: {}",
                self.what,
                tail(&err)
            );
        }
        err
    }
}

/// The last 2,000 characters, for failure messages about huge outputs.
pub fn tail(s: &str) -> String {
    let n = s.chars().count();
    if n <= 2000 {
        return s.to_owned();
    }
    let t: String = s.chars().skip(n - 2000).collect();
    format!("…{t}")
}

/// Where the child's standard input comes from.
pub enum Input<'a> {
    None,
    Bytes(Vec<u8>),
    File(&'a Path),
}

/// Runs `corshar ARGS` from the repository root with the watchdog; `bin` overrides the binary.
pub fn run_with(bin: Option<&Path>, args: &[&OsStr], input: Input<'_>) -> Outcome {
    let bin = bin
        .map(Path::to_path_buf)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("corshar"));
    let what = format!(
        "corshar {}",
        args.iter()
            .map(|a| {
                let s = a.to_string_lossy();
                if s.chars().count() > 80 {
                    format!("{}…", s.chars().take(80).collect::<String>())
                } else {
                    s.into_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut feed = None;
    match input {
        Input::None => {
            cmd.stdin(Stdio::null());
        }
        Input::Bytes(b) => {
            cmd.stdin(Stdio::piped());
            feed = Some(b);
        }
        Input::File(p) => {
            cmd.stdin(Stdio::from(std::fs::File::open(p).unwrap()));
        }
    }
    let start = Instant::now();
    // Reaped below with wait4 (which also gives the peak RSS), not Child::wait.
    #[allow(clippy::zombie_processes)]
    let mut child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let writer = feed.map(|b| {
        let mut stdin = child.stdin.take().unwrap();
        // A child that stops reading early closes the pipe: not an error of the test.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&b);
        })
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let mut status: libc::c_int = 0;
    // SAFETY: plain libc calls on our own child's pid with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "{what}: wait4 failed");
        if start.elapsed() > HANG {
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            panic!("{what}: still running after {HANG:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let wall = start.elapsed();
    if let Some(w) = writer {
        let _ = w.join();
    }
    let stdout = out_thread.join().unwrap();
    let stderr = err_thread.join().unwrap();
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else {
        (None, Some(libc::WTERMSIG(status)))
    };
    Outcome {
        what,
        code,
        signal,
        stdout,
        stderr,
        max_rss: usage.ru_maxrss as u64 * 1024,
        wall,
    }
}

pub fn run(args: &[&str]) -> Outcome {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_with(None, &args, Input::None)
}

pub fn run_os(args: &[&OsStr]) -> Outcome {
    run_with(None, args, Input::None)
}

pub fn run_stdin(args: &[&str], stdin: Vec<u8>) -> Outcome {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_with(None, &args, Input::Bytes(stdin))
}

/// A folder of its own under the system's temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("corshar-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    pub fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, contents).unwrap();
        p
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A sample HAR as JSON, to plant things in.
pub fn sample(name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(root().join("samples").join(name)).unwrap()).unwrap()
}

pub const S05: &str = "s05-sdk-signed-headers-not-allowed.har";
pub const S05_CORS: &str = "acme-telemetry-ingest=samples/cors/acme-telemetry-ingest.json";
