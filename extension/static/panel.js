// The CORS panel: what to analyse (the inspected page's live log, or a HAR file), the engine in
// a worker, and the rendering of its report. Opened outside DevTools (as a plain extension
// page), it is a HAR viewer: the file input and drag-and-drop still work.

import { Engine } from "./engine.js";
import { LiveLog } from "./live.js";
import { readFile } from "./reader.js";
import * as render from "./render.js";

const $ = (id) => document.getElementById(id);
// chrome.* first: Firefox offers it too (with callbacks), and Chrome's devtools APIs take callbacks only.
const devtools = globalThis.chrome?.devtools ?? globalThis.browser?.devtools;
const engine = new Engine();

const state = {
  mode: devtools ? "live" : "file", // "live" | "file"
  live: null, // LiveLog
  file: null, // {bytes: ArrayBuffer (kept: the worker gets copies), name, notes}
  forms: [],
  form: localStorage.getItem("corshar.form") ?? "aws-cli",
  pasted: new Map(), // bucket → pasted configuration text ("none": no configuration)
  showSecrets: false,
  report: null,
  running: false, // an analysis is in the worker
  again: false, // the input changed while it ran
};

main().catch((e) => showError(e));

async function main() {
  applyTheme();
  bindControls();
  const hello = await engine.hello();
  state.forms = hello.forms;
  document.querySelector(".brand").title += ` (engine ${hello.version})`;
  if (state.mode === "live") {
    document.body.classList.add("in-devtools");
    $("empty-text").textContent = "Waiting for cross-origin requests from the inspected page… Reload the page to record every request from the start.";
    state.live = new LiveLog(devtools, scheduleAnalysis);
    await state.live.start();
  } else {
    setState("empty");
  }
}

function bindControls() {
  $("file").addEventListener("change", (e) => {
    const file = e.target.files?.[0];
    if (file) openFile(file);
    e.target.value = "";
  });
  $("secrets").addEventListener("change", (e) => {
    state.showSecrets = e.target.checked;
    scheduleAnalysis();
  });
  $("preserve").addEventListener("change", (e) => {
    if (state.live) state.live.preserve = e.target.checked;
  });
  $("reload").addEventListener("click", () => devtools.inspectedWindow.reload({}));
  $("clear").addEventListener("click", () => state.live?.clear());
  $("back-live").addEventListener("click", () => {
    state.mode = "live";
    state.file = null;
    $("back-live").hidden = true;
    scheduleAnalysis();
  });
  // Drag and drop anywhere on the panel.
  let depth = 0;
  document.addEventListener("dragenter", (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    depth++;
    $("drop").hidden = false;
  });
  document.addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      $("drop").hidden = true;
    }
  });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    $("drop").hidden = true;
    const file = e.dataTransfer?.files?.[0];
    if (file) openFile(file);
  });
}

async function openFile(file) {
  clearError();
  showProgress(`Reading ${file.name} (${megabytes(file.size)})`, 0);
  try {
    const read = await readFile(file, (fraction) => showProgress(`Reading ${file.name} (${megabytes(file.size)})`, fraction));
    state.file = read;
    state.mode = "file";
    $("back-live").hidden = !state.live;
    await analyzeNow();
  } catch (e) {
    hideProgress();
    showError(e);
  }
}

/** Live changes come in bursts (a page load finishes dozens of requests): analyse once they settle. */
let timer = null;
function scheduleAnalysis() {
  clearTimeout(timer);
  timer = setTimeout(analyzeNow, state.mode === "live" ? 250 : 0);
}

async function analyzeNow() {
  if (state.running) {
    state.again = true;
    return;
  }
  const input = currentInput();
  if (!input) return;
  state.running = true;
  clearError();
  try {
    showProgress(`Analysing ${input.label}`, null);
    const result = await engine.analyze(input.bytes, options(input), (phase) => showProgress(`${phase[0].toUpperCase()}${phase.slice(1)}: ${input.label}`, null));
    state.report = result.report;
    show(result.report, result.millis, input.label);
  } catch (e) {
    showError(e);
  } finally {
    hideProgress();
    state.running = false;
    if (state.again) {
      state.again = false;
      scheduleAnalysis();
    }
  }
}

