// Turns a corshar report (the JSON `corshar analyze --format json` prints) into the panel's DOM.
// Text from the HAR only ever reaches the page as text nodes: a header value cannot inject
// markup, and the engine has already masked secrets.

/** Creates an element: h("td", {class: "x"}, "text", childNode, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const SIDE_WORDS = {
  "preflight-request": "preflight request",
  "preflight-response": "preflight response",
  request: "request",
  response: "response",
  configuration: "configuration",
};

/** The summary line: what was read, and how many requests failed. */
export function summary(report, millis) {
  const s = report.summary;
  const src = report.source;
  const who = [src.browser, src.creator].filter(Boolean).join(", ");
  const counts = [
    h("span", { class: "count blocked" }, `${s.blocked} blocked`),
    h("span", { class: "count unreadable" }, `${s.unreadable} unreadable`),
    h("span", { class: "count ok" }, `${s.ok} ok`),
  ];
  return [
    h("span", {}, `${s.entries} entries, ${s.cross_origin} cross-origin ${s.cross_origin === 1 ? "request" : "requests"}: `),
    ...counts.flatMap((c, i) => (i ? [", ", c] : [c])),
    who ? h("span", { class: "muted" }, ` · ${who}`) : null,
    s.buckets.length ? h("span", { class: "muted" }, ` · ${s.buckets.length === 1 ? "bucket" : "buckets"} ${s.buckets.join(", ")}`) : null,
    millis !== undefined ? h("span", { class: "muted" }, ` · analysed in ${formatMillis(millis)}`) : null,
  ];
}

