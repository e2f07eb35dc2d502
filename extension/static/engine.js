// The panel's side of worker.js: one worker, requests matched to answers by id, and analyses
// coalesced so a burst of live requests costs one analysis, not one per request.

export class Engine {
  constructor() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.pending = new Map();
    this.nextId = 1;
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.failAll(event.message || "the analysis worker failed to start");
  }

  /** The engine's version and the fix forms it writes: {version, forms: [{name, description, file}]}. */
  hello() {
    return this.call({ type: "hello" });
  }

  /**
   * Analyses a HAR (an ArrayBuffer, transferred to the worker: the caller must not reuse it).
   * Resolves to {report, json, hasProblems, millis}.
   */
  async analyze(har, options, onProgress) {
    const answer = await this.call({ type: "analyze", har, options }, [har], onProgress);
    return { report: JSON.parse(answer.json), json: answer.json, hasProblems: answer.hasProblems, millis: answer.millis };
  }

  /** The ticket reply of the last analysis, with the fix in `form`. */
  async markdown(form) {
    return (await this.call({ type: "markdown", form })).text;
  }

  /** Checks a pasted configuration: resolves to it as aws-cli JSON ("none" for none), rejects with where it is wrong. */
  async parseCors(text) {
    return (await this.call({ type: "parse-cors", text })).config;
  }

  call(message, transfer = [], onProgress = () => {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, ...message }, transfer);
    });
  }

  receive(msg) {
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    if (msg.type === "progress") {
      waiting.onProgress(msg.phase);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === "error") waiting.reject(new Error(msg.message));
    else waiting.resolve(msg);
  }

  failAll(message) {
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
  }
}
