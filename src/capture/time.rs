//! `startedDateTime` to milliseconds since the Unix epoch, for ordering and pairing. Producers
//! write RFC 3339 with `Z` (Chrome), a local offset (Firefox, Charles), 7 fractional digits
//! (Fiddler) or `""` (Safari, when unknown): the last gives `None`.

/// Milliseconds since 1970-01-01T00:00:00Z, or `None` when `s` is not an RFC 3339 date-time.
pub fn parse_ms(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut fraction_ms = 0.0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        fraction_ms = format!("0.{}", &frac[..digits]).parse::<f64>().ok()? * 1000.0;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest.as_bytes().first() {
        None => 0, // no zone: read as UTC rather than guess the recorder's local zone
        Some(b'Z' | b'z') if rest.len() == 1 => 0,
        Some(sign @ (b'+' | b'-')) => {
            let zone = &rest[1..];
            let (h, m) = match zone.len() {
                5 if zone.as_bytes()[2] == b':' => (zone.get(0..2)?, zone.get(3..5)?),
                4 => (zone.get(0..2)?, zone.get(2..4)?),
                2 => (zone, "00"),
                _ => return None,
            };
            let minutes = h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds as f64 * 1000.0 + fraction_ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_ms;

    #[test]
    fn producers_spellings() {
        let chrome = parse_ms("2026-11-27T19:20:41.279Z").unwrap();
        assert_eq!(chrome, 1_795_807_241_279.0);
        // Firefox writes local time with an offset: the same instant.
        assert_eq!(parse_ms("2026-11-27T20:20:41.279+01:00").unwrap(), chrome);
        // Fiddler: 7 fractional digits.
        assert!((parse_ms("2011-07-08T06:40:46.9724178+01:00").unwrap() - 1_310_103_646_972.417_8).abs() < 1e-3);
        assert_eq!(parse_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_ms(""), None);
        assert_eq!(parse_ms("yesterday"), None);
        assert_eq!(parse_ms("2026-13-27T19:20:41Z"), None);
    }
}
