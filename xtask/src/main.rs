//! `cargo xtask dist`: builds the DevTools extension. `cargo xtask samples`: regenerates the
//! samples the real-Chromium loop reproduces (see `samples.rs`).
//!
//! 1. adds the wasm32-unknown-unknown target when rustup lacks it;
//! 2. builds `extension/` (corshar-wasm) for wasm32 in release;
//! 3. binds it with wasm-bindgen (`--target web`), in-process through wasm-bindgen-cli-support at
//!    exactly the extension's wasm-bindgen version — nothing to install;
//! 4. copies `extension/static/` next to the bindings, once per browser, with that browser's
//!    manifest (`target/dist/chrome/`, `target/dist/firefox/`);
//! 5. zips each with `manifest.json` at the root: `target/dist/corshar-devtools-<version>.zip`
//!    (Chrome: "Load unpacked" the folder, or upload the zip to the store) and
//!    `target/dist/corshar-devtools-firefox-<version>.zip` (about:debugging, or AMO).
//!
//! The zips are reproducible: sorted entries, a fixed timestamp, fixed permissions.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::{Value, json};

mod samples;

type Result<T> = std::result::Result<T, String>;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CRATE: &str = "corshar-wasm";
/// The bindings' file stem: `pkg/corshar_wasm.js` and `pkg/corshar_wasm_bg.wasm`.
const STEM: &str = "corshar_wasm";
/// The Firefox add-on ID (AMO needs one for MV3).
const GECKO_ID: &str = "corshar@corshar.dev";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist(&args[1..]),
        Some("samples") => samples::samples(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask dist [--debug] [--locked]
       cargo xtask samples [--reuse]

dist: builds the DevTools extension into target/dist/: chrome/ and firefox/ (load unpacked), and
corshar-devtools-<version>.zip, corshar-devtools-firefox-<version>.zip.
  --debug   build the wasm without optimisations (faster to build, slower to run)
  --locked  pass --locked to cargo (CI: fail rather than update Cargo.lock)

samples: builds the CLI (release) and the extension, runs the real-Chromium loop
(extension/tests/loop) in record mode and replaces every sample but the real exports s01-s10
with Chrome's own HAR exports, updating their entry numbers in samples/expected.json (all or
nothing: a failing scenario, or a sample no scenario records, writes nothing).
  --reuse   skip the builds and the loop: take the HARs its last run left in target/samples-record";

fn dist(args: &[String]) -> Result<()> {
    let mut release = true;
    let mut locked = false;
    for arg in args {
        match arg.as_str() {
            "--debug" => release = false,
            "--locked" => locked = true,
            other => return Err(format!("dist: unknown option {other:?}\n\n{USAGE}")),
        }
    }
    let root = workspace_root()?;
    let version = extension_version(&root)?;
    ensure_wasm_target()?;
    let wasm = build_wasm(&root, release, locked)?;

    let dist = root.join("target/dist");
    let mut built = Vec::new();
    for browser in [Browser::Chrome, Browser::Firefox] {
        let dir = dist.join(browser.dir());
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("{}: cannot remove: {e}", dir.display()))?;
        }
        copy_tree(&root.join("extension/static"), &dir)?;
        bind(&wasm, &dir.join("pkg"))?;
        let manifest = manifest(&root.join("extension/static/manifest.json"), browser, &version)?;
        fs::write(dir.join("manifest.json"), manifest).map_err(|e| format!("{}: {e}", dir.display()))?;
        let zip = dist.join(browser.zip_name(&version));
        zip_dir(&dir, &zip)?;
        built.push((dir, zip));
    }
    for (dir, zip) in built {
        let size = fs::metadata(&zip).map(|m| m.len()).unwrap_or(0);
        println!(
            "{}  ({} KB; unpacked: {})",
            rel(&root, &zip),
            size / 1024,
            rel(&root, &dir)
        );
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Browser {
    Chrome,
    Firefox,
}

impl Browser {
    fn dir(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Firefox => "firefox",
        }
    }

    fn zip_name(self, version: &str) -> String {
        match self {
            Browser::Chrome => format!("corshar-devtools-{version}.zip"),
            Browser::Firefox => format!("corshar-devtools-firefox-{version}.zip"),
        }
    }
}

