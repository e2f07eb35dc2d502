//! Which program wrote the HAR, and what that producer can and cannot show. Producer quirks are
//! decided here and nowhere else (see ../shared/reference/har-producers.md).

use serde::Serialize;

/// The HAR's producer, from `log.creator` (and `log.browser`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Producer {
    /// Chrome or Edge DevTools (`WebInspector`), including `chrome.devtools.network.getHAR()`.
    ChromeDevtools,
    Firefox,
    /// Safari / WebKit Web Inspector.
    Safari,
    /// Playwright `recordHar`.
    Playwright,
    /// chrome-har (puppeteer-har, sitespeed.io, browsertime).
    ChromeHar,
    Mitmproxy,
    Charles,
    Fiddler,
    Insomnia,
    #[default]
    Unknown,
}

impl Producer {
    pub fn detect(creator: Option<&str>) -> Producer {
        let name = creator.unwrap_or("").to_ascii_lowercase();
        match name.as_str() {
            "webinspector" => Producer::ChromeDevtools,
            "firefox" => Producer::Firefox,
            "webkit web inspector" => Producer::Safari,
            "playwright" => Producer::Playwright,
            "chrome-har" => Producer::ChromeHar,
            "mitmproxy" => Producer::Mitmproxy,
            n if n.starts_with("charles") => Producer::Charles,
            n if n.starts_with("fiddler") => Producer::Fiddler,
            n if n.starts_with("insomnia") => Producer::Insomnia,
            _ => Producer::Unknown,
        }
    }

    /// Whether the producer writes CORS preflights as entries of their own.
    pub fn records_preflights(self) -> bool {
        !matches!(self, Producer::Playwright | Producer::Safari)
    }

    /// Whether the producer marks a request the browser failed (`_error`, `_failureText`), so that
    /// an entry without the mark is known to have succeeded. Proxies see the wire, not the
    /// browser: mitmproxy's `_error` marks proxy-side failures only, never a CORS verdict.
    pub fn marks_failures(self) -> bool {
        matches!(self, Producer::ChromeDevtools | Producer::Playwright | Producer::Safari)
    }

    /// What a user should know about this producer's records when reading a diagnosis.
    pub fn limitation(self) -> Option<&'static str> {
        match self {
            Producer::Playwright => Some(
                "Playwright's recordHar never records CORS preflights, so a request blocked at its preflight shows only as a failure: the preflight's answer, and so the exact reason, is not in the file.",
            ),
            Producer::Safari => Some(
                "Safari's Web Inspector does not record CORS preflights, so a request blocked at its preflight shows only as a failure.",
            ),
            Producer::Firefox => Some(
                "Firefox records no failure marker: a blocked request is status 0 with no response, so corshar judges it from the headers it can see.",
            ),
            Producer::ChromeHar => Some(
                "chrome-har drops requests that failed with anything but net::ERR_ABORTED, so requests blocked by CORS are missing from the file: a request blocked at its preflight shows only as that preflight, and one blocked at its response not at all.",
            ),
            Producer::Mitmproxy | Producer::Charles | Producer::Fiddler => Some(
                "A proxy records what crossed the network, not the browser's verdict: corshar judges every answer from its headers, and a request its preflight stopped appears only as that OPTIONS.",
            ),
            _ => None,
        }
    }
}
