// The inspected page's requests, as DevTools records them: the Network log on open
// (network.getHAR), then each finished request (network.onRequestFinished), cleared on
// navigation unless the user preserves the log. Chrome calls back; Firefox returns promises.

/** Bodies worth fetching: S3's XML error documents name the real cause (wrong region, bad signature...). */
const MAX_BODY = 64 * 1024;

export class LiveLog {
  /**
   * @param devtools chrome.devtools or browser.devtools
   * @param onChange called (debounced by the caller) whenever the log changes
   */
  constructor(devtools, onChange) {
    this.network = devtools.network;
    // Only `browser.*` alone (no `chrome.*`) means promises; they reject callback arguments.
    this.promises = devtools === globalThis.browser?.devtools;
    this.onChange = onChange;
    this.entries = [];
    this.seen = new Set();
    this.creator = { name: "WebInspector", version: "" };
    this.pages = [];
    this.preserve = false;
    this.paused = false;
  }

  async start() {
    this.network.onRequestFinished.addListener((entry) => this.add(entry));
    this.network.onNavigated.addListener(() => {
      if (!this.preserve) this.clear();
    });
    const log = this.promises ? await this.network.getHAR() : await new Promise((resolve) => this.network.getHAR(resolve));
    if (log) {
      if (log.creator) this.creator = log.creator;
      this.pages = log.pages ?? [];
      for (const entry of log.entries ?? []) this.remember(plain(entry));
    }
    this.onChange();
  }

  clear() {
    this.entries = [];
    this.seen.clear();
    this.pages = [];
    this.onChange();
  }

  async add(entry) {
    const copy = plain(entry);
    if (!this.remember(copy)) return;
    if (wantsBody(copy) && typeof entry.getContent === "function") {
      try {
        const [content, encoding] = await contentOf(entry, this.promises);
        if (typeof content === "string" && content.length <= MAX_BODY) {
          copy.response.content = { ...copy.response.content, text: content };
          if (encoding === "base64") copy.response.content.encoding = "base64";
        }
      } catch {
        // No body is not an error: the analysis works from the headers.
      }
    }
    this.onChange();
  }

  /** Adds the entry unless DevTools already gave it (getHAR and onRequestFinished overlap). */
  remember(entry) {
    const key = `${entry.startedDateTime} ${entry.request?.method} ${entry.request?.url} ${entry.time}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.entries.push(entry);
    return true;
  }

  /** The log as HAR bytes for the engine. */
  toBytes() {
    const har = { log: { version: "1.2", creator: this.creator, pages: this.pages, entries: this.entries } };
    return new TextEncoder().encode(JSON.stringify(har)).buffer;
  }
}

/** A JSON-only copy (the entry object carries getContent, which must not be serialized). */
function plain(entry) {
  return JSON.parse(JSON.stringify(entry));
}

function wantsBody(entry) {
  const status = entry.response?.status ?? 0;
  const mime = entry.response?.content?.mimeType ?? "";
  return status >= 300 && (mime.includes("xml") || mime === "") && (entry.response?.content?.size ?? 0) <= MAX_BODY;
}

/** Chrome: getContent(cb(content, encoding)); Firefox: getContent() → Promise<[content, mimeType]>. */
async function contentOf(entry, promises) {
  if (promises) {
    const [content] = await entry.getContent();
    return [content, ""];
  }
  return new Promise((resolve) => entry.getContent((content, encoding) => resolve([content, encoding])));
}
