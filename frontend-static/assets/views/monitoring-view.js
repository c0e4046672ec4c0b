// Monitoring: counts by state, scheduler and worker health, recent failures, run durations over time.
import { get, seg } from "../api.js";
import { emptyState, formatDuration, formatTime, h, replace, seconds, stateBadge } from "../dom.js";
import { watch } from "../live.js";

const RUN_STATES = ["queued", "running", "success", "failed"];
const TASK_STATES = ["pending", "scheduled", "queued", "running", "success", "failed", "up_for_retry",
  "upstream_failed", "skipped"];

export async function render(main) {
  const counts = h("div", { id: "counts", class: "columns" });
  const health = h("div", { id: "health" });
  const failures = h("div", { id: "failures" });
  const chart = h("div", { id: "durations" });
  replace(main, h("h1", {}, "Monitoring"),
    counts,
    h("div", { class: "columns" },
      h("section", { class: "card" }, h("h2", {}, "Health"), health),
      h("section", { class: "card" }, h("h2", {}, "Recent failures"), failures)),
    h("section", { class: "card" }, h("h2", {}, "Run durations (latest 60 finished runs)"), chart));
  // Counts and failures follow the event stream (every run or task change, at most once a second); heartbeats are
  // not events, so a 10 s refresh keeps the health card current too.
  return watch({}, async () => {
    const [stats, status, jobs] = await Promise.all([
      get("/monitoring/stats"), healthOf(), get("/jobs/?limit=200")]);
    replace(counts,
      countCard("Runs", RUN_STATES, stats.runs, `${stats.workflows} workflows`),
      countCard("Task instances", TASK_STATES, stats.task_instances));
    renderHealth(health, status);
    const failed = jobs.filter((job) => job.state === "failed").slice(0, 10);
    replace(failures, failed.length === 0 ? emptyState("No failed run among the latest 200. All good.")
      : h("ul", { class: "plain" }, failed.map((job) => h("li", {},
        h("a", { href: `#/jobs/${job.id}` }, `#${job.id}`), " ",
        h("a", { href: `#/workflows/${seg(job.workflow_id)}` }, job.workflow_id),
        h("span", { class: "muted small" }, ` ${formatTime(job.ended_at)}`)))));
    replace(chart, durationChart(jobs.filter((job) => job.ended_at && job.started_at).slice(0, 60).reverse()));
  }, { fallbackMs: 5000, idleMs: 10000, debounceMs: 1000 });
}

async function healthOf() {
  try {
    return await get("/monitoring/health");
  } catch (error) {
    return { status: "unhealthy", database: "unreachable", detail: error.message };
  }
}

function countCard(title, states, values, note) {
  return h("section", { class: "card" }, h("h2", {}, title), note ? h("p", { class: "muted small" }, note) : null,
    h("dl", { class: "counts" }, states.map((state) => [
      h("dt", {}, stateBadge(state)), h("dd", { "data-count": state }, String(values?.[state] ?? 0))])));
}

function renderHealth(box, status) {
  const now = Date.now();
  const beats = Object.entries(status.latest_heartbeats ?? {});
  replace(box,
    h("p", {}, stateBadge(status.status === "ok" ? "success" : "failed"),
      ` Database ${status.database}${status.schema_version ? `, schema version ${status.schema_version}` : ""}`),
    status.detail ? h("p", { class: "form-error" }, status.detail) : null,
    beats.length === 0 ? h("p", { class: "muted" }, "No scheduler or worker has reported a heartbeat.")
      : h("ul", { class: "plain" }, beats.map(([role, at]) => {
        const age = (now - new Date(at).getTime()) / 1000;
        return h("li", {}, stateBadge(age < 60 ? "running" : "failed"),
          ` ${role}: last heartbeat ${formatDuration(Math.max(0, age))} ago`);
      })));
}

function durationChart(jobs) {
  if (!jobs.length) return emptyState("No finished run yet: durations appear here.");
  const width = 720;
  const height = 160;
  const values = jobs.map((job) => seconds(job.started_at, job.ended_at));
  const top = Math.max(...values, 1);
  const bar = Math.min(width / jobs.length, 24);
  return h("div", { class: "graph-wrap" }, h("svg", {
    class: "chart", viewBox: `0 0 ${width} ${height + 20}`, role: "img",
    "aria-label": `Durations of ${jobs.length} runs, longest ${formatDuration(top)}`,
  },
  jobs.map((job, index) => {
    const barHeight = Math.max(2, (values[index] / top) * height);
    return h("svg:a", { href: `#/jobs/${job.id}` }, h("rect", {
      class: `bar state-${job.state}`, x: index * bar + 1, y: height - barHeight, width: Math.max(1, bar - 2),
      height: barHeight,
    }, h("title", {}, `#${job.id} ${job.workflow_id}: ${formatDuration(values[index])}`)));
  }),
  h("text", { x: 0, y: height + 16, class: "axis" }, formatTime(jobs[0].started_at)),
  h("text", { x: width, y: height + 16, class: "axis", "text-anchor": "end" }, `longest ${formatDuration(top)}`)));
}
