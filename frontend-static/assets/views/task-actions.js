// A task instance's actions: clear (optionally with everything downstream) and mark success / failed, each after a
// confirmation; the result is reported in words.
import { post, seg } from "../api.js";
import { confirmDialog, errorBox, h, replace } from "../dom.js";
import { isUnfinished } from "../live.js";

/** The actions card for `task` of run `jobID` in state `state`; what an action did goes to `result` (kept by the
 * caller across re-renders); `onDone()` refreshes the view after an action. */
export function taskActions(jobID, task, state, result, onDone) {
  const downstream = h("input", { type: "checkbox", id: "clear-downstream" });
  const base = `/jobs/${jobID}/tasks/${seg(task)}`;

  async function act(title, question, confirmLabel, send, describe, danger = false) {
    if (!(await confirmDialog(title, question, { confirmLabel, danger }))) return;
    try {
      const answer = await send();
      replace(result, h("p", { class: "notice" }, describe(answer)));
      await onDone();
    } catch (error) {
      replace(result, errorBox(error));
    }
  }

  const clear = () => act(`Clear ${task}?`,
    downstream.checked
      ? `${task} and every task downstream of it go back to pending and run again (a new try each).`
      : `${task} goes back to pending and runs again as a new try; the tasks after it keep their state.`,
    "Clear", () => post(`${base}/clear`, { downstream: downstream.checked }),
    (answer) => `Cleared ${answer.cleared.length ? answer.cleared.join(", ") : "nothing"}: ` +
      "the scheduler runs them again.");
  const mark = (target) => act(`Mark ${task} ${target}?`,
    `${task} is set to ${target} without running${target === "success"
      ? "; the tasks after it may start" : "; the tasks after it that need it become upstream failed"}.`,
    `Mark ${target}`, () => post(`${base}/mark`, { state: target }), (answer) => `${task} is now ${answer.state}.`,
    target === "failed");
  const running = isUnfinished(state) && state !== "pending" && state !== "scheduled" && state !== "none";

  return h("section", { class: "card", id: "task-actions", "aria-labelledby": "task-actions-title" },
    h("h2", { id: "task-actions-title" }, "Actions"),
    h("div", { class: "actions" },
      h("button", { type: "button", id: "clear-task", onclick: clear }, "Clear"),
      h("label", { class: "check", for: "clear-downstream" }, downstream, "and downstream"),
      h("span", { class: "action-gap" }),
      h("button", { type: "button", id: "mark-success", disabled: state === "success", onclick: () => mark("success") },
        "Mark success"),
      h("button", { type: "button", class: "danger", id: "mark-failed", disabled: state === "failed",
        onclick: () => mark("failed") }, "Mark failed")),
    running ? h("p", { class: "muted small" }, "The task is running: marking it ends its try with that state.")
      : null,
    result);
}
