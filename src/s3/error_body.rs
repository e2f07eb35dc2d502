//! S3's XML error bodies (`<Error><Code>..</Code><Message>..</Message>...</Error>`), for the
//! producers that keep response bodies. Chrome keeps none for a preflight.

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    /// `<Method>` of CORS errors.
    pub method: Option<String>,
    /// `<ResourceType>` of CORS errors (`OBJECT`, `BUCKET`).
    pub resource_type: Option<String>,
    /// `<Endpoint>` of a 301 PermanentRedirect.
    pub endpoint: Option<String>,
    /// `<Region>` of an AuthorizationHeaderMalformed, or the expected region named in its message.
    pub region: Option<String>,
    /// `<Bucket>` when present.
    pub bucket: Option<String>,
}

/// Parses an S3 `<Error>` document; `None` when the text is not one.
pub fn parse(_xml: &str) -> Option<ErrorBody> {
    todo!()
}
