//! Bucket CORS configurations: the model (aws-cli JSON field names), reading the three forms users
//! have (aws-cli / `get-bucket-cors` JSON, the console's bare array, the API's XML), validating like
//! `PutBucketCors`, and S3's rule matching (first full match wins; one `*` per pattern, anchored,
//! may match nothing). Source: ../shared/reference/s3-cors.md §1–§2.

use serde::{Deserialize, Serialize};

use super::json::{self, Node as JsonNode, Value as JsonValue};
use super::xml::{self, Element};
use super::{ALLOWABLE_METHODS, S3Error};

/// A bucket's whole CORS configuration, serialized exactly as `aws s3api put-bucket-cors` takes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsConfiguration {
    #[serde(rename = "CORSRules")]
    pub rules: Vec<CorsRule>,
}

/// One `CORSRule`. Values are kept verbatim (S3 returns them verbatim, case included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorsRule {
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "AllowedHeaders", default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_headers: Vec<String>,
    #[serde(rename = "AllowedMethods", default)]
    pub allowed_methods: Vec<String>,
    #[serde(rename = "AllowedOrigins", default)]
    pub allowed_origins: Vec<String>,
    #[serde(rename = "ExposeHeaders", default, skip_serializing_if = "Vec::is_empty")]
    pub expose_headers: Vec<String>,
    #[serde(rename = "MaxAgeSeconds", default, skip_serializing_if = "Option::is_none")]
    pub max_age_seconds: Option<i64>,
}

/// S3's pattern match for AllowedOrigin and AllowedHeader values: at most one `*`, which may
/// match the empty string; anchored at both ends. `*` alone matches anything. Case-sensitive:
/// callers lower-case both sides for header names. A pattern with more than one `*` (which
/// `PutBucketCors` refuses, §1.2) is split at its first `*`.
pub fn glob_match(pattern: &str, value: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == value,
        Some((prefix, suffix)) => {
            value.len() >= prefix.len() + suffix.len() && value.starts_with(prefix) && value.ends_with(suffix)
        }
    }
}

impl CorsRule {
    /// The first AllowedOrigin pattern matching `origin`.
    pub fn matching_origin(&self, origin: &str) -> Option<&str> {
        self.allowed_origins
            .iter()
            .map(String::as_str)
            .find(|p| glob_match(p, origin))
    }

    pub fn allows_method(&self, method: &str) -> bool {
        self.allowed_methods.iter().any(|m| m == method)
    }

    /// Whether one requested header name (any case) is covered by an AllowedHeader pattern.
    pub fn allows_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        self.allowed_headers
            .iter()
            .any(|p| glob_match(&p.to_ascii_lowercase(), &name))
    }

    /// Whether every requested header name is covered. Linear in the names and patterns: the
    /// exact patterns go into a set once (checking each name against each pattern is quadratic,
    /// and a hostile preflight may list 100,000 names).
    pub fn allows_headers(&self, names: &[String]) -> bool {
        if names.len().saturating_mul(self.allowed_headers.len()) <= 256 {
            return names.iter().all(|n| self.allows_header(n));
        }
        let lower: Vec<String> = self.allowed_headers.iter().map(|p| p.to_ascii_lowercase()).collect();
        let exact: std::collections::HashSet<&str> =
            lower.iter().map(String::as_str).filter(|p| !p.contains('*')).collect();
        let patterns: Vec<&str> = lower.iter().map(String::as_str).filter(|p| p.contains('*')).collect();
        names.iter().all(|n| {
            let n = n.to_ascii_lowercase();
            exact.contains(n.as_str()) || patterns.iter().any(|p| glob_match(p, &n))
        })
    }

    /// True when S3 answers `Access-Control-Allow-Origin: *` for a request this rule matches.
    pub fn answers_wildcard(&self) -> bool {
        self.allowed_origins.iter().any(|o| o == "*")
    }
}

