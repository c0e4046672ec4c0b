// Jobs: the latest runs of every workflow (or of one), refreshed every 2 seconds.
import { get, seg } from "../api.js";
import { emptyState, formatDuration, formatTime, h, replace, seconds, stateBadge } from "../dom.js";
import { poll } from "../live.js";

export async function render(main, _params, _app, query) {
  const workflow = query.get("workflow");
  const table = h("div", { class: "table-wrap", id: "jobs" });
  replace(main,
    h("div", { class: "page-head" },
      h("h1", {}, workflow ? `Runs of ${workflow}` : "Jobs"),
      workflow ? h("a", { class: "button", href: `#/workflows/${seg(workflow)}` }, "Workflow") : null),
    h("p", { class: "muted small" }, "Updates by itself every 2 seconds."),
    table);
  const path = `/jobs/?limit=100${workflow ? `&workflow_id=${seg(workflow)}` : ""}`;
  return poll(async () => {
    const jobs = await get(path);
    replace(table, jobs.length === 0
      ? emptyState("No runs yet. Open a workflow and press Trigger, or wait for its schedule.",
        h("a", { class: "button", href: "#/workflows" }, "Workflows"))
      : h("table", { class: "list", id: "jobs-table" },
        h("thead", {}, h("tr", {}, ["Run", "Workflow", "State", "Type", "Logical date", "Started", "Duration"]
          .map((title) => h("th", { scope: "col" }, title)))),
        h("tbody", {}, jobs.map((job) => h("tr", { "data-job": job.id },
          h("td", {}, h("a", { href: `#/jobs/${job.id}` }, `#${job.id}`)),
          h("td", {}, h("a", { href: `#/workflows/${seg(job.workflow_id)}` }, job.workflow_id)),
          h("td", {}, stateBadge(job.state)),
          h("td", {}, job.run_type),
          h("td", {}, formatTime(job.logical_date)),
          h("td", {}, formatTime(job.started_at)),
          h("td", {}, formatDuration(seconds(job.started_at, job.ended_at))))))));
  });
}
