// The DevTools page: runs once per DevTools window and adds the "CORS" panel. Everything else
// happens in the panel page (panel.html), which has chrome.devtools.* itself.
"use strict";
const api = globalThis.chrome?.devtools ?? globalThis.browser?.devtools;
api.panels.create("CORS", "icons/32.png", "panel.html", () => {});