/// Splits an `Access-Control-Request-Headers` value the way S3 does: on ",", trimmed,
/// lower-cased, empty items dropped.
pub fn split_request_headers(acrh: &str) -> Vec<String> {
    acrh.split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

impl CorsConfiguration {
    /// S3's `first_match`: the index of the first rule whose origins, methods and (when the
    /// request carried `Access-Control-Request-Headers`) every requested header match. A header
    /// that names nothing (`""`, `","`) counts as absent, as LocalStack reads an empty value;
    /// browsers never send one, and AWS's answer to it is unrecorded.
    pub fn first_match(&self, origin: &str, method: &str, request_headers: Option<&[String]>) -> Option<usize> {
        self.rules.iter().position(|rule| {
            rule.matching_origin(origin).is_some()
                && rule.allows_method(method)
                && match request_headers {
                    None => true,
                    Some(names) => names.is_empty() || (!rule.allowed_headers.is_empty() && rule.allows_headers(names)),
                }
        })
    }
}

/// Why a configuration file could not be read: where (line and column, 1-based, when known) and
/// what was expected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{line}:{column}: {message}")]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads a CORS configuration in any of its three forms, told apart by their first significant
/// byte and shape: `{"CORSRules": [...]}` (aws-cli, `get-bucket-cors`), `[...]` (the S3 console),
/// `<CORSConfiguration>` XML (the API, with or without the namespace and XML declaration).
/// Values are kept verbatim; whether S3 would accept them is [`validate`]'s question.
pub fn parse(text: &str) -> Result<CorsConfiguration, ConfigError> {
    // Editors on Windows save UTF-8 with a byte order mark; it is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.len() - text.trim_start().len();
    match text[start..].chars().next() {
        Some('<') => read_xml(text),
        Some('{' | '[') => read_json(text),
        Some(_) => Err(error_at_offset(
            text,
            start,
            "expected a CORS configuration: JSON {\"CORSRules\": [...]}, a JSON array of rules, or <CORSConfiguration> XML".into(),
        )),
        None => Err(ConfigError {
            line: 1,
            column: 1,
            message: "the configuration is empty; expected JSON {\"CORSRules\": [...]}, a JSON array of rules, or <CORSConfiguration> XML"
                .into(),
        }),
    }
}

fn error_at_offset(text: &str, offset: usize, message: String) -> ConfigError {
    let (line, column) = xml::line_column(text, offset);
    ConfigError { line, column, message }
}

/// The six fields of a rule, named per surface (s3-cors.md §1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Id,
    AllowedHeaders,
    AllowedMethods,
    AllowedOrigins,
    ExposeHeaders,
    MaxAgeSeconds,
}

const FIELDS: [Field; 6] = [
    Field::Id,
    Field::AllowedHeaders,
    Field::AllowedMethods,
    Field::AllowedOrigins,
    Field::ExposeHeaders,
    Field::MaxAgeSeconds,
];

/// JSON (plural arrays) or XML (singular, repeated elements).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Surface {
    Json,
    Xml,
}

impl Surface {
    fn name(self, field: Field) -> &'static str {
        match (self, field) {
            (_, Field::Id) => "ID",
            (_, Field::MaxAgeSeconds) => "MaxAgeSeconds",
            (Surface::Json, Field::AllowedHeaders) => "AllowedHeaders",
            (Surface::Json, Field::AllowedMethods) => "AllowedMethods",
            (Surface::Json, Field::AllowedOrigins) => "AllowedOrigins",
            (Surface::Json, Field::ExposeHeaders) => "ExposeHeaders",
            (Surface::Xml, Field::AllowedHeaders) => "AllowedHeader",
            (Surface::Xml, Field::AllowedMethods) => "AllowedMethod",
            (Surface::Xml, Field::AllowedOrigins) => "AllowedOrigin",
            (Surface::Xml, Field::ExposeHeaders) => "ExposeHeader",
        }
    }

    fn field(self, name: &str) -> Option<Field> {
        FIELDS.into_iter().find(|f| self.name(*f) == name)
    }

    /// `"AllowedOrigins"` in JSON, `<AllowedOrigin>` in XML.
    fn quote(self, name: &str) -> String {
        match self {
            Surface::Json => format!("{name:?}"),
            Surface::Xml => format!("<{name}>"),
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Surface::Json => "field",
            Surface::Xml => "element",
        }
    }
}

/// Which field a name from any surface means: the JSON and XML names, CloudFormation's
/// `ExposedHeaders`/`MaxAge`/`Id`, CDK camelCase and Terraform snake_case, any case.
fn recognise(name: &str) -> Option<Field> {
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    match squashed.as_str() {
        "id" => Some(Field::Id),
        "allowedheaders" | "allowedheader" => Some(Field::AllowedHeaders),
        "allowedmethods" | "allowedmethod" => Some(Field::AllowedMethods),
        "allowedorigins" | "allowedorigin" => Some(Field::AllowedOrigins),
        "exposeheaders" | "exposeheader" | "exposedheaders" | "exposedheader" => Some(Field::ExposeHeaders),
        "maxageseconds" | "maxage" | "maxageinseconds" => Some(Field::MaxAgeSeconds),
        _ => None,
    }
}

