// Airflow's grid view: a page of runs (columns, oldest → newest) × the tasks (rows, topological order); each cell
// is the task's state in that run and opens a panel with its try and actions. "Older runs" / "Newer runs" page
// through the API's `?cursor=` pages.
import { ApiError, getPage, seg } from "../api.js";
import { emptyState, formatSpan, formatTime, h, replace, seconds } from "../dom.js";
import { openCellPanel } from "./grid-cell-panel.js";

/** The states a legend lists, in the order a run goes through them. */
export const LEGEND_STATES = ["none", "pending", "scheduled", "queued", "running", "up_for_retry", "success", "failed",
  "upstream_failed", "skipped", "removed"];

// One pager per grid box: it keeps the page shown across the refreshes of a live view.
const pagers = new WeakMap();

/** Loads `GET /workflows/{id}/grid` into `box` (the page it shows, `limit` runs a page); a workflow without a
 * deployed version gets a sentence. Resolves to the grid shown, or null. */
export async function loadGrid(box, workflowID, { limit = 25 } = {}) {
  let pager = pagers.get(box);
  if (!pager || pager.workflowID !== workflowID || pager.limit !== limit) {
    pager = gridPager(box, workflowID, limit);
    pagers.set(box, pager);
  }
  return pager.load();
}

function gridPager(box, workflowID, limit) {
  // `cursor` is the page shown (null: the newest runs); `newer` the cursors of the pages before it.
  let cursor = null;
  let next = null;
  let grid = null;
  let panel = null;
  const newer = [];
  const status = h("span", { class: "muted small", id: "grid-page" });
  const newerButton = h("button", { type: "button", class: "small", id: "grid-newer", onclick: () => go(false) },
    "Newer runs");
  const olderButton = h("button", { type: "button", class: "small", id: "grid-older", onclick: () => go(true) },
    "Older runs");
  const nav = h("div", { class: "actions grid-pager", role: "group", "aria-label": "Grid pages" },
    newerButton, olderButton, status);
  const content = h("div", {});

  async function load() {
    let page;
    try {
      page = await getPage(`/workflows/${seg(workflowID)}/grid?limit=${limit}` +
        (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        replace(box, emptyState("No grid yet: deploy the workflow, then its runs appear here."));
        return null;
      }
      throw error;
    }
    if (cursor && !page.data.runs.length) {
      // The runs of this page are gone: back to the newest.
      cursor = null;
      newer.length = 0;
      return load();
    }
    grid = page.data;
    next = page.next;
    if (!box.contains(content)) replace(box, nav, content);
    replace(content, gridTable(grid, openPanel));
    describe();
    if (panel?.handle.dialog.isConnected) panel.handle.update(cellOf(panel.run, panel.task));
    return grid;
  }

  async function go(older) {
    if (older && next) {
      newer.push(cursor);
      cursor = next;
    } else if (!older && newer.length) {
      cursor = newer.pop();
    } else {
      return;
    }
    await load();
    // The button pressed may now be disabled (the first or last page): keep focus in the pager.
    if (document.activeElement === document.body || document.activeElement?.disabled) {
      (older ? (next ? olderButton : newerButton) : (newer.length ? newerButton : olderButton)).focus();
    }
  }

  function describe() {
    nav.hidden = !cursor && !next;
    newerButton.disabled = newer.length === 0;
    olderButton.disabled = !next;
    const runs = grid.runs;
    status.textContent = runs.length ? `page ${newer.length + 1}: ${runs.length} runs, ` +
      `${formatTime(runs[0].logical_date)} – ${formatTime(runs[runs.length - 1].logical_date)}` : "";
  }

  function cellOf(run, task) {
    return grid?.runs.find((r) => r.run_id === run.run_id)?.task_instances[task] ?? null;
  }

  function openPanel(run, task, cell, opener) {
    const handle = openCellPanel({
      run, task, cell, opener,
      refresh: async () => ((await load()) ? cellOf(run, task) : null),
      refocus: () => [...content.querySelectorAll("button.square")]
        .find((b) => b.dataset.run === String(run.run_id) && b.dataset.task === task) ?? null,
    });
    panel = { run, task, handle };
  }

  return { workflowID, limit, load };
}

/** The grid as a table: run columns with their state bar on top, one row of coloured cells per task; `open(run,
 * task, cell, button)` is called when a cell is pressed. */
export function gridTable(grid, open) {
  if (!grid.runs.length) {
    return [emptyState("No runs yet. Trigger one: each run becomes a column of this grid."), legend()];
  }
  const runHead = grid.runs.map((run) => {
    const label = `run ${run.run_id}: ${run.state}, ${formatTime(run.logical_date)}`;
    const duration = seconds(run.started_at, run.ended_at) ?? 0;
    return h("th", { scope: "col", class: "grid-run", "data-run": run.run_id },
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
        ? h("button", { type: "button", class: `square state-${state}`, title: label, "aria-label": label,
          "aria-haspopup": "dialog", "data-state": state, "data-run": run.run_id, "data-task": task.id,
          onclick: (event) => open?.(run, task.id, cell, event.currentTarget) })
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
