//! Reading the files the user names. `-` is standard input.

use std::io::Read;
use std::path::Path;

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
