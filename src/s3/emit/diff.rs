//! Line diff between two configurations' aws-cli JSON.

use super::s3::aws_cli_json;
use crate::s3::CorsConfiguration;

/// A unified line diff of the aws-cli JSON of `old` (`None`: no configuration) and `new`: every
/// line of both texts, prefixed `-` (only in old), `+` (only in new) or ` ` (in both).
pub fn diff(old: Option<&CorsConfiguration>, new: &CorsConfiguration) -> String {
    let old_text = old.map(aws_cli_json).unwrap_or_default();
    let new_text = aws_cli_json(new);
    let old_lines: Vec<&str> = old_text.lines().collect();
    let new_lines: Vec<&str> = new_text.lines().collect();
    let mut out = String::new();
    for (tag, line) in line_diff(&old_lines, &new_lines) {
        out.push(tag.prefix());
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Same,
    Removed,
    Added,
}

impl Tag {
    fn prefix(self) -> char {
        match self {
            Tag::Same => ' ',
            Tag::Removed => '-',
            Tag::Added => '+',
        }
    }
}

/// Above this many cells the LCS table is not built and the middle is shown as removed then
/// added (still a correct diff, just not minimal). 4M cells of u32 = 16 MB.
const MAX_LCS_CELLS: usize = 4_000_000;

/// A line diff by longest common subsequence, after trimming the common prefix and suffix.
/// Removals are listed before additions where both are possible.
fn line_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(Tag, &'a str)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);

    let mut out: Vec<(Tag, &str)> = old[..prefix].iter().map(|l| (Tag::Same, *l)).collect();
    if old_mid.len().saturating_mul(new_mid.len()) > MAX_LCS_CELLS {
        out.extend(old_mid.iter().map(|l| (Tag::Removed, *l)));
        out.extend(new_mid.iter().map(|l| (Tag::Added, *l)));
    } else {
        out.extend(lcs_diff(old_mid, new_mid));
    }
    out.extend(old[old.len() - suffix..].iter().map(|l| (Tag::Same, *l)));
    out
}

fn lcs_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(Tag, &'a str)> {
    let (n, m) = (old.len(), new.len());
    // lcs[i * (m + 1) + j] = LCS length of old[i..] and new[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if old[i] == new[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            out.push((Tag::Same, old[i]));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push((Tag::Removed, old[i]));
            i += 1;
        } else {
            out.push((Tag::Added, new[j]));
            j += 1;
        }
    }
    out.extend(old[i..].iter().map(|l| (Tag::Removed, *l)));
    out.extend(new[j..].iter().map(|l| (Tag::Added, *l)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::CorsRule;

    fn config(methods: &[&str]) -> CorsConfiguration {
        CorsConfiguration {
            rules: vec![CorsRule {
                allowed_methods: methods.iter().map(|s| s.to_string()).collect(),
                allowed_origins: vec!["*".into()],
                ..CorsRule::default()
            }],
        }
    }

    #[test]
    fn diff_marks_added_removed_and_kept_lines() {
        let old = config(&["GET"]);
        let new = config(&["GET", "PUT"]);
        let d = diff(Some(&old), &new);
        assert!(
            d.contains("-        \"GET\"\n+        \"GET\",\n+        \"PUT\"\n       ]"),
            "{d}"
        );
        let side = |drop: char| -> String {
            d.lines()
                .filter(|l| !l.starts_with(drop))
                .map(|l| format!("{}\n", &l[1..]))
                .collect()
        };
        assert_eq!(side('+'), aws_cli_json(&old));
        assert_eq!(side('-'), aws_cli_json(&new));
        // No configuration before: everything is added.
        assert!(diff(None, &new).lines().all(|l| l.starts_with('+')));
        assert!(diff(Some(&new), &new).lines().all(|l| l.starts_with(' ')));
    }

    #[test]
    fn lcs_prefers_minimal_edits() {
        let old = ["a", "b", "c", "d"];
        let new = ["a", "x", "c", "d", "e"];
        let got: Vec<String> = line_diff(&old, &new)
            .into_iter()
            .map(|(t, l)| format!("{}{l}", t.prefix()))
            .collect();
        assert_eq!(got, [" a", "-b", "+x", " c", " d", "+e"]);
    }
}