/// The classic traps (s3-cors.md §1.1; aws/aws-sdk-js#1154, serverless/serverless#6442): names
/// that are right on another surface and wrong in S3's.
fn foreign_surface(name: &str) -> Option<&'static str> {
    match name {
        "ExposedHeaders" | "MaxAge" | "Id" | "CorsRules" => Some("CloudFormation"),
        "exposedHeaders" | "maxAge" | "id" | "allowedOrigins" | "allowedMethods" | "allowedHeaders" => Some("CDK"),
        "allowed_origins" | "allowed_methods" | "allowed_headers" | "expose_headers" | "max_age_seconds"
        | "cors_rule" => Some("Terraform"),
        _ => None,
    }
}

/// "unknown field "ExposedHeaders": that is the CloudFormation name; S3 uses "ExposeHeaders"",
/// "unknown element <AllowedMethods>; did you mean <AllowedMethod>?"...
fn unknown_name(surface: Surface, name: &str) -> String {
    let (unit, quoted) = (surface.unit(), surface.quote(name));
    match recognise(name) {
        Some(field) => {
            let right = surface.quote(surface.name(field));
            match foreign_surface(name) {
                Some(source) => {
                    format!("unknown {unit} {quoted}: that is the {source} name; S3 uses {right}")
                }
                None => format!("unknown {unit} {quoted}; did you mean {right}?"),
            }
        }
        None => {
            let names: Vec<String> = FIELDS.iter().map(|f| surface.quote(surface.name(*f))).collect();
            format!(
                "unknown {unit} {quoted} in a CORS rule; expected one of {}",
                names.join(", ")
            )
        }
    }
}

// ------------------------------------------------------------------------------------------ JSON

