/**
 * CDP sessions to targets Playwright does not expose (the DevTools window, the extension panel
 * frame inside it), through the browser session's Target.sendMessageToTarget.
 */
export class Targets {
  constructor(session) {
    this.session = session;
    this.sessions = new Map();
    this.waiting = new Map();
    this.nextId = 1;
    session.on("Target.receivedMessageFromTarget", ({ message }) => {
      const m = JSON.parse(message);
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error) w.reject(new Error(m.error.message));
      else w.resolve(m.result);
    });
  }

  async waitFor(predicate, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const { targetInfos } = await this.session.send("Target.getTargets");
      const found = targetInfos.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("no such target");
  }

  async send(target, method, params = {}) {
    let sessionId = this.sessions.get(target.targetId);
    if (!sessionId) {
      ({ sessionId } = await this.session.send("Target.attachToTarget", { targetId: target.targetId, flatten: false }));
      this.sessions.set(target.targetId, sessionId);
    }
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    await this.session.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
    return answer;
  }

  async evaluate(target, expression) {
    const r = await this.send(target, "Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`${expression.slice(0, 80)}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }
}
