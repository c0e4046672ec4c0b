// A task instance's actions: clear (optionally with everything downstream) and mark success / failed, each after a
// confirmation; the result is reported in words. `taskCommands` is shared by the task page's card and the grid's
// cell panel, so both ask the same questions and send the same requests.
import { post, seg } from "../api.js";
import { confirmDialog, errorBox, h, replace } from "../dom.js";
import { isUnfinished } from "../live.js";

/** The actions on `task` of run `jobID`. Each asks for confirmation first, then sends its request: it resolves to a
 * sentence saying what it did, or null when the user cancelled; a refused request rejects with the ApiError. */
export function taskCommands(jobID, task) {
  const base = `/jobs/${jobID}/tasks/${seg(task)}`;
  return {
    async clear(downstream) {
      const question = downstream
        ? `${task} and every task downstream of it go back to pending and run again (a new try each).`
        : `${task} goes back to pending and runs again as a new try; the tasks after it keep their state.`;
      if (!(await confirmDialog(`Clear ${task}?`, question, { confirmLabel: "Clear" }))) return null;
      const answer = await post(`${base}/clear`, { downstream });
      return `Cleared ${answer.cleared.length ? answer.cleared.join(", ") : "nothing"}: the scheduler runs them again.`;
    },
    async mark(target) {
      const question = `${task} is set to ${target} without running${target === "success"
        ? "; the tasks after it may start" : "; the tasks after it that need it become upstream failed"}.`;
      if (!(await confirmDialog(`Mark ${task} ${target}?`, question,
        { confirmLabel: `Mark ${target}`, danger: target === "failed" }))) return null;
      const answer = await post(`${base}/mark`, { state: target });
      return `${task} is now ${answer.state}.`;
    },
  };
}

/** Runs `command` (one of `taskCommands`) and says what it did, or why it failed, in `result`; after a done action
 * it calls `onDone()`. */
export async function runCommand(command, result, onDone) {
  try {
    const said = await command();
    if (said === null) return;
    replace(result, h("p", { class: "notice" }, said));
    await onDone();
  } catch (error) {
    replace(result, errorBox(error));
  }
}

/** Whether a task in `state` has a try under way (marking it ends that try). */
export function hasTryUnderWay(state) {
  return isUnfinished(state) && state !== "pending" && state !== "scheduled" && state !== "none";
}

/** The actions card for `task` of run `jobID` in state `state`; what an action did goes to `result` (kept by the
 * caller across re-renders); `onDone()` refreshes the view after an action. */
export function taskActions(jobID, task, state, result, onDone) {
  const downstream = h("input", { type: "checkbox", id: "clear-downstream" });
  const commands = taskCommands(jobID, task);
  const act = (command) => runCommand(command, result, onDone);

  return h("section", { class: "card", id: "task-actions", "aria-labelledby": "task-actions-title" },
    h("h2", { id: "task-actions-title" }, "Actions"),
    h("div", { class: "actions" },
      h("button", { type: "button", id: "clear-task", onclick: () => act(() => commands.clear(downstream.checked)) },
        "Clear"),
      h("label", { class: "check", for: "clear-downstream" }, downstream, "and downstream"),
      h("span", { class: "action-gap" }),
      h("button", { type: "button", id: "mark-success", disabled: state === "success",
        onclick: () => act(() => commands.mark("success")) }, "Mark success"),
      h("button", { type: "button", class: "danger", id: "mark-failed", disabled: state === "failed",
        onclick: () => act(() => commands.mark("failed")) }, "Mark failed")),
    hasTryUnderWay(state) ? h("p", { class: "muted small" },
      "The task has a try under way: clearing it cancels that try (its process is stopped) and runs a new one; "
      + "marking it ends the try with that state.") : null,
    result);
}