/// The manifest for `browser`: the template's keys, the crate's version, and what only one
/// browser reads (Chrome's `minimum_chrome_version`; Firefox's add-on ID and minimum version).
fn manifest(template: &Path, browser: Browser, version: &str) -> Result<String> {
    let text = fs::read_to_string(template).map_err(|e| format!("{}: {e}", template.display()))?;
    let mut m: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", template.display()))?;
    let obj = m
        .as_object_mut()
        .ok_or_else(|| format!("{}: expected a JSON object", template.display()))?;
    obj.insert("version".into(), json!(version));
    match browser {
        Browser::Chrome => {}
        Browser::Firefox => {
            obj.remove("minimum_chrome_version");
            // Module workers (the analysis runs in one) arrived in Firefox 114; 115 is the ESR.
            obj.insert(
                "browser_specific_settings".into(),
                json!({"gecko": {"id": GECKO_ID, "strict_min_version": "115.0"}}),
            );
        }
    }
    serde_json::to_string_pretty(&m)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

fn workspace_root() -> Result<PathBuf> {
    // xtask/ sits in the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| "cannot find the workspace root".to_owned())
}

/// The extension's version: `extension/Cargo.toml`'s, so the manifest and the crate agree.
fn extension_version(root: &Path) -> Result<String> {
    let out = run_output(
        Command::new(cargo())
            .args(["metadata", "--no-deps", "--format-version", "1"])
            .current_dir(root),
    )?;
    let meta: Value = serde_json::from_slice(&out).map_err(|e| format!("cargo metadata: {e}"))?;
    meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == CRATE))
        .and_then(|p| p["version"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("cargo metadata: no package {CRATE}"))
}

/// Adds the wasm32 target through rustup when it is missing. Without rustup (a distribution's
/// Rust), the build below says what is missing.
fn ensure_wasm_target() -> Result<()> {
    let Ok(out) = Command::new("rustup").args(["target", "list", "--installed"]).output() else {
        return Ok(());
    };
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    eprintln!("xtask: adding the {WASM_TARGET} target (rustup target add {WASM_TARGET})");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn build_wasm(root: &Path, release: bool, locked: bool) -> Result<PathBuf> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(root)
        .args(["build", "--package", CRATE, "--lib", "--target", WASM_TARGET]);
    if locked {
        cmd.arg("--locked");
    }
    if release {
        cmd.args(["--profile", "wasm-release"]);
    }
    run(&mut cmd)?;
    let profile = if release { "wasm-release" } else { "debug" };
    let wasm = target_dir(root)
        .join(WASM_TARGET)
        .join(profile)
        .join(format!("{STEM}.wasm"));
    if !wasm.is_file() {
        return Err(format!("{}: the build did not write it", wasm.display()));
    }
    Ok(wasm)
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// `wasm-bindgen --target web --no-typescript --out-dir OUT`: an ES module the panel imports,
/// which fetches the `.wasm` next to it (no bundler, no inline script: MV3's CSP allows it).
fn bind(wasm: &Path, out: &Path) -> Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(wasm)
        .out_name(STEM)
        .typescript(false)
        // The library defaults to true, unlike the CLI: keep the CLI's `init()` that finds the
        // .wasm next to the glue.
        .omit_default_module_path(false)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    bindgen
        .generate(out)
        .map_err(|e| format!("wasm-bindgen: {}: {e:#}", wasm.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &dest)?;
        } else {
            fs::copy(&path, &dest).map_err(|e| format!("{} → {}: {e}", path.display(), dest.display()))?;
        }
    }
    Ok(())
}

/// Zips the folder's contents (manifest.json at the root), sorted, with a fixed date, so the
/// same sources give the same bytes.
fn zip_dir(dir: &Path, zip_path: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let file = fs::File::create(zip_path).map_err(|e| format!("{}: {e}", zip_path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for name in files {
        let bytes = fs::read(dir.join(&name)).map_err(|e| format!("{name}: {e}"))?;
        zip.start_file(name.as_str(), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|e| format!("{}: {name}: {e}", zip_path.display()))?;
    }
    zip.finish().map_err(|e| format!("{}: {e}", zip_path.display()))?;
    Ok(())
}

/// Every file under `dir`, as `/`-separated paths relative to `base`.
fn collect_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect_files(base, &path, out)?;
        } else {
            let rel = path.strip_prefix(base).map_err(|e| e.to_string())?;
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

fn run_output(cmd: &mut Command) -> Result<Vec<u8>> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr)))
    }
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
