// A grid cell's task instance in a small dialog next to the cell: its state, try, start and duration, a link to its
// log, and the task actions (clear, clear with downstream, mark success / failed), confirmed as on the task page.
// Escape or Close shuts it and focus goes back to the cell.
import { seg } from "../api.js";
import { facts, formatSpan, formatTime, h, replace, stateBadge } from "../dom.js";
import { hasTryUnderWay, runCommand, taskCommands } from "./task-actions.js";

/** Opens the panel for `task` in the grid column `run` (whose instance is `cell`) beside `opener`. `refresh()`
 * reloads the grid after an action and resolves to the cell's new data; `refocus()` finds the cell to focus when
 * the panel closes (the grid may have been drawn again meanwhile). Returns `{ dialog, update(cell) }`. */
export function openCellPanel({ run, task, cell, opener, refresh, refocus }) {
  document.getElementById("cell-panel")?.close();
  const commands = taskCommands(run.run_id, task);
  const details = h("div", { id: "cell-panel-details" });
  const result = h("div", { id: "cell-panel-result", role: "status", "aria-live": "polite" });
  const button = (label, action, attributes = {}) =>
    h("button", { type: "button", class: "small", "data-action": action, ...attributes,
      onclick: () => act(action) }, label);
  const buttons = [
    button("Clear", "clear"), button("Clear with downstream", "clear-downstream"),
    button("Mark success", "mark-success"), button("Mark failed", "mark-failed", { class: "small danger" }),
  ];
  const openLog = h("a", { class: "button small", id: "cell-open-log", autofocus: true,
    href: `#/jobs/${run.run_id}/tasks/${seg(task)}`, onclick: () => dialog.close() }, "Open log");
  const dialog = h("dialog", { class: "card cell-panel", id: "cell-panel", "aria-labelledby": "cell-panel-title" },
    h("div", { class: "section-head" },
      h("h2", { id: "cell-panel-title" }, task, h("span", { class: "muted small" }, ` in run ${run.run_id}`)),
      h("button", { type: "button", class: "small", id: "cell-panel-close", onclick: () => dialog.close() }, "Close")),
    details,
    h("div", { class: "actions" },
      openLog, buttons),
    result);
  const hashAtOpen = location.hash.split("?")[0];
  let busy = false;
  show(cell);

  async function act(action) {
    if (busy) return;
    busy = true;
    const command = {
      "clear": () => commands.clear(false), "clear-downstream": () => commands.clear(true),
      "mark-success": () => commands.mark("success"), "mark-failed": () => commands.mark("failed"),
    }[action];
    await runCommand(command, result, async () => {
      cell = (await refresh()) ?? cell;
    });
    busy = false;
    if (!dialog.open) return;
    show(cell);
    // The button pressed may be disabled now (mark success on a success): keep focus in the panel.
    const focused = document.activeElement;
    if (!dialog.contains(focused) || focused.disabled) openLog.focus();
  }

  function show(current) {
    const state = current?.state ?? "none";
    replace(details, facts([
      ["State", h("span", { id: "cell-panel-state", "data-state": state }, stateBadge(state))],
      ["Try", current?.try_number ? `${current.try_number} of ${current.max_tries}` : "—"],
      ["Started", formatTime(current?.started_at, { millis: true })],
      ["Duration", current?.started_at ? formatSpan(current.started_at, current.ended_at) : "—"],
      ["Logical date", formatTime(run.logical_date)],
    ], { inline: true }),
    hasTryUnderWay(state) ? h("p", { class: "muted small" }, "Running: marking it ends its try with that state.")
      : null);
    for (const element of buttons) {
      const action = element.dataset.action;
      element.disabled = (action === "mark-success" && state === "success")
        || (action === "mark-failed" && state === "failed");
    }
  }

  // Leaving the page (a link, back) takes the panel with it.
  const onLeave = () => dialog.close();
  window.addEventListener("hashchange", onLeave);
  dialog.addEventListener("close", () => {
    window.removeEventListener("hashchange", onLeave);
    dialog.remove();
    const target = refocus() ?? (opener.isConnected ? opener : null);
    if (target && location.hash.split("?")[0] === hashAtOpen) target.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  place(dialog, opener);
  return {
    dialog,
    /** Shows the cell as the grid's latest refresh has it (not while an action is under way). */
    update(fresh) {
      if (busy || !fresh || !dialog.open) return;
      cell = fresh;
      show(cell);
    },
  };
}

/** Puts the dialog just below (or above) `anchor`, inside the window. */
function place(dialog, anchor) {
  const box = anchor.getBoundingClientRect();
  const width = dialog.offsetWidth;
  const height = dialog.offsetHeight;
  const left = Math.min(Math.max(8, box.left - width / 2), window.innerWidth - width - 8);
  const below = box.bottom + 6;
  const top = below + height <= window.innerHeight - 8 ? below : Math.max(8, box.top - height - 6);
  Object.assign(dialog.style,
    { margin: "0", left: `${Math.max(8, left)}px`, top: `${top}px`, right: "auto", bottom: "auto" });
}
