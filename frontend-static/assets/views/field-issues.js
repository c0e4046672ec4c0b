// Puts the API's validation messages next to the fields they concern.
import { h, replace } from "../dom.js";

/** `["tasks[1].needs[0]: unknown task 'x'", …]` (or a 400's detail) → [{path, message}]. */
export function parseIssues(error) {
  const lines = error?.issues?.length ? error.issues : [error?.message ?? String(error)];
  return lines.map((line) => {
    // "dags/x.yaml:3:1: tasks[0].id: message" → drop the location, keep the path.
    const text = line.replace(/^[^\s:]+\.(ya?ml|swift|json):\d+(:\d+)?: /, "");
    const match = text.match(/^([A-Za-z_][\w.[\]]*): (.*)$/s);
    if (match && !match[1].includes(" ")) return { path: match[1], message: match[2] };
    const field = text.match(/field '([\w.[\]]+)'/);
    return { path: field ? field[1] : "", message: text };
  });
}

/**
 * Shows each issue in the element `slots(path)` returns (or in `general` when none): `slots` maps a path such as
 * `schedule` or `tasks[1].needs` to the message container of a field.
 */
export function showIssues(issues, slots, general) {
  const placed = new Map();
  const rest = [];
  for (const issue of issues) {
    const slot = slots(issue.path);
    if (slot) placed.set(slot, [...(placed.get(slot) ?? []), issue.message]);
    else rest.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  for (const [slot, messages] of placed) {
    replace(slot, messages.map((message) => h("span", { class: "field-issue" }, message)));
  }
  if (general) replace(general, rest.length ? h("ul", {}, rest.map((line) => h("li", {}, line))) : null);
  return { placed: placed.size, rest: rest.length };
}

/** An element that holds a field's messages, announced to screen readers. */
export function issueSlot(id) {
  return h("div", { class: "field-issues", id, role: "status", "aria-live": "polite" });
}
