//! Reading the HARs users have: a file, `-` for standard input, gzip-compressed (`.har.gz`, or
//! any gzip stream), or inside a `.zip` (`archive.zip` when it holds one HAR,
//! `archive.zip:path/in/archive.har` to pick one). Told apart by their bytes, not their names.
//! JSONP wrappers and HARs pasted into Markdown are the core's job (capture::wrapper).

use std::io::Read;
use std::path::Path;

/// A file's bytes: mapped when it is a regular file (no copy, no page-faulting a fresh buffer:
/// reading a 200 MB HAR into a `Vec` costs more in the kernel than parsing it), else read.
pub enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// A HAR's bytes and what was done to get them.
pub struct Loaded {
    /// The name to show for the input.
    pub name: String,
    pub bytes: Bytes,
    /// Containers opened on the way, for the report.
    pub notes: Vec<String>,
}

/// The bytes of `path` (or stdin for `-`), or an error naming the file.
pub fn read(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(Path::new(path)).map_err(|e| format!("{path}: cannot read: {e}"))
}

/// The name to show for `path`.
pub fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_owned()
    } else {
        path.to_owned()
    }
}

/// Maps a regular file; reads stdin, pipes and anything that cannot be mapped.
fn map_or_read(path: &str) -> Result<Bytes, String> {
    if path == "-" {
        return read(path).map(Bytes::Owned);
    }
    map_or_read_path(Path::new(path), path)
}

/// [`map_or_read`] for a path that may not be UTF-8 (a file name from a folder listing), shown
/// as `name`.
fn map_or_read_path(path: &Path, name: &str) -> Result<Bytes, String> {
    if let Ok(file) = std::fs::File::open(path)
        && file.metadata().is_ok_and(|m| m.is_file() && m.len() > 0)
    {
        // SAFETY: the map is read-only and lives as long as the analysis. If another process
        // truncates the file meanwhile, reads past the new end fault (SIGBUS); that is the
        // accepted price of not copying hundreds of MB, as in ripgrep. Modified bytes cannot
        // break memory safety of the parser, which treats them as any other input.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            return Ok(Bytes::Mapped(map));
        }
    }
    std::fs::read(path)
        .map(Bytes::Owned)
        .map_err(|e| format!("{name}: cannot read: {e}"))
}

/// Opens a HAR file whose name is not UTF-8 (found in a folder): never a zip member or `-`,
/// shown with the bad bytes replaced (U+FFFD), read by its real name.
pub fn load_path(path: &Path) -> Result<Loaded, String> {
    let name = path.to_string_lossy().into_owned();
    let raw = map_or_read_path(path, &name)?;
    let mut notes = Vec::new();
    let bytes = if raw.starts_with(GZIP) || raw.starts_with(ZIP) || raw.starts_with(EMPTY_ZIP) {
        Bytes::Owned(open(&name, raw.to_vec(), None, &mut notes)?)
    } else {
        raw
    };
    Ok(Loaded { name, bytes, notes })
}

/// Opens a HAR argument: `FILE`, `-`, or `ARCHIVE.zip:MEMBER`.
pub fn load(arg: &str) -> Result<Loaded, String> {
    let (path, member) = match arg.rsplit_once(".zip:") {
        Some((archive, member)) if !Path::new(arg).exists() => (format!("{archive}.zip"), Some(member.to_owned())),
        _ => (arg.to_owned(), None),
    };
    let name = display_name(&path);
    let raw = map_or_read(&path)?;
    let mut notes = Vec::new();
    let bytes = if raw.starts_with(GZIP) || raw.starts_with(ZIP) || raw.starts_with(EMPTY_ZIP) || member.is_some() {
        Bytes::Owned(open(&name, raw.to_vec(), member.as_deref(), &mut notes)?)
    } else {
        raw
    };
    let name = match member {
        Some(m) => format!("{name}:{m}"),
        None => name,
    };
    Ok(Loaded { name, bytes, notes })
}

const GZIP: &[u8] = &[0x1f, 0x8b];
const ZIP: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";

