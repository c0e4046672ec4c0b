// A code editor on a plain <textarea>: Tab / Shift+Tab indent and dedent (the selected lines too), Enter keeps the
// indentation. Escape releases the keyboard: the next Tab moves focus on, so the page stays keyboard reachable.
import { h } from "./dom.js";

const INDENT = "    ";

/** A monospace textarea with code editing keys; `attributes` go to the textarea. */
export function codeEditor(attributes = {}) {
  const area = h("textarea", {
    class: "code", spellcheck: "false", autocapitalize: "off", autocomplete: "off", wrap: "off", rows: 14,
    ...attributes,
  });
  let released = false;
  area.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      released = true;
      return;
    }
    if (event.key === "Tab" && !released && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      indent(area, event.shiftKey);
    } else if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      newline(area);
    }
    if (event.key !== "Tab") released = false;
  });
  area.addEventListener("focus", () => { released = false; });
  return area;
}

function indent(area, outdent) {
  const { selectionStart: start, selectionEnd: end, value } = area;
  if (!outdent && start === end) {
    insert(area, INDENT);
    return;
  }
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  const block = value.slice(lineStart, end);
  const lines = block.split("\n");
  const changed = lines.map((line) =>
    outdent ? line.replace(new RegExp(`^ {1,${INDENT.length}}`), "") : INDENT + line).join("\n");
  area.setRangeText(changed, lineStart, end, "select");
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

function newline(area) {
  const { selectionStart: start, value } = area;
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  const line = value.slice(lineStart, start);
  let whitespace = line.match(/^[ \t]*/)[0];
  if (/:\s*$/.test(line)) whitespace += INDENT;
  insert(area, "\n" + whitespace);
}

function insert(area, text) {
  area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
  area.dispatchEvent(new Event("input", { bubbles: true }));
}
