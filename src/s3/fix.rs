//! The minimal CORS rule change for a bucket, and its verification by re-simulation: S3's answer
//! under the new rules (`simulate`) judged by the browser's checks (`cors::check`) for every
//! recorded cross-origin request to the bucket. Source: ../shared/reference/s3-cors.md §8.
//!
//! Minimal means: only what the recorded requests need; no wildcard the configuration did not
//! already use; only origins that recorded requests came from; expose headers only where a
//! recorded response carried them unreadable; every request that passed still passes (and keeps
//! reading what it could read); removing any one added item makes some request fail.

use serde::Serialize;

use super::simulate::{self, Bucket, Resource, S3Request};
use super::{ALLOWABLE_METHODS, CorsConfiguration, CorsRule};
use crate::cors::check::{self, PreflightResponse, Stage};
use crate::cors::{self, Credentials, Failure, Mode};
use crate::headers::Header;

/// One recorded cross-origin request to the bucket, as the fix must serve it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Need {
    /// Index of the request's entry in the HAR (`log.entries`).
    pub entry: usize,
    /// Serialized request origin.
    pub origin: String,
    /// The actual request's method, normalised (`PUT`).
    pub method: String,
    /// `Some(names)` when the browser preflights this request: the lower-cased names it lists in
    /// `Access-Control-Request-Headers` (possibly empty). `None` for a request sent without one.
    pub preflight_headers: Option<Vec<String>>,
    /// Credentials mode `include` (inferred): the rule must echo the origin, never answer `*`.
    pub credentials: bool,
    /// Response header names the page needs and could not read (must become exposed).
    pub must_read: Vec<String>,
    /// Response header names the page could read in the recording (must stay readable).
    pub keep_readable: Vec<String>,
    /// Whether the request passed the browser's checks in the recording.
    pub passed: bool,
}

/// How a request fares under a configuration: S3's answer judged by the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub entry: usize,
    /// True when the browser's checks pass and every `must_read`/`keep_readable` name is readable.
    pub passes: bool,
    /// The browser's failure, when its checks fail.
    pub failure: Option<Failure>,
    /// Names in `must_read` or `keep_readable` the page still cannot read.
    pub hidden: Vec<String>,
    /// Index of the rule S3 matched for the actual request (or the preflight when it failed).
    pub rule: Option<usize>,
}

/// One item the proposal adds. `rule` is the index in the *new* configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    AddRule { rule: usize, reason: String },
    AddOrigin { rule: usize, value: String },
    AddMethod { rule: usize, value: String },
    AddHeader { rule: usize, value: String },
    AddExposeHeader { rule: usize, value: String },
}

/// A request no bucket CORS rule can serve (PATCH, OPTIONS from script...), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unfixable {
    pub entry: usize,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// The bucket's whole new configuration.
    pub config: CorsConfiguration,
    pub changes: Vec<Change>,
    /// Every need under the old configuration (`before`) and the new one (`after`).
    pub before: Vec<Outcome>,
    pub after: Vec<Outcome>,
    /// True when every fixable need passes under `config` and nothing that passed regressed.
    pub verified: bool,
    pub unfixable: Vec<Unfixable>,
}

/// Judges every need under `config` (`None`: the bucket has no CORS configuration): S3's
/// preflight answer (when the browser preflights the request) through the browser's preflight
/// checks, then S3's CORS headers on the actual response through the CORS check, then whether
/// each header the page reads is exposed.
pub fn verify(config: Option<&CorsConfiguration>, needs: &[Need]) -> Vec<Outcome> {
    needs.iter().map(|need| judge(config, need)).collect()
}

fn credentials_of(need: &Need) -> Credentials {
    if need.credentials {
        Credentials::Include
    } else {
        Credentials::Omit
    }
}

fn judge(config: Option<&CorsConfiguration>, need: &Need) -> Outcome {
    let bucket = config.map_or(Bucket::NoCors, Bucket::Cors);
    let credentials = credentials_of(need);
    let blocked = |failure: Failure, rule: Option<usize>| Outcome {
        entry: need.entry,
        passes: false,
        failure: Some(failure),
        // A blocked response exposes nothing.
        hidden: need.must_read.iter().chain(&need.keep_readable).cloned().collect(),
        rule,
    };
    if let Some(names) = &need.preflight_headers {
        // Browsers send the names lower-cased, joined with "," (Fetch); none means no header.
        let acrh = (!names.is_empty()).then(|| names.join(","));
        let answer = simulate::preflight(
            bucket,
            &S3Request {
                method: "OPTIONS",
                resource: Resource::Object,
                origin: Some(&need.origin),
                acr_method: Some(&need.method),
                acr_headers: acrh.as_deref(),
            },
        );
        let request = browser_request(need, credentials);
        let response = PreflightResponse {
            status: i64::from(answer.status.unwrap_or(0)),
            headers: &answer.headers,
            redirected: false,
        };
        if let Err(failure) = check::preflight_check(&request, names, &response) {
            return blocked(failure, answer.rule);
        }
    }
    let answer = simulate::actual(
        bucket,
        &S3Request {
            method: &need.method,
            resource: Resource::Object,
            origin: Some(&need.origin),
            acr_method: None,
            acr_headers: None,
        },
    );
    if let Err(failure) = check::cors_check(&answer.headers, &need.origin, credentials, Stage::Actual) {
        return blocked(failure, answer.rule);
    }
    let hidden: Vec<String> = need
        .must_read
        .iter()
        .chain(&need.keep_readable)
        .filter(|name| !check::is_readable(name, &answer.headers, credentials))
        .cloned()
        .collect();
    Outcome {
        entry: need.entry,
        passes: hidden.is_empty(),
        failure: None,
        hidden,
        rule: answer.rule,
    }
}