function formatMillis(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * The findings: problems first, each a collapsible card; passing requests folded under one line.
 * `copy(text, button)` puts text on the clipboard.
 */
export function findings(report, copy) {
  // A request the browser let through can still have failed (an expired presigned URL answers
  // 403 with CORS headers): anything with a cause is shown, only clean passes are folded.
  const clean = (f) => f.verdict === "ok" && f.causes.length === 0;
  const problems = report.findings.filter((f) => !clean(f));
  const passing = report.findings.filter(clean);
  const out = [];
  if (report.findings.length === 0) {
    out.push(h("p", { class: "muted" }, "No cross-origin request in this log."));
  } else if (problems.length === 0) {
    out.push(h("p", { class: "all-ok" }, "Every cross-origin request passed the browser's CORS checks."));
  } else if (problems.every((f) => f.verdict === "ok")) {
    out.push(h("p", { class: "all-ok" }, "The browser's CORS checks passed; what failed is below."));
  }
  out.push(...paged(problems, (f, i) => finding(f, copy, i === 0)));
  if (passing.length) {
    const fold = h("details", { class: "passing" }, h("summary", {}, `${passing.length} ${passing.length === 1 ? "request" : "requests"} passed`));
    // Built when first opened: a big HAR has thousands of passing requests.
    fold.addEventListener("toggle", () => fold.childElementCount === 1 && fold.append(...paged(passing, (f) => finding(f, copy, false))));
    out.push(fold);
  }
  return out;
}

/** A long list shown PAGE at a time: the DOM of a 50 MB HAR's findings would stall the panel. */
const PAGE = 100;
function paged(items, make) {
  const shown = items.slice(0, PAGE).map(make);
  if (items.length <= PAGE) return shown;
  const more = h("button", { type: "button", class: "more" });
  const label = () => (more.textContent = `Show ${Math.min(PAGE, items.length - shownCount)} more (${items.length - shownCount} not shown)`);
  let shownCount = PAGE;
  label();
  more.addEventListener("click", () => {
    const next = items.slice(shownCount, shownCount + PAGE).map((f, i) => make(f, shownCount + i));
    more.before(...next);
    shownCount += next.length;
    if (shownCount >= items.length) more.remove();
    else label();
  });
  return [...shown, more];
}

function finding(f, copy, open) {
  const err = f.browser_error;
  const head = h(
    "summary",
    {},
    h("span", { class: `verdict ${f.verdict}` }, f.verdict),
    h("span", { class: "entry" }, `#${f.entry}`),
    h("span", { class: "method" }, f.method),
    h("span", { class: "url", title: f.url }, f.url),
    err ? h("span", { class: "code", title: "Chrome's CorsError" }, err.code) : null,
    h("span", { class: "causes" }, f.causes.map((c) => h("span", { class: "chip", title: c.summary }, c.code))),
  );
  const card = h("details", { class: `finding ${f.verdict}`, open, dataset: { entry: f.entry } }, head);
  // The body is built when the card is first opened: most cards of a big HAR never are.
  const build = () => {
    if (card.childElementCount === 1) card.append(findingBody(f, copy));
  };
  if (open) build();
  card.addEventListener("toggle", build);
  return card;
}

function findingBody(f, copy) {
  const err = f.browser_error;
  const body = h("div", { class: "body" });
  const origin = f.origin ? `from origin ${f.origin}` : "origin unknown";
  body.append(
    h(
      "p",
      { class: "meta" },
      `${origin} (read from the ${f.origin_source}) · ${f.request_kind}`,
      f.preflight_entry !== null && f.preflight_entry !== undefined ? ` · preflight #${f.preflight_entry}` : " · no preflight",
      f.status !== null && f.status !== undefined ? ` · status ${f.status}` : "",
      f.request_recorded ? "" : " · the request itself is not in the HAR",
    ),
  );
  if (err) {
    append(
      body,
      h("h4", {}, "What the browser said"),
      h("pre", { class: "console" }, err.message),
      h("p", {}, err.explanation),
      h(
        "details",
        { class: "other-browsers" },
        h("summary", {}, "Firefox and Safari say"),
        h("p", { class: "label" }, "Firefox"),
        h("pre", { class: "console" }, err.firefox),
        h("p", { class: "label" }, "Safari"),
        h("pre", { class: "console" }, err.safari),
      ),
      err.basis === "simulated" ? h("p", { class: "muted" }, "Simulated from the bucket's configuration: the preflight is not in the HAR.") : null,
    );
  }
  for (const cause of f.causes) body.append(causeBlock(cause));
  if (f.s3) {
    const s = f.s3;
    body.append(
      h(
        "p",
        { class: "meta" },
        `S3: bucket ${s.bucket ?? "?"}`,
        s.key ? `, key ${s.key}` : "",
        s.region ? `, region ${s.region}` : "",
        `, ${s.style} URL`,
        s.presigned ? ", presigned" : "",
      ),
    );
  }
  body.append(h("p", { class: "meta" }, `credentials: ${f.credentials.mode}${f.credentials.inferred ? " (assumed: " + f.credentials.basis + ")" : ""}`));
  for (const note of f.notes) body.append(h("p", { class: "note" }, note));
  if (f.reproduce) {
    body.append(h("h4", {}, "Reproduce outside the browser"), codeBlock(f.reproduce, copy, "reproduce"));
  }
  return body;
}

function causeBlock(cause) {
  const rows = cause.evidence.map((e) =>
    h(
      "tr",
      {},
      h("td", {}, e.entry === null || e.entry === undefined ? "" : `#${e.entry}`),
      h("td", {}, SIDE_WORDS[e.side] ?? e.side),
      h("td", { class: "mono" }, e.item),
      h("td", { class: "mono" }, e.value === null || e.value === undefined ? h("i", {}, "(absent)") : e.value),
    ),
  );
  return h(
    "div",
    { class: "cause", dataset: { code: cause.code } },
    h("h4", {}, "Why: ", h("span", { class: "chip" }, cause.code), cause.assumed ? h("span", { class: "muted" }, " (assumed: no bucket configuration given)") : null),
    h("p", {}, cause.summary),
    rows.length
      ? h("table", { class: "evidence" }, h("thead", {}, h("tr", {}, h("th", {}, "entry"), h("th", {}, "where"), h("th", {}, "header"), h("th", {}, "value"))), h("tbody", {}, rows))
      : null,
    cause.remedy ? h("p", { class: "remedy" }, h("b", {}, "Do: "), cause.remedy) : null,
  );
}

/** Element.append, skipping the nulls that conditional parts leave. */
function append(el, ...children) {
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/** A <pre> with a copy button. */
export function codeBlock(text, copy, kind = "code") {
  const button = h("button", { type: "button", class: "copy", title: "Copy to the clipboard" }, "Copy");
  button.addEventListener("click", () => copy(text, button));
  return h("div", { class: `code-block ${kind}` }, button, h("pre", {}, text));
}

/** A diff with its added and removed lines marked. */
function diffBlock(diff, copy) {
  const pre = h("pre", { class: "diff" });
  for (const line of diff.split("\n")) {
    const kind = line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "ctx";
    pre.append(h("span", { class: kind }, line), "\n");
  }
  const button = h("button", { type: "button", class: "copy" }, "Copy");
  button.addEventListener("click", () => copy(diff, button));
  return h("div", { class: "code-block" }, button, pre);
}

/**
 * One card per bucket fix. `ui` = {forms, form, copy, onForm(name), onPaste(bucket, text)}.
 */
export function fixes(report, ui) {
  return report.fixes.map((fix) => fixCard(fix, ui));
}

function fixCard(fix, ui) {
  const status = [
    fix.verified
      ? h("span", { class: "badge good", title: "Every recorded request to the bucket passes under the new configuration, and none that passed regresses" }, "verified")
      : h("span", { class: "badge warn" }, "not verified"),
    fix.complete
      ? h("span", { class: "badge good" }, fix.base_source === "none" ? "starts from no configuration" : "starts from the given configuration")
      : h("span", { class: "badge warn", title: "Paste the bucket's current configuration below to make it complete" }, "incomplete: reconstructed from the HAR"),
  ];
  const form = fix.forms[ui.form] !== undefined ? ui.form : "aws-cli";
  const text = form === "aws-cli" ? JSON.stringify(fix.config, null, 2) : fix.forms[form];
  const select = h(
    "select",
    { class: "form", "aria-label": "Format of the fix" },
    ui.forms.map((f) => h("option", { value: f.name, selected: f.name === form, title: f.description }, `${f.name} — ${f.file}`)),
  );
  select.addEventListener("change", () => ui.onForm(select.value));
  const described = ui.forms.find((f) => f.name === form);

  const card = h(
    "article",
    { class: "fix", dataset: { bucket: fix.bucket } },
    h("h3", {}, "Fix for bucket ", h("span", { class: "mono" }, fix.bucket), " ", status),
    fix.changes.length ? h("ul", { class: "changes" }, fix.changes.map((c) => h("li", {}, c.text))) : h("p", { class: "muted" }, "No rule change: CORS rules cannot fix what failed here (see the causes above)."),
    h("div", { class: "form-row" }, h("label", {}, "New configuration as ", select), described ? h("span", { class: "muted" }, described.description) : null),
    codeBlock(text, ui.copy, "fix-text"),
  );
  if (fix.diff) card.append(h("details", { class: "diff-box" }, h("summary", {}, `Diff against the ${fix.base_source} configuration`), diffBlock(fix.diff, ui.copy)));
  if (fix.unfixable.length) {
    card.append(h("h4", {}, "Not fixable with bucket CORS rules"), h("ul", {}, fix.unfixable.map((u) => h("li", {}, `#${u.entry}: ${u.reason}`))));
  }
  if (fix.assumptions.length) card.append(h("h4", {}, "Assumed"), h("ul", {}, fix.assumptions.map((a) => h("li", {}, a))));
  if (fix.advice.length) card.append(h("h4", {}, "Advice"), h("ul", {}, fix.advice.map((a) => h("li", {}, a))));
  if (fix.steps.length) card.append(h("h4", {}, "Apply"), h("ol", { class: "steps" }, fix.steps.map((s) => h("li", {}, h("code", {}, s)))));
  if (fix.verification.length) card.append(h("h4", {}, "Every recorded request, before and after"), verification(fix.verification));
  card.append(pasteBox(fix, ui));
  return card;
}

function verification(rows) {
  return h(
    "table",
    { class: "verification" },
    h("thead", {}, h("tr", {}, h("th", {}, "entries"), h("th", {}, "request"), h("th", {}, "before"), h("th", {}, "after"))),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          {},
          h("td", {}, r.entries.map((e) => `#${e}`).join(" ")),
          h("td", {}, `${r.method} from ${r.origin}`),
          h("td", { class: r.before }, r.before),
          h("td", { class: r.after, title: r.detail ?? "" }, r.after, r.detail ? ` (${r.detail})` : ""),
        ),
      ),
    ),
  );
}