fn read_json(text: &str) -> Result<CorsConfiguration, ConfigError> {
    let root = json::parse(text).map_err(|e| ConfigError {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let rules = match &root.value {
        // The console editor's form: the rules alone.
        JsonValue::Array(_) => &root,
        JsonValue::Object(members) => rules_member(&root, members)?,
        other => {
            return Err(at(
                &root,
                format!(
                    "expected {{\"CORSRules\": [...]}} or an array of rules, found {}",
                    other.kind()
                ),
            ));
        }
    };
    let JsonValue::Array(items) = &rules.value else {
        return Err(at(
            rules,
            format!(
                "expected \"CORSRules\" to be an array of rules, found {}",
                rules.value.kind()
            ),
        ));
    };
    let rules = items.iter().map(json_rule).collect::<Result<Vec<_>, _>>()?;
    Ok(CorsConfiguration { rules })
}

fn at(node: &JsonNode, message: String) -> ConfigError {
    ConfigError {
        line: node.line,
        column: node.column,
        message,
    }
}

fn key_name(key: &JsonNode) -> &str {
    match &key.value {
        JsonValue::String(s) => s,
        _ => "",
    }
}

/// The value of `CORSRules` in `{"CORSRules": [...]}`.
fn rules_member<'n>(root: &'n JsonNode, members: &'n [(JsonNode, JsonNode)]) -> Result<&'n JsonNode, ConfigError> {
    let mut found = None;
    for (key, value) in members {
        let name = key_name(key);
        if name == "CORSRules" {
            if found.is_some() {
                return Err(at(key, "duplicate field \"CORSRules\"".into()));
            }
            found = Some(value);
        } else if recognise(name).is_some() {
            return Err(at(
                key,
                format!(
                    "{name:?} belongs to a rule; expected {{\"CORSRules\": [{{...}}]}} with each rule inside the array"
                ),
            ));
        } else {
            return Err(at(key, unknown_top_level(name)));
        }
    }
    found.ok_or_else(|| at(root, "missing \"CORSRules\": expected {\"CORSRules\": [...]}".into()))
}

fn unknown_top_level(name: &str) -> String {
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    match (foreign_surface(name), squashed.as_str()) {
        (Some(source), _) => {
            format!("unknown field {name:?}: that is the {source} name; S3 uses \"CORSRules\"")
        }
        (None, "corsconfiguration") => {
            format!(
                "unknown field {name:?}; expected {{\"CORSRules\": [...]}} without a wrapper (the value of --cors-configuration)"
            )
        }
        (None, "corsrules" | "corsrule" | "rules") => {
            format!("unknown field {name:?}; did you mean \"CORSRules\"?")
        }
        _ => format!("unknown field {name:?}; expected {{\"CORSRules\": [...]}}"),
    }
}

fn json_rule(node: &JsonNode) -> Result<CorsRule, ConfigError> {
    let JsonValue::Object(members) = &node.value else {
        return Err(at(
            node,
            format!("expected each rule to be an object, found {}", node.value.kind()),
        ));
    };
    let mut rule = CorsRule::default();
    let mut seen = Vec::new();
    for (key, value) in members {
        let name = key_name(key);
        let Some(field) = Surface::Json.field(name) else {
            return Err(at(key, unknown_name(Surface::Json, name)));
        };
        if seen.contains(&field) {
            return Err(at(key, format!("duplicate field {name:?} in a rule")));
        }
        seen.push(field);
        match field {
            Field::Id => rule.id = Some(json_string(value, name)?),
            Field::AllowedHeaders => rule.allowed_headers = json_strings(value, name)?,
            Field::AllowedMethods => rule.allowed_methods = json_strings(value, name)?,
            Field::AllowedOrigins => rule.allowed_origins = json_strings(value, name)?,
            Field::ExposeHeaders => rule.expose_headers = json_strings(value, name)?,
            Field::MaxAgeSeconds => rule.max_age_seconds = Some(json_integer(value, name)?),
        }
    }
    Ok(rule)
}

fn json_string(node: &JsonNode, name: &str) -> Result<String, ConfigError> {
    match &node.value {
        JsonValue::String(s) => Ok(s.clone()),
        other => Err(at(
            node,
            format!("expected {name:?} to be a string, found {}", other.kind()),
        )),
    }
}

fn json_strings(node: &JsonNode, name: &str) -> Result<Vec<String>, ConfigError> {
    match &node.value {
        JsonValue::Array(items) => items
            .iter()
            .map(|item| match &item.value {
                JsonValue::String(s) => Ok(s.clone()),
                other => Err(at(
                    item,
                    format!(
                        "expected {name:?} to be an array of strings, found {} in it",
                        other.kind()
                    ),
                )),
            })
            .collect(),
        // The most common slip: one value without the brackets.
        JsonValue::String(s) => Err(at(
            node,
            format!("expected {name:?} to be an array of strings, found a string (write [{s:?}])"),
        )),
        other => Err(at(
            node,
            format!("expected {name:?} to be an array of strings, found {}", other.kind()),
        )),
    }
}

fn json_integer(node: &JsonNode, name: &str) -> Result<i64, ConfigError> {
    match &node.value {
        JsonValue::Number(raw) => raw.parse::<i64>().map_err(|_| {
            at(
                node,
                format!("expected {name:?} to be a whole number of seconds, found {raw}"),
            )
        }),
        other => Err(at(
            node,
            format!(
                "expected {name:?} to be a whole number of seconds, found {}",
                other.kind()
            ),
        )),
    }
}

// ------------------------------------------------------------------------------------------- XML

fn read_xml(text: &str) -> Result<CorsConfiguration, ConfigError> {
    let root = xml::parse(text).map_err(|e| error_at_offset(text, e.offset, e.message))?;
    let fail = |element: &Element, message: String| error_at_offset(text, element.offset, message);
    if root.name != "CORSConfiguration" {
        let message = if root.name == "CORSRule" {
            "expected <CORSConfiguration> around the <CORSRule> elements".to_string()
        } else {
            format!("expected the root element <CORSConfiguration>, found <{}>", root.name)
        };
        return Err(fail(&root, message));
    }
    no_stray_text(&root).map_err(|m| fail(&root, m))?;
    let mut rules = Vec::new();
    for child in &root.children {
        if child.name != "CORSRule" {
            let message = match recognise(&child.name) {
                Some(_) => format!("<{}> belongs inside a <CORSRule>", child.name),
                None if child.name.eq_ignore_ascii_case("CORSRules") || child.name.eq_ignore_ascii_case("CORSRule") => {
                    format!("unknown element <{}>; did you mean <CORSRule>?", child.name)
                }
                None => format!(
                    "unknown element <{}> in <CORSConfiguration>; expected <CORSRule>",
                    child.name
                ),
            };
            return Err(fail(child, message));
        }
        rules.push(xml_rule(child).map_err(|(element, message)| fail(element, message))?);
    }
    Ok(CorsConfiguration { rules })
}

fn no_stray_text(element: &Element) -> Result<(), String> {
    let stray = element.text.trim();
    if stray.is_empty() {
        Ok(())
    } else {
        Err(format!("unexpected text {:?} in <{}>", xml::short(stray), element.name))
    }
}

fn xml_rule(element: &Element) -> Result<CorsRule, (&Element, String)> {
    no_stray_text(element).map_err(|m| (element, m))?;
    let mut rule = CorsRule::default();
    for child in &element.children {
        let Some(field) = Surface::Xml.field(&child.name) else {
            return Err((child, unknown_name(Surface::Xml, &child.name)));
        };
        if let Some(inner) = child.children.first() {
            return Err((
                inner,
                format!(
                    "unexpected element <{}> inside <{}>; expected text",
                    inner.name, child.name
                ),
            ));
        }
        // Text is kept verbatim, whitespace included: S3 stores values verbatim (§1.1).
        let value = child.text.clone();
        match field {
            Field::Id if rule.id.is_some() => {
                return Err((child, "duplicate <ID> in a <CORSRule>".into()));
            }
            Field::Id => rule.id = Some(value),
            Field::AllowedHeaders => rule.allowed_headers.push(value),
            Field::AllowedMethods => rule.allowed_methods.push(value),
            Field::AllowedOrigins => rule.allowed_origins.push(value),
            Field::ExposeHeaders => rule.expose_headers.push(value),
            Field::MaxAgeSeconds if rule.max_age_seconds.is_some() => {
                return Err((child, "duplicate <MaxAgeSeconds> in a <CORSRule>".into()));
            }
            // xs:int allows surrounding whitespace.
            Field::MaxAgeSeconds => match value.trim().parse::<i64>() {
                Ok(seconds) => rule.max_age_seconds = Some(seconds),
                Err(_) => {
                    let found = xml::short(&value);
                    return Err((
                        child,
                        format!("expected <MaxAgeSeconds> to be a whole number of seconds, found {found:?}"),
                    ));
                }
            },
        }
    }
    Ok(rule)
}

// ------------------------------------------------------------------------------------ validation

/// The message S3 sends with `MalformedXML` [AWS-rec `put-cors-empty-rules`].
const MALFORMED_XML: &str = "The XML you provided was not well-formed or did not validate against our published schema";

fn s3_error(code: &str, message: String) -> S3Error {
    S3Error {
        code: code.to_string(),
        message,
    }
}

/// `PutBucketCors` validation: the error S3 would answer for this configuration, if any
/// (s3-cors.md §1.2). The body is read first (size), then checked against the schema (rule
/// count, required elements, ID length: `MalformedXML` and friends), then rule by rule for the
/// values S3 refuses (`InvalidRequest`).
pub fn validate(config: &CorsConfiguration) -> Result<(), S3Error> {
    // [AWS-doc] "The document is limited to 64 KB in size". The code is S3's generic one for an
    // oversized body [unverified for PutBucketCors].
    if xml_size(config) > 64 * 1024 {
        return Err(s3_error("MaxMessageLengthExceeded", "Your request was too big.".into()));
    }
    // [AWS-rec] zero rules; >100 rules is [AWS-doc] with LocalStack's code [unverified].
    if config.rules.is_empty() || config.rules.len() > 100 {
        return Err(s3_error("MalformedXML", MALFORMED_XML.into()));
    }
    for rule in &config.rules {
        // CORSRule requires AllowedOrigin and AllowedMethod [AWS-doc; LocalStack validation].
        if rule.allowed_origins.is_empty() || rule.allowed_methods.is_empty() {
            return Err(s3_error("MalformedXML", MALFORMED_XML.into()));
        }
        // A value XML 1.0 cannot carry (a C0 control other than tab, LF and CR, U+FFFE, U+FFFF)
        // cannot reach S3 at all: every client sends the configuration as XML, which S3 then
        // refuses as not well-formed. (Found by fuzzing: such a value read from JSON had no
        // faithful XML form.)
        if rule_values(rule).any(|v| v.chars().any(|c| !is_xml_char(c))) {
            return Err(s3_error("MalformedXML", MALFORMED_XML.into()));
        }
        // [AWS-doc] ID ≤ 255 characters; code and message [unverified].
        if rule.id.as_ref().is_some_and(|id| id.chars().count() > 255) {
            return Err(s3_error(
                "InvalidArgument",
                "ID length should not exceed allowed limit of 255".into(),
            ));
        }
    }
    config.rules.iter().try_for_each(validate_values)
}

/// Every string of a rule.
fn rule_values(rule: &CorsRule) -> impl Iterator<Item = &String> {
    rule.id
        .iter()
        .chain(&rule.allowed_origins)
        .chain(&rule.allowed_methods)
        .chain(&rule.allowed_headers)
        .chain(&rule.expose_headers)
}

/// XML 1.0's `Char` production: what an XML document can carry, raw or as a reference.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn validate_values(rule: &CorsRule) -> Result<(), S3Error> {
    // Case-sensitive: `get` is refused too [AWS-rec `put-cors-bad-method`].
    if let Some(method) = rule
        .allowed_methods
        .iter()
        .find(|m| !ALLOWABLE_METHODS.contains(&m.as_str()))
    {
        return Err(s3_error(
            "InvalidRequest",
            format!("Found unsupported HTTP method in CORS config. Unsupported method is {method}"),
        ));
    }
    // Messages as minio/pkg `cors/errors.go` copies them from S3 [AWS-doc for the rule].
    if let Some(origin) = rule.allowed_origins.iter().find(|o| o.matches('*').count() > 1) {
        return Err(s3_error(
            "InvalidRequest",
            format!("AllowedOrigin \"{origin}\" can not have more than one wildcard."),
        ));
    }
    if let Some(header) = rule.allowed_headers.iter().find(|h| h.matches('*').count() > 1) {
        return Err(s3_error(
            "InvalidRequest",
            format!("AllowedHeader \"{header}\" can not have more than one wildcard."),
        ));
    }
    // google/neuroglancer#788 (AWS console screenshot).
    if let Some(header) = rule.expose_headers.iter().find(|h| h.contains('*')) {
        return Err(s3_error(
            "InvalidRequest",
            format!(
                "ExposeHeader \"{header}\" contains wildcard. We currently do not support wildcard for ExposeHeader."
            ),
        ));
    }
    Ok(())
}

/// The size of the compact XML body an SDK sends for this configuration.
fn xml_size(config: &CorsConfiguration) -> usize {
    fn element(name: &str, value: &str) -> usize {
        let escaped: usize = value
            .chars()
            .map(|c| match c {
                '&' => 5,
                '<' | '>' => 4,
                '"' | '\'' => 6,
                _ => c.len_utf8(),
            })
            .sum();
        2 * name.len() + 5 + escaped
    }
    let envelope = r#"<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></CORSConfiguration>"#.len();
    let rules: usize = config
        .rules
        .iter()
        .map(|rule| {
            let lists = [
                ("AllowedOrigin", &rule.allowed_origins),
                ("AllowedMethod", &rule.allowed_methods),
                ("AllowedHeader", &rule.allowed_headers),
                ("ExposeHeader", &rule.expose_headers),
            ];
            let values: usize = lists
                .iter()
                .flat_map(|(name, values)| values.iter().map(|v| element(name, v)))
                .sum();
            let id = rule.id.as_deref().map_or(0, |id| element("ID", id));
            let max_age = rule
                .max_age_seconds
                .map_or(0, |s| element("MaxAgeSeconds", &s.to_string()));
            "<CORSRule></CORSRule>".len() + values + id + max_age
        })
        .sum();
    envelope + rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_is_anchored_and_star_may_be_empty() {
        assert!(glob_match("*", "anything at all"));
        assert!(glob_match("https://*.acme.test", "https://admin.acme.test"));
        assert!(!glob_match("https://*.acme.test", "https://acme.test"));
        assert!(glob_match("start*end", "startend"));
        assert!(!glob_match("http://*.origin.com", "http://test.origin.com/"));
    }

    fn rule(origins: &[&str], methods: &[&str]) -> CorsRule {
        CorsRule {
            allowed_origins: origins.iter().map(|s| s.to_string()).collect(),
            allowed_methods: methods.iter().map(|s| s.to_string()).collect(),
            ..CorsRule::default()
        }
    }

    fn expected_app_rule() -> CorsConfiguration {
        CorsConfiguration {
            rules: vec![CorsRule {
                id: Some("app".into()),
                allowed_headers: vec!["content-type".into(), "x-amz-*".into()],
                expose_headers: vec!["ETag".into()],
                max_age_seconds: Some(3000),
                ..rule(&["https://app.example.com"], &["GET", "PUT"])
            }],
        }
    }

    #[test]
    fn reads_the_aws_cli_json_form() {
        let text = r#"{"CORSRules":[{"ID":"app","AllowedOrigins":["https://app.example.com"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["content-type","x-amz-*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#;
        assert_eq!(parse(text), Ok(expected_app_rule()));
    }

    #[test]
    fn reads_the_console_array_with_a_bom() {
        let text = "\u{feff}[\n  {\n    \"AllowedHeaders\": [\"content-type\", \"x-amz-*\"],\n    \"AllowedMethods\": [\"GET\", \"PUT\"],\n    \"AllowedOrigins\": [\"https://app.example.com\"],\n    \"ExposeHeaders\": [\"ETag\"],\n    \"MaxAgeSeconds\": 3000,\n    \"ID\": \"app\"\n  }\n]\n";
        assert_eq!(parse(text), Ok(expected_app_rule()));
    }

    #[test]
    fn reads_the_api_xml_with_or_without_namespace_and_declaration() {
        let with = r#"<?xml version="1.0" encoding="UTF-8"?>
<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <CORSRule><ID>app</ID><AllowedOrigin>https://app.example.com</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>content-type</AllowedHeader><AllowedHeader>x-amz-*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds> 3000 </MaxAgeSeconds></CORSRule>
</CORSConfiguration>"#;
        assert_eq!(parse(with), Ok(expected_app_rule()));
        let without = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule><!-- c --></CORSConfiguration>";
        assert_eq!(
            parse(without),
            Ok(CorsConfiguration {
                rules: vec![rule(&["*"], &["GET"])]
            })
        );
        // An empty origin is accepted and kept [AWS-rec].
        let empty = "<CORSConfiguration><CORSRule><AllowedOrigin/><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
        assert_eq!(
            parse(empty),
            Ok(CorsConfiguration {
                rules: vec![rule(&[""], &["GET"])]
            })
        );
    }

    fn error(text: &str) -> ConfigError {
        parse(text).expect_err("must be rejected")
    }

    #[test]
    fn json_type_errors_point_at_the_value() {
        let e = error("{\"CORSRules\": [\n  {\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": \"GET\"}\n]}");
        assert_eq!((e.line, e.column), (2, 47));
        assert_eq!(
            e.message,
            r#"expected "AllowedMethods" to be an array of strings, found a string (write ["GET"])"#
        );
        let e = error(r#"[{"AllowedOrigins": ["*", 3], "AllowedMethods": ["GET"]}]"#);
        assert_eq!((e.line, e.column), (1, 27));
        assert!(
            e.message
                .starts_with(r#"expected "AllowedOrigins" to be an array of strings, found a number"#)
        );
        let e = error(r#"[{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"], "MaxAgeSeconds": "3000"}]"#);
        assert_eq!(
            e.message,
            r#"expected "MaxAgeSeconds" to be a whole number of seconds, found a string"#
        );
        let e = error(r#"[{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"], "MaxAgeSeconds": 1.5}]"#);
        assert!(e.message.contains("found 1.5"));
        assert!(
            error(r#"{"CORSRules": {"AllowedOrigins": ["*"]}}"#)
                .message
                .contains("array of rules")
        );
        assert!(
            error(r#"{"CORSRules": ["x"]}"#)
                .message
                .contains("each rule to be an object")
        );
        assert!(error(r#""text""#).message.contains("expected a CORS configuration"));
        assert!(error("{\"CORSRules\": [1,]}").message.starts_with("invalid JSON"));
    }

    #[test]
    fn cloudformation_names_in_s3_json_say_which_name_s3_uses() {
        let e = error(
            "{\"CORSRules\": [{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"GET\"],\n \"ExposedHeaders\": [\"ETag\"]}]}",
        );
        assert_eq!((e.line, e.column), (2, 2));
        assert_eq!(
            e.message,
            r#"unknown field "ExposedHeaders": that is the CloudFormation name; S3 uses "ExposeHeaders""#
        );
        assert!(
            error(r#"[{"MaxAge": 3}]"#)
                .message
                .contains(r#"S3 uses "MaxAgeSeconds""#)
        );
        assert!(error(r#"[{"Id": "x"}]"#).message.contains(r#"S3 uses "ID""#));
        assert!(error(r#"{"CorsRules": []}"#).message.contains(r#"S3 uses "CORSRules""#));
        assert!(error(r#"[{"allowed_origins": []}]"#).message.contains("Terraform"));
        assert_eq!(
            error(r#"[{"AllowedOrigin": ["*"]}]"#).message,
            r#"unknown field "AllowedOrigin"; did you mean "AllowedOrigins"?"#
        );
        assert!(
            error(r#"[{"Foo": 1}]"#)
                .message
                .contains(r#"expected one of "ID", "AllowedHeaders""#)
        );
        assert!(error(r#"[{"ID": "a", "ID": "b"}]"#).message.contains("duplicate"));
        assert!(
            error(r#"{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}"#)
                .message
                .contains("belongs to a rule")
        );
        assert!(error(r#"{}"#).message.contains("missing \"CORSRules\""));
    }

    #[test]
    fn xml_errors_name_the_element_and_its_place() {
        let e = error(
            "<CORSConfiguration>\n  <CORSRule>\n    <AllowedMethods>GET</AllowedMethods>\n  </CORSRule>\n</CORSConfiguration>",
        );
        assert_eq!((e.line, e.column), (3, 5));
        assert_eq!(
            e.message,
            "unknown element <AllowedMethods>; did you mean <AllowedMethod>?"
        );
        let e = error("<CORSConfiguration><CORSRule><MaxAge>3</MaxAge></CORSRule></CORSConfiguration>");
        assert_eq!(
            e.message,
            "unknown element <MaxAge>: that is the CloudFormation name; S3 uses <MaxAgeSeconds>"
        );
        assert!(error("<CORSRule/>").message.contains("around the <CORSRule>"));
        assert!(
            error("<CORSConfiguration><AllowedOrigin>*</AllowedOrigin></CORSConfiguration>")
                .message
                .contains("inside a <CORSRule>")
        );
        assert!(
            error("<CORSConfiguration><CORSRule><MaxAgeSeconds>ten</MaxAgeSeconds></CORSRule></CORSConfiguration>")
                .message
                .contains("\"ten\"")
        );
        assert!(
            error("<CORSConfiguration><CORSRule><AllowedOrigin><b/></AllowedOrigin></CORSRule></CORSConfiguration>")
                .message
                .contains("expected text")
        );
        let e = error("<CORSConfiguration>\n<CORSRule>\n</CORSConfiguration>");
        assert_eq!(e.line, 3, "{e}");
        assert!(error("   ").message.contains("empty"));
        assert!(error("hello").message.contains("expected a CORS configuration"));
    }

    fn config(rules: Vec<CorsRule>) -> CorsConfiguration {
        CorsConfiguration { rules }
    }

    fn code(c: &CorsConfiguration) -> Option<(String, String)> {
        validate(c).err().map(|e| (e.code, e.message))
    }

    #[test]
    fn validates_like_put_bucket_cors() {
        assert_eq!(code(&config(vec![rule(&["*"], &["GET"])])), None);
        assert_eq!(code(&config(vec![])).map(|c| c.0).as_deref(), Some("MalformedXML"));
        assert_eq!(
            code(&config(vec![rule(&[], &["GET"])])).map(|c| c.0).as_deref(),
            Some("MalformedXML")
        );
        assert_eq!(
            code(&config(vec![rule(&["*"], &[])])).map(|c| c.0).as_deref(),
            Some("MalformedXML")
        );
        assert_eq!(
            code(&config(vec![rule(&["*"], &["GET"]); 101])).map(|c| c.0).as_deref(),
            Some("MalformedXML")
        );
        assert_eq!(
            code(&config(vec![rule(
                &["*", "https://test.com"],
                &["GET", "PUT", "HEAD", "MYMETHOD"]
            )])),
            Some((
                "InvalidRequest".into(),
                "Found unsupported HTTP method in CORS config. Unsupported method is MYMETHOD".into()
            ))
        );
        assert!(code(&config(vec![rule(&["*"], &["get"])])).is_some());
        assert!(code(&config(vec![rule(&["*"], &["PATCH"])])).is_some());
        assert_eq!(
            code(&config(vec![rule(&["https://*.*.example.com"], &["GET"])])).map(|c| c.1),
            Some("AllowedOrigin \"https://*.*.example.com\" can not have more than one wildcard.".into())
        );
        let headers = CorsRule {
            allowed_headers: vec!["x-*-*".into()],
            ..rule(&["*"], &["GET"])
        };
        assert_eq!(
            code(&config(vec![headers])).map(|c| c.1),
            Some("AllowedHeader \"x-*-*\" can not have more than one wildcard.".into())
        );
        let expose = CorsRule {
            expose_headers: vec!["*".into()],
            ..rule(&["*"], &["GET"])
        };
        assert_eq!(
            code(&config(vec![expose])).map(|c| c.1),
            Some("ExposeHeader \"*\" contains wildcard. We currently do not support wildcard for ExposeHeader.".into())
        );
        assert_eq!(code(&config(vec![rule(&[""], &["GET"])])), None);
        let long_id = CorsRule {
            id: Some("x".repeat(256)),
            ..rule(&["*"], &["GET"])
        };
        assert!(code(&config(vec![long_id])).is_some());
        let big = CorsRule {
            allowed_origins: vec!["https://a-rather-long-origin.example.com".into(); 2000],
            ..rule(&[], &["GET"])
        };
        assert_eq!(
            code(&config(vec![big])).map(|c| c.0).as_deref(),
            Some("MaxMessageLengthExceeded")
        );
    }
}