/// The request as the browser's preflight checks see it. Only the method, origin and credentials
/// mode matter there; the unsafe header names are passed beside it.
fn browser_request<'n>(need: &'n Need, credentials: Credentials) -> cors::Request<'n> {
    cors::Request {
        method: &need.method,
        url: "",
        origin: &need.origin,
        headers: &[],
        credentials,
        mode: Mode::Cors,
        use_cors_preflight_flag: need.preflight_headers.is_some(),
    }
}

/// The smallest change to `current` that makes every need pass, verified.
///
/// The search repairs one failing request at a time with the cheapest edit that makes it pass
/// without breaking another (fewest added origins, methods, headers and expose headers; on a tie,
/// a rule whose origins already match, then an existing rule over a new one, then the earlier
/// rule), re-simulating every request after each trial edit because the first matching rule
/// decides what S3 answers. A credentialed request that a `*` rule answers gets an explicit-origin
/// rule inserted before that rule. Then every added item whose removal keeps every request
/// passing is removed again. When nothing needs to change, `config` is `current` unchanged (and
/// has no rules when `current` is `None`).
pub fn propose(current: Option<&CorsConfiguration>, needs: &[Need]) -> Proposal {
    let before = verify(current, needs);
    let (targets, unfixable) = targets(needs);
    let mut draft = Draft::from_config(current);
    if draft.outcomes(&targets).iter().any(|o| !o.passes) {
        draft = repair(draft, &targets);
        draft = prune(draft, &targets);
    }
    let config = draft.config();
    let after = verify(Some(&config), needs);
    let fixed = draft.outcomes(&targets).iter().all(|o| o.passes);
    let regressed = before.iter().zip(&after).any(|(b, a)| b.passes && !a.passes);
    Proposal {
        config,
        changes: draft.changes(),
        before,
        after,
        verified: fixed && !regressed,
        unfixable,
    }
}

// ------------------------------------------------------------------------- what can be served

/// Response headers script can never read, whatever the server exposes (Fetch).
const NEVER_READABLE: [&str; 2] = ["set-cookie", "set-cookie2"];

/// The needs the search must satisfy, each once (HARs repeat the same request), and the parts no
/// CORS rule can serve.
fn targets(needs: &[Need]) -> (Vec<Need>, Vec<Unfixable>) {
    let mut targets: Vec<Need> = Vec::new();
    let mut unfixable = Vec::new();
    for need in needs {
        if let Err(reason) = servable(need) {
            unfixable.push(Unfixable {
                entry: need.entry,
                reason,
            });
            continue;
        }
        let mut target = need.clone();
        for list in [&mut target.must_read, &mut target.keep_readable] {
            if let Some(name) = list
                .iter()
                .find(|n| NEVER_READABLE.contains(&n.to_ascii_lowercase().as_str()))
            {
                unfixable.push(Unfixable {
                    entry: need.entry,
                    reason: format!("script can never read {name}, whatever ExposeHeaders lists"),
                });
            }
            list.retain(|n| !NEVER_READABLE.contains(&n.to_ascii_lowercase().as_str()));
        }
        let same = |t: &Need| {
            t.origin == target.origin
                && t.method == target.method
                && t.preflight_headers == target.preflight_headers
                && t.credentials == target.credentials
                && t.must_read == target.must_read
                && t.keep_readable == target.keep_readable
        };
        if !targets.iter().any(same) {
            targets.push(target);
        }
    }
    (targets, unfixable)
}

/// S3's limit on a request's header section (8 KB), applied to the names a preflight requests.
const MAX_REQUESTED_HEADER_BYTES: usize = 8 * 1024;