/** The bytes to analyse (a copy: the worker takes ownership of what it is sent). */
function currentInput() {
  if (state.mode === "file" && state.file) {
    return { bytes: state.file.bytes.slice(0), name: state.file.name, notes: state.file.notes, label: state.file.name };
  }
  if (state.mode === "live" && state.live) {
    return { bytes: state.live.toBytes(), name: "the inspected page", notes: [], label: `the inspected page (${state.live.entries.length} requests)` };
  }
  return null;
}

function options(input) {
  return {
    source: input.name,
    notes: input.notes,
    show_secrets: state.showSecrets,
    cors: [...state.pasted].map(([bucket, text]) => ({ bucket, text })),
  };
}

function show(report, millis, label) {
  $("source").textContent = label;
  $("summary").replaceChildren(...render.summary(report, millis).filter(Boolean), " ", ticketButton(), " ", saveButton(report));
  $("summary").hidden = false;
  $("findings").replaceChildren(...render.findings(report, copy));
  $("fixes").replaceChildren(
    ...(report.fixes.length ? [render.h("h2", {}, report.fixes.length === 1 ? "The fix" : "The fixes")] : []),
    ...render.fixes(report, {
      forms: state.forms,
      form: state.form,
      copy,
      pasted: (bucket) => state.pasted.get(bucket),
      onForm: (name) => {
        state.form = name;
        localStorage.setItem("corshar.form", name);
        show(state.report, millis, label);
      },
      onPaste: (bucket, text) => paste(bucket, text),
    }),
  );
  $("warnings").replaceChildren(...render.warnings(report));
  $("empty").hidden = report.findings.length > 0 || report.warnings.length > 0;
  setState(report.findings.some((f) => f.verdict !== "ok") ? "problems" : "ready");
}

/** Uses a pasted configuration once it parses; a wrong one is reported and not kept. */
async function paste(bucket, text) {
  if (text === undefined) {
    state.pasted.delete(bucket);
  } else {
    try {
      await engine.parseCors(text);
    } catch (e) {
      showError(`The configuration pasted for ${bucket}: ${e.message}`);
      return;
    }
    state.pasted.set(bucket, text);
  }
  scheduleAnalysis();
}

function ticketButton() {
  const button = render.h("button", { type: "button", title: "Copy a reply for a support ticket: what failed, why, the fix (Markdown)" }, "Copy ticket reply");
  button.addEventListener("click", async () => {
    try {
      copy(await engine.markdown(state.form), button);
    } catch (e) {
      showError(e);
    }
  });
  return button;
}

function saveButton(report) {
  const button = render.h("button", { type: "button", title: "The report as `corshar analyze --format json` writes it" }, "Save report JSON");
  button.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2) + "\n"], { type: "application/json" }));
    const a = render.h("a", { href: url, download: "corshar-report.json" });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return button;
}

/** Copies text; DevTools panels may refuse the async clipboard, so fall back to a selection. */
async function copy(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const area = render.h("textarea", { class: "offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    ok = document.execCommand("copy");
    area.remove();
  }
  if (button) {
    const before = button.textContent;
    button.textContent = ok ? "Copied" : "Copy failed";
    setTimeout(() => (button.textContent = before), 1200);
  }
}

function applyTheme() {
  const dark = devtools?.panels?.themeName === "dark" || (!devtools && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

function showProgress(text, fraction) {
  $("progress").hidden = false;
  $("progress-text").textContent = text + (fraction === null ? "…" : ` ${Math.round(fraction * 100)}%`);
  const bar = $("progress-bar");
  bar.classList.toggle("indeterminate", fraction === null);
  bar.style.width = fraction === null ? "" : `${Math.round(fraction * 100)}%`;
  setState("working");
}

function hideProgress() {
  $("progress").hidden = true;
}

function showError(e) {
  $("error").textContent = String(e?.message ?? e);
  $("error").hidden = false;
  setState("error");
}

function clearError() {
  $("error").hidden = true;
}

/** For people and tests: starting | empty | working | ready | problems | error. */
function setState(s) {
  document.body.dataset.state = s;
}

function megabytes(n) {
  return n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