fn open(name: &str, raw: Vec<u8>, member: Option<&str>, notes: &mut Vec<String>) -> Result<Vec<u8>, String> {
    if raw.starts_with(GZIP) {
        let bytes = gunzip(name, &raw)?;
        notes.push(format!("decompressed gzip ({} bytes to {})", raw.len(), bytes.len()));
        return Ok(bytes);
    }
    if raw.starts_with(ZIP) || raw.starts_with(EMPTY_ZIP) {
        let (inner, bytes) = unzip(name, &raw, member)?;
        notes.push(format!("read {inner} from the zip archive"));
        if bytes.starts_with(GZIP) {
            return open(&format!("{name}:{inner}"), bytes, None, notes);
        }
        return Ok(bytes);
    }
    if let Some(m) = member {
        return Err(format!("{name}: not a zip archive, so it has no member {m}"));
    }
    Ok(raw)
}

fn gunzip(name: &str, raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(raw.len().saturating_mul(4));
    let mut decoder = flate2::read::MultiGzDecoder::new(raw);
    match decoder.read_to_end(&mut out) {
        Ok(_) => Ok(out),
        // A cut-off .har.gz still yields the HAR's beginning: hand it to the reader, which analyses
        // up to the last complete entry and says where the file ends.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !out.is_empty() => Ok(out),
        Err(e) => Err(format!("{name}: not a readable gzip stream: {e}")),
    }
}

/// The HAR members of a zip archive (`.har`, `.har.gz`), in archive order.
pub fn zip_members(path: &str) -> Result<Vec<String>, String> {
    let raw = read(path)?;
    let archive = zip::ZipArchive::new(std::io::Cursor::new(raw))
        .map_err(|e| format!("{path}: not a readable zip archive: {e}"))?;
    Ok(har_members(&archive))
}

fn har_members<R: std::io::Read + std::io::Seek>(archive: &zip::ZipArchive<R>) -> Vec<String> {
    archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            (lower.ends_with(".har") || lower.ends_with(".har.gz")) && !lower.starts_with("__macosx/")
        })
        .collect()
}

/// The HAR member of a zip archive: the one named, or the only `.har` in it.
fn unzip(name: &str, raw: &[u8], member: Option<&str>) -> Result<(String, Vec<u8>), String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(raw))
        .map_err(|e| format!("{name}: not a readable zip archive: {e}"))?;
    let hars = har_members(&archive);
    let chosen = match (member, hars.as_slice()) {
        (Some(m), _) => m.to_owned(),
        (None, [one]) => one.clone(),
        (None, []) => return Err(format!("{name}: the zip archive holds no .har file")),
        (None, many) => {
            return Err(format!(
                "{name}: the zip archive holds {} HAR files ({}): name one as {name}:{}",
                many.len(),
                many.join(", "),
                many[0]
            ));
        }
    };
    let mut file = archive
        .by_name(&chosen)
        .map_err(|_| format!("{name}: the zip archive has no member {chosen}"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("{name}:{chosen}: cannot read from the archive: {e}"))?;
    Ok((chosen, bytes))
}

/// `[BUCKET=]FILE` → the configuration it names (`none`: the bucket has no CORS configuration).
/// The part before `=` is a bucket only when it is a valid bucket name, so paths containing `=`
/// still work.
pub fn cors_arg(arg: &str) -> Result<corshar::GivenCors, String> {
    let (bucket, file) = match arg.split_once('=') {
        Some((b, f)) if is_bucket_name(b) => (Some(b.to_owned()), f),
        _ => (None, arg),
    };
    Ok(corshar::GivenCors {
        bucket,
        config: cors_file(file)?,
    })
}

/// A configuration file (aws-cli JSON, console array or XML), or `none`.
pub fn cors_file(file: &str) -> Result<Option<corshar::s3::CorsConfiguration>, String> {
    if file == "none" {
        return Ok(None);
    }
    let bytes = read(file)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{file}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    corshar::s3::config::parse(&text)
        .map(Some)
        .map_err(|e| format!("{file}:{e}"))
}

/// S3 bucket naming rules, loosely: 3–63 of lower-case letters, digits, dots and hyphens.
fn is_bucket_name(s: &str) -> bool {
    (3..=63).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}
