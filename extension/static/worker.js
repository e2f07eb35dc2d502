// The analysis runs here, off the panel's UI thread: a 50 MB HAR never freezes DevTools.
//
// Messages in:  {id, type: "analyze", har: ArrayBuffer (transferred), options: {...}}
//               {id, type: "markdown", form}      the ticket reply of the last analysis
//               {id, type: "parse-cors", text}    checks a pasted bucket configuration
// Messages out: {id, type: "progress", phase}
//               {id, type: "result", json, hasProblems, millis}
//               {id, type: "markdown", text}
//               {id, type: "parsed", config}      the configuration as aws-cli JSON, or "none"
//               {id, type: "error", message}
import init, { analyze, forms, parseCors, version } from "./pkg/corshar_wasm.js";

// The .wasm sits next to the glue in pkg/; extension pages may fetch their own files.
const ready = init({ module_or_path: new URL("./pkg/corshar_wasm_bg.wasm", import.meta.url) });
let last = null; // the last Analysis (a wasm object: freed when replaced)

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    post(msg.id, { type: "progress", phase: "loading the engine" });
    await ready;
    if (msg.type === "hello") {
      post(msg.id, { type: "hello", version: version(), forms: JSON.parse(forms()) });
    } else if (msg.type === "analyze") {
      post(msg.id, { type: "progress", phase: "analysing" });
      const started = performance.now();
      const analysis = analyze(new Uint8Array(msg.har), JSON.stringify(msg.options ?? {}));
      const millis = performance.now() - started;
      last?.free();
      last = analysis;
      post(msg.id, { type: "result", json: analysis.json(), hasProblems: analysis.hasProblems(), millis });
    } else if (msg.type === "parse-cors") {
      post(msg.id, { type: "parsed", config: parseCors(msg.text) });
    } else if (msg.type === "markdown") {
      if (!last) throw new Error("nothing analysed yet");
      post(msg.id, { type: "markdown", text: last.markdown(msg.form) });
    } else {
      throw new Error(`unknown message ${msg.type}`);
    }
  } catch (e) {
    post(msg.id, { type: "error", message: String(e?.message ?? e) });
  }
};

function post(id, body) {
  self.postMessage({ id, ...body });
}
