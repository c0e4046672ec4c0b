// A run: its tasks with state, try, start, duration and progress; the graph coloured by state; a Gantt chart of
// the tries. Refreshes every 2 seconds until the run has finished.
import { get, seg } from "../api.js";
import { facts, formatSpan, formatTime, h, progressBar, progressFraction, replace, stateBadge } from "../dom.js";
import { graphFigure } from "../graph-view.js";
import { isUnfinished, watch } from "../live.js";
import { ganttChart } from "./gantt-chart.js";
import { loadTaskGraph } from "./task-graph.js";

export async function render(main, [id]) {
  const head = h("div", { id: "run-head" });
  const tasksBox = h("div", { class: "table-wrap", id: "run-tasks" });
  const graphBox = h("div", { id: "run-graph" });
  const ganttBox = h("div", { id: "run-gantt" });
  replace(main,
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/jobs" }, "Jobs"), ` / run ${id}`),
    head,
    h("section", { class: "card" }, h("h2", {}, "Tasks"), tasksBox),
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("h2", {}, "Graph"), graphBox),
      h("section", { class: "card" }, h("h2", {}, "Timeline"), ganttBox)));
  let graph = null;
  return watch({ run_id: id }, async () => {
    const [job, instances] = await Promise.all([get(`/jobs/${id}`), get(`/jobs/${id}/tasks`).catch(() => null)]);
    graph ??= await loadTaskGraph(job);
    const reasons = new Map((instances ?? []).map((ti) => [ti.task_id, ti.waiting_reason]));
    renderHead(head, job);
    renderTasks(tasksBox, job, reasons);
    const states = new Map(job.task_instances.map((ti) => [ti.task_id, ti.state]));
    replace(graphBox, graphFigure(graph, {
      stateOf: (task) => states.get(task) ?? null,
      href: (task) => `#/jobs/${id}/tasks/${seg(task)}`,
      label: `Graph of run ${id}`,
    }));
    replace(ganttBox, ganttChart(job));
    // A finished run can still be cleared: keep watching, slowly.
    return isUnfinished(job.state) || job.task_instances.some((ti) => isUnfinished(ti.state)) ? true : "idle";
  });
}

function renderHead(box, job) {
  const conf = job.conf && Object.keys(job.conf).length ? JSON.stringify(job.conf) : null;
  replace(box,
    h("div", { class: "page-head" },
      h("h1", {}, `Run ${job.id} of `, h("a", { href: `#/workflows/${seg(job.workflow_id)}` }, job.workflow_id)),
      h("span", { id: "run-state", "data-state": job.state }, stateBadge(job.state))),
    facts([
      ["Type", job.run_type],
      ["Logical date", formatTime(job.logical_date)],
      ["Started", formatTime(job.started_at, { millis: true })],
      ["Duration", formatSpan(job.started_at, job.ended_at)],
      ["Version", job.version_number ? `v${job.version_number}` : "—"],
      ["Conf", conf ? h("code", {}, conf) : null],
    ], { inline: true }),
    isUnfinished(job.state) ? h("p", { class: "muted small" }, "Live: the page follows the run as it goes.") : null);
}

function renderTasks(box, job, reasons) {
  replace(box, h("table", { class: "list" },
    h("thead", {}, h("tr", {}, ["Task", "State", "Try", "Started", "Duration", "Progress"]
      .map((title) => h("th", { scope: "col" }, title)))),
    h("tbody", {}, job.task_instances.map((ti) => h("tr", { "data-task": ti.task_id, "data-state": ti.state },
      h("td", {}, h("a", { href: `#/jobs/${job.id}/tasks/${seg(ti.task_id)}` }, ti.task_id)),
      h("td", {}, stateBadge(ti.state),
        ti.next_try_at && ti.state === "up_for_retry"
          ? h("div", { class: "muted small" }, `next try ${formatTime(ti.next_try_at)}`) : null,
        reasons.get(ti.task_id) && isUnfinished(ti.state) && ti.state !== "running"
          ? h("div", { class: "waiting small", "data-waiting": ti.task_id }, reasons.get(ti.task_id)) : null),
      h("td", { class: "nowrap" }, ti.try_number ? `${ti.try_number} of ${ti.max_tries}` : "—"),
      h("td", {}, formatTime(ti.started_at, { millis: true })),
      h("td", {}, formatSpan(ti.started_at, ti.ended_at)),
      h("td", {}, progressCell(ti)))))));
}

function progressCell(ti) {
  const fraction = ti.state === "success" ? 1 : progressFraction(ti.progress);
  const bar = progressBar(fraction, `progress of ${ti.task_id}`);
  if (bar && ti.state === "success") bar.classList.add("done");
  const detail = ti.progress && typeof ti.progress === "object"
    ? Object.entries(ti.progress).map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(", ") : null;
  return [bar,
    detail ? h("div", { class: "muted small" }, detail) : null];
}