/** The bucket's current configuration, pasted: the CLI's `--cors BUCKET=FILE`. */
function pasteBox(fix, ui) {
  const given = ui.pasted(fix.bucket);
  const area = h("textarea", {
    rows: 6,
    spellcheck: "false",
    placeholder: `aws s3api get-bucket-cors --bucket ${fix.bucket}\n(paste its output, the console's JSON array, or the XML)`,
  });
  area.value = given ?? "";
  const apply = h("button", { type: "button", class: "primary" }, "Use this configuration");
  apply.addEventListener("click", () => ui.onPaste(fix.bucket, area.value));
  const none = h("button", { type: "button", title: "get-bucket-cors answered NoSuchCORSConfiguration" }, "The bucket has no CORS configuration");
  none.addEventListener("click", () => ui.onPaste(fix.bucket, "none"));
  const forget = given !== undefined ? h("button", { type: "button" }, "Forget it") : null;
  forget?.addEventListener("click", () => ui.onPaste(fix.bucket, undefined));
  return h(
    "details",
    { class: "paste" },
    h("summary", {}, given !== undefined ? "Current configuration (given)" : "Make the fix complete: paste the bucket's current configuration"),
    h("p", { class: "muted" }, "put-bucket-cors replaces the whole configuration; with the real one, the fix keeps every existing rule and is verified against it. It stays in this panel."),
    area,
    h("div", { class: "buttons" }, apply, none, forget),
  );
}

/** Notes about the HAR itself (producer quirks, missing preflights, decompression...). */
export function warnings(report) {
  if (!report.warnings.length) return [];
  return [
    h("h3", {}, "Notes on this HAR"),
    h(
      "ul",
      { class: "warnings" },
      report.warnings.map((w) => h("li", {}, h("span", { class: "chip" }, w.code), " ", w.message, w.entries.length ? h("span", { class: "muted" }, ` (entries ${w.entries.map((e) => "#" + e).join(", ")})`) : null)),
    ),
  ];
}
