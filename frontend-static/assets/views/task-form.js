// Add or edit one task of an API workflow's draft: name, kind (Python, Bash, Swift) and its code, dependencies,
// retries and retry delay, timeout, trigger rule.
import { post, put } from "../api.js";
import { codeEditor } from "../code-editor.js";
import { h } from "../dom.js";
import { issueSlot, parseIssues, showIssues } from "./field-issues.js";
import { KINDS, TRIGGER_RULES } from "./task-kinds.js";

/**
 * A form for `task` (null adds one) of `workflowID`; `others` are the other tasks' names (dependency choices).
 * Calls `onSaved(task)` or `onCancel()`.
 */
export function taskForm({ workflowID, task, others, onSaved, onCancel }) {
  const name = h("input", { id: "task-name", required: true, value: task?.name ?? "", autocomplete: "off",
    pattern: "[A-Za-z0-9_.\\-]+", "aria-describedby": "task-name-issues" });
  const kind = h("select", { id: "task-kind", "aria-describedby": "task-kind-issues", onchange: showKind,
    oninput: showKind },
    Object.entries(KINDS).map(([value, about]) =>
      h("option", { value, selected: value === (task?.kind ?? "python") }, about.name)));
  const code = codeEditor({ id: "task-code", "aria-describedby": "task-code-help task-code-issues" });
  code.value = task?.code ?? task?.python_callable ?? "";
  const codeLabel = h("label", { for: "task-code", id: "task-code-label" });
  const codeHelp = h("small", { id: "task-code-help", class: "muted" });
  const retries = h("input", { id: "task-retries", type: "number", min: 0, max: 100, step: 1,
    value: task?.retry_count ?? 0 });
  const delay = h("input", { id: "task-retry-delay", type: "number", min: 0, step: 1, value: task?.retry_delay ?? 300 });
  const timeout = h("input", { id: "task-timeout", type: "number", min: 0, step: "any", value: task?.timeout ?? "",
    placeholder: "none", "aria-describedby": "task-timeout-issues" });
  const rule = h("select", { id: "task-trigger-rule", "aria-describedby": "task-trigger-rule-issues" },
    TRIGGER_RULES.map((value) => h("option", { value, selected: value === (task?.trigger_rule ?? "all_success") },
      value)));
  const chosen = new Set(task?.dependencies ?? []);
  const boxes = others.map((other) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "dependency", value: other, checked: chosen.has(other) }), other));
  const slots = {
    name: issueSlot("task-name-issues"), kind: issueSlot("task-kind-issues"), code: issueSlot("task-code-issues"),
    needs: issueSlot("task-needs-issues"), retries: issueSlot("task-retries-issues"),
    delay: issueSlot("task-retry-delay-issues"), timeout: issueSlot("task-timeout-issues"),
    rule: issueSlot("task-trigger-rule-issues"),
  };
  const general = h("div", { class: "form-error", role: "alert" });
  const form = h("form", { class: "card task-form", id: "task-form", onsubmit: submit },
    h("h3", {}, task ? `Edit task ${task.name}` : "Add task"),
    h("div", { class: "field-row" },
      h("div", { class: "field" }, h("label", { for: "task-name" }, "Task name"), name, slots.name),
      h("div", { class: "field" }, h("label", { for: "task-kind" }, "Kind"), kind, slots.kind)),
    h("div", { class: "field" }, codeLabel, code, codeHelp, slots.code),
    h("fieldset", { class: "field" },
      h("legend", {}, "Runs after (dependencies)"),
      boxes.length ? h("div", { class: "checks", id: "task-dependencies" }, boxes)
        : h("p", { class: "muted small" }, "No other tasks yet."),
      slots.needs),
    h("div", { class: "field-row" },
      h("div", { class: "field" }, h("label", { for: "task-retries" }, "Retries"), retries, slots.retries),
      h("div", { class: "field" }, h("label", { for: "task-retry-delay" }, "Retry delay (seconds)"), delay,
        slots.delay)),
    h("div", { class: "field-row" },
      h("div", { class: "field" }, h("label", { for: "task-timeout" }, "Timeout (seconds, optional)"), timeout,
        slots.timeout),
      h("div", { class: "field" }, h("label", { for: "task-trigger-rule" }, "Trigger rule"), rule, slots.rule)),
    general,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "task-save" }, task ? "Save task" : "Add task"),
      h("button", { type: "button", onclick: onCancel }, "Cancel")));
  showKind();
  setTimeout(() => name.focus(), 0);
  return form;

  // The editor's label, help and placeholder follow the kind; the code typed so far stays.
  function showKind() {
    const about = KINDS[kind.value] ?? KINDS.python;
    codeLabel.textContent = about.label;
    code.placeholder = about.placeholder;
    code.dataset.kind = kind.value;
    codeHelp.textContent = `${about.help} Tab indents; press Escape then Tab to leave the editor.`;
  }

  async function submit(event) {
    event.preventDefault();
    for (const slot of Object.values(slots)) slot.replaceChildren();
    general.replaceChildren();
    const body = {
      workflow_id: workflowID,
      name: name.value.trim(),
      kind: kind.value,
      code: code.value,
      params: task?.params ?? {},
      dependencies: boxes.map((label) => label.querySelector("input")).filter((box) => box.checked)
        .map((box) => box.value),
      retry_count: Number(retries.value || 0),
      retry_delay: Number(delay.value || 0),
      trigger_rule: rule.value,
    };
    if (timeout.value.trim() !== "") body.timeout = Number(timeout.value);
    try {
      const saved = task ? await put(`/tasks/${task.id}`, body) : await post("/tasks/", body);
      onSaved(saved);
    } catch (error) {
      showIssues(parseIssues(error), (path) => slotFor(path, error, slots), general);
    }
  }
}

// A 400 names its field ("field 'timeout' must be …"), a store check gives a path ("retry_delay"), a conflict only
// says which name is taken.
function slotFor(path, error, slots) {
  if (/trigger_rule/.test(path)) return slots.rule;
  if (/timeout/.test(path)) return slots.timeout;
  if (/kind/.test(path)) return slots.kind;
  if (/python|code/.test(path)) return slots.code;
  if (/dependencies|needs/.test(path)) return slots.needs;
  if (/retry_delay/.test(path)) return slots.delay;
  if (/retr/.test(path)) return slots.retries;
  if (/name|already has a task/.test(path || error.message)) return slots.name;
  return null;
}
