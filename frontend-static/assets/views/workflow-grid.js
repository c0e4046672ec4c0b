// Airflow's grid view: the latest runs (columns, oldest → newest) × the tasks (rows, topological order); each cell
// is the task's state in that run and opens its try.
import { ApiError, get, seg } from "../api.js";
import { emptyState, formatSpan, formatTime, h, replace, seconds } from "../dom.js";

/** The states a legend lists, in the order a run goes through them. */
export const LEGEND_STATES = ["none", "pending", "scheduled", "queued", "running", "up_for_retry", "success", "failed",
  "upstream_failed", "skipped", "removed"];

/** Loads `GET /workflows/{id}/grid` into `box`; a workflow without a deployed version gets a sentence. */
export async function loadGrid(box, workflowID, { limit = 25 } = {}) {
  let grid;
  try {
    grid = await get(`/workflows/${seg(workflowID)}/grid?limit=${limit}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      replace(box, emptyState("No grid yet: deploy the workflow, then its runs appear here."));
      return null;
    }
    throw error;
  }
  replace(box, gridTable(grid));
  return grid;
}

/** The grid as a table: run columns with their state bar on top, one row of coloured cells per task. */
export function gridTable(grid) {
  if (!grid.runs.length) {
    return [emptyState("No runs yet. Trigger one: each run becomes a column of this grid."), legend()];
  }
  const runHead = grid.runs.map((run) => {
    const label = `run ${run.run_id}: ${run.state}, ${formatTime(run.logical_date)}`;
    const duration = seconds(run.started_at, run.ended_at) ?? 0;
    return h("th", { scope: "col", class: "grid-run" },
      h("a", { href: `#/jobs/${run.run_id}`, class: `grid-bar state-${run.state}`, title: label, "aria-label": label,
        style: `height: ${Math.round(8 + 40 * Math.min(1, duration / Math.max(1, longest(grid))))}px` }));
  });
  const rows = grid.tasks.map((task) => h("tr", { "data-task": task.id },
    h("th", { scope: "row", class: "grid-task", title: task.id }, task.id),
    grid.runs.map((run) => {
      const cell = run.task_instances[task.id];
      const state = cell?.state ?? "none";
      const label = `${task.id} in run ${run.run_id}: ${state.replaceAll("_", " ")}` +
        (cell?.try_number ? `, try ${cell.try_number} of ${cell.max_tries}` : "") +
        (cell?.started_at ? `, ${formatSpan(cell.started_at, cell.ended_at)}` : "");
      return h("td", { class: "grid-cell" }, cell
        ? h("a", { class: `square state-${state}`, href: `#/jobs/${run.run_id}/tasks/${seg(task.id)}`,
          title: label, "aria-label": label, "data-state": state })
        : h("span", { class: "square state-none", title: label, "aria-label": label, "data-state": "none" }));
    })));
  return [
    h("div", { class: "grid-wrap" },
      h("table", { class: "grid", id: "grid-table", "aria-label": "Runs by task" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "grid-task muted small" }, "Task \\ run"), runHead)),
        h("tbody", {}, rows))),
    legend(),
  ];
}

function longest(grid) {
  return Math.max(...grid.runs.map((run) => seconds(run.started_at, run.ended_at) ?? 0));
}

/** The colour key of the states. */
export function legend() {
  return h("ul", { class: "legend", "aria-label": "State colours" },
    LEGEND_STATES.map((state) => h("li", {}, h("span", { class: `square state-${state}` }),
      state === "none" ? "no status" : state.replaceAll("_", " "))));
}
