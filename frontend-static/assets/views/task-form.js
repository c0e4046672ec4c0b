// Add or edit one task of an API workflow's draft: name, Python code, dependencies, retries and retry delay.
import { post, put } from "../api.js";
import { codeEditor } from "../code-editor.js";
import { h } from "../dom.js";
import { issueSlot, parseIssues, showIssues } from "./field-issues.js";

/**
 * A form for `task` (null adds one) of `workflowID`; `others` are the other tasks' names (dependency choices).
 * Calls `onSaved(task)` or `onCancel()`.
 */
export function taskForm({ workflowID, task, others, onSaved, onCancel }) {
  const name = h("input", { id: "task-name", required: true, value: task?.name ?? "", autocomplete: "off",
    pattern: "[A-Za-z0-9_.\\-]+", "aria-describedby": "task-name-issues" });
  const code = codeEditor({ id: "task-code", "aria-describedby": "task-code-help task-code-issues" });
  code.value = task?.python_callable ?? "";
  const retries = h("input", { id: "task-retries", type: "number", min: 0, max: 100, step: 1,
    value: task?.retry_count ?? 0 });
  const delay = h("input", { id: "task-retry-delay", type: "number", min: 0, step: 1, value: task?.retry_delay ?? 300 });
  const chosen = new Set(task?.dependencies ?? []);
  const boxes = others.map((other) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "dependency", value: other, checked: chosen.has(other) }), other));
  const slots = {
    name: issueSlot("task-name-issues"), code: issueSlot("task-code-issues"),
    needs: issueSlot("task-needs-issues"), retries: issueSlot("task-retries-issues"),
  };
  const general = h("div", { class: "form-error", role: "alert" });
  const form = h("form", { class: "card task-form", id: "task-form", onsubmit: submit },
    h("h3", {}, task ? `Edit task ${task.name}` : "Add task"),
    h("div", { class: "field" }, h("label", { for: "task-name" }, "Task name"), name, slots.name),
    h("div", { class: "field" },
      h("label", { for: "task-code" }, "Python code"), code,
      h("small", { id: "task-code-help", class: "muted" },
        'context["ti"].xcom_push(key=…, value=…) and xcom_pull(task_ids=…, key=…) pass values between tasks. ' +
        "Tab indents; press Escape then Tab to leave the editor."),
      slots.code),
    h("fieldset", { class: "field" },
      h("legend", {}, "Runs after (dependencies)"),
      boxes.length ? h("div", { class: "checks", id: "task-dependencies" }, boxes)
        : h("p", { class: "muted small" }, "No other tasks yet."),
      slots.needs),
    h("div", { class: "field-row" },
      h("div", { class: "field" }, h("label", { for: "task-retries" }, "Retries"), retries, slots.retries),
      h("div", { class: "field" }, h("label", { for: "task-retry-delay" }, "Retry delay (seconds)"), delay)),
    general,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", id: "task-save" }, task ? "Save task" : "Add task"),
      h("button", { type: "button", onclick: onCancel }, "Cancel")));
  setTimeout(() => name.focus(), 0);
  return form;

  async function submit(event) {
    event.preventDefault();
    for (const slot of Object.values(slots)) slot.replaceChildren();
    general.replaceChildren();
    const body = {
      workflow_id: workflowID,
      name: name.value.trim(),
      python_callable: code.value,
      params: task?.params ?? {},
      dependencies: boxes.map((label) => label.querySelector("input")).filter((box) => box.checked)
        .map((box) => box.value),
      retry_count: Number(retries.value || 0),
      retry_delay: Number(delay.value || 0),
    };
    try {
      const saved = task ? await put(`/tasks/${task.id}`, body) : await post("/tasks/", body);
      onSaved(saved);
    } catch (error) {
      showIssues(parseIssues(error), (path) => slotFor(path, error, slots), general);
    }
  }
}

function slotFor(path, error, slots) {
  if (/name|already has a task/.test(path || error.message) && !/python|retry/.test(path)) return slots.name;
  if (/python|code/.test(path)) return slots.code;
  if (/dependencies|needs/.test(path)) return slots.needs;
  if (/retr/.test(path)) return slots.retries;
  return null;
}
