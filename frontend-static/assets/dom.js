// Building DOM nodes without innerHTML (so no text from the API is ever parsed as HTML), and formatting helpers.

/** h("a", {href: "#/x", class: "btn"}, "text", child) → an element. `on*` attributes take functions. */
export function h(tag, attributes = {}, ...children) {
  // "svg:a" is SVG's <a> (an HTML <a> inside an <svg> would not render).
  const svg = SVG_TAGS.has(tag) || tag.startsWith("svg:");
  const element = document.createElementNS(
    svg ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag.replace(/^svg:/, ""));
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "value" && "value" in element) {
      element.value = value;
    } else if (name === "checked" || name === "selected" || name === "disabled") {
      element[name] = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

const SVG_TAGS = new Set(["svg", "g", "path", "rect", "circle", "line", "text", "title", "polyline", "defs", "marker"]);

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `element`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A coloured badge for a run or task state (`up_for_retry` → "up for retry"). */
export function stateBadge(state) {
  const name = state ?? "none";
  return h("span", { class: `state state-${name}`, title: name }, name.replaceAll("_", " "));
}

/** A small coloured square for one state, for rows of recent runs. */
export function stateSquare(state, label, href) {
  const attributes = { class: `square state-${state}`, title: label ?? state, "aria-label": label ?? state };
  return href ? h("a", { ...attributes, href }) : h("span", attributes);
}

/**
 * "2025-01-31 14:03:07" in local time, or "—"; with `millis`, "2025-01-31 14:03:07.042" (for the times of tries,
 * which are often milliseconds apart).
 */
export function formatTime(iso, { millis = false } = {}) {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    (millis ? `.${pad(date.getMilliseconds(), 3)}` : "");
}

/** Seconds between two ISO times (until now when `end` is missing), or null. */
export function seconds(start, end) {
  if (!start) return null;
  const from = new Date(start).getTime();
  const to = end ? new Date(end).getTime() : Date.now();
  return Math.max(0, (to - from) / 1000);
}

/** The time from `start` to `end` (or now) in words; "< 1 s" when whole-second timestamps cannot tell less. */
export function formatSpan(start, end) {
  const value = seconds(start, end);
  if (value !== null && value < 1 && end && !/\.\d/.test(start) && !/\.\d/.test(end)) return "< 1 s";
  return formatDuration(value);
}

/** 0.042 → "42 ms", 4.2 → "4.2 s", 75 → "1 m 15 s", 4000 → "1 h 6 m". */
export function formatDuration(value) {
  if (value === null || value === undefined) return "—";
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 10) return `${value.toFixed(1)} s`;
  if (value < 60) return `${Math.round(value)} s`;
  if (value < 3600) return `${Math.floor(value / 60)} m ${Math.round(value % 60)} s`;
  return `${Math.floor(value / 3600)} h ${Math.round((value % 3600) / 60)} m`;
}

/** A paragraph explaining an empty list. */
export function emptyState(message, ...actions) {
  return h("div", { class: "empty" }, h("p", {}, message), actions);
}

/** A visible error box (role alert) for a failed request or action. */
export function errorBox(error) {
  const lines = error?.issues?.length ? error.issues : null;
  return h("div", { class: "error-box", role: "alert" },
    h("strong", {}, error?.title ?? "Something went wrong"),
    lines ? h("ul", {}, lines.map((line) => h("li", {}, line))) : h("p", {}, error?.message ?? String(error)));
}

/** The fraction (0…1) a progress object reports, or null: percent, fraction, current/total, x/total_x. */
export function progressFraction(progress) {
  if (!progress || typeof progress !== "object") return null;
  const number = (value) => (typeof value === "number" && Number.isFinite(value) ? value : null);
  if (number(progress.percent) !== null) return clamp(progress.percent / 100);
  if (number(progress.fraction) !== null) return clamp(progress.fraction);
  for (const [done, total] of [["current", "total"], ["done", "total"], ["step", "steps"]]) {
    if (number(progress[done]) !== null && number(progress[total])) return clamp(progress[done] / progress[total]);
  }
  for (const key of Object.keys(progress)) {
    const total = progress[`total_${key}s`] ?? progress[`total_${key}`];
    if (number(progress[key]) !== null && number(total)) return clamp(progress[key] / total);
  }
  return null;
}

function clamp(value) {
  return Math.min(1, Math.max(0, value));
}

/** A progress bar with its percentage, or nothing when the fraction is unknown. */
export function progressBar(fraction, label) {
  if (fraction === null || fraction === undefined) return null;
  const percent = Math.round(fraction * 100);
  return h("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
      "aria-valuenow": percent, "aria-label": label ?? "progress" },
    h("div", { class: "progress-fill", style: `width: ${percent}%` }), h("span", {}, `${percent}%`));
}

/** A `<dialog>` asking to confirm `question` (with optional extra `body` nodes); resolves to true on "confirm". */
export function confirmDialog(title, question, { confirmLabel = "Confirm", danger = false, body = null } = {}) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "card confirm-dialog", "aria-labelledby": "confirm-title" },
      h("form", { method: "dialog" },
        h("h2", { id: "confirm-title" }, title), h("p", {}, question), body,
        h("div", { class: "actions" },
          h("button", { value: "confirm", class: danger ? "danger" : "primary", id: "confirm-yes" }, confirmLabel),
          h("button", { value: "cancel", id: "confirm-no", formnovalidate: true }, "Cancel"))));
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A definition list of [label, value] pairs (pairs with a null value are left out); `inline` lays them in a row. */
export function facts(pairs, { inline = false } = {}) {
  return h("dl", { class: inline ? "facts inline-facts" : "facts" },
    pairs.filter(([, value]) => value !== null && value !== undefined)
      .map(([label, value]) => h("div", {}, h("dt", {}, label), h("dd", {}, value))));
}
