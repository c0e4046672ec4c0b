// A try's log in a bounded window: a long log opens at its end (older parts load on demand), a running try's log
// is followed through the API's stream (or by reading from the last offset every second when there is none), and
// the page never holds more than MAX_SHOWN bytes of it, however long the log grows.
import { eventSourceURL, get, seg, tokenURL } from "../api.js";
import { h } from "../dom.js";

/** The most log text the page holds at once; older (or, after "Load earlier", newer) text leaves the view. */
export const MAX_SHOWN = 2 << 20;
/** How much of a finished log's end is shown first. */
const FIRST_WINDOW = 1 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The pane for `task`'s try `tryNumber` of run `jobID`; `logBytes` is the try's known size (0 when unknown). */
export function logPane(jobID, task, tryNumber, logBytes) {
  const path = `/jobs/${jobID}/logs/${seg(task)}`;
  const log = h("pre", { class: "log", id: "log", tabindex: 0, "aria-label": "Task log", "aria-live": "off" });
  const status = h("p", { class: "muted small", id: "log-state" });
  const follow = h("input", { type: "checkbox", id: "follow", checked: true });
  const earlier = h("button", { type: "button", class: "small", id: "log-earlier", hidden: true, onclick: loadEarlier },
    "Load earlier");
  const latest = h("button", { type: "button", class: "small", id: "log-latest", hidden: true, onclick: jumpToEnd },
    "Back to the end");
  const pieces = [];
  let held = 0;
  let windowStart = Math.max(0, logBytes - FIRST_WINDOW);
  let windowEnd = windowStart;
  let trimFirstLine = windowStart > 0;
  let tailDropped = false;
  let stream = null;
  let streamFailed = false;
  let streamEnded = false;
  let finished = false;
  let busy = false;

  // The whole log as a file, however much of it the window holds (a plain link: the token rides in the URL).
  const download = tryNumber ? h("a", { class: "button small", id: "log-download", download: "",
    href: tokenURL(`${path}/download?try=${tryNumber}`) }, "Download whole log") : null;
  const element = h("section", { class: "card" },
    h("div", { class: "section-head" }, h("h2", {}, `Log of try ${tryNumber || "—"}`),
      h("div", { class: "actions" }, earlier, latest, download,
        h("label", { class: "check" }, follow, "Follow the end"))),
    log, status);

  function append(text, bytes) {
    if (trimFirstLine) {
      // The window began inside a line (maybe inside a character): start at the next whole line.
      const cut = text.indexOf("\n") + 1;
      windowStart += encoder.encode(text.slice(0, cut)).length;
      text = text.slice(cut);
      bytes = encoder.encode(text).length;
      trimFirstLine = false;
    }
    if (!text) return;
    const node = document.createTextNode(text);
    log.append(node);
    pieces.push({ node, bytes });
    held += bytes;
    while (held > MAX_SHOWN && pieces.length > 1) {
      const first = pieces.shift();
      first.node.remove();
      held -= first.bytes;
      windowStart += first.bytes;
    }
    if (follow.checked) log.scrollTop = log.scrollHeight;
  }

  /** Reads from the window's end until caught up (pieces of at most 1 MiB each). */
  async function readOn() {
    if (busy || tailDropped) return;
    busy = true;
    try {
      for (let piece = 0; piece < 8; piece++) {
        const answer = await get(`${path}?try=${tryNumber}&offset=${windowEnd}`);
        const moved = answer.next_offset > windowEnd;
        if (answer.content) append(answer.content, answer.next_offset - windowEnd);
        windowEnd = answer.next_offset;
        if (!moved) break;
      }
    } finally {
      busy = false;
      describe();
    }
  }

  async function loadEarlier() {
    if (windowStart === 0 || busy) return;
    busy = true;
    try {
      const from = Math.max(0, windowStart - (512 << 10));
      const answer = await get(`${path}?try=${tryNumber}&offset=${from}`);
      let bytes = encoder.encode(answer.content).slice(0, windowStart - from);
      if (from > 0) bytes = bytes.slice(bytes.indexOf(10) + 1);
      const text = decoder.decode(bytes);
      const node = document.createTextNode(text);
      const height = log.scrollHeight;
      log.prepend(node);
      pieces.unshift({ node, bytes: bytes.length });
      held += bytes.length;
      windowStart -= bytes.length;
      while (held > MAX_SHOWN && pieces.length > 1) {
        const last = pieces.pop();
        last.node.remove();
        held -= last.bytes;
        windowEnd -= last.bytes;
        tailDropped = true;
        follow.checked = false;
      }
      log.scrollTop += log.scrollHeight - height;
    } finally {
      busy = false;
      describe();
    }
  }

  async function jumpToEnd() {
    stopStream();
    for (const piece of pieces) piece.node.remove();
    pieces.length = 0;
    held = 0;
    const size = Math.max(windowEnd, logBytes);
    windowStart = windowEnd = Math.max(0, size - FIRST_WINDOW);
    trimFirstLine = windowStart > 0;
    tailDropped = false;
    follow.checked = true;
    await readOn();
  }

  function describe() {
    earlier.hidden = windowStart === 0;
    latest.hidden = !tailDropped;
    if (!tryNumber) {
      status.textContent = "The task has not started yet: its log appears here when it runs.";
      return;
    }
    const size = (n) => n < 1024 ? `${n} bytes` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / (1 << 20)).toFixed(1)} MB`;
    if (windowEnd === 0 && finished) {
      status.textContent = "This try wrote nothing to its log.";
    } else {
      const part = windowStart > 0 || tailDropped ? `showing bytes ${windowStart.toLocaleString()}–` +
        `${windowEnd.toLocaleString()} of ${size(Math.max(windowEnd, logBytes))}` : size(windowEnd);
      status.textContent = `${part}${finished ? "" : stream ? " · following the running task live"
        : " · following the running task"}`;
    }
  }

  function openStream() {
    const source = new EventSource(eventSourceURL(`${path}/stream?try=${tryNumber}&offset=${windowEnd}`));
    let opened = false;
    stream = source;
    source.onopen = () => { opened = true; describe(); };
    source.addEventListener("log", (event) => {
      const data = JSON.parse(event.data);
      if (data.offset !== windowEnd || tailDropped) return;
      append(data.content, data.next_offset - windowEnd);
      windowEnd = data.next_offset;
      describe();
    });
    source.addEventListener("end", () => {
      streamEnded = true;
      stopStream();
      describe();
    });
    source.onerror = () => {
      // Reconnecting would replay from the first offset: go on by reading from where the view is instead.
      stopStream();
      if (!opened) streamFailed = true;
      describe();
    };
  }

  function stopStream() {
    if (stream) stream.close();
    stream = null;
  }

  return {
    element,
    /** Brings the log up to date; `running` says whether the try can still write. */
    async update(running) {
      if (!tryNumber) {
        describe();
        return;
      }
      finished = !running;
      if (running && !streamFailed && !streamEnded && !stream && !tailDropped && typeof EventSource === "function") {
        await readOn();
        openStream();
      } else if (!stream) {
        await readOn();
      }
      describe();
    },
    stop: stopStream,
    get held() { return held; },
  };
}