/// Why no bucket CORS rule can ever serve this request, if so.
fn servable(need: &Need) -> Result<(), String> {
    if !ALLOWABLE_METHODS.contains(&need.method.as_str()) {
        return Err(format!(
            "S3 CORS rules can only allow GET, PUT, POST, DELETE and HEAD, so a {} request can never pass CORS on S3; change the client",
            need.method
        ));
    }
    if need.origin == "null" {
        return Err("the request comes from an opaque origin (\"null\": a sandboxed iframe, a file: page or a cross-origin redirect); allowing \"null\" would let every such page in".into());
    }
    // S3 refuses a request whose header section exceeds 8 KB (400 RequestHeaderSectionTooLarge)
    // before any CORS rule is read; listing that many names would also outgrow the configuration's
    // 64 KB. The cap keeps the search (quadratic in the names) bounded on a hostile HAR.
    let requested: usize = need.preflight_headers.iter().flatten().map(|n| n.len() + 1).sum();
    if requested > MAX_REQUESTED_HEADER_BYTES {
        return Err(format!(
            "the preflight asks for {} header names ({requested} bytes of Access-Control-Request-Headers), more than S3's 8 KB limit on a request's headers: S3 refuses it (400 RequestHeaderSectionTooLarge) whatever the CORS rules say; send fewer headers",
            need.preflight_headers.iter().flatten().count()
        ));
    }
    // A '*' would turn the value into a pattern, and S3 refuses it in ExposeHeaders (§1.2).
    let names = need
        .preflight_headers
        .iter()
        .flatten()
        .chain(&need.must_read)
        .chain(&need.keep_readable);
    if let Some(name) = names.into_iter().find(|n| n.contains('*')) {
        return Err(format!(
            "the header name {name:?} contains '*', which S3 reads as a wildcard"
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------- the draft

/// One added value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Origin(String),
    Method(String),
    Header(String),
    Expose(String),
}

#[derive(Clone, Debug)]
struct DraftRule {
    rule: CorsRule,
    /// `Some(reason)` for a rule the proposal adds.
    new: Option<String>,
    /// What the proposal added to this rule, in order (every item, for a new rule).
    added: Vec<Item>,
}

impl DraftRule {
    fn has(&self, item: &Item) -> bool {
        match item {
            Item::Origin(v) => self.rule.allowed_origins.contains(v),
            Item::Method(v) => self.rule.allowed_methods.contains(v),
            Item::Header(v) => self.rule.allowed_headers.iter().any(|h| h.eq_ignore_ascii_case(v)),
            Item::Expose(v) => self.rule.expose_headers.iter().any(|h| h.eq_ignore_ascii_case(v)),
        }
    }

    fn add(&mut self, item: Item) {
        if self.has(&item) {
            return;
        }
        match &item {
            Item::Origin(v) => self.rule.allowed_origins.push(v.clone()),
            Item::Method(v) => self.rule.allowed_methods.push(v.clone()),
            Item::Header(v) => self.rule.allowed_headers.push(v.clone()),
            Item::Expose(v) => self.rule.expose_headers.push(v.clone()),
        }
        self.added.push(item);
    }

    /// Removes an added item; `false` when that would leave the rule without an origin or a
    /// method (S3 refuses such a rule).
    fn remove(&mut self, item: &Item) -> bool {
        let list = match item {
            Item::Origin(_) => &mut self.rule.allowed_origins,
            Item::Method(_) => &mut self.rule.allowed_methods,
            Item::Header(_) => &mut self.rule.allowed_headers,
            Item::Expose(_) => &mut self.rule.expose_headers,
        };
        let value = match item {
            Item::Origin(v) | Item::Method(v) | Item::Header(v) | Item::Expose(v) => v,
        };
        let required = matches!(item, Item::Origin(_) | Item::Method(_));
        if required && list.len() <= 1 {
            return false;
        }
        let Some(at) = list.iter().position(|x| x == value) else {
            return false;
        };
        list.remove(at);
        self.added.retain(|a| a != item);
        true
    }
}

#[derive(Clone, Debug)]
struct Draft {
    rules: Vec<DraftRule>,
}

impl Draft {
    fn from_config(config: Option<&CorsConfiguration>) -> Draft {
        let rules = config
            .map(|c| {
                c.rules
                    .iter()
                    .map(|rule| DraftRule {
                        rule: rule.clone(),
                        new: None,
                        added: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Draft { rules }
    }

    fn config(&self) -> CorsConfiguration {
        CorsConfiguration {
            rules: self.rules.iter().map(|r| r.rule.clone()).collect(),
        }
    }

    fn outcomes(&self, targets: &[Need]) -> Vec<Outcome> {
        verify(Some(&self.config()), targets)
    }

    fn changes(&self) -> Vec<Change> {
        let mut changes = Vec::new();
        for (rule, r) in self.rules.iter().enumerate() {
            if let Some(reason) = &r.new {
                changes.push(Change::AddRule {
                    rule,
                    reason: reason.clone(),
                });
            }
            for item in &r.added {
                changes.push(match item.clone() {
                    Item::Origin(value) => Change::AddOrigin { rule, value },
                    Item::Method(value) => Change::AddMethod { rule, value },
                    Item::Header(value) => Change::AddHeader { rule, value },
                    Item::Expose(value) => Change::AddExposeHeader { rule, value },
                });
            }
        }
        changes
    }
}

// --------------------------------------------------------------------------------- the search

/// How good an edit is, compared field by field (smaller is better): first it must serve the
/// request it is for, then break nothing, then add the fewest items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// The request the edit is for still fails.
    target_fails: bool,
    /// Requests that passed before the edit and fail after it.
    regressions: usize,
    /// Items the edit adds.
    cost: usize,
    /// Requests failing after the edit.
    failing: usize,
    /// The edit adds an origin to an existing rule (widens whom it serves).
    widens_origins: bool,
    /// The edit adds a rule.
    new_rule: bool,
    /// Where the edit applies.
    position: usize,
}

/// Repairs failing targets one at a time, each with its best edit. An edit is taken only when it
/// lowers the number of failing targets, so the loop ends; a target no edit helps is left alone.
fn repair(mut draft: Draft, targets: &[Need]) -> Draft {
    let mut stuck = vec![false; targets.len()];
    loop {
        let outcomes = draft.outcomes(targets);
        let failing = outcomes.iter().filter(|o| !o.passes).count();
        let Some(index) = (0..targets.len()).find(|&i| !outcomes[i].passes && !stuck[i]) else {
            return draft;
        };
        let best = candidates(&draft, &targets[index], targets, &outcomes)
            .into_iter()
            .map(|edit| score(edit, index, targets, &outcomes))
            .min_by_key(|(score, _)| *score);
        match best {
            Some((score, candidate)) if score.failing < failing => draft = candidate,
            _ => stuck[index] = true,
        }
    }
}

/// A candidate edit: the edited draft and what it costs.
struct Edit {
    draft: Draft,
    cost: usize,
    widens_origins: bool,
    new_rule: bool,
    position: usize,
}

/// Re-simulates every target under the edit (the first matching rule decides, so an edit can
/// change what other requests get) and scores it.
fn score(edit: Edit, index: usize, targets: &[Need], before: &[Outcome]) -> (Score, Draft) {
    let after = edit.draft.outcomes(targets);
    let score = Score {
        target_fails: !after.get(index).is_some_and(|o| o.passes),
        regressions: before.iter().zip(&after).filter(|(b, a)| b.passes && !a.passes).count(),
        cost: edit.cost,
        failing: after.iter().filter(|o| !o.passes).count(),
        widens_origins: edit.widens_origins,
        new_rule: edit.new_rule,
        position: edit.position,
    };
    (score, edit.draft)
}

/// Candidate edits for one failing target: add what is missing to each rule that could serve it,
/// add a rule at the end, and, for a credentialed request, insert an explicit-origin rule before
/// the first `*` rule.
fn candidates(draft: &Draft, target: &Need, targets: &[Need], outcomes: &[Outcome]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (position, r) in draft.rules.iter().enumerate() {
        // S3 answers `*` for such a rule, which a credentialed request cannot use (§2 notes).
        if target.credentials && r.rule.answers_wildcard() {
            continue;
        }
        let items = missing_items(&r.rule, target);
        if items.is_empty() {
            continue;
        }
        let widens_origins = items.iter().any(|item| matches!(item, Item::Origin(_)));
        let cost = items.len();
        let mut edited = draft.clone();
        for item in items {
            edited.rules[position].add(item);
        }
        edits.push(Edit {
            draft: edited,
            cost,
            widens_origins,
            new_rule: false,
            position,
        });
    }
    let end = draft.rules.len();
    edits.push(inserted(
        draft,
        end,
        new_rule(target, "for requests no existing rule serves".into()),
    ));
    // A credentialed request can only pass through a rule before the first `*` rule.
    if target.credentials
        && let Some(w) = draft.rules.iter().position(|r| r.rule.answers_wildcard())
    {
        edits.push(inserted(
            draft,
            w,
            explicit_rule_before(draft, w, target, targets, outcomes),
        ));
    }
    edits
}

fn inserted(draft: &Draft, at: usize, rule: DraftRule) -> Edit {
    let cost = rule.added.len();
    let mut edited = draft.clone();
    let position = at.min(edited.rules.len());
    edited.rules.insert(position, rule);
    Edit {
        draft: edited,
        cost,
        widens_origins: false,
        new_rule: true,
        position,
    }
}

/// What `rule` lacks to serve `target`: its origin, its method, the requested header names (lower
/// case), and the response header names it must expose.
fn missing_items(rule: &CorsRule, target: &Need) -> Vec<Item> {
    let mut items = Vec::new();
    if rule.matching_origin(&target.origin).is_none() {
        items.push(Item::Origin(target.origin.clone()));
    }
    if !rule.allows_method(&target.method) {
        items.push(Item::Method(target.method.clone()));
    }
    for name in target.preflight_headers.iter().flatten() {
        let item = Item::Header(name.to_ascii_lowercase());
        if !rule.allows_header(name) && !items.contains(&item) {
            items.push(item);
        }
    }
    for name in unexposed(rule, target) {
        items.push(Item::Expose(name));
    }
    items
}

/// The names `target` reads that `rule`'s `Access-Control-Expose-Headers` would leave hidden.
fn unexposed(rule: &CorsRule, target: &Need) -> Vec<String> {
    let mut headers = Vec::new();
    if !rule.expose_headers.is_empty() {
        headers.push(Header::new(
            "Access-Control-Expose-Headers",
            rule.expose_headers.join(", "),
        ));
    }
    let credentials = credentials_of(target);
    let mut names: Vec<String> = Vec::new();
    for name in target.must_read.iter().chain(&target.keep_readable) {
        if !check::is_readable(name, &headers, credentials) && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.clone());
        }
    }
    names
}

/// A new rule serving exactly `target`.
fn new_rule(target: &Need, reason: String) -> DraftRule {
    let mut rule = DraftRule {
        rule: CorsRule::default(),
        new: Some(reason),
        added: Vec::new(),
    };
    for item in missing_items(&CorsRule::default(), target) {
        rule.add(item);
    }
    rule
}

/// An explicit-origin rule to insert before rule `w`, the first `*` rule, which cannot serve a
/// credentialed request (s3-cors.md §7 #15, §8.5). It takes over every request of that origin
/// that it matches, so it also carries what the origin's other requests served from `w` on need
/// (methods, headers, exposed names in `w`'s spelling) and `w`'s Max-Age; pruning then drops what
/// turns out unneeded.
fn explicit_rule_before(draft: &Draft, w: usize, target: &Need, targets: &[Need], outcomes: &[Outcome]) -> DraftRule {
    let shadowed = draft.rules.get(w).map(|r| r.rule.clone()).unwrap_or_default();
    let reason = format!(
        "for {}, ahead of the rule allowing origin \"*\" (now rule {}): S3 answers that rule with Access-Control-Allow-Origin: *, which a request with credentials cannot use",
        target.origin,
        w + 1
    );
    let mut rule = DraftRule {
        rule: CorsRule::default(),
        new: Some(reason),
        added: Vec::new(),
    };
    rule.rule.max_age_seconds = shadowed.max_age_seconds;
    // The origin's requests that `w` or a later rule serves: the new rule may take them over.
    let served_from_w = targets
        .iter()
        .zip(outcomes)
        .filter(|(t, o)| t.origin == target.origin && o.rule.is_some_and(|r| r >= w))
        .map(|(t, _)| t);
    for other in std::iter::once(target).chain(served_from_w) {
        for item in missing_items(&rule.rule, other) {
            let item = match item {
                Item::Expose(name) => Item::Expose(spelled_as_in(&shadowed.expose_headers, name)),
                other => other,
            };
            rule.add(item);
        }
    }
    rule
}

/// `name` as `list` spells it, when the list has it in another case.
fn spelled_as_in(list: &[String], name: String) -> String {
    list.iter()
        .find(|x| x.eq_ignore_ascii_case(&name))
        .cloned()
        .unwrap_or(name)
}

/// Removes added rules, then added items, as long as every target that passes keeps passing,
/// until nothing more can go: the result is minimal in the sense that removing any one added item
/// breaks some request.
fn prune(mut draft: Draft, targets: &[Need]) -> Draft {
    let passing: Vec<bool> = draft.outcomes(targets).iter().map(|o| o.passes).collect();
    let keeps = |candidate: &Draft| {
        candidate
            .outcomes(targets)
            .iter()
            .zip(&passing)
            .all(|(o, &was)| o.passes || !was)
    };
    loop {
        let mut removed = false;
        for i in (0..draft.rules.len()).rev() {
            if draft.rules.get(i).is_some_and(|r| r.new.is_some()) {
                let mut candidate = draft.clone();
                candidate.rules.remove(i);
                if keeps(&candidate) {
                    draft = candidate;
                    removed = true;
                }
            }
        }
        for i in 0..draft.rules.len() {
            for item in draft.rules[i].added.clone().into_iter().rev() {
                let mut candidate = draft.clone();
                if candidate.rules[i].remove(&item) && keeps(&candidate) {
                    draft = candidate;
                    removed = true;
                }
            }
        }
        if !removed {
            return draft;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::config;

    fn cfg(json: &str) -> CorsConfiguration {
        config::parse(json).expect("valid configuration")
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// A request that needs no preflight.
    fn simple(entry: usize, origin: &str, method: &str) -> Need {
        Need {
            entry,
            origin: origin.into(),
            method: method.into(),
            preflight_headers: None,
            credentials: false,
            must_read: Vec::new(),
            keep_readable: Vec::new(),
            passed: false,
        }
    }

    fn preflighted(entry: usize, origin: &str, method: &str, names: &[&str]) -> Need {
        Need {
            preflight_headers: Some(strings(names)),
            ..simple(entry, origin, method)
        }
    }

    fn reading(need: Need, must: &[&str], keep: &[&str]) -> Need {
        Need {
            must_read: strings(must),
            keep_readable: strings(keep),
            ..need
        }
    }

    fn passed(need: Need) -> Need {
        Need { passed: true, ..need }
    }

    fn items(c: Option<&CorsConfiguration>) -> Vec<(usize, String)> {
        let mut all = Vec::new();
        for rule in c.map(|c| c.rules.as_slice()).unwrap_or_default() {
            for (k, list) in [
                (0, &rule.allowed_origins),
                (1, &rule.allowed_methods),
                (2, &rule.allowed_headers),
                (3, &rule.expose_headers),
            ] {
                all.extend(list.iter().map(|x| (k, x.to_ascii_lowercase())));
            }
        }
        all
    }

    /// What tools/check-real-hars checks of a proposed configuration, with S3's own evaluation:
    /// marked verified, lets every request through (credentialed ones with an explicit origin),
    /// exposes what must be read, keeps every old item, adds no wildcard and no foreign origin,
    /// grows by at most `max_growth` items; and S3 accepts it.
    fn assert_acceptable(old: Option<&CorsConfiguration>, needs: &[Need], max_growth: usize) -> Proposal {
        let p = propose(old, needs);
        assert!(p.verified, "not verified: {:#?}", p);
        assert_eq!(config::validate(&p.config), Ok(()), "S3 would refuse {:?}", p.config);
        let (old_items, new_items) = (items(old), items(Some(&p.config)));
        for item in &old_items {
            assert!(new_items.contains(item), "drops {item:?}");
        }
        let origins: Vec<&str> = needs.iter().map(|n| n.origin.as_str()).collect();
        for (k, v) in new_items.iter().filter(|i| !old_items.contains(i)) {
            assert!(!v.contains('*'), "adds the wildcard {v}");
            assert!(*k != 0 || origins.contains(&v.as_str()), "adds the foreign origin {v}");
        }
        assert!(
            new_items.len() - old_items.len() <= max_growth,
            "grows by {}: {:?}",
            new_items.len() - old_items.len(),
            p.config
        );
        for need in needs {
            let names = need.preflight_headers.clone().unwrap_or_default();
            let rule = p
                .config
                .first_match(&need.origin, &need.method, Some(&names))
                .expect("a rule lets it through");
            let rule = &p.config.rules[rule];
            assert!(
                !(need.credentials && rule.answers_wildcard()),
                "credentialed {} answered with *",
                need.entry
            );
            for name in &need.must_read {
                assert!(
                    rule.expose_headers.iter().any(|e| e.eq_ignore_ascii_case(name)),
                    "{name} not exposed"
                );
            }
        }
        assert!(p.after.iter().all(|o| o.passes), "{:#?}", p.after);
        p
    }

    // The 8 failing scenarios of ../shared/real-hars/manifest.json: configuration as recorded,
    // needs as the HAR shows them, growth bounded by the browser-verified fix.

    #[test]
    fn s01_head_not_allowed_adds_head() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://portal.acme.test"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["content-type"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":1800}]}"#,
        );
        let needs = [
            passed(reading(
                preflighted(4, "https://portal.acme.test", "PUT", &["content-type"]),
                &[],
                &["etag"],
            )),
            simple(6, "https://portal.acme.test", "HEAD"),
        ];
        let p = assert_acceptable(Some(&old), &needs, 1);
        assert_eq!(
            p.changes,
            vec![Change::AddMethod {
                rule: 0,
                value: "HEAD".into()
            }]
        );
        assert_eq!(p.before.iter().map(|o| o.passes).collect::<Vec<_>>(), vec![true, false]);
    }

    #[test]
    fn s02_http_origin_is_added_to_the_https_rule() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://portal.acme.test"],"AllowedMethods":["GET","HEAD"],"ExposeHeaders":["ETag","Content-Disposition"],"MaxAgeSeconds":3600}]}"#,
        );
        let p = assert_acceptable(Some(&old), &[simple(3, "http://portal.acme.test", "GET")], 1);
        assert_eq!(
            p.changes,
            vec![Change::AddOrigin {
                rule: 0,
                value: "http://portal.acme.test".into()
            }]
        );
    }

    #[test]
    fn s03_apex_next_to_the_subdomain_wildcard() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://*.acme.test"],"AllowedMethods":["GET","PUT","HEAD"],"AllowedHeaders":["content-type","cache-control"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let needs = [preflighted(
            4,
            "https://acme.test",
            "PUT",
            &["cache-control", "content-type"],
        )];
        let p = assert_acceptable(Some(&old), &needs, 1);
        assert_eq!(
            p.config.rules[0].allowed_origins,
            strings(&["https://*.acme.test", "https://acme.test"])
        );
    }

    #[test]
    fn s04_localhost_dev_origin() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://portal.acme.test"],"AllowedMethods":["GET","PUT","HEAD"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let needs = [preflighted(4, "http://localhost:5173", "PUT", &["content-type"])];
        let p = assert_acceptable(Some(&old), &needs, 6);
        assert_eq!(
            p.changes,
            vec![Change::AddOrigin {
                rule: 0,
                value: "http://localhost:5173".into()
            }]
        );
    }

    #[test]
    fn s05_sdk_headers_beyond_x_amz_star() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://admin.acme.test"],"AllowedMethods":["PUT","GET"],"AllowedHeaders":["x-amz-*"],"ExposeHeaders":["ETag","x-amz-request-id"],"MaxAgeSeconds":600}]}"#,
        );
        let sdk = [
            "amz-sdk-invocation-id",
            "amz-sdk-request",
            "authorization",
            "x-amz-content-sha256",
            "x-amz-date",
            "x-amz-user-agent",
        ];
        let p = assert_acceptable(Some(&old), &[preflighted(4, "https://admin.acme.test", "PUT", &sdk)], 3);
        assert_eq!(
            p.config.rules[0].allowed_headers,
            strings(&["x-amz-*", "amz-sdk-invocation-id", "amz-sdk-request", "authorization"])
        );
    }

    #[test]
    fn s06_range_headers_become_exposed() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://files.acme.test"],"AllowedMethods":["GET","HEAD"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let needs = [passed(reading(
            simple(3, "https://files.acme.test", "GET"),
            &["content-range", "accept-ranges"],
            &["etag"],
        ))];
        let p = assert_acceptable(Some(&old), &needs, 2);
        assert_eq!(
            p.config.rules[0].expose_headers,
            strings(&["ETag", "content-range", "accept-ranges"])
        );
        assert_eq!(p.before[0].hidden, strings(&["content-range", "accept-ranges"]));
    }

    #[test]
    fn s07_presigned_post_form_adds_post() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://portal.acme.test"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let p = assert_acceptable(Some(&old), &[simple(3, "https://portal.acme.test", "POST")], 1);
        assert_eq!(
            p.changes,
            vec![Change::AddMethod {
                rule: 0,
                value: "POST".into()
            }]
        );
    }

    #[test]
    fn s10_two_buckets_two_changes() {
        let vault = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://portal.acme.test"],"AllowedMethods":["GET","HEAD","PUT"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let needs = [passed(reading(
            simple(6, "https://portal.acme.test", "GET"),
            &["x-amz-version-id"],
            &["etag"],
        ))];
        let p = assert_acceptable(Some(&vault), &needs, 1);
        assert_eq!(
            p.changes,
            vec![Change::AddExposeHeader {
                rule: 0,
                value: "x-amz-version-id".into()
            }]
        );

        let jobs = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://portal.acme.test"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let needs = [preflighted(
            9,
            "https://portal.acme.test",
            "POST",
            &["x-amz-server-side-encryption"],
        )];
        let p = assert_acceptable(Some(&jobs), &needs, 1);
        assert_eq!(
            p.changes,
            vec![Change::AddMethod {
                rule: 0,
                value: "POST".into()
            }]
        );
    }

    #[test]
    fn controls_need_no_change() {
        let s08 = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://files.acme.test"],"AllowedMethods":["GET","POST"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag","Location"],"MaxAgeSeconds":600}]}"#,
        );
        let needs = [passed(reading(
            preflighted(3, "https://files.acme.test", "POST", &[]),
            &[],
            &["etag", "location"],
        ))];
        let p = propose(Some(&s08), &needs);
        assert!(p.verified && p.changes.is_empty() && p.unfixable.is_empty());
        assert_eq!(p.config, s08);
        let s09 = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["https://admin.acme.test"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["content-type","x-amz-storage-class"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":600}]}"#,
        );
        let put = passed(reading(
            preflighted(
                4,
                "https://admin.acme.test",
                "PUT",
                &["content-type", "x-amz-storage-class"],
            ),
            &[],
            &["etag"],
        ));
        let p = propose(Some(&s09), &[put.clone(), Need { entry: 5, ..put }]);
        assert!(p.verified && p.changes.is_empty());
    }

    #[test]
    fn no_configuration_gets_one_rule_per_origin() {
        let needs = [
            reading(simple(1, "https://app.example.com", "GET"), &["etag"], &[]),
            preflighted(2, "https://app.example.com", "PUT", &["content-type", "x-amz-acl"]),
            simple(3, "https://app.example.com", "GET"),
        ];
        let p = assert_acceptable(None, &needs, 6);
        assert_eq!(
            p.config,
            cfg(
                r#"[{"AllowedOrigins":["https://app.example.com"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["content-type","x-amz-acl"],"ExposeHeaders":["etag"]}]"#
            )
        );
        assert_eq!(
            p.changes[0],
            Change::AddRule {
                rule: 0,
                reason: "for requests no existing rule serves".into()
            }
        );
        assert_eq!(p.changes.len(), 7);
        assert!(p.before.iter().all(|o| !o.passes));
    }

    #[test]
    fn credentialed_request_gets_an_explicit_rule_before_the_star_rule() {
        let old = cfg(
            r#"{"CORSRules":[{"AllowedOrigins":["*"],"AllowedMethods":["GET","PUT"],"AllowedHeaders":["*"],"ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]}"#,
        );
        let app = "https://app.example.com";
        let needs = [
            Need {
                credentials: true,
                ..reading(simple(1, app, "GET"), &[], &["etag"])
            },
            passed(reading(preflighted(2, app, "PUT", &["content-type"]), &[], &["etag"])),
            passed(simple(3, "https://other.example.com", "GET")),
        ];
        let p = assert_acceptable(Some(&old), &needs, 3);
        assert_eq!(p.config.rules.len(), 2);
        let explicit = &p.config.rules[0];
        assert_eq!(explicit.allowed_origins, strings(&[app]));
        assert_eq!(explicit.allowed_methods, strings(&["GET"]));
        // `w`'s spelling and Max-Age, so the page reads what it read and caches as long.
        assert_eq!(explicit.expose_headers, strings(&["ETag"]));
        assert_eq!(explicit.max_age_seconds, Some(3000));
        assert_eq!(p.config.rules[1], old.rules[0]);
        assert!(matches!(p.changes[0], Change::AddRule { rule: 0, .. }));
        assert_eq!(p.before[0].rule, Some(0));
        assert_eq!(p.after[0].rule, Some(0));
        assert_eq!(p.after[1].rule, Some(1));
    }

    #[test]
    fn an_edit_that_would_shadow_another_request_is_not_taken() {
        // Adding PUT to rule 0 costs one item but makes rule 0 answer the plain PUT too, which
        // then loses its ETag; adding the two headers to rule 1 costs two and breaks nothing.
        let old = cfg(r#"[
            {"AllowedOrigins":["https://a.test"],"AllowedMethods":["GET"],"AllowedHeaders":["x-foo","x-bar"]},
            {"AllowedOrigins":["https://a.test"],"AllowedMethods":["GET","PUT"],"ExposeHeaders":["ETag"]}]"#);
        let needs = [
            passed(reading(preflighted(1, "https://a.test", "PUT", &[]), &[], &["etag"])),
            preflighted(2, "https://a.test", "PUT", &["x-foo", "x-bar"]),
        ];
        let p = assert_acceptable(Some(&old), &needs, 2);
        assert_eq!(
            p.changes,
            vec![
                Change::AddHeader {
                    rule: 1,
                    value: "x-foo".into()
                },
                Change::AddHeader {
                    rule: 1,
                    value: "x-bar".into()
                }
            ]
        );
    }

    #[test]
    fn patch_and_opaque_origins_are_unfixable_and_the_rest_is_fixed() {
        let old = cfg(r#"[{"AllowedOrigins":["https://a.test"],"AllowedMethods":["GET"]}]"#);
        let needs = [
            preflighted(1, "https://a.test", "PATCH", &["content-type"]),
            simple(2, "null", "GET"),
            simple(3, "https://a.test", "DELETE"),
            reading(simple(4, "https://a.test", "GET"), &["Set-Cookie"], &[]),
        ];
        let p = propose(Some(&old), &needs);
        assert!(p.verified);
        assert_eq!(p.unfixable.iter().map(|u| u.entry).collect::<Vec<_>>(), vec![1, 2, 4]);
        assert!(p.unfixable[0].reason.contains("PATCH"));
        assert_eq!(
            p.changes,
            vec![Change::AddMethod {
                rule: 0,
                value: "DELETE".into()
            }]
        );
        assert!(!p.after[0].passes);
    }

    #[test]
    fn pruning_keeps_only_what_some_request_needs() {
        // The first request alone would add a rule; the second then only needs a method there.
        let needs = [
            preflighted(1, "https://a.test", "PUT", &["content-type"]),
            preflighted(2, "https://a.test", "PUT", &["content-type"]),
            simple(3, "https://a.test", "GET"),
        ];
        let p = propose(None, &needs);
        assert!(p.verified);
        let rule = &p.config.rules[0];
        assert_eq!((rule.allowed_methods.len(), rule.allowed_headers.len()), (2, 1));
        // Removing any one added item breaks some request.
        for (i, list) in [&rule.allowed_methods, &rule.allowed_headers].into_iter().enumerate() {
            for at in 0..list.len() {
                let mut smaller = p.config.clone();
                if i == 0 {
                    smaller.rules[0].allowed_methods.remove(at);
                } else {
                    smaller.rules[0].allowed_headers.remove(at);
                }
                assert!(verify(Some(&smaller), &needs).iter().any(|o| !o.passes));
            }
        }
    }

    #[test]
    fn verify_names_the_rule_and_what_stays_hidden() {
        let c = cfg(r#"[{"AllowedOrigins":["https://a.test"],"AllowedMethods":["GET"],"ExposeHeaders":["ETag"]}]"#);
        let out = verify(
            Some(&c),
            &[reading(
                simple(7, "https://a.test", "GET"),
                &["x-amz-version-id"],
                &["etag", "content-length"],
            )],
        );
        assert_eq!(out[0].entry, 7);
        assert_eq!(out[0].rule, Some(0));
        assert_eq!(out[0].hidden, strings(&["x-amz-version-id"]));
        assert!(!out[0].passes && out[0].failure.is_none());
        let none = verify(None, &[preflighted(8, "https://a.test", "PUT", &[])]);
        assert!(none[0].failure.is_some() && none[0].rule.is_none());
    }
}
